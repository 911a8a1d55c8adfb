"""The fast paths used on large inputs give exactly what the reference paths give.

Synthetic ecosystems are the large inputs these paths exist for: the
streamed GraphML/GEXF writers against networkx's, the streamed RDF export
against the in-memory one (N-Triples text, Oxigraph store, sorted triples),
and the prefix-filtered duplicate search against the full similarity product.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ecosysteme.ecosystem import Ecosystem
from ecosysteme.export import export_model
from ecosysteme.export.writers import (
    STREAMED_XML_FROM,
    _write_gexf,
    _write_gexf_reference,
    _write_graphml,
    flat_graph,
)
from ecosysteme.io.duplicates import find_duplicate_actors, normalise_name
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import ntriples_blocks, to_ntriples
from ecosysteme.synth import synthetic_model


@pytest.fixture(scope="module")
def model():
    return synthetic_model(3000, seed=11)


@pytest.fixture(scope="module")
def graph(model):
    g = to_networkx(model)
    assert g.number_of_nodes() + g.number_of_edges() >= STREAMED_XML_FROM  # the streamed writers are used
    return g


def test_streamed_graphml_and_gexf_are_networkx_bytes(tmp_path, graph):
    flat = flat_graph(graph)
    nx.write_graphml(flat, tmp_path / "ref.graphml")
    _write_gexf_reference(flat_graph(graph), tmp_path / "ref.gexf")
    _write_graphml(graph, tmp_path / "new.graphml")
    _write_gexf(graph, tmp_path / "new.gexf")
    assert (tmp_path / "new.graphml").read_bytes() == (tmp_path / "ref.graphml").read_bytes()
    assert (tmp_path / "new.gexf").read_bytes() == (tmp_path / "ref.gexf").read_bytes()


def test_escaping_and_odd_values_match_networkx(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node('a&<>"\t\n b', label='l&<"\n', kind="", n=3, f=1.5, ok=True, parts=("x", "y"), gone=None)
    g.add_node("é—’", population=12)
    g.add_edge('a&<>"\t\n b', "é—’", key='k"<', type="t&", start="2020-01-01", amount=3.0, provenance='p\n"q"')
    g.add_edge("é—’", "é—’", key=0, type="t", provenance="")
    for reference, streamed, ext in ((nx.write_graphml, _write_graphml, "graphml"),
                                     (_write_gexf_reference, _write_gexf, "gexf")):
        reference(flat_graph(g), tmp_path / f"ref.{ext}")
        streamed(g, tmp_path / f"new.{ext}")
        assert (tmp_path / f"new.{ext}").read_bytes() == (tmp_path / f"ref.{ext}").read_bytes(), ext


def test_streamed_rdf_export_matches_the_in_memory_path(tmp_path, model):
    text = to_ntriples(model)
    assert b"\n".join(ntriples_blocks(model)) + b"\n" == text.encode()
    formats = ["nt", "ttl", "jsonld"]
    e = Ecosystem(model)
    assert e.ntriples == text  # computed: the in-memory store path
    export_model(e, tmp_path / "memoire", formats)
    export_model(model, tmp_path / "flux", formats)  # streamed path
    for name in ("graphe.nt", "graphe.ttl", "graphe.jsonld"):
        assert (tmp_path / "flux" / name).read_bytes() == (tmp_path / "memoire" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "flux").iterdir()) == sorted(f"graphe.{f}" for f in formats)
    # amounts are written once in canonical form ("15000", not "15000.0"): every format holds the same graph
    assert b'.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' not in (tmp_path / "flux" / "graphe.nt").read_bytes()
    import rdflib
    from rdflib.compare import isomorphic

    nt = rdflib.Graph().parse(tmp_path / "flux" / "graphe.nt", format="nt")
    ttl = rdflib.Graph().parse(tmp_path / "flux" / "graphe.ttl", format="turtle")
    assert len(nt) > 1000 and isomorphic(nt, ttl)


def test_prefix_filtered_duplicates_equal_the_full_product(model):
    from sklearn.feature_extraction.text import TfidfVectorizer

    actors = list(model.actors.values())[:2500]
    found = find_duplicate_actors(actors, threshold=0.6)
    assert found
    # the reference: every pair's cosine from the full sparse product, as the search did before
    texts = [normalise_name(a.name) for a in actors]
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), dtype=np.float32).fit_transform(texts)
    full = (matrix @ matrix.T.tocsr()).tocoo()
    keep = (full.data >= 0.6) & (full.row < full.col)
    expected = {}
    for r, c, s in zip(full.row[keep], full.col[keep], full.data[keep], strict=True):
        a, b = sorted((actors[r].id, actors[c].id))
        expected[(a, b)] = max(expected.get((a, b), 0.0), round(float(min(s, 1.0)), 3))
    names = {(a, b): s for a, b, s, why in found if why == "noms très proches"}
    assert names == expected
