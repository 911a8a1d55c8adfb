"""Territories carry INSEE's own code property, and the documented federated join is valid SPARQL."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.plugins.sparql import prepareQuery

from ecosysteme.projections.rdf import territory_triples
from ecosysteme.territories import load_territories
from tests.conftest import ROOT

IGEO_CODE = "http://rdf.insee.fr/def/geo#codeINSEE"
ECO_CODE = "https://w3id.org/ecosysteme/ontologie#codeInsee"
REFS = [("pays", "FR"), ("region", "53"), ("departement", "2A"), ("epci", "243500139"), ("commune", "35238")]


def _store() -> ox.Store:
    store = ox.Store()
    text = "\n".join(territory_triples(REFS, load_territories())) + "\n"
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_every_territory_but_the_country_carries_igeo_code_equal_to_its_code():
    store = _store()
    codes = {(str(s.value), o.value) for s, _, o, _ in store.quads_for_pattern(None, ox.NamedNode(ECO_CODE), None)}
    igeo = {(str(s.value), o) for s, _, o, _ in store.quads_for_pattern(None, ox.NamedNode(IGEO_CODE), None)}
    assert len(codes) == 5
    # a plain string, as INSEE writes it (a typed literal would not join)
    assert all(o.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#string") for _, o in igeo)
    assert {(s, o.value) for s, o in igeo} == {c for c in codes if "/pays/" not in c[0]}
    assert ("https://w3id.org/ecosysteme/territoire/epci/243500139", "243500139") in {(s, o.value) for s, o in igeo}


def test_ontology_declares_the_external_property_and_the_readme_example_is_valid_sparql():
    ontology = (ROOT / "ontology" / "ecosysteme.ttl").read_text(encoding="utf-8")
    assert "igeo:codeINSEE a owl:DatatypeProperty" in ontology
    assert re.search(r"eco:codeInsee a owl:DatatypeProperty ;\s+rdfs:subPropertyOf [^;]*igeo:codeINSEE", ontology)
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```sparql\n(.*?)```", readme[readme.index("INSEE et à Wikidata"):], re.S).group(1)
    prepareQuery(example)  # raises on a syntax error
    # the local side of the join, run on our own triples (the SERVICE parts need the network)
    local = re.sub(r"OPTIONAL \{ SERVICE SILENT .*?\} \}\n", "", example, flags=re.S)
    assert "SERVICE" not in local
    rows = list(_store().query(local))
    assert [(str(r["territoire"].value), r["code"].value) for r in rows] == [
        ("https://w3id.org/ecosysteme/territoire/commune/35238", "35238")]
