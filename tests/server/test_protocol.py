"""The SPARQL 1.1 Protocol, driven by a real client (SPARQLWrapper) and by raw HTTP.

Every answer is compared with the embedded store's answer to the same query.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from ecosysteme.stores.rdfstore import RdfStore
from tests.server.conftest import get_query, http

SELECT = """PREFIX eco: <https://w3id.org/ecosysteme/ontologie#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?acteur ?nom ?monde WHERE {
  ?acteur a eco:Acteur ; rdfs:label ?nom .
  OPTIONAL { ?acteur eco:monde ?monde }
} ORDER BY ?acteur"""
CONSTRUCT = """PREFIX eco: <https://w3id.org/ecosysteme/ontologie#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?p rdfs:label ?nom ; eco:theme ?t }
WHERE { ?p a eco:Programme ; rdfs:label ?nom . OPTIONAL { ?p eco:theme ?t } }"""
ASK = "PREFIX eco: <https://w3id.org/ecosysteme/ontologie#> ASK { ?a a eco:Financeur }"


@pytest.fixture(scope="module")
def embedded(shared_store):
    with RdfStore.open(shared_store) as store:
        yield store


def as_json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def expected_bindings(embedded, query: str) -> list[dict]:
    result = embedded.query(query)
    return [{v: as_json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows]


def expected_triples(embedded, query: str) -> set:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in embedded.query(query).triples}


def wrapper(server, fmt, query: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


# ---------------------------------------------------------------- a real SPARQL client

@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(server, embedded, method):
    got = wrapper(server, JSON, SELECT, method).query().convert()
    assert got["head"]["vars"] == ["acteur", "nom", "monde"]
    assert got["results"]["bindings"] == expected_bindings(embedded, SELECT)
    assert len(got["results"]["bindings"]) == 102


def test_sparqlwrapper_select_xml(server, embedded):
    doc = wrapper(server, XML, SELECT).query().convert()
    results = doc.getElementsByTagName("result")
    got = []
    for result in results:
        row = {}
        for binding in result.getElementsByTagName("binding"):
            node = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            term = {"type": {"uri": "uri", "literal": "literal", "bnode": "bnode"}[node.tagName],
                    "value": "".join(c.data for c in node.childNodes)}
            if node.getAttribute("xml:lang"):
                term["xml:lang"] = node.getAttribute("xml:lang")
            if node.getAttribute("datatype"):
                term["datatype"] = node.getAttribute("datatype")
            row[binding.getAttribute("name")] = term
        got.append(row)
    assert got == expected_bindings(embedded, SELECT)


def test_sparqlwrapper_select_csv_and_tsv(server, embedded):
    expected = embedded.query(SELECT)
    rows = list(csv.reader(io.StringIO(wrapper(server, CSV, SELECT).query().convert().decode("utf-8"))))
    assert rows[0] == expected.variables
    assert rows[1:] == [[t.value if t is not None else "" for t in row] for row in expected.rows]
    lines = wrapper(server, TSV, SELECT).query().convert().decode("utf-8").splitlines()
    assert lines[0] == "?acteur\t?nom\t?monde"
    first = lines[1].split("\t")
    assert first[0] == f"<{expected.rows[0][0].value}>"
    assert len(lines) == 1 + len(expected.rows)


def test_sparqlwrapper_ask(server):
    assert wrapper(server, JSON, ASK).query().convert()["boolean"] is True
    doc = wrapper(server, XML, ASK).query().convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, RDFXML])
def test_sparqlwrapper_construct(server, embedded, fmt):
    import rdflib

    got = wrapper(server, fmt, CONSTRUCT).query().convert()
    if isinstance(got, bytes):
        graph = rdflib.Graph().parse(data=got, format="turtle")
    else:
        graph = got
    triples = {(f"<{s}>", f"<{p}>", o.n3() if isinstance(o, rdflib.Literal) else f"<{o}>") for s, p, o in graph}
    expected = expected_triples(embedded, CONSTRUCT)
    assert len(triples) == len(expected) > 80
    assert {(s, p) for s, p, _ in triples} == {(s, p) for s, p, _ in expected}


# ---------------------------------------------------------------- raw HTTP: the three forms

def test_get_post_urlencoded_and_post_direct_agree(server, embedded):
    accept = {"Accept": "application/sparql-results+json"}
    via_get = get_query(server.endpoint, SELECT, accept["Accept"])
    via_form = http("POST", server.endpoint, body=urllib.parse.urlencode({"query": SELECT}),
                    headers={**accept, "Content-Type": "application/x-www-form-urlencoded"})
    via_direct = http("POST", server.endpoint, body=SELECT,
                      headers={**accept, "Content-Type": "application/sparql-query; charset=utf-8"})
    for resp in (via_get, via_form, via_direct):
        assert resp.status == 200 and resp.content_type == "application/sparql-results+json"
        assert resp.json()["results"]["bindings"] == expected_bindings(embedded, SELECT)


def test_dataset_parameters(server):
    from ecosysteme.projections.rdf import dataset_graph_iri

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/ecosysteme/ontologie#Acteur> }"
    resp = get_query(server.endpoint, query, "application/sparql-results+json",
                     **{"default-graph-uri": dataset_graph_iri("petit")})
    assert resp.json()["results"]["bindings"][0]["n"]["value"] == "5"
    direct = http("POST", f"{server.endpoint}?default-graph-uri={urllib.parse.quote(dataset_graph_iri('bord'))}",
                  body=query, headers={"Content-Type": "application/sparql-query"})
    assert direct.json()["results"]["bindings"][0]["n"]["value"] == "7"


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
])
def test_select_content_negotiation(server, accept, expected):
    resp = get_query(server.endpoint, SELECT, accept)
    assert resp.status == 200 and resp.content_type == expected
    assert resp.headers.get("vary") == "Accept"


@pytest.mark.parametrize(("accept", "expected", "fmt"), [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("*/*", "text/turtle", ox.RdfFormat.TURTLE),
])
def test_graph_content_negotiation(server, embedded, accept, expected, fmt):
    resp = get_query(server.endpoint, CONSTRUCT, accept)
    assert resp.status == 200 and resp.content_type == expected
    got = {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(resp.body, format=fmt)}
    assert got == expected_triples(embedded, CONSTRUCT)


def test_not_acceptable(server):
    resp = get_query(server.endpoint, SELECT, "image/png")
    assert resp.status == 406 and "possibles" in resp.text


# ---------------------------------------------------------------- errors

def test_malformed_query_is_a_400_with_the_parser_message(server):
    resp = get_query(server.endpoint, "SELECT ?a WHERE {\n ?a a \n}")
    assert resp.status == 400
    assert resp.content_type == "text/plain"
    assert "Requête SPARQL invalide, ligne 3, colonne " in resp.text
    assert "expected" in resp.text  # the parser's own words
    sw = wrapper(server, JSON, "SELECT ?a WHERE { ?a a }")
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed, match="colonne"):
        sw.query()


def test_other_client_errors(server):
    assert http("POST", server.endpoint, body="x", headers={"Content-Type": "text/plain"}).status == 415
    assert http("POST", server.endpoint, body="", headers={
        "Content-Type": "application/x-www-form-urlencoded"}).status == 400
    assert get_query(server.endpoint, "  ").status == 400
    assert http("GET", f"{server.url}/nulle-part").status == 404


def test_result_size_cap(server):
    resp = get_query(server.endpoint, "SELECT ?t WHERE { ?t a <https://w3id.org/ecosysteme/ontologie#Commune> }")
    assert resp.status == 413 and "5000" in resp.text and "LIMIT" in resp.text
    ok = get_query(server.endpoint, "SELECT ?t WHERE { ?t a <https://w3id.org/ecosysteme/ontologie#Commune> } "
                                    "LIMIT 5000")
    assert ok.status == 200 and len(ok.json()["results"]["bindings"]) == 5000


def test_federated_queries_are_refused(server):
    resp = get_query(server.endpoint, f"SELECT * WHERE {{ SERVICE <{server.endpoint}> {{ ?s ?p ?o }} }} LIMIT 1")
    assert resp.status == 403 and "SERVICE" in resp.text
    literal = get_query(server.endpoint, 'SELECT ?x WHERE { BIND("SERVICE <http://x/> {}" AS ?x) }')
    assert literal.status == 200


def test_updates_are_refused_on_a_read_only_server(server):
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    form = http("POST", server.endpoint, body=urllib.parse.urlencode({"update": update}),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    direct = http("POST", server.endpoint, body=update, headers={"Content-Type": "application/sparql-update"})
    as_query = get_query(server.endpoint, update)
    for resp in (form, direct):
        assert resp.status == 403 and "lecture seule" in resp.text
    assert as_query.status == 400
    check = get_query(server.endpoint, "ASK { <https://example.org/a> ?p ?o }", "application/sparql-results+json")
    assert check.json()["boolean"] is False


def test_slow_query_times_out_without_taking_the_server_down(server):
    commune = "<https://w3id.org/ecosysteme/ontologie#Commune>"
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a {commune} . ?b a {commune} . ?c a {commune} }}"
    answers: dict[str, object] = {}

    def run_slow():
        started = time.monotonic()
        answers["slow"] = get_query(server.endpoint, slow, timeout="1000")  # capped at the server's 4 s
        answers["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    # while the slow query runs, the other worker answers
    quick = get_query(server.endpoint, ASK, "application/sparql-results+json")
    assert quick.status == 200 and quick.json()["boolean"] is True
    thread.join(timeout=60)
    slow_resp = answers["slow"]
    assert slow_resp.status == 503 and "limite de 4 s" in slow_resp.text
    assert 1 <= int(slow_resp.headers["retry-after"]) <= 4  # estimated from the queue, at most the time limit
    assert answers["elapsed"] < 30
    # and afterwards, everything still works (the killed worker was replaced)
    for _ in range(3):
        again = get_query(server.endpoint, ASK, "application/sparql-results+json")
        assert again.status == 200 and again.json()["boolean"] is True


def test_timeout_per_request(server):
    commune = "<https://w3id.org/ecosysteme/ontologie#Commune>"
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a {commune} . ?b a {commune} . ?c a {commune} }}"
    resp = get_query(server.endpoint, slow, timeout="0.5")
    assert resp.status == 503 and "limite de 0.5 s" in resp.text  # not the server's own 4 s
    assert 1 <= int(resp.headers["retry-after"]) <= 4
    quick = get_query(server.endpoint, ASK, "application/sparql-results+json", timeout="10")
    assert quick.status == 200 and quick.json()["boolean"] is True
    for bad in ("abc", "0", "-1", "nan"):
        refused = get_query(server.endpoint, ASK, timeout=bad)
        assert refused.status == 400 and "timeout" in refused.text and "au plus 4 s" in refused.text


# ---------------------------------------------------------------- CORS and service description

def test_cors(server):
    resp = get_query(server.endpoint, ASK, "application/sparql-results+json")
    assert resp.headers["access-control-allow-origin"] == "*"
    pre = http("OPTIONS", server.endpoint, headers={"Origin": "https://example.org",
                                                    "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "content-type"})
    assert pre.status == 204
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()
    bad = get_query(server.endpoint, "SELECT")
    assert bad.headers["access-control-allow-origin"] == "*"


def test_service_description(server, embedded):
    resp = http("GET", server.endpoint, headers={"Accept": "text/turtle"})
    assert resp.status == 200 and resp.content_type == "text/turtle"
    store = ox.Store()
    store.load(resp.body, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [r["e"].value for r in store.query(f"SELECT ?e WHERE {{ ?s <{sd}endpoint> ?e }}")]
    assert endpoints == [server.endpoint]
    names = {r["g"].value: int(r["n"].value) for r in store.query(
        f"SELECT ?g ?n WHERE {{ ?x <{sd}name> ?g ; <{sd}graph> [ <http://rdfs.org/ns/void#triples> ?n ] }}")}
    assert names == {g.iri: g.triples for g in embedded.graphs()}
    languages = {r["l"].value for r in store.query(f"SELECT ?l WHERE {{ ?s <{sd}supportedLanguage> ?l }}")}
    assert languages == {sd + "SPARQL11Query"}  # no update on this server
    browser = http("GET", server.endpoint, headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.status == 200 and "yasgui" in browser.text  # urllib follows the 303 to the query page


# ---------------------------------------------------------------- dereferencing and dumps

def test_resource_iris_dereference(server):
    page = http("GET", f"{server.url}/id/petit/acteur/rameau", headers={"Accept": "text/html"})
    assert page.status == 200 and page.content_type == "text/html"
    assert "Le RAMEAU" in page.text and "Rennes Métropole" in page.text  # its partner, by label
    assert "content-security-policy" in page.headers
    turtle = http("GET", f"{server.url}/id/petit/acteur/rameau", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.content_type == "text/turtle"
    triples = list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))
    subject = "https://w3id.org/ecosysteme/id/petit/acteur/rameau"
    labels = [t.object.value for t in triples if t.subject.value == subject and t.predicate.value.endswith("#label")]
    assert labels == ["Le RAMEAU"]
    jsonld = http("GET", f"{server.url}/id/petit/acteur/rameau?format=jsonld")
    assert jsonld.content_type == "application/ld+json" and json.loads(jsonld.body)
    territory = http("GET", f"{server.url}/territoire/commune/35238", headers={"Accept": "text/html"})
    assert territory.status == 200 and "Rennes" in territory.text and "Association du Quartier Sud" in territory.text
    acteur = urllib.parse.quote("https://w3id.org/ecosysteme/ontologie#Acteur")
    other = http("GET", f"{server.url}/ressource?iri={acteur}", headers={"Accept": "text/html"})
    assert other.status == 200 and "acteur" in other.text
    assert http("GET", f"{server.url}/id/petit/acteur/inconnu", headers={"Accept": "text/html"}).status == 404
    assert http("GET", f"{server.url}/id/petit/acteur/inconnu", headers={"Accept": "text/turtle"}).status == 404


@pytest.mark.parametrize(("ext", "fmt", "media"), [
    ("ttl", ox.RdfFormat.TURTLE, "text/turtle"), ("nt", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json")])
def test_graph_dumps(server, embedded, ext, fmt, media):
    for name in ("petit", "ontologie"):
        info = embedded.graph(name)
        resp = http("GET", f"{server.url}/graphe/{name}.{ext}")
        assert resp.status == 200 and resp.content_type == media
        assert f'filename="{name}.{ext}"' in resp.headers["content-disposition"]
        assert len(set(ox.parse(resp.body, format=fmt))) == info.triples


def test_graph_iri_negotiates(server, embedded):
    nt = http("GET", f"{server.url}/graphe/bord", headers={"Accept": "application/n-triples"})
    assert nt.content_type == "application/n-triples"
    assert len(nt.text.strip().splitlines()) == embedded.graph("bord").triples
    page = http("GET", f"{server.url}/graphe/bord", headers={"Accept": "text/html"})
    assert page.content_type == "text/html" and "bord.ttl" in page.text
    listing = http("GET", f"{server.url}/graphes", headers={"Accept": "text/html"})
    for name in ("territoires", "ontologie", "petit", "bord", "reseau"):
        assert f"/graphe/{name}.ttl" in listing.text
    as_json = http("GET", f"{server.url}/graphes", headers={"Accept": "application/json"})
    assert {g["name"] for g in as_json.json()["graphs"]} == {"territoires", "ontologie", "description", "petit", "bord",
                                                            "reseau"}
    assert http("GET", f"{server.url}/graphe/absent.ttl").status == 404


def test_library_and_static_files(server):
    listing = http("GET", f"{server.url}/requetes/", headers={"Accept": "text/html"})
    assert "q1_besoins_non_couverts.rq" in listing.text
    rq = http("GET", f"{server.url}/requetes/q4_voisinage.rq")
    assert rq.status == 200 and "VALUES ?acteur" in rq.text
    js = http("GET", f"{server.url}/static/yasgui/yasgui.min.js")
    assert js.status == 200 and js.content_type == "text/javascript" and len(js.body) > 500_000
    assert http("GET", f"{server.url}/static/../_app.py").status == 404
    assert http("GET", f"{server.url}/static/%2e%2e/_app.py").status == 404


def test_xml_results_are_well_formed(server):
    resp = get_query(server.endpoint, 'SELECT ?x WHERE { BIND("a < b & \\"c\\"" AS ?x) }',
                     "application/sparql-results+xml")
    root = ET.fromstring(resp.body)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert root.find(".//s:literal", ns).text == 'a < b & "c"'


# ---------------------------------------------------------------- W3C SPARQL 1.1 Protocol points

def test_trailing_slash_is_the_same_endpoint(server):
    via_get = get_query(f"{server.endpoint}/", ASK, "application/sparql-results+json")
    via_post = http("POST", f"{server.endpoint}/", body=ASK, headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    for resp in (via_get, via_post):
        assert resp.status == 200 and resp.json()["boolean"] is True


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_in_french(server, method):
    resp = http(method, f"{server.endpoint}?query=ASK%20%7B%7D", body="query=ASK%20%7B%7D",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 405 and resp.content_type == "text/plain"
    assert f"méthode {method} non prise en charge" in resp.text
    assert "POST" in resp.headers["allow"]


def test_bodies_must_be_utf8(server):
    utf16 = http("POST", server.endpoint, body="ASK {}".encode("utf-16"),
                 headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status == 415 and "UTF-16" in utf16.text and "UTF-8" in utf16.text
    latin1 = http("POST", server.endpoint, body='SELECT ("é" AS ?x) {}'.encode("latin-1"),
                  headers={"Content-Type": "application/sparql-query"})
    assert latin1.status == 400 and "UTF-8" in latin1.text
    form = http("POST", server.endpoint, body="query=SELECT%20(%22%E9%22%20AS%20%3Fx)%20%7B%7D",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status == 400 and "UTF-8" in form.text
    in_url = http("GET", f"{server.endpoint}?query=SELECT%20(%22%E9%22%20AS%20%3Fx)%20%7B%7D")
    assert in_url.status == 400 and "UTF-8" in in_url.text
    ok = http("POST", server.endpoint, body='SELECT ("é" AS ?x) {}'.encode(),
              headers={"Content-Type": "application/sparql-query; charset=utf-8",
                       "Accept": "application/sparql-results+json"})
    assert ok.json()["results"]["bindings"][0]["x"]["value"] == "é"


def test_relative_iris_are_resolved_against_the_endpoint(server):
    resp = get_query(server.endpoint, "SELECT ?x ?y WHERE { BIND(<donnees/a> AS ?x) BIND(<#b> AS ?y) }",
                     "application/sparql-results+json")
    assert resp.status == 200, resp.text
    row = resp.json()["results"]["bindings"][0]
    assert row["x"] == {"type": "uri", "value": f"{server.url}/donnees/a"}
    assert row["y"]["value"] == f"{server.endpoint}#b"
    own_base = get_query(server.endpoint, "BASE <https://example.org/x/> SELECT ?x WHERE { BIND(<a> AS ?x) }",
                         "application/sparql-results+json")
    assert own_base.json()["results"]["bindings"][0]["x"]["value"] == "https://example.org/x/a"


def test_errors_found_by_the_http_layer_are_in_french(server):
    import socket

    def raw(request: bytes) -> str:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(request)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8")

    unknown = raw(b"FOO /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    assert unknown.startswith("HTTP/1.1 405") and "méthode FOO non prise en charge" in unknown
    assert "Allow: GET, HEAD, POST, OPTIONS" in unknown
    broken = raw(b"GET /sparql avec espace HTTP/1.1\r\nHost: x\r\n\r\n")
    assert broken.startswith("HTTP/1.1 400") and "requête HTTP mal formée" in broken
    assert "Content-Type: text/plain; charset=utf-8" in broken and "<html" not in broken.lower()


def test_json_ld_answers_are_compacted_under_the_served_context(server):
    """A resource, and a CONSTRUCT, in JSON-LD: compacted under the shipped @context, the same graph as in Turtle."""
    from pyld import jsonld

    context = http("GET", f"{server.url}/ontologie/contexte.jsonld")
    assert context.status == 200 and context.content_type == "application/ld+json"
    assert context.json()["@context"]["partenaireDe"]
    iri = f"{server.url}/id/petit/acteur/rameau"
    query = ("CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o FILTER (?a = "
             "<https://w3id.org/ecosysteme/id/petit/acteur/rameau>) }")
    for url, kw in [(f"{iri}?format=jsonld", {}),
                    (f"{server.url}/sparql?{urllib.parse.urlencode({'query': query})}",
                     {"headers": {"Accept": "application/ld+json"}})]:
        compact = http("GET", url, **kw)
        assert compact.status == 200 and compact.content_type == "application/ld+json", compact.text[:200]
        doc = compact.json()
        assert doc["@context"] == context.json()["@context"] and "@graph" in doc
        turtle = http("GET", url.replace("format=jsonld", "format=ttl"),
                      headers={"Accept": "text/turtle"}) if "format=" in url else http(
            "GET", url, headers={"Accept": "text/turtle"})
        expected = {str(t) for t in ox.parse(turtle.body, format=ox.RdfFormat.TURTLE)}
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
        got = {str(t) for t in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}
        assert got == expected and expected
