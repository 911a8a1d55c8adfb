"""What the ``neo4j query`` command reads and prints: ``-p`` parameters, query files, result tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ecosysteme.errors import QueryError
from ecosysteme.stores.neo4j._query import QueryResult

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_parameters(items: Iterable[str]) -> dict[str, Any]:
    """Parse ``name=value`` items into Cypher parameters (numbers typed, the rest strings).

    ``k=2`` gives ``2``, ``x=1.5`` gives ``1.5``, ``t=region:53`` gives a
    string; quote a number to keep it a string (``code="35"``).

    Raises
    ------
    QueryError
        An item without ``=`` or with an invalid name.
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise QueryError(f"Paramètre illisible « {item} » : attendu nom=valeur (nom en lettres, chiffres, _).")
        text = value.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            out[name] = text[1:-1]
        elif _NUMBER.match(text):
            out[name] = int(text) if re.match(r"^[+-]?\d+$", text) else float(text)
        else:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_cell(v)}" for k, v in value.items()) + "}"
    return str(value).replace("\n", " ")


def format_table(result: QueryResult, fmt: str = "texte") -> str:
    """Format a query result as an aligned text table (``texte``) or CSV with ``;`` (``csv``)."""
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return buf.getvalue()
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [len(c) for c in result.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    widths = [min(w, 80) for w in widths]

    def line(values: Sequence[str]) -> str:
        return " | ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                          for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(result.columns), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    n = len(result.rows)
    out.append(f"({n} ligne{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def read_query_file(path: Path) -> str:
    """Read a ``.cypher`` file (UTF-8), failing with a French message."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"Fichier de requête illisible : {path} ({exc.strerror or exc}).") from exc
