"""Exceptions of ecosysteme.

Every error a user can fix derives from :class:`EcosystemeError` and carries a
French message that says what is wrong and what to do next. The CLI prints
these without a traceback and exits non-zero; any other exception is a bug.

::

    EcosystemeError
    ├── InputError            a file cannot be read at all (encoding, format, missing)
    ├── ValidationFailed      the tables have errors (carries the full report)
    ├── QueryError            a SPARQL or Cypher query is malformed or refused
    ├── StoreError            a store cannot be opened or written
    └── Neo4jUnavailable      the Neo4j server cannot be reached or started
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.io.report import Report


class EcosystemeError(Exception):
    """Root of the errors a user can fix; ``str(err)`` is a French message."""


class InputError(EcosystemeError):
    """An input file cannot be read (missing, wrong format, undecodable)."""


class ValidationFailed(EcosystemeError):
    """The input tables contain errors; ``report`` lists every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        n = len(report.errors)
        super().__init__(
            f"{n} erreur{'s' if n > 1 else ''} dans les tableaux d'entrée : "
            "corrigez-les (voir `ecosysteme validate`) puis relancez."
        )


class QueryError(EcosystemeError):
    """A query is malformed or refused (message from the parser, with position)."""


class StoreError(EcosystemeError):
    """A store cannot be opened or written."""


class Neo4jUnavailable(EcosystemeError):
    """The Neo4j server cannot be reached or started."""
