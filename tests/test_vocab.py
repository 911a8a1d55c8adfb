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
    """Our terms; the external ones (prov:Agent…) are only declared, with the OWL kind their vocabulary gives."""
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(vocab.ECO_NS):
                continue
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


def test_every_link_type_states_its_meaning(ontology):
    """Each link property: key, order, FR/EN inverse labels and nouns; the sets follow its super-properties."""
    eco = rdflib.Namespace(vocab.ECO_NS)
    keyed = set(ontology.subjects(eco.cleLien, None))
    assert {rdflib.URIRef(lt.iri) for lt in vocab.LINK_TYPES.values()} == keyed
    for lt in vocab.LINK_TYPES.values():
        assert lt.inverse_fr and lt.inverse_en and lt.noun_fr and lt.noun_en, lt.key
    assert set(vocab.MEETING_LINKS) < set(vocab.ECOSYSTEM_LINKS)
    for key in vocab.MEETING_LINKS:  # a meeting is between two actors
        assert vocab.LINK_TYPES[key].domain == ("Acteur",) and "Acteur" in vocab.LINK_TYPES[key].range
    assert vocab.DIRECTED_LINKS == {k for k in vocab.LINK_TYPES if
                                    (rdflib.URIRef(vocab.LINK_TYPES[k].iri), RDF.type, OWL.SymmetricProperty)
                                    not in ontology}
    assert vocab.ECO.Acteur == vocab.eco("Acteur")
    with pytest.raises(AttributeError):
        vocab.ECO.Acteurr  # noqa: B018  (a typo fails where it is written)


def _link_key_lists(text: str) -> list[str]:
    """Literal lists/tuples/sets of two or more link keys written in source text."""
    import re

    keys = "|".join(sorted(map(re.escape, vocab.LINK_TYPES), key=len, reverse=True))
    item = rf"""["'](?:{keys})["']"""
    return re.findall(rf"[\[({{]\s*{item}(?:\s*,\s*{item})+", text)


def test_no_python_or_js_list_of_link_types_outside_the_ontology():
    found = {}
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.js")]:
        if path.name == "_generated.py" or "static" in path.parts or "assets" in path.parts:
            continue
        hits = _link_key_lists(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found, found
    assert _link_key_lists('X = ("partenariat", "relais")')  # the probe finds what it should


@pytest.mark.parametrize(("name", "links"), [("q3_mondes_sans_rencontre", vocab.MEETING_LINKS),
                                            ("q4_voisinage", vocab.ECOSYSTEM_LINKS)])
def test_shipped_queries_use_the_ontology_link_sets(name, links):
    import re

    sparql = (ROOT / "ontology" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    cypher = (ROOT / "ontology" / "queries" / f"{name}.cypher").read_text(encoding="utf-8")
    body = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    paths = re.findall(r"\^?eco:\w+(?:\s*\|\s*\^?eco:\w+)+", body)
    assert paths
    for path in paths:
        props = {p.lstrip("^").removeprefix("eco:") for p in re.split(r"\s*\|\s*", path)}
        assert props == {vocab.LINK_TYPES[k].prop for k in links}, path
    code = "\n".join(line for line in cypher.splitlines() if not line.lstrip().startswith("//"))
    patterns = re.findall(r"\[:([A-Z_]+(?:\|[A-Z_]+)+)\]", code)
    assert patterns
    for pattern in patterns:
        assert set(pattern.split("|")) == {vocab.LINK_TYPES[k].neo4j_type for k in links}, pattern
