"""The store's VoID + DCAT description, as a client gets it from the endpoint: its dump links work."""

from __future__ import annotations

import pyoxigraph as ox

from ecosysteme.stores.rdfstore import DESCRIPTION_GRAPH, GRAPH_NS
from tests.server.conftest import get_query, http

VOID = "http://rdfs.org/ns/void#"


def test_description_graph_is_served_and_its_dumps_download(server):
    resp = http("GET", f"{server.url}/graphe/description.ttl")
    assert resp.status == 200 and resp.content_type == "text/turtle"
    description = ox.Store()
    description.load(resp.body, format=ox.RdfFormat.TURTLE)
    rows = list(description.query(f"SELECT ?g ?n ?dump {{ <{DESCRIPTION_GRAPH}#magasin> <{VOID}subset> ?g . "
                                  f"?g <{VOID}triples> ?n ; <{VOID}dataDump> ?dump "
                                  "FILTER (STRENDS(STR(?dump), '.nt')) }"))
    by_graph = {r["g"].value.removeprefix(GRAPH_NS): (int(r["n"].value), r["dump"].value) for r in rows}
    assert {"territoires", "ontologie", "petit", "bord", "reseau"} == set(by_graph)
    triples, dump = by_graph["bord"]
    got = http("GET", dump.replace(GRAPH_NS, f"{server.url}/graphe/"))  # the w3id IRI, served by the endpoint
    assert got.status == 200 and len(set(ox.parse(got.body, format=ox.RdfFormat.N_TRIPLES))) == triples
    # and through SPARQL, in the reserved named graph
    query = f"SELECT ?n {{ GRAPH <{DESCRIPTION_GRAPH}> {{ <{GRAPH_NS}bord> <{VOID}triples> ?n }} }}"
    answer = get_query(server.endpoint, query, accept="application/sparql-results+json")
    assert [b["n"]["value"] for b in answer.json()["results"]["bindings"]] == [str(triples)]


def test_well_known_void_and_the_service_description_lead_to_the_description(server):
    from ecosysteme.stores.rdfstore._description import STORE_IRI

    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = ox.Store()
    resp = http("GET", server.endpoint, headers={"Accept": "text/turtle"})
    service.load(resp.body, format=ox.RdfFormat.TURTLE)
    rows = list(service.query(f"SELECT ?d ?void {{ ?s <{sd}defaultDataset> ?d . "
                              "?d <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?void }"))
    assert [(r["d"].value, r["void"].value) for r in rows] == [(STORE_IRI, f"{server.url}/.well-known/void")]
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
        got = http("GET", rows[0]["void"].value, headers={"Accept": accept})
        assert got.status == 200 and got.content_type == accept
        description = ox.Store()
        description.load(got.body, format=fmt)
        # the dataset the service names is the one the description counts, graph by graph
        assert description.query(f"ASK {{ <{STORE_IRI}> a <{VOID}Dataset> ; <{VOID}subset> <{GRAPH_NS}bord> }}")
    page = http("GET", f"{server.url}/.well-known/void", headers={"Accept": "text/html"})
    assert page.status == 200 and page.content_type == "text/html" and "description" in page.text
