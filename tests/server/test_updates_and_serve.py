"""Updates with a token, federated queries when enabled, and `ecosysteme serve` as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.parse

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from ecosysteme.server import ServerConfig, SparqlServer
from ecosysteme.stores.rdfstore import RdfStore
from tests.server.conftest import UPDATE_TOKEN, get_query, http

INSERT = ("INSERT DATA { GRAPH <https://example.org/notes> { "
          "<https://example.org/note1> <http://www.w3.org/2000/01/rdf-schema#label> \"note\" } }")


@pytest.fixture
def writable(make_store, request):
    small = request.getfixturevalue("small_model")
    path = make_store(small)
    srv = SparqlServer(ServerConfig(store=path, port=0, timeout=60.0, update_token=UPDATE_TOKEN, max_body=100_000,
                                    quiet=True)).start()
    yield srv, path
    srv.stop()


def post_update(srv, text: str, token: str | None, direct: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if direct:
        return http("POST", srv.endpoint, body=text, headers={**headers, "Content-Type": "application/sparql-update"})
    return http("POST", srv.endpoint, body=urllib.parse.urlencode({"update": text}),
                headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})


def test_updates_need_the_token(writable):
    srv, path = writable
    missing = post_update(srv, INSERT, None)
    wrong = post_update(srv, INSERT, "pas-le-bon-jeton")
    for resp in (missing, wrong):
        assert resp.status == 401 and resp.headers["www-authenticate"].startswith("Bearer")
        assert UPDATE_TOKEN not in resp.text
    ask = "ASK { <https://example.org/note1> ?p ?o }"
    assert get_query(srv.endpoint, ask, "application/sparql-results+json").json()["boolean"] is False
    ok = post_update(srv, INSERT, UPDATE_TOKEN)
    assert ok.status == 200, ok.text
    # the workers switch to the new version of the store
    assert get_query(srv.endpoint, ask, "application/sparql-results+json").json()["boolean"] is True
    with RdfStore.open(path) as store:
        assert store.graph("https://example.org/notes").triples == 1
    removed = post_update(srv, "DELETE WHERE { GRAPH <https://example.org/notes> { ?s ?p ?o } }", UPDATE_TOKEN,
                          direct=True)
    assert removed.status == 200
    assert get_query(srv.endpoint, ask, "application/sparql-results+json").json()["boolean"] is False
    bad = post_update(srv, "INSERT DATA { <https://example.org/a> }", UPDATE_TOKEN)
    assert bad.status == 400 and "invalide" in bad.text
    remote = post_update(srv, "LOAD <http://127.0.0.1:9/x.ttl>", UPDATE_TOKEN)
    assert remote.status == 403
    description = http("GET", srv.endpoint, headers={"Accept": "text/turtle"})
    assert "SPARQL11Update" in description.text
    huge = post_update(srv, "INSERT DATA { " + "<https://example.org/a> <https://example.org/b> 1 . " * 3000 + "}",
                       UPDATE_TOKEN, direct=True)
    assert huge.status == 413 and "trop volumineuse" in huge.text


def test_update_protocol_points(writable):
    """W3C SPARQL 1.1 Protocol: base IRI, using-graph-uri / using-named-graph-uri, conflicts, UTF-8 only."""
    srv, _ = writable

    def ask(query: str) -> bool:
        return get_query(srv.endpoint, query, "application/sparql-results+json").json()["boolean"]

    def post(text: str, **params: str):
        qs = "?" + urllib.parse.urlencode(params) if params else ""
        return http("POST", srv.endpoint + "/" + qs, body=text, headers={
            "Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "application/sparql-update"})

    # a relative IRI is resolved against the endpoint (update_base_uri)
    base = post("INSERT DATA { GRAPH <https://example.org/base> { <https://example.org/s> <https://example.org/p> "
                "<test> } }")
    assert base.status == 200, base.text
    assert ask(f"ASK {{ GRAPH ?g {{ <https://example.org/s> ?p <{srv.url}/test> }} }}")

    # using-graph-uri is the default graph of WHERE (update_dataset_default_graph)
    doc = "<https://example.org/doc> a <http://xmlns.com/foaf/0.1/Document>"
    assert post(f"INSERT DATA {{ GRAPH <https://example.org/g1> {{ {doc} }} }}").status == 200
    copy = ("INSERT { GRAPH <https://example.org/copie> { ?s a <http://purl.org/dc/terms/BibliographicResource> } } "
            "WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> }")
    copied = "ASK { GRAPH <https://example.org/copie> { <https://example.org/doc> a ?t } }"
    assert post(copy).status == 200
    assert not ask(copied)  # without it, WHERE reads the store's (empty) default graph
    assert post(copy, **{"using-graph-uri": "https://example.org/g1"}).status == 200
    assert ask(copied)
    # using-named-graph-uri names the graphs GRAPH ?g sees (update_dataset_named_graphs)
    named = ("INSERT { GRAPH <https://example.org/nommes> { ?s <https://example.org/vu-dans> ?g } } "
             "WHERE { GRAPH ?g { ?s a <http://xmlns.com/foaf/0.1/Document> } }")
    assert post(named, **{"using-named-graph-uri": "https://example.org/autre"}).status == 200
    assert not ask("ASK { GRAPH <https://example.org/nommes> { ?s ?p ?o } }")
    assert post(named, **{"using-named-graph-uri": "https://example.org/g1"}).status == 200
    assert ask("ASK { GRAPH <https://example.org/nommes> { <https://example.org/doc> ?p <https://example.org/g1> } }")

    # both the parameter and WITH/USING: refused (bad_update_dataset_conflict), nothing applied
    conflict = post("WITH <https://example.org/copie> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                    **{"using-named-graph-uri": "https://example.org/g1"})
    assert conflict.status == 400 and "WITH" in conflict.text and "interdit" in conflict.text
    assert ask(copied)
    bad_iri = post(copy, **{"using-graph-uri": "pas une IRI"})
    assert bad_iri.status == 400 and "IRI absolue" in bad_iri.text

    # a UTF-16 update is refused, not applied (bad_update_non_utf8)
    utf16 = http("POST", srv.endpoint, body="CLEAR ALL".encode("utf-16"), headers={
        "Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "application/sparql-update; charset=UTF-16"})
    assert utf16.status == 415 and "UTF-8" in utf16.text
    assert ask(copied)

    # a time limit of its own: past it, the update is cancelled (and told when to retry)
    cut = post("CLEAR ALL", timeout="0.001")
    assert cut.status == 503 and "inchangé" in cut.text and int(cut.headers["retry-after"]) >= 1
    assert ask(copied)
    assert post("CLEAR ALL", timeout="jamais").status == 400

    # a real client writes: rdflib's SPARQLUpdateStore, with the token in its headers
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    client = SPARQLUpdateStore(srv.endpoint, srv.endpoint, headers={"Authorization": f"Bearer {UPDATE_TOKEN}"})
    notes = rdflib.Graph(client, identifier=rdflib.URIRef("https://example.org/rdflib"))
    note = (rdflib.URIRef("https://example.org/n"), rdflib.RDFS.label, rdflib.Literal("écrite par rdflib", lang="fr"))
    notes.add(note)
    assert ask('ASK { GRAPH <https://example.org/rdflib> { <https://example.org/n> ?p "écrite par rdflib"@fr } }')
    assert set(notes) == {note}
    notes.remove((None, None, None))
    assert not ask("ASK { GRAPH <https://example.org/rdflib> { ?s ?p ?o } }")

    # DELETE WHERE (no USING in its grammar) takes the parameters too
    delete = "DELETE WHERE { GRAPH <https://example.org/copie> { ?s a ?t } }"
    assert post(delete, **{"using-named-graph-uri": "https://example.org/g1"}).status == 200
    assert ask(copied)  # <copie> was outside the dataset given
    assert post(delete, **{"using-named-graph-uri": "https://example.org/copie"}).status == 200
    assert not ask(copied)


def test_federated_query_when_enabled(shared_store, server):
    srv = SparqlServer(ServerConfig(store=shared_store, port=0, allow_service=True, workers=1, timeout=20.0,
                                    quiet=True)).start()
    try:
        query = (f"SELECT ?nom WHERE {{ SERVICE <{server.endpoint}> {{ "
                 "<https://w3id.org/ecosysteme/id/petit/acteur/rameau> "
                 "<http://www.w3.org/2000/01/rdf-schema#label> ?nom } }")
        resp = get_query(srv.endpoint, query, "application/sparql-results+json")
        assert resp.status == 200, resp.text
        assert [b["nom"]["value"] for b in resp.json()["results"]["bindings"]] == ["Le RAMEAU"]
    finally:
        srv.stop()


def test_serve_as_a_real_process(shared_store):
    env = {**os.environ, "ECOSYSTEME_MAGASIN": str(shared_store)}
    env.pop("ECOSYSTEME_SPARQL_UPDATE_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "ecosysteme", "serve", "--port", "0", "--delai", "5"],
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        endpoint = None
        deadline = time.monotonic() + 60
        while endpoint is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            assert line or process.poll() is None, "le serveur s'est arrêté"
            m = re.search(r"Point d'accès SPARQL : (http://127\.0\.0\.1:\d+/sparql)", line)
            if m:
                endpoint = m.group(1)
        assert endpoint
        sw = SPARQLWrapper(endpoint)
        sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/ecosysteme/ontologie#Acteur> }")
        sw.setReturnFormat(JSON)
        assert sw.query().convert()["results"]["bindings"][0]["n"]["value"] == "102"
        refused = http("POST", endpoint, body="INSERT DATA { <http://a> <http://b> <http://c> }",
                       headers={"Content-Type": "application/sparql-update"})
        assert refused.status == 403
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()


def test_serve_refuses_updates_without_a_token(shared_store):
    env = {**os.environ, "ECOSYSTEME_SPARQL_UPDATE_TOKEN": "court"}
    result = subprocess.run([sys.executable, "-m", "ecosysteme", "serve", "-m", str(shared_store), "--port", "0",
                             "--mises-a-jour"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "ECOSYSTEME_SPARQL_UPDATE_TOKEN" in result.stderr and "court" not in result.stderr
