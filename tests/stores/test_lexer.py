"""The tokenizer that guards SERVICE, LOAD and FROM: keywords only, never text inside literals or IRIs."""

from __future__ import annotations

import pytest

from ecosysteme.stores.rdfstore import analyse


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil/> { }" }',
    "SELECT * WHERE { ?s ?p '''multi\nSERVICE\nline''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/> { ?s ?p ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
    'SELECT ?service WHERE { ?service ?p "a\\"SERVICE" }',
])
def test_harmless_mentions_are_not_service_calls(text):
    shape = analyse(text)
    assert shape.certain
    assert not shape.uses_service


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://evil/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service<http://evil/sparql>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://evil/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SeRvIcE SILENT ?endpoint { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "x" SERVICE <http://evil/> { } }',
    "SELECT * WHERE { FILTER(?a<?b)SERVICE<http://evil/>{ ?s ?p ?o } }",
])
def test_service_calls_are_found(text):
    assert analyse(text).uses_service


def test_unknown_characters_make_the_check_conservative():
    shape = analyse("SELECT * WHERE { ?s ?p ?o } ` SERVICE")
    assert not shape.certain
    assert shape.uses_service


def test_forms_and_dataset():
    assert analyse("PREFIX a: <http://a/> SELECT * { ?s ?p ?o }").form == "SELECT"
    assert analyse("CONSTRUCT WHERE { ?s ?p ?o }").returns_graph
    assert analyse("ASK { ?s ?p ?o }").form == "ASK"
    assert analyse("INSERT DATA { <http://a> <http://b> 1 }").is_update
    assert analyse("LOAD <http://example.org/data.ttl>").uses_load
    assert analyse("SELECT * FROM <http://g> WHERE { ?s ?p ?o }").has_dataset
    assert not analyse('SELECT * WHERE { ?s ?p "FROM" }').has_dataset


def test_oxigraph_reads_the_harmless_queries_the_same_way():
    # The tokenizer must agree with the real parser: these run (no SERVICE call, no syntax error).
    from ecosysteme.stores.rdfstore import RdfStore

    store = RdfStore.memory()
    for text in [
        'SELECT * WHERE { ?s ?p "SERVICE <http://evil/> { }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/> { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o }",
    ]:
        assert len(store.query(text)) == 0
