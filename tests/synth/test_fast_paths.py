"""The fast paths used on large inputs give exactly what the reference paths give.

Synthetic ecosystems are the large inputs these paths exist for: the
streamed GraphML/GEXF writers read back whole, the streamed RDF export
against the in-memory one (N-Triples text, Oxigraph store, sorted triples),
and the prefix-filtered duplicate search against the full similarity product.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ecosysteme.ecosystem import Ecosystem
from ecosysteme.export import export_model
from ecosysteme.export.gexf import write_gexf
from ecosysteme.export.graphml import write_graphml
from ecosysteme.io.duplicates import find_duplicate_actors, normalise_name
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import ntriples_chunks, to_ntriples
from ecosysteme.synth import synthetic_model


@pytest.fixture(scope="module")
def model():
    return synthetic_model(3000, seed=11)


@pytest.fixture(scope="module")
def graph(model):
    return to_networkx(model)


def test_streamed_graph_formats_keep_a_large_graph_whole(tmp_path, model, graph):
    """Gephi Lite's parsers read the bundled data in tests/export (node's XML DOM is too slow for this size)."""
    from lxml import etree

    from tests.export.test_graph_readers import SCHEMA

    export_model(model, tmp_path, ["gexf", "graphml"])
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    gexf = etree.parse(str(tmp_path / "graphe.gexf"))
    assert schema.validate(gexf), str(schema.error_log[:5])
    for fmt, doc in (("gexf", gexf), ("graphml", etree.parse(str(tmp_path / "graphe.graphml")))):
        ns = doc.getroot().nsmap[None]
        edges = doc.getroot().findall(f".//{{{ns}}}edge")
        assert len(doc.getroot().findall(f".//{{{ns}}}node")) == graph.number_of_nodes(), fmt
        assert len({e.get("id") for e in edges}) == len(edges) == graph.number_of_edges(), fmt


def test_escaping_and_odd_values_read_back_exactly(tmp_path):
    from lxml import etree

    from tests.export.test_graph_readers import SCHEMA, read_with_graphology

    g = nx.MultiDiGraph()
    odd = 'a&<>"\t\n b\r'
    g.add_node(odd, label='l&<"\n', kind="", n=3, f=1.5, ok=True, parts=("x", "y"), gone=None, empty=())
    g.add_node("é—’𝄞", population=12, n=2.5, note="bip\x07 \x0b fin")  # control characters XML forbids
    g.add_edge(odd, "é—’𝄞", type="t&", start="2020-01-01", amount=3.0, provenance='p\n"q"')
    g.add_edge("é—’𝄞", "é—’𝄞", type="partenariat", provenance="")
    write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(tmp_path / "g.gexf"))), str(schema.error_log[:5])
    for fmt in ("gexf", "graphml"):
        read = read_with_graphology(fmt, tmp_path / f"g.{fmt}")
        first = read["nodes"][odd]
        assert (first["n"], first["f"], first["ok"], first["parts"]) == (3, 1.5, True, "x|y"), fmt
        assert "gone" not in first and "empty" not in first
        assert read["nodes"]["é—’𝄞"]["n"] == 2.5  # integers and decimals in one column: decimals
        assert read["nodes"]["é—’𝄞"]["note"] == "bip\ufffd \ufffd fin"
        edges = {e["attributes"]["relation"]: e for e in read["edges"]}
        assert edges["t&"]["attributes"]["provenance"] == 'p\n"q"'
        assert edges["t&"]["attributes"]["montant"] == 3.0
        assert edges["partenariat"]["undirected"] and not edges["t&"]["undirected"]
    # GEXF's label is an XML attribute: its line breaks survive as character references
    assert read_with_graphology("gexf", tmp_path / "g.gexf")["nodes"][odd]["label"] == 'l&<"\n'


def test_streamed_rdf_export_matches_the_in_memory_path(tmp_path, model):
    text = to_ntriples(model)
    assert b"".join(ntriples_chunks(model)) == text.encode()
    formats = ["nt", "ttl", "jsonld"]
    e = Ecosystem(model)
    assert e.ntriples == text  # computed: the in-memory store path
    export_model(e, tmp_path / "memoire", formats)
    export_model(model, tmp_path / "flux", formats)  # streamed path
    for name in ("graphe.nt", "graphe.ttl", "graphe.jsonld"):
        assert (tmp_path / "flux" / name).read_bytes() == (tmp_path / "memoire" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "flux").iterdir()) == sorted([*(f"graphe.{f}" for f in formats),
                                                                             "manifeste.json"])
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
