"""Published store versions served read-only: each at /versions/<v>/sparql (and /sparql?version=), citable."""

from __future__ import annotations

import urllib.parse

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from ecosysteme.server import ServerConfig, SparqlServer
from ecosysteme.stores.rdfstore import RdfStore
from tests.server.conftest import UPDATE_TOKEN, get_query, http

NOTE = "https://example.org/note"
ASK = f"ASK {{ <{NOTE}> ?p ?o }}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a eco:Acteur }"


@pytest.fixture
def served(make_store, small_model, bord_model):
    """A server on a store with two published versions: v1 (small dataset), v2 (plus bord); updates allowed."""
    path = make_store(small_model)
    with RdfStore.open(path) as store:
        v1 = store.version
    srv = SparqlServer(ServerConfig(store=path, port=0, timeout=60.0, update_token=UPDATE_TOKEN, workers=1,
                                    short_lane=1, quiet=True)).start()
    from ecosysteme.stores.rdfstore import build_store

    build_store(path, bord_model)  # published while the server runs: its workers follow the new version
    with RdfStore.open(path) as store:
        v2 = store.version
    yield srv, path, v1, v2
    srv.stop()


def count(endpoint: str) -> int:
    client = SPARQLWrapper(endpoint)
    client.setQuery("PREFIX eco: <https://w3id.org/ecosysteme/ontologie#>\n" + COUNT)
    client.setReturnFormat(JSON)
    return int(client.query().convert()["results"]["bindings"][0]["n"]["value"])


def test_each_version_answers_as_published(served):
    srv, _path, v1, v2 = served
    base = srv.endpoint.rsplit("/", 1)[0]
    current = count(srv.endpoint)
    old = count(f"{base}/versions/{v1}/sparql")
    assert count(f"{base}/versions/{v2}/sparql") == current
    assert old < current and old == 5 and current == 5 + 7
    # the same with ?version= on /sparql (in the address or in a form), and through rdflib's SPARQLStore
    resp = get_query(srv.endpoint, COUNT, "application/sparql-results+json", version=v1)
    assert int(resp.json()["results"]["bindings"][0]["n"]["value"]) == old
    form = http("POST", srv.endpoint, body=urllib.parse.urlencode({"query": COUNT, "version": v1}),
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "Accept": "application/sparql-results+json"})
    assert int(form.json()["results"]["bindings"][0]["n"]["value"]) == old
    for method in ("GET", "POST"):
        graph = rdflib.Graph(store=SPARQLStore(f"{base}/versions/{v1}/sparql", method=method))
        rows = list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a "
                                "<https://w3id.org/ecosysteme/ontologie#Acteur> }"))
        assert int(rows[0][0]) == old


