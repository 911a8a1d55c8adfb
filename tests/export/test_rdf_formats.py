"""Turtle, N-Triples and JSON-LD hold the same graph, read by the processors researchers use (rdflib, pyld).

The projection writes canonical literals once; the JSON-LD is compacted under
the shipped context ``ontology/contexte.jsonld`` and expands (pyld) to the
graph of the Turtle.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from pyld import jsonld

from ecosysteme.datasets import bundled
from ecosysteme.export import export_model
from ecosysteme.export.jsonld import context_path, jsonld_context, write_jsonld
from ecosysteme.io import load_valid
from tests.conftest import ROOT

ECO = "https://w3id.org/ecosysteme/ontologie#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def reseau(tmp_path_factory):
    """The bundled network inventory in the three RDF formats (real data: dates, amounts, French labels)."""
    out = tmp_path_factory.mktemp("reseau")
    export_model(load_valid(bundled("reseau")), out, ["nt", "ttl", "jsonld"])
    return out


def _pyld_graph(document) -> rdflib.Graph:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return rdflib.Graph().parse(data=nquads, format="nt")


def test_turtle_and_ntriples_are_isomorphic(reseau):
    ttl = rdflib.Graph().parse(reseau / "graphe.ttl", format="turtle")
    nt = rdflib.Graph().parse(reseau / "graphe.nt", format="nt")
    assert len(nt) > 5000
    assert rdflib.compare.isomorphic(ttl, nt)


def test_literals_are_written_canonical_by_the_projection(reseau):
    """A store that canonicalises literals (Oxigraph) gives back exactly the lines we wrote: nothing to redo."""
    written = set((reseau / "graphe.nt").read_text(encoding="utf-8").splitlines()) - {""}
    store = ox.Store()
    store.load(path=str(reseau / "graphe.nt"), format=ox.RdfFormat.N_TRIPLES)
    again = set(ox.serialize(store, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()) - {""}
    assert written == again
    decimals = [line for line in written if f"^^<{XSD}decimal>" in line]
    assert decimals and not any('.0"^^' in line for line in decimals)


def test_jsonld_is_compacted_under_the_shipped_context(reseau):
    document = json.loads((reseau / "graphe.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    assert context_path() == ROOT / "ontology" / "contexte.jsonld"
    nodes = {node["@id"]: node for node in document["@graph"]}
    rameau = nodes["donnees:reseau/acteur/le-rameau"]
    assert "eco:Acteur" in rameau["@type"] and rameau["monde"].startswith("voc:monde/")
    assert all(isinstance(v, str) and ":" in v for v in _as_list(rameau.get("partenaireDe", [])))
    amounts = [n["montant"] for n in document["@graph"] if "montant" in n]
    assert amounts and all(isinstance(a, str) for a in amounts)  # coerced to xsd:decimal by the context
    assert (reseau / "graphe.jsonld").stat().st_size < 0.7 * (reseau / "graphe.nt").stat().st_size


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_jsonld_expanded_by_pyld_is_the_turtle_graph(reseau):
    ttl = rdflib.Graph().parse(reseau / "graphe.ttl", format="turtle")
    document = json.loads((reseau / "graphe.jsonld").read_text(encoding="utf-8"))
    assert rdflib.compare.isomorphic(_pyld_graph(jsonld.expand(document)), ttl)
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(reseau / "graphe.jsonld", format="json-ld"), ttl)
    oxigraph = ox.parse(path=str(reseau / "graphe.jsonld"), format=ox.RdfFormat.JSON_LD)
    nt = ox.serialize(oxigraph, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=nt, format="nt"), ttl)


def test_pyld_compaction_with_our_context_round_trips(reseau):
    ttl = rdflib.Graph().parse(reseau / "graphe.ttl", format="turtle")
    ours = json.loads((reseau / "graphe.jsonld").read_text(encoding="utf-8"))
    compacted = jsonld.compact(jsonld.expand(ours), {"@context": jsonld_context()})
    assert rdflib.compare.isomorphic(_pyld_graph(compacted), ttl)
    # node for node, our streamed output is what pyld's compaction gives
    assert {n["@id"]: n for n in compacted["@graph"]} == {n["@id"]: n for n in ours["@graph"]}


def test_a_value_outside_its_terms_type_keeps_its_own_type():
    """``montant`` is coerced to xsd:decimal; a string amount, a language tag or an IRI is written explicitly."""
    s, p = ox.NamedNode("https://w3id.org/ecosysteme/id/x/acteur/a"), ox.NamedNode(ECO + "montant")
    triples = [ox.Triple(s, p, ox.Literal("12.5", datatype=ox.NamedNode(XSD + "decimal"))),
               ox.Triple(s, p, ox.Literal("douze")),
               ox.Triple(s, p, ox.Literal("douze", language="fr")),
               ox.Triple(s, p, ox.NamedNode("https://example.org/montant")),
               ox.Triple(s, ox.NamedNode(ECO + "partenaireDe"), ox.Literal("pas une IRI")),
               ox.Triple(s, ox.NamedNode(ECO + "valeur"), ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))),
               ox.Triple(s, ox.NamedNode(ECO + "dateDebut"), ox.Literal("2017", datatype=ox.NamedNode(XSD + "gYear"))),
               ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.NamedNode(ECO + "x")),
               ox.Triple(ox.BlankNode("b0"), ox.NamedNode("https://example.org//p"), s)]
    buffer = io.StringIO()
    assert write_jsonld(triples, buffer) == 2
    assert json.loads(buffer.getvalue())["@graph"][0]["dateDebut"] == {"@value": "2017", "@type": "xsd:gYear"}
    expected = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert rdflib.compare.isomorphic(_pyld_graph(json.loads(buffer.getvalue())), expected)


def test_the_context_names_every_property_of_the_ontology_with_its_range():
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "ecosysteme.ttl", format="turtle")
    context = jsonld_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    for prop in set(ontology.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty)):
        if str(prop).startswith(ECO):
            name = str(prop)[len(ECO):]
            assert context[name] == {"@id": f"eco:{name}", "@type": "@id"}, name
    for kind in (rdflib.OWL.DatatypeProperty, rdflib.OWL.AnnotationProperty):
        for prop in set(ontology.subjects(rdflib.RDF.type, kind)):
            if not str(prop).startswith(ECO):
                continue
            name = str(prop)[len(ECO):]
            ranges = {str(r) for r in ontology.objects(prop, rdflib.RDFS.range)}
            coerced = context[name].get("@type")
            if coerced:
                prefix, _c, local = coerced.partition(":")
                assert {prefixes[prefix] + local} == ranges, name
            else:
                assert not ranges & {XSD + "decimal", XSD + "integer", XSD + "date"}, name
    assert all(v.endswith(("/", "#")) for v in prefixes.values())  # usable as prefixes by JSON-LD 1.1
