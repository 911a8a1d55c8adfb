"""The store describes itself (VoID + DCAT) in its reserved graph, rewritten at every published version."""

from __future__ import annotations

import shutil

import pytest

from ecosysteme.errors import StoreError
from ecosysteme.io import load_valid
from ecosysteme.projections.rdf import ONTOLOGY_GRAPH, TERRITORIES_GRAPH, dataset_graph_iri
from ecosysteme.stores.rdfstore import DESCRIPTION_GRAPH, RdfStore, build_store
from tests.stores.conftest import ROOT, write_tables

STORE = DESCRIPTION_GRAPH + "#magasin"
JEU = [["titre", "licence", "source", "producteur", "fictif"],
       ["Écosystème de l'Adour", "https://creativecommons.org/licenses/by/4.0/", "Enquête de terrain 2024",
        "Catalyseur de l'Adour", "non"]]


def values(store: RdfStore, subject: str, prop: str) -> list:
    result = store.query(f"SELECT ?o WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ <{subject}> {prop} ?o }} }}")
    return sorted((term for (term,) in result.rows), key=str)


def value(store: RdfStore, subject: str, prop: str):
    (found,) = values(store, subject, prop)
    return found


def triples_in(store: RdfStore, graph: str) -> int:
    return int(store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0].value)


@pytest.fixture
def described(make_store, bord_dir, reseau_model, tmp_path):
    """A store with ``reseau`` (no ``jeu`` table) and ``adour``: the ``bord`` tables plus a ``jeu`` table."""
    adour = tmp_path / "adour"
    shutil.copytree(bord_dir, adour)
    write_tables(adour, {"jeu": JEU})
    return make_store(reseau_model, load_valid(adour, dataset="adour"))


def test_catalogue_of_the_store(described):
    with RdfStore.open(described) as store:
        info = store.graph("description")
        assert info is not None and info.kind == "description" and info.iri == DESCRIPTION_GRAPH
        types = {t.value for t in values(store, STORE, "a")}
        assert types == {"http://www.w3.org/ns/dcat#Catalog", "http://rdfs.org/ns/void#Dataset"}
        assert value(store, STORE, "dcat:version").value == store.version
        assert value(store, STORE, "dcterms:conformsTo").value.startswith("https://w3id.org/ecosysteme/ontologie/")
        described_graphs = {g.value for g in values(store, STORE, "void:subset")}
        assert described_graphs == {g.iri for g in store.graphs()} - {DESCRIPTION_GRAPH}
        assert {g.value for g in values(store, STORE, "dcat:dataset")} == described_graphs
        total = int(value(store, STORE, "void:triples").value)
        assert total == sum(triples_in(store, g) for g in described_graphs) > 250_000


def test_each_graph_described_with_its_counts_dates_and_fingerprint(described):
    with RdfStore.open(described) as store:
        for g in store.graphs():
            if g.kind == "description":
                continue
            assert int(value(store, g.iri, "void:triples").value) == triples_in(store, g.iri) == g.triples
            assert {t.value for t in values(store, g.iri, "a")} >= {"http://www.w3.org/ns/dcat#Dataset",
                                                                     "http://rdfs.org/ns/void#Dataset"}
            assert value(store, g.iri, "dcterms:identifier").value == g.name
            assert value(store, g.iri, "dcat:version").value == store.version
            modified = value(store, g.iri, "dcterms:modified")
            assert modified.datatype.value.endswith("#dateTime") and modified.value.startswith(g.loaded_at[:19])
            assert value(store, g.iri, "dcterms:issued").datatype.value.endswith("#dateTime")
            checksum = store.query(f"SELECT ?v ?a WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ <{g.iri}> spdx:checksum "
                                   "[ spdx:checksumValue ?v ; spdx:algorithm ?a ] } }").rows
            assert [(v.value, a.value) for v, a in checksum] == [
                (g.fingerprint, "http://spdx.org/rdf/terms#checksumAlgorithm_sha256")]
            assert values(store, g.iri, "dcterms:title")
            dumps = {d.value for d in values(store, g.iri, "void:dataDump")}
            assert dumps == {f"{g.iri}.{ext}" for ext in ("ttl", "nt", "jsonld", "rdfxml")}
            assert {d.value for d in values(store, g.iri, "dcat:distribution")} == dumps
            assert value(store, f"{g.iri}.ttl", "dcat:mediaType").value.endswith("/text/turtle")


def test_licence_source_and_publisher_of_each_graph(described):
    with RdfStore.open(described) as store:
        adour = dataset_graph_iri("adour")
        assert value(store, adour, "dcterms:title").value == "Écosystème de l'Adour"
        assert value(store, adour, "dcterms:license").value == "https://creativecommons.org/licenses/by/4.0/"
        assert value(store, adour, "dcterms:publisher").value == "Catalyseur de l'Adour"
        assert {s.value for s in values(store, adour, "dcterms:source")} == {"Enquête de terrain 2024", "adour"}
        assert value(store, adour, "foaf:primaryTopic").value == "https://w3id.org/ecosysteme/id/adour/jeu/adour"
        # a dataset without a jeu table: its name, and where it was loaded from
        reseau = dataset_graph_iri("reseau")
        assert value(store, reseau, "dcterms:title").value == "reseau"
        assert values(store, reseau, "dcterms:license") == []
        # the reference graphs: what ecosysteme knows of them, and the ontology's own header
        assert value(store, TERRITORIES_GRAPH, "dcterms:publisher").value == "Etalab"
        assert "etalab.gouv.fr" in value(store, TERRITORIES_GRAPH, "dcterms:license").value
        assert value(store, ONTOLOGY_GRAPH, "dcterms:license").value == "https://opensource.org/licenses/MIT"
        assert {t.value for t in values(store, ONTOLOGY_GRAPH, "dcterms:title")} == {
            "Ontologie ecosysteme", "ecosysteme ontology"}


def test_rewritten_at_each_version_keeping_the_first_issue(described, reseau_model):
    with RdfStore.open(described) as store:
        first_version = store.version
        issued = value(store, dataset_graph_iri("reseau"), "dcterms:issued").value
    build_store(described, [reseau_model])  # the same dataset, loaded again
    with RdfStore.open(described) as store:
        assert store.version != first_version
        assert value(store, STORE, "dcat:version").value == store.version
        assert value(store, dataset_graph_iri("reseau"), "dcterms:issued").value == issued
        assert store.graph("reseau").issued is not None
    with RdfStore.write(described) as writer:  # a graph made by a SPARQL update is described too
        writer.update("INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> "
                      "<https://example.org/b> 'c' } }")
    with RdfStore.open(described) as store:
        assert int(value(store, "https://example.org/notes", "void:triples").value) == 1


def test_description_is_a_reserved_name(make_store, small_model, tmp_path):
    from dataclasses import replace

    path = make_store()
    with RdfStore.write(path) as writer, pytest.raises(StoreError, match="réservé"):
        writer.load_model(replace(small_model, dataset="description"))


def test_in_memory_store_of_an_ecosystem_is_described():
    import ecosysteme

    store = ecosysteme.read(ROOT / "data" / "reseau").to_store()
    assert values(store, STORE, "dcat:version") == []  # no published version in memory
    assert int(value(store, dataset_graph_iri("reseau"), "void:triples").value) == store.graph("reseau").triples
