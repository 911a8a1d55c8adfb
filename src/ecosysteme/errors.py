"""Exceptions of ecosysteme: every error a user can fix, in one place.

Every error a user can fix derives from :class:`EcosystemeError` and carries a
French message that says what is wrong and what to do next. The CLI prints
these without a traceback and exits non-zero; any other exception is a bug.

::

    EcosystemeError
    ├── InputError            a file cannot be read at all (encoding, format, missing)
    ├── ValidationFailed      the tables have errors (carries the full report)
    ├── AnalysisError         an analysis cannot run on this data (too few links to learn from…)
    ├── UnknownResource       an id names no resource of the expected kind (also a KeyError)
    ├── QueryError            a SPARQL or Cypher query is malformed or refused
    │   ├── QueryRefused      uses something the store or server does not allow (SERVICE, update…)
    │   ├── ResultTooLarge    more rows (or triples) than the configured cap
    │   └── QueryTimeout      ran longer than the configured time limit
    ├── StoreError            a store cannot be opened or written
    ├── Neo4jUnavailable      the Neo4j server cannot be reached or started
    │   └── Neo4jLocalError   the local Neo4j cannot be installed, started or stopped
    ├── MapError              a map was asked for something the model does not have
    ├── RadarError            no IMPACT indices to draw, or an unknown region
    ├── SynthError            a generator was asked for something it cannot produce
    └── WorkerCrashed         a query worker process died while answering
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.io.report import Report

__all__ = [
    "AnalysisError",
    "EcosystemeError",
    "InputError",
    "MapError",
    "Neo4jLocalError",
    "Neo4jUnavailable",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "RadarError",
    "ResultTooLarge",
    "StoreError",
    "SynthError",
    "UnknownResource",
    "UpdateDatasetConflict",
    "ValidationFailed",
    "WorkerCrashed",
]


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


class AnalysisError(EcosystemeError):
    """An analysis cannot run on this data (e.g. too few links to learn from)."""


class UnknownResource(EcosystemeError, KeyError):
    """An id names no resource of the expected kind."""

    def __str__(self) -> str:
        return f"acteur inconnu : « {self.args[0]} » (vérifiez l'identifiant dans acteurs.csv)"


class QueryError(EcosystemeError):
    """A query is malformed or refused (message from the parser, with position)."""


class QueryRefused(QueryError):
    """The query uses something the store or server does not allow (SERVICE, update…)."""


class ResultTooLarge(QueryError):
    """The result has more rows (or triples) than the configured cap."""


class QueryTimeout(QueryError):
    """The query ran longer than the configured time limit."""


class UpdateDatasetConflict(QueryError, ValueError):
    """``using-graph-uri``/``using-named-graph-uri`` given with an update that has ``USING`` or ``WITH``."""


class StoreError(EcosystemeError):
    """A store cannot be opened or written."""


class Neo4jUnavailable(EcosystemeError):
    """The Neo4j server cannot be reached or started."""


class Neo4jLocalError(Neo4jUnavailable, RuntimeError):
    """The local Neo4j server cannot be installed, started or stopped.

    ``str(err)`` is a French message; it ends with the tail of the relevant
    output (Maven's or the server's log) when there is one.
    """


class MapError(EcosystemeError):
    """A map was asked for something the model does not have (unknown actor, unknown option)."""


class RadarError(EcosystemeError):
    """No IMPACT indices to draw, or an unknown region."""


class SynthError(EcosystemeError):
    """A generator was asked for something it cannot produce (unknown EPCI, size out of range)."""


class WorkerCrashed(EcosystemeError):
    """A worker process died while answering (a bug, or out of memory)."""
