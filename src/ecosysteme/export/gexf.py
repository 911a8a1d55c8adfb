"""GEXF 1.3 for Gephi and Gephi Lite, streamed.

What a Gephi user gets, element by element:

- each node with its ``label`` and its attributes under their French names
  (:mod:`ecosysteme.export.columns`: ``categorie``, ``monde``…), typed
  (``string``, ``long``, ``double``, ``boolean``; lists joined by ``|``); actors,
  programmes and needs also with the colour, shape, size and (when given)
  position of the HTML map (:mod:`ecosysteme.viz.style`,
  :func:`ecosysteme.viz.mapdata.map_node_sizes`, ``map_node_positions``);
- each edge with a unique ``id``, the relation type as ``kind`` (GEXF 1.3's
  way to keep parallel edges of different kinds) and as the attribute
  ``relation``, ``type="undirected"`` for symmetric relations (partnerships, per
  the ontology) and ``type="directed"`` for the others (the graph has no
  ``defaultedgetype``: Gephi drops the edges that do not fit it), amounts
  (``montant``) as ``double``, dates as the edge's ``start``/``end`` (the graph is then
  ``dynamic`` with ``timeformat="date"``, so Gephi's timeline works) and
  again as attributes, the colour, thickness and dash pattern of the map.

The visual elements (``color``, ``size``, ``position``, ``shape``, ``thickness``) are
written in the GEXF namespace, where the official GEXF 1.3 XSD declares
them (``dynamics.xsd``); the RELAX NG grammar puts them in
``http://gexf.net/1.3/viz`` instead. Gephi and graphology-gexf read them by
local name, so both find them, and the file stays valid against the XSD.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from ecosysteme.export._xml import (
    attr,
    cdata,
    merge_kinds,
    text_value,
    value_kind,
    write_lines,
    xml_chars,
    xml_file,
)
from ecosysteme.export.columns import edge_values, node_values
from ecosysteme.model import PartialDate
from ecosysteme.viz.style import CATEGORIES, EDGE_STYLES, category_of
from ecosysteme.vocab import LINK_TYPES

__all__ = ["GEXF_NS", "write_gexf"]

GEXF_NS = "http://gexf.net/1.3"

#: Node attributes GEXF writes as XML attributes of ``<node>``, not as ``<attvalue>``.
_NODE_OWN = frozenset({"label"})
#: Edge dates GEXF also writes as XML attributes of ``<edge>`` (its time interval): (attribute, column).
_EDGE_TIME = (("start", "debut"), ("end", "fin"))
_TIME_COLUMNS = frozenset(column for _, column in _EDGE_TIME)

_SHAPES = {"dot": "disc", "diamond": "diamond", "triangle": "triangle", "square": "square"}


def _rgb(hex_color: str) -> str:
    value = hex_color.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f'r="{r}" g="{g}" b="{b}"'


def _edge_shape(dashes: tuple[int, ...] | None) -> str:
    if not dashes:
        return "solid"
    return "dotted" if dashes[0] <= 2 else "dashed"


#: ``<color>``, ``<thickness>``, ``<shape>`` of each edge type the map draws.
_EDGE_LOOK = {key: (f'<color {_rgb(s.color)} />', f'<thickness value="{s.width}" />',
                    f'<shape value="{_edge_shape(s.dashes)}" />') for key, s in EDGE_STYLES.items()}
_NODE_LOOK = [(f'<color {_rgb(c.color)} />', f'<shape value="{_SHAPES.get(c.shape, "disc")}" />') for c in CATEGORIES]
_UNDIRECTED = frozenset(k for k, lt in LINK_TYPES.items() if lt.symmetric)
_DRAWN_KINDS = frozenset({"acteur", "programme", "besoin"})


def write_gexf(g: nx.MultiDiGraph, path: Path, *, sizes: Mapping[str, float] | None = None,
               positions: Mapping[str, tuple[float, float]] | None = None, description: str | None = None) -> None:
    """Write ``g`` (the projection of :func:`~ecosysteme.projections.graph.to_networkx`) as GEXF 1.3.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Nodes with ``kind`` (and ``world`` for actors), edges with ``type``.
    path : pathlib.Path
        The file written (the caller makes it atomic).
    sizes : mapping, optional
        Size of each drawn node (node id -> pixels), as the map draws it.
    positions : mapping, optional
        Position of each drawn node (node id -> (x, y) in pixels, y pointing
        down as on the map page); written with y pointing up, as Gephi
        draws, so the picture is the map's.
    description : str, optional
        The graph's description in ``<meta>``.
    """
    sizes = sizes or {}
    positions = positions or {}
    node_types: dict[str, str] = {}
    edge_types: dict[str, str] = {}
    dated = False
    for _, raw in g.nodes(data=True):
        for k, v in node_values(raw).items():
            if k not in _NODE_OWN:
                node_types[k] = merge_kinds(node_types.get(k), value_kind(v))
    for _, _, raw in g.edges(data=True):
        for k, v in edge_values(raw).items():
            edge_types[k] = merge_kinds(edge_types.get(k), value_kind(v))
            if k in _TIME_COLUMNS:
                dated = True
    node_ids = {k: str(i) for i, k in enumerate(node_types)}
    edge_ids = {k: str(i) for i, k in enumerate(edge_types)}

    def values(data: dict, ids: dict[str, str]) -> str:
        return "".join(f'<attvalue for="{ids[k]}" value="{attr(text_value(v))}" />' for k, v in data.items())

    def node(n: object, raw: dict) -> str:
        data = node_values(raw)
        label = str(data.pop("label", n))
        parts = [f'<node id="{attr(str(n))}" label="{attr(label)}">']
        if data:
            parts.append(f"<attvalues>{values(data, node_ids)}</attvalues>")
        kind = raw.get("kind")
        if kind in _DRAWN_KINDS:
            color, shape = _NODE_LOOK[category_of(kind, raw.get("world"))]
            parts.append(color)
            if n in sizes:
                parts.append(f'<size value="{sizes[n]}" />')
            if n in positions:
                x, y = positions[n]
                parts.append(f'<position x="{x}" y="{0.0 - y}" />')
            parts.append(shape)
        parts.append("</node>")
        return "".join(parts)

    counter = itertools.count()

    def edge(u: object, v: object, raw: dict) -> str:
        data = edge_values(raw)
        kind = str(data.get("relation", ""))
        head = f'<edge id="{next(counter)}" source="{attr(str(u))}" target="{attr(str(v))}"'
        if kind:
            head += f' kind="{attr(kind)}"'
        head += ' type="undirected"' if kind in _UNDIRECTED else ' type="directed"'
        for name, column in _EDGE_TIME:
            if column in data:
                head += f' {name}="{attr(_timeline_day(str(data[column]), name))}"'
        parts = [head, ">"]
        if data:
            parts.append(f"<attvalues>{values(data, edge_ids)}</attvalues>")
        look = _EDGE_LOOK.get(kind)
        if look:
            parts.extend(look)
        parts.append("</edge>")
        return "".join(parts)

    def declarations(scope: str, types: dict[str, str], ids: dict[str, str]) -> str:
        rows = "".join(f'\n      <attribute id="{ids[k]}" title="{attr(xml_chars(k))}" type="{t}" />'
                       for k, t in types.items())
        return f'    <attributes class="{scope}" mode="static">{rows}\n    </attributes>\n'

    with xml_file(path) as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        fh.write(f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n')
        fh.write("  <meta>\n    <creator>ecosysteme</creator>\n")
        if description:
            fh.write(f"    <description>{cdata(xml_chars(description))}</description>\n")
        fh.write("  </meta>\n")
        mode = 'mode="dynamic" timeformat="date"' if dated else 'mode="static"'
        # No defaultedgetype: Gephi would then drop every edge of the other direction ("doesn't fit with
        # default set"); each edge says its own, which every reader honours.
        fh.write(f'  <graph {mode}>\n')
        if node_types:
            fh.write(declarations("node", node_types, node_ids))
        if edge_types:
            fh.write(declarations("edge", edge_types, edge_ids))
        fh.write(f'    <nodes count="{g.number_of_nodes()}">\n')
        write_lines(fh, (node(n, a) for n, a in g.nodes(data=True)), "      ")
        fh.write(f'    </nodes>\n    <edges count="{g.number_of_edges()}">\n')
        write_lines(fh, (edge(u, v, a) for u, v, a in g.edges(data=True)), "      ")
        fh.write("    </edges>\n  </graph>\n</gexf>\n")


def _timeline_day(value: str, bound: str) -> str:
    """A day for Gephi's timeline (``timeformat="date"``): a year or a month spans its whole period.

    The attribute keeps the date as the source gave it (``2021``); only the interval is widened.

    >>> _timeline_day("2021", "start"), _timeline_day("2021-02", "end"), _timeline_day("2021-02-03", "end")
    ('2021-01-01', '2021-02-28', '2021-02-03')
    """
    parts = value.split("-")
    if len(parts) == 3 or not all(p.isdigit() for p in parts):
        return value
    year, month = int(parts[0]), int(parts[1]) if len(parts) == 2 else None
    period = PartialDate(year, month)
    return (period.first_day() if bound == "start" else period.last_day()).isoformat()
