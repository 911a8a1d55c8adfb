"""Export a model in the formats other tools read.

RDF (Turtle, N-Triples, JSON-LD) for researchers; GraphML and GEXF for Gephi,
yEd, Cytoscape; CSV of nodes and edges for spreadsheets and Kumu.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from ecosysteme.export.atomic import atomic_path, atomic_write
from ecosysteme.model import Model
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import to_ntriples, to_store
from ecosysteme.territories import Territories
from ecosysteme.vocab import SERIALISATION_PREFIXES

__all__ = ["EXPORT_FORMATS", "export_model", "flat_graph"]

#: format name -> file name in the output folder
EXPORT_FORMATS = {
    "nt": "graphe.nt",
    "ttl": "graphe.ttl",
    "jsonld": "graphe.jsonld",
    "graphml": "graphe.graphml",
    "gexf": "graphe.gexf",
    "csv": ("noeuds.csv", "liens.csv"),
}

Progress = Callable[[str], None]


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy with only scalar attributes (lists joined by ``|``, None dropped): what GraphML/GEXF accept."""
    out = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        out.add_node(n, **_flat(attrs))
    for u, v, k, attrs in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **_flat(attrs))
    return out


def _flat(attrs: dict) -> dict:
    flat = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (tuple, list, set, frozenset)):
            value = "|".join(str(v) for v in value)
        flat[key] = value
    return flat


def _csv_rows(g: nx.MultiDiGraph) -> tuple[list[str], list[list], list[str], list[list]]:
    node_cols = ["id", "kind", "label"]
    for _, attrs in g.nodes(data=True):
        for key in attrs:
            if key not in node_cols:
                node_cols.append(key)
    nodes = []
    for n, attrs in g.nodes(data=True):
        flat = _flat(attrs)
        nodes.append([n] + [flat.get(c, "") for c in node_cols[1:]])
    edge_cols = ["source", "cible", "type"]
    for _, _, attrs in g.edges(data=True):
        for key in attrs:
            if key not in edge_cols and key != "type":
                edge_cols.append(key)
    edges = []
    for u, v, attrs in g.edges(data=True):
        flat = _flat(attrs)
        edges.append([u, v, flat.get("type", "")] + [flat.get(c, "") for c in edge_cols[3:]])
    return node_cols, nodes, edge_cols, edges


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    with atomic_write(path) as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def export_model(model: Model, out: Path, formats: Iterable[str] = tuple(EXPORT_FORMATS), *,
                 territories: Territories | None = None, graph: nx.MultiDiGraph | None = None,
                 ntriples: str | None = None, progress: Progress | None = None) -> list[Path]:
    """Write the model to ``out`` in the given formats; return the files written.

    Every file is written atomically. Outputs are deterministic: the same
    model gives byte-identical files.
    """
    import pyoxigraph as ox

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise ValueError(f"formats inconnus : {unknown}")
    written: list[Path] = []
    step = progress or (lambda _msg: None)
    if any(f in formats for f in ("nt", "ttl", "jsonld")):
        ntriples = ntriples if ntriples is not None else to_ntriples(model, territories)
        if "nt" in formats:
            step("N-Triples")
            path = out / EXPORT_FORMATS["nt"]
            with atomic_write(path) as fh:
                fh.write(ntriples)
            written.append(path)
        rdf_formats = [f for f in ("ttl", "jsonld") if f in formats]
        if rdf_formats:
            store = to_store(ntriples)
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, None)]
            triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            for f in rdf_formats:
                step({"ttl": "Turtle", "jsonld": "JSON-LD"}[f])
                path = out / EXPORT_FORMATS[f]
                fmt = ox.RdfFormat.TURTLE if f == "ttl" else ox.RdfFormat.JSON_LD
                with atomic_path(path) as tmp:
                    ox.serialize(triples, str(tmp), format=fmt, prefixes=SERIALISATION_PREFIXES)
                written.append(path)
    if any(f in formats for f in ("graphml", "gexf", "csv")):
        g = graph if graph is not None else to_networkx(model, territories)
        flat = flat_graph(g)
        if "graphml" in formats:
            step("GraphML")
            path = out / EXPORT_FORMATS["graphml"]
            with atomic_path(path) as tmp:
                nx.write_graphml(flat, tmp)
            written.append(path)
        if "gexf" in formats:
            step("GEXF")
            path = out / EXPORT_FORMATS["gexf"]
            with atomic_path(path) as tmp:
                nx.write_gexf(flat, tmp)
            written.append(path)
        if "csv" in formats:
            step("CSV")
            node_cols, nodes, edge_cols, edges = _csv_rows(g)
            nodes_path, edges_path = (out / name for name in EXPORT_FORMATS["csv"])
            _write_csv(nodes_path, node_cols, nodes)
            _write_csv(edges_path, edge_cols, edges)
            written.extend([nodes_path, edges_path])
    return written
