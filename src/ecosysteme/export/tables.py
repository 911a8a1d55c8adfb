"""CSV exports: nodes and edges for people, and ready-to-import flavours for Gephi, Kumu and Neo4j.

Every file is UTF-8 with a byte order mark (Excel then reads the accents
right) and has the same columns in the same order whatever the data: a
column no row fills stays, empty. The columns are documented, in French, in
``docs/exports.md``; :data:`NODE_COLUMNS`, :data:`EDGE_COLUMNS`,
:data:`GEPHI_NODE_COLUMNS`… are the single source of their names.

- ``noeuds.csv`` / ``liens.csv``: French headers, ``;`` separator and decimal
  comma, as French Excel writes and reads them;
- ``gephi-noeuds.csv`` / ``gephi-liens.csv``: the columns Gephi's
  spreadsheet import recognises (``Id``, ``Label``; ``Source``, ``Target``,
  ``Type`` = ``Directed``/``Undirected``, ``Kind``, ``Id``, ``Label``,
  ``Weight``), then ours; ``,`` separator, decimal point;
- ``kumu-elements.csv`` / ``kumu-connexions.csv``: Kumu's ``Label``,
  ``Type``, ``Description``, ``ID`` and ``From``, ``To``, ``Type``,
  ``Direction``; connections name elements by ``ID``;
- ``neo4j-*.csv``: the nodes and relationships ``ecosysteme neo4j push``
  writes (:func:`ecosysteme.projections.neo4j.graph_rows`), with the headers
  of ``neo4j-admin database import full`` (``:ID``, ``:LABEL``,
  ``:START_ID``, ``:END_ID``, ``:TYPE``, typed properties, lists separated
  by ``|``; run it with ``--array-delimiter="|"``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from ecosysteme.export.columns import EDGE_FIELDS, NODE_FIELDS, edge_values, node_values
from ecosysteme.fs import atomic_write
from ecosysteme.model import Model
from ecosysteme.text import sheet_cell
from ecosysteme.vocab import LINK_TYPES

__all__ = [
    "CSV_FILES",
    "EDGE_COLUMNS",
    "GEPHI_EDGE_COLUMNS",
    "GEPHI_NODE_COLUMNS",
    "KUMU_CONNECTION_COLUMNS",
    "KUMU_ELEMENT_COLUMNS",
    "NEO4J_FILES",
    "NODE_COLUMNS",
    "write_csv",
    "write_gephi",
    "write_kumu",
    "write_neo4j_admin",
]

_NODE_FIELDS = NODE_FIELDS
_EDGE_FIELDS = tuple(field for field in EDGE_FIELDS if field[0] != "relation")  # placed by each flavour

#: Columns of ``noeuds.csv``, in order.
NODE_COLUMNS: tuple[str, ...] = ("identifiant", "nom", *(c for c, _ in _NODE_FIELDS))
#: Columns of ``liens.csv``, in order (``oriente``: ``oui`` or ``non``, ``non`` for partnerships).
EDGE_COLUMNS: tuple[str, ...] = ("source", "cible", "relation", "oriente", *(c for c, _ in _EDGE_FIELDS))
#: Columns of ``gephi-noeuds.csv`` and ``gephi-liens.csv``, in order.
GEPHI_NODE_COLUMNS: tuple[str, ...] = ("Id", "Label", *(c for c, _ in _NODE_FIELDS))
GEPHI_EDGE_COLUMNS: tuple[str, ...] = ("Source", "Target", "Type", "Kind", "Id", "Label", "Weight",
                                       *(c for c, _ in _EDGE_FIELDS))
#: Columns of ``kumu-elements.csv`` and ``kumu-connexions.csv``, in order.
KUMU_ELEMENT_COLUMNS: tuple[str, ...] = ("ID", "Label", "Type", "Description",
                                         *(c for c, _ in _NODE_FIELDS if c not in ("categorie", "description")))
KUMU_CONNECTION_COLUMNS: tuple[str, ...] = ("From", "To", "Type", "Direction", "Label", *(c for c, _ in _EDGE_FIELDS))

#: File names of each CSV format.
CSV_FILES: dict[str, tuple[str, ...]] = {
    "csv": ("noeuds.csv", "liens.csv"),
    "gephi": ("gephi-noeuds.csv", "gephi-liens.csv"),
    "kumu": ("kumu-elements.csv", "kumu-connexions.csv"),
}

_KIND_LABELS = {"acteur": "Acteur", "programme": "Programme", "besoin": "Besoin", "territoire": "Territoire"}
_UNDIRECTED = frozenset(k for k, lt in LINK_TYPES.items() if lt.symmetric)


#: A cell we wrote as a number (a negative amount stays a number, not a neutralised text).
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")


def _number(value: float | int, comma: bool) -> str:
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",") if comma else text


def _cell(value: Any, comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return _number(value, comma)
    return str(value)


def _node_cells(attrs: dict, comma: bool) -> list[str]:
    values = node_values(attrs)
    return [_cell(values.get(column), comma) for column, _ in _NODE_FIELDS]


def _edge_cells(attrs: dict, comma: bool) -> list[str]:
    values = edge_values(attrs)
    return [_cell(values.get(column), comma) for column, _ in _EDGE_FIELDS]


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str, *,
           for_people: bool = True) -> Path:
    """Write one CSV (UTF-8 with BOM); ``for_people``: text cells cannot run as spreadsheet formulas."""
    if for_people:
        rows = ([sheet_cell(c) if not _NUMBER.fullmatch(c) else c for c in row] for row in rows)
    with atomic_write(path, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_csv(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    """``noeuds.csv`` and ``liens.csv`` (``;``, decimal comma) of the projection ``g``."""
    nodes = ([str(n), str(a.get("label", n)), *_node_cells(a, True)] for n, a in g.nodes(data=True))
    edges = ([str(u), str(v), str(a.get("type", "")), "non" if a.get("type") in _UNDIRECTED else "oui",
              *_edge_cells(a, True)] for u, v, a in g.edges(data=True))
    names = CSV_FILES["csv"]
    return [_write(out / names[0], NODE_COLUMNS, nodes, ";"), _write(out / names[1], EDGE_COLUMNS, edges, ";")]


def _relation_label(kind: str) -> str:
    link = LINK_TYPES.get(kind)
    return link.label_fr if link else kind


def write_gephi(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The CSV pair Gephi's spreadsheet import (Fichier > Importer un tableur) reads as nodes and edges."""
    nodes = ([str(n), str(a.get("label", n)), *_node_cells(a, False)] for n, a in g.nodes(data=True))
    edges = ([str(u), str(v), "Undirected" if a.get("type") in _UNDIRECTED else "Directed", str(a.get("type", "")),
              f"e{i}", _relation_label(str(a.get("type", ""))), "1", *_edge_cells(a, False)]
             for i, (u, v, a) in enumerate(g.edges(data=True)))
    names = CSV_FILES["gephi"]
    return [_write(out / names[0], GEPHI_NODE_COLUMNS, nodes, ","),
            _write(out / names[1], GEPHI_EDGE_COLUMNS, edges, ",")]


