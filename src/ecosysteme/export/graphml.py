"""GraphML for yEd, Cytoscape, Gephi and graphology, streamed.

Every edge has a unique ``id`` (``e0``, ``e1``…), so readers keep parallel
edges of different types; the relation type is the edge data ``relation``, and
also the edge's ``label`` attribute, which Gephi's GraphML importer takes as
the edge's kind (without it, Gephi merges parallel edges between the same
two nodes; the attribute is not in the GraphML schema, readers ignore it).
The graph's default is undirected and every edge whose relation is not
symmetric in the ontology says ``directed="true"``: partnerships stay
undirected in every reader, including graphology-graphml (Gephi Lite), which
reads only ``directed="true"`` on edges. Attributes have their French names
(:mod:`ecosysteme.export.columns`; the node's name stays ``label``, which
Gephi and yEd take as its label) and are typed (``string``, ``long``,
``double``, ``boolean``; lists joined by ``|``); amounts (``montant``) are
``double``. yEd shows the ``label`` data as a node property (its
Properties Mapper turns it into the drawn label).
"""

from __future__ import annotations

import itertools
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
from ecosysteme.vocab import LINK_TYPES

__all__ = ["write_graphml"]

_UNDIRECTED = frozenset(k for k, lt in LINK_TYPES.items() if lt.symmetric)


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write ``g`` (the projection of :func:`~ecosysteme.projections.graph.to_networkx`) as GraphML."""
    types: dict[tuple[str, str], str] = {}
    for _, raw in g.nodes(data=True):
        for k, v in node_values(raw).items():
            types[("node", k)] = merge_kinds(types.get(("node", k)), value_kind(v))
    for _, _, raw in g.edges(data=True):
        for k, v in edge_values(raw).items():
            types[("edge", k)] = merge_kinds(types.get(("edge", k)), value_kind(v))
    keys = {ident: f"d{i}" for i, ident in enumerate(types)}

    def data(values: dict, scope: str) -> str:
        return "".join(f'<data key="{keys[(scope, k)]}">{cdata(text_value(v))}</data>' for k, v in values.items())

    def node(n: object, raw: dict) -> str:
        return f'<node id="{attr(str(n))}">{data(node_values(raw), "node")}</node>'

    counter = itertools.count()

    def edge(u: object, v: object, raw: dict) -> str:
        values = edge_values(raw)
        kind = values.get("relation")
        head = f'<edge id="e{next(counter)}" source="{attr(str(u))}" target="{attr(str(v))}"'
        if kind:
            head += f' label="{attr(str(kind))}"'
        if kind not in _UNDIRECTED:
            head += ' directed="true"'
        return f"{head}>{data(values, 'edge')}</edge>"

    with xml_file(path) as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        fh.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for (scope, name), ident in keys.items():
            kind = types[(scope, name)]
            fh.write(f'  <key id="{ident}" for="{scope}" attr.name="{attr(xml_chars(name))}" attr.type="{kind}" />\n')
        fh.write('  <graph id="G" edgedefault="undirected">\n')
        write_lines(fh, (node(n, a) for n, a in g.nodes(data=True)), "    ")
        write_lines(fh, (edge(u, v, a) for u, v, a in g.edges(data=True)), "    ")
        fh.write("  </graph>\n</graphml>\n")