def test_updates_go_to_the_current_version_only(served):
    srv, _path, v1, _v2 = served
    base = srv.endpoint.rsplit("/", 1)[0]
    insert = f'INSERT DATA {{ GRAPH <https://example.org/notes> {{ <{NOTE}> <{NOTE}#p> "x" }} }}'
    headers = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    for url in (f"{base}/versions/{v1}/sparql", f"{srv.endpoint}?version={v1}"):
        refused = http("POST", url, body=insert, headers={**headers, "Content-Type": "application/sparql-update"})
        assert refused.status == 403 and f"la version publiée {v1} est en lecture seule" in refused.text
        form = http("POST", url, body=urllib.parse.urlencode({"update": insert}),
                    headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        assert form.status == 403 and "lecture seule" in form.text
    assert http("GET", f"{base}/versions/{v1}/sparql?update=x").status == 403
    ok = http("POST", srv.endpoint, body=insert, headers={**headers, "Content-Type": "application/sparql-update"})
    assert ok.status == 200, ok.text
    asked = get_query(srv.endpoint, ASK, "application/sparql-results+json")
    assert asked.json()["boolean"] is True
    assert get_query(f"{base}/versions/{v1}/sparql", ASK, "application/sparql-results+json").json()["boolean"] is False


def test_unknown_version_is_a_french_404(served):
    srv, _path, v1, v2 = served
    base = srv.endpoint.rsplit("/", 1)[0]
    for url in (f"{base}/versions/v999999/sparql?query=ASK%7B%7D", f"{srv.endpoint}?query=ASK%7B%7D&version=v9"):
        resp = http("GET", url)
        assert resp.status == 404 and "pas de version" in resp.text and v1 in resp.text and v2 in resp.text


def test_versions_are_listed_and_described_with_their_endpoints(served):
    srv, _path, v1, v2 = served
    base = srv.endpoint.rsplit("/", 1)[0]
    listing = http("GET", f"{base}/versions", headers={"Accept": "application/json"}).json()["versions"]
    assert [v["nom"] for v in listing] == [v2, v1, *[v["nom"] for v in listing[2:]]]
    assert listing[0]["actuelle"] and listing[0]["point_d_acces"] == f"{base}/versions/{v2}/sparql"
    status = http("GET", f"{base}/statut?format=json").json()
    assert [v["nom"] for v in status["versions"]][:2] == [v2, v1]
    page = http("GET", f"{base}/versions", headers={"Accept": "text/html"}).text
    assert f"{base}/versions/{v1}/sparql" in page and listing[1]["empreinte"] in page
    one = http("GET", f"{base}/versions/{v1}/", headers={"Accept": "text/html"})
    assert one.status == 200 and f"Version {v1}" in one.text and "petit : " in one.text and "bord : " not in one.text
    assert http("GET", f"{base}/versions/{v1}/?format=json").json()["empreinte"] == listing[1]["empreinte"]
    # its service description names its own endpoint, without updates
    sd_v1 = http("GET", f"{base}/versions/{v1}/sparql", headers={"Accept": "text/turtle"}).text
    assert f"<{base}/versions/{v1}/sparql>" in sd_v1 and "SPARQL11Update" not in sd_v1
    # the version's own description names its endpoint and its fingerprint
    void = rdflib.Graph().parse(data=http("GET", f"{base}/versions/{v1}/.well-known/void",
                                          headers={"Accept": "text/turtle"}).text, format="turtle")
    rows = list(void.query("""PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?e ?f WHERE { ?v dcat:version ?name ; void:sparqlEndpoint ?e .
                             OPTIONAL { ?v spdx:checksum/spdx:checksumValue ?f } }""", initBindings={
        "name": rdflib.Literal(v1)}))
    assert [(str(e), str(f)) for e, f in rows] == [(f"{base}/versions/{v1}/sparql", listing[1]["empreinte"])]
    # the current description lists every version kept, each with its endpoint
    current = rdflib.Graph().parse(data=http("GET", f"{base}/.well-known/void",
                                             headers={"Accept": "text/turtle"}).text, format="turtle")
    endpoints = {str(o) for o in current.objects(None, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))}
    assert {srv.endpoint, f"{base}/versions/{v1}/sparql", f"{base}/versions/{v2}/sparql"} <= endpoints
    # and so does the service description
    sd = rdflib.Graph().parse(data=http("GET", srv.endpoint, headers={"Accept": "text/turtle"}).text,
                              format="turtle")
    assert f"{base}/versions/{v1}/sparql" in {str(o) for o in sd.objects(
        None, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))}
    # a version's graphs are downloadable as they were
    dump = http("GET", f"{base}/versions/{v1}/graphe/bord.ttl")
    assert dump.status == 404  # bord came with v2
    assert http("GET", f"{base}/versions/{v2}/graphe/bord.ttl").status == 200


def test_a_version_being_served_is_not_pruned(make_store, small_model, bord_model):
    from ecosysteme.stores.rdfstore import build_store

    path = make_store(small_model)
    build_store(path, bord_model)
    first, v1, v2 = [v.name for v in RdfStore.versions(path)]
    srv = SparqlServer(ServerConfig(store=path, port=0, timeout=60.0, workers=1, short_lane=0, quiet=True)).start()
    try:
        base = srv.endpoint.rsplit("/", 1)[0]
        assert count(srv.endpoint) == 12  # the one worker reads the current version, v2
        assert count(f"{base}/versions/{v1}/sparql") == 5  # and now holds v1 open as well
        removed, busy = RdfStore.prune(path, keep=1)
        assert removed == [first] and busy == [v1]
        assert count(f"{base}/versions/{v1}/sparql") == 5
        assert [v.name for v in RdfStore.versions(path)] == [v1, v2]
    finally:
        srv.stop()
