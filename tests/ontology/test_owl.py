"""The ontology as OWL tools see it: the real OWL API 5 and HermiT (Maven Central), default configuration.

``scripts/owl_tools.sh check`` reads the given files as one document (the
ontology, its concept schemes, then data, as a researcher loads a dump with
the ontology), checks the OWL 2 DL profile and asks HermiT whether it is
consistent.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from ecosysteme import vocab
from tests.conftest import ROOT

TOOLS = ROOT / "scripts" / "owl_tools.sh"
ONTOLOGY = [ROOT / "ontology" / "ecosysteme.ttl", ROOT / "ontology" / "vocabulaires.ttl"]
ONTOLOGY_IRI = "https://w3id.org/ecosysteme/ontologie"


def owl_check(*files) -> dict:
    result = subprocess.run([str(TOOLS), "check", *map(str, files)], capture_output=True, text=True,
                            timeout=900, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def data_files(tmp_path_factory):
    """The two bundled datasets as N-Triples, with the territories they name (what a dump holds),
    and the VoID + DCAT description of a store holding them."""
    import ecosysteme
    from ecosysteme.stores.rdfstore import DESCRIPTION_GRAPH, RdfStore, build_store

    out = tmp_path_factory.mktemp("owl")
    files = []
    ecosystems = [ecosysteme.read(ROOT / "data" / name) for name in ("exemple-epci", "reseau")]
    for e in ecosystems:
        path = out / f"{e.name}.nt"
        path.write_text(e.ntriples, encoding="utf-8")
        files.append(path)
    build_store(out / "magasin", ecosystems)
    with RdfStore.open(out / "magasin") as store:
        (out / "description.nt").write_bytes(store.dump(DESCRIPTION_GRAPH, "nt"))
    return [*files, out / "description.nt"]


def _clean(report: dict) -> None:
    assert report["profile"] == "OWL 2 DL"
    assert report["violations"] == []
    assert report["reasoner_error"] is None
    assert report["consistent"] is True
    assert report["unsatisfiable"] == []


def test_ontology_alone_is_owl2_dl_and_consistent():
    report = owl_check(*ONTOLOGY)
    _clean(report)
    assert report["ontology"] == ONTOLOGY_IRI
    assert report["version_iri"] == f"{ONTOLOGY_IRI}/{version_info()}"


def test_ontology_with_both_bundled_datasets_and_the_store_description_is_owl2_dl_and_consistent(data_files):
    report = owl_check(*ONTOLOGY, *data_files)
    _clean(report)
    alone = owl_check(*ONTOLOGY)
    assert report["logical_axioms"] > alone["logical_axioms"] + 10_000  # the data were read as OWL assertions


def test_the_check_finds_the_defects_the_ontology_had(tmp_path):
    """A range rdf:Property breaks the profile; a @fr literal where xsd:string is required is inconsistent."""
    bad_range = tmp_path / "range.ttl"
    bad_range.write_text("@prefix eco: <https://w3id.org/ecosysteme/ontologie#> .\n"
                         "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
                         "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                         "eco:vers rdfs:range rdf:Property .\n", encoding="utf-8")
    report = owl_check(*ONTOLOGY, bad_range)
    assert any("rdf:Property" in v for v in report["violations"]), report["violations"]
    bad_literal = tmp_path / "literal.nt"
    bad_literal.write_text('<https://w3id.org/ecosysteme/territoire/commune/35238> '
                           '<https://w3id.org/ecosysteme/ontologie#codeInsee> "35238"@fr .\n', encoding="utf-8")
    report = owl_check(*ONTOLOGY, bad_literal)
    assert report["violations"] == []
    assert report["consistent"] is False


def version_info() -> str:
    g = rdflib.Graph().parse(ONTOLOGY[0])
    return str(g.value(rdflib.URIRef(ONTOLOGY_IRI), OWL.versionInfo))


def test_versioning_policy_is_followed():
    """versionIRI = ontology IRI + "/" + versionInfo (semantic version), the prior version named, the change logged."""
    g = rdflib.Graph().parse(ONTOLOGY[0])
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    version = version_info()
    major, minor, patch = (int(part) for part in version.split("."))
    assert g.value(onto, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY_IRI}/{version}")
    prior = str(g.value(onto, OWL.priorVersion))
    assert prior.startswith(ONTOLOGY_IRI + "/")
    assert tuple(int(p) for p in prior.rsplit("/", 1)[1].split(".")) < (major, minor, patch)
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert f"### {version}" in readme and "## Versions" in readme


def test_external_terms_are_declared_not_imported():
    """No owl:imports (tools stay offline); every external term the ontology uses is declared with its OWL kind."""
    g = rdflib.Graph()
    for path in ONTOLOGY:
        g.parse(path)
    assert not list(g.objects(None, OWL.imports))
    declared = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                for s in g.subjects(RDF.type, kind)}
    builtin = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2001/XMLSchema#")
    used = {p for p in g.predicates() if not str(p).startswith(builtin)}
    assert used - declared == set()
    assert rdflib.URIRef(vocab.PREFIXES["prov"] + "startedAtTime") not in set(g.objects())
