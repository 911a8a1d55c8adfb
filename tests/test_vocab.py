"""The ontology is the source of truth; the Python vocabulary must not drift from it."""

from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ecosysteme import vocab
from tests.conftest import ROOT


def test_generated_vocabulary_matches_the_turtle():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_vocab.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def ontology():
    g = rdflib.Graph()
    for name in ("ecosysteme.ttl", "vocabulaires.ttl"):
        g.parse(ROOT / "ontology" / name)
    return g


def test_every_term_has_french_and_english_labels(ontology):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            langs = {o.language for o in ontology.objects(term, RDFS.label)}
            assert {"fr", "en"} <= langs, term
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        langs = {o.language for o in ontology.objects(concept, SKOS.prefLabel)}
        defs = {o.language for o in ontology.objects(concept, SKOS.definition)}
        assert {"fr", "en"} <= langs and {"fr", "en"} <= defs, concept


def test_schemes_from_the_deck():
    assert len(vocab.SCHEMES["echelon"]) == 5
    assert set(vocab.SCHEMES["nature"]) == {"gestion", "management_projets", "catalyse"}
    domains = [c for c in vocab.SCHEMES["domaine"].values() if c.broader]
    dimensions = [c for c in vocab.SCHEMES["domaine"].values() if not c.broader]
    assert len(domains) == 16 and len(dimensions) == 4
    per_dimension = {d.key: sum(1 for c in domains if c.broader == d.key) for d in dimensions}
    assert per_dimension == {"economique": 3, "sociale": 5, "societale": 6, "environnementale": 2}
    assert len(vocab.SCHEMES["theme"]) == 6


def test_odd_are_linked_to_un_sdg_identifiers(ontology):
    odd = list(ontology.subjects(SKOS.inScheme, rdflib.URIRef(vocab.VOC_NS + "odd")))
    assert len(odd) == 17
    targets = {str(ontology.value(c, SKOS.exactMatch)) for c in odd}
    assert targets == {f"http://metadata.un.org/sdg/{i}" for i in range(1, 18)}


def test_alignment_with_standard_vocabularies(ontology):
    eco = rdflib.Namespace(vocab.ECO_NS)
    assert (eco.membreDe, RDFS.subPropertyOf, rdflib.URIRef("http://www.w3.org/ns/org#memberOf")) in ontology
    assert (eco.Observation, RDFS.subClassOf, rdflib.URIRef("http://purl.org/linked-data/cube#Observation")) in ontology
    assert (eco.Acteur, RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/prov#Agent")) in ontology


def test_unknown_term_raises():
    with pytest.raises(KeyError):
        vocab.eco("Acteurr")
