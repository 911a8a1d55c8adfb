"""Running parameterised Cypher (read-only unless asked) and collecting plain results."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecosysteme.errors import QueryError
from ecosysteme.stores.neo4j._connection import (
    database_of,
)
from ecosysteme.stores.neo4j._push import translate_error


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------
@dataclass
class QueryResult:
    """Columns and rows of a Cypher query (values converted to plain Python)."""

    columns: list[str]
    rows: list[list[Any]]


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


def _code_only(cypher: str) -> str:
    """The query without its strings, quoted names and comments (so « load csv » in a string is no clause)."""
    return _NOT_CODE.sub(" ", cypher)


def run_query(driver: Any, cypher: str, parameters: Mapping[str, Any] | None = None, *,
              write: bool = False, limit: int | None = None, timeout: float | None = None) -> QueryResult:
    """Run one Cypher query with parameters (never string concatenation).

    Parameters
    ----------
    driver : neo4j.Driver
    cypher : str
    parameters : mapping, optional
    write : bool, default False
        Run in a write transaction; by default the query runs read-only and a
        query that writes is refused by the server. ``LOAD CSV`` (which makes
        the server read files or URLs) is refused unless ``write`` is given.
    limit : int, optional
        Keep at most this many rows.
    timeout : float, optional
        Seconds after which the server stops the query (it would otherwise go
        on running on the server even if this process is stopped).

    Raises
    ------
    QueryError
        Syntax error, unknown parameter, or a write in read-only mode (the
        server's message, in a French sentence); ``LOAD CSV`` without ``write``.
    """
    if not write and _LOAD_CSV.search(_code_only(cypher)):
        raise QueryError("LOAD CSV fait lire au serveur Neo4j un fichier ou une adresse : refusé en lecture seule. "
                         "Ajoutez --ecriture (write=True) si c'est voulu.")
    from neo4j import unit_of_work
    from neo4j.exceptions import ClientError, DriverError, Neo4jError

    params = dict(parameters or {})

    @unit_of_work(timeout=timeout)
    def work(tx: Any) -> QueryResult:
        result = tx.run(cypher, params)
        columns = list(result.keys())
        rows = []
        for record in result:
            rows.append([_plain(v) for v in record.values()])
            if limit is not None and len(rows) >= limit:
                break
        result.consume()
        return QueryResult(columns, rows)

    try:
        with driver.session(database=database_of(driver)) as session:
            return session.execute_write(work) if write else session.execute_read(work)
    except ClientError as exc:
        code = exc.code or ""
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "Forbidden" in code:
            raise QueryError("Requête refusée : elle modifie le graphe. Ajoutez --ecriture pour l'autoriser.") \
                from exc
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryError(f"Requête arrêtée par le serveur après {timeout or 0:g} s (délai dépassé) : "
                             "ajoutez des conditions ou une limite, ou allongez --delai.") from exc
        if "ParameterMissing" in code:
            raise QueryError(f"Paramètre manquant : {exc.message} (ajoutez -p nom=valeur).") from exc
        raise QueryError(f"Requête Cypher refusée ({code.rsplit('.', 1)[-1]}) : {exc.message}") from exc
    except (Neo4jError, DriverError, OSError) as exc:
        raise translate_error(exc, "Requête Cypher") from exc