def write_kumu(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The CSV pair Kumu imports as elements and connections (connections name elements by ``ID``)."""
    skipped = {i for i, (c, _) in enumerate(_NODE_FIELDS) if c in ("categorie", "description")}

    def element(n: object, a: dict) -> list[str]:
        cells = _node_cells(a, False)
        return [str(n), str(a.get("label", n)), _KIND_LABELS.get(str(a.get("kind")), str(a.get("kind", ""))),
                _cell(a.get("description"), False), *(c for i, c in enumerate(cells) if i not in skipped)]

    nodes = (element(n, a) for n, a in g.nodes(data=True))
    edges = ([str(u), str(v), str(a.get("type", "")), "undirected" if a.get("type") in _UNDIRECTED else "directed",
              _relation_label(str(a.get("type", ""))), *_edge_cells(a, False)] for u, v, a in g.edges(data=True))
    names = CSV_FILES["kumu"]
    return [_write(out / names[0], KUMU_ELEMENT_COLUMNS, nodes, ","),
            _write(out / names[1], KUMU_CONNECTION_COLUMNS, edges, ",")]


# -- neo4j-admin ------------------------------------------------------------------------------

#: neo4j-admin type of each property that is not a string (``|``-separated lists are ``string[]``).
_NEO4J_TYPES = {"ligne": "int", "rang": "int", "empreinte": "long", "population": "long", "montant": "double",
                "valeur": "double", "debut": "date", "fin": "date"}
_NEO4J_LISTS = frozenset({"natures", "odd", "alias", "presume", "themes"})


def _neo4j_header(name: str) -> str:
    if name == "uid":
        return "uid:ID"
    if name in _NEO4J_LISTS:
        return f"{name}:string[]"
    kind = _NEO4J_TYPES.get(name)
    return f"{name}:{kind}" if kind else name


def _neo4j_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(map(str, value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _neo4j_files() -> dict[str, str]:
    from ecosysteme.projections.neo4j import NODE_PROPERTIES

    return {label: f"neo4j-{label.lower()}.csv" for label in NODE_PROPERTIES} | {"relations": "neo4j-relations.csv"}


#: File names of the neo4j-admin flavour: one file of nodes per label, one of relationships.
NEO4J_FILES: tuple[str, ...] = tuple(_neo4j_files().values())


def write_neo4j_admin(model: Model, out: Path) -> list[Path]:
    """The nodes and relationships of ``ecosysteme neo4j push``, as ``neo4j-admin database import full`` reads them.

    Import them into an empty database with::

        neo4j-admin database import full neo4j --array-delimiter="|" \\
            --nodes=neo4j-acteur.csv --nodes=neo4j-programme.csv --nodes=neo4j-besoin.csv \\
            --nodes=neo4j-indicateur.csv --nodes=neo4j-observation.csv --nodes=neo4j-territoire.csv \\
            --relationships=neo4j-relations.csv

    (the database name first: ``--nodes`` would take it for a file). The
    ``:Jeu`` node ``push`` adds is not in these files.
    """
    from ecosysteme.projections.neo4j import NODE_PROPERTIES, REL_PROPERTIES, graph_rows

    rows = graph_rows(model)
    files = _neo4j_files()
    by_label: dict[str, list] = {label: [] for label in NODE_PROPERTIES}
    for node in [*rows.nodes, *rows.territories]:
        by_label[node.label].append(node)
    written = []
    for label, props in NODE_PROPERTIES.items():
        header = [_neo4j_header(p) for p in props] + [":LABEL"]
        body = ([*(_neo4j_cell(n.props.get(p)) for p in props),
                 "|".join([label, n.extra_label] if n.extra_label else [label])] for n in by_label[label])
        written.append(_write(out / files[label], header, body, ",", for_people=False))
    header = [":START_ID", ":END_ID", ":TYPE", *(_neo4j_header(p) for p in REL_PROPERTIES)]
    body = ([r.source, r.target, r.type, *(_neo4j_cell((r.props or {}).get(p)) for p in REL_PROPERTIES)]
            for r in [*rows.rels, *rows.inclusions])
    written.append(_write(out / files["relations"], header, body, ",", for_people=False))
    return written
