"""The W3C SPARQL 1.1 Protocol test cases, run against the real server.

Transcribed from the W3C test suite: ``sparql/sparql11/protocol/manifest.ttl``
of https://github.com/w3c/rdf-tests (commit ad541a5f, August 2026), test
names unchanged. Copyright © W3C® (MIT, ERCIM, Keio, Beihang); used under the
W3C Test Suite Licence and the W3C 3-clause BSD Licence
(https://www.w3.org/Consortium/Legal/2008/04-testsuite-copyright.html).

Each case is a list of HTTP requests sent in order on ``/sparql/`` (the path
the manifest uses), each with the status class it expects and, for queries,
the result it expects. Two things are the service's own choice, as the
protocol allows: every request carries our bearer token (updates need it), and
the graphs a query case names in ``ut:graphData`` are loaded before it.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from dataclasses import dataclass, field

import pytest

from tests.server.conftest import UPDATE_TOKEN

DATA = "http://kasei.us/2009/09/sparql/data/"
D0, D1, D2, D3 = (f"{DATA}data{i}.rdf" for i in range(4))
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

RESULT_MEDIA = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_MEDIA = RESULT_MEDIA | {"text/csv", "text/tab-separated-values"}
RDF_MEDIA = {"application/rdf+xml", "text/turtle", "application/n-triples"}


@dataclass(frozen=True)
class Step:
    """One request of a case and what its response must be."""

    method: str
    params: list[tuple[str, str]] = field(default_factory=list)
    content_type: str | None = None
    body: str | None = None
    encoding: str = "utf-8"
    status: str = "2xx"  # 2xx (or 3xx), or 4xx
    boolean: bool | None = None
    format: str | None = None  # boolean, tabular or RDF


def ask_true(body: str, *params: tuple[str, str]) -> Step:
    return Step("POST", list(params), QUERY, body, boolean=True, format="boolean")


def bad(method: str, *params: tuple[str, str], content_type: str | None = None, body: str | None = None,
        encoding: str = "utf-8") -> Step:
    return Step(method, list(params), content_type, body, encoding, status="4xx")


_PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
_THREE_DOCUMENTS = f"""INSERT DATA {{
    GRAPH <{D1}> {{ <{D1}> a foaf:Document }}
    GRAPH <{D2}> {{ <{D2}> a foaf:Document }}
    GRAPH <{D3}> {{ <{D3}> a foaf:Document }}
}} ;
"""


def _two_of_three(graph: str) -> str:
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    return f"""ASK {{
    GRAPH <{graph}> {{
        <{D1}> a {bib} .
        <{D2}> a {bib} .
    }}
    FILTER NOT EXISTS {{
        GRAPH <{graph}> {{
            <{D3}> a {bib} .
        }}
    }}
}}"""


GRAPHS_TEST = "http://example.org/protocol-update-dataset-graphs-test/"
NAMED_TEST = "http://example.org/protocol-update-dataset-named-graphs-test/"
FULL_TEST = "http://example.org/protocol-update-dataset-full-test/"

#: name -> (graphs the case needs loaded, requests)
CASES: dict[str, tuple[list[str], list[Step]]] = {
    "query_post_form": ([], [
        Step("POST", [("default-graph-uri", D0)], FORM, "query=ASK%20%7B%7D", boolean=True, format="boolean")]),
    "query_dataset_default_graphs_get": ([D1, D2], [
        Step("GET", [("query", f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"), ("default-graph-uri", D1),
                     ("default-graph-uri", D2)], boolean=True, format="boolean")]),
    "query_dataset_default_graphs_post": ([D1, D2], [
        ask_true(f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}", ("default-graph-uri", D1),
                 ("default-graph-uri", D2))]),
    "query_dataset_named_graphs_post": ([D1, D2], [
        ask_true(f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}",
                 ("named-graph-uri", D1), ("named-graph-uri", D2))]),
    "query_dataset_named_graphs_get": ([D1, D2], [
        Step("GET", [("query", f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"),
                     ("named-graph-uri", D1), ("named-graph-uri", D2)], boolean=True, format="boolean")]),
    "query_dataset_full": ([D1, D2, D3], [
        ask_true(f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}",
                 ("default-graph-uri", D3), ("named-graph-uri", D1), ("named-graph-uri", D2))]),
    "query_multiple_dataset": ([D1, D2, D3], [
        ask_true(f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}",
                 ("named-graph-uri", D1), ("named-graph-uri", D2))]),
    "query_get": ([], [
        Step("GET", [("query", "ASK {}"), ("default-graph-uri", D0)], boolean=True, format="boolean")]),
    "query_content_type_select": ([], [
        Step("POST", [("default-graph-uri", D0)], QUERY, "SELECT (1 AS ?value) {}", format="tabular")]),
    "query_content_type_ask": ([], [
        Step("POST", [("default-graph-uri", D0)], QUERY, "ASK {}", format="boolean")]),
    "query_content_type_describe": ([], [
        Step("POST", [("default-graph-uri", D0)], QUERY, "DESCRIBE <http://example.org/>", format="RDF")]),
    "query_content_type_construct": ([], [
        Step("POST", [("default-graph-uri", D0)], QUERY, "CONSTRUCT { <s> <p> 1 } WHERE {}", format="RDF")]),
    "update_dataset_default_graph": ([], [
        Step("POST", [("using-graph-uri", D1)], UPDATE, _PREFIXES + f"""CLEAR ALL ;
INSERT DATA {{
    GRAPH <{D1}> {{
        <{D1}> a foaf:Document
    }}
}} ;
INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}"""),
        ask_true(f"""ASK {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        <{D1}> a <http://purl.org/dc/terms/BibliographicResource>
    }}
}}""")]),
    "update_dataset_default_graphs": ([], [
        Step("POST", [("using-graph-uri", D1), ("using-graph-uri", D2)], UPDATE,
             _PREFIXES + "DROP ALL ;\n" + _THREE_DOCUMENTS + f"""INSERT {{
    GRAPH <{GRAPHS_TEST}> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}"""),
        ask_true(_two_of_three(GRAPHS_TEST))]),
    "update_dataset_named_graphs": ([], [
        Step("POST", [("using-named-graph-uri", D1), ("using-named-graph-uri", D2)], UPDATE,
             _PREFIXES + "DROP ALL ;\n" + _THREE_DOCUMENTS + f"""INSERT {{
    GRAPH <{NAMED_TEST}> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    GRAPH ?g {{
        ?s a foaf:Document
    }}
}}"""),
        ask_true(_two_of_three(NAMED_TEST))]),
    "update_dataset_full": ([], [
        Step("POST", [("using-graph-uri", D1), ("using-named-graph-uri", D2)], UPDATE,
             _PREFIXES + "DROP ALL ;\n" + _THREE_DOCUMENTS + f"""INSERT {{
    GRAPH <{FULL_TEST}> {{
        ?s <http://example.org/in> ?in
    }}
}}
WHERE {{
    {{
        GRAPH ?g {{ ?s a foaf:Document }}
        BIND(?g AS ?in)
    }}
    UNION
    {{
        ?s a foaf:Document .
        BIND("default" AS ?in)
    }}
}}"""),
        ask_true(f"""ASK {{
    GRAPH <{FULL_TEST}> {{
        <{D1}> <http://example.org/in> "default" .
        <{D2}> <http://example.org/in> <{D2}> .
    }}
    FILTER NOT EXISTS {{
        GRAPH <{FULL_TEST}> {{
            <{D3}> ?p ?o
        }}
    }}
}}""")]),
    "update_post_form": ([], [Step("POST", [], FORM, "update=CLEAR+ALL")]),
    "update_post_direct": ([], [Step("POST", [], UPDATE, "CLEAR ALL")]),
    "update_base_uri": ([], [
        Step("POST", [], UPDATE, "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
                                 "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { "
                                 "<http://example.org/s> <http://example.org/p> <test> } }"),
        ask_true("""ASK {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
        FILTER (isIRI(?o) && STR(?o) != "test")
    }
}""")]),
    "query_post_direct": ([], [ask_true("ASK {}")]),
    "bad_query_method": ([], [bad("PUT", ("query", "ASK {}"), ("default-graph-uri", D0), content_type=FORM)]),
    "bad_multiple_queries": ([], [bad("GET", ("query", "ASK {}"), ("query", "SELECT * {}"))]),
    "bad_query_wrong_media_type": ([], [bad("POST", content_type="text/plain", body="ASK {}")]),
    "bad_query_missing_form_type": ([], [bad("POST", body="query=ASK%20%7B%7D")]),
    "bad_query_missing_direct_type": ([], [bad("POST", body="ASK {}")]),
    "bad_query_non_utf8": ([], [bad("POST", content_type=f"{QUERY}; charset=UTF-16", body="ASK {}",
                                    encoding="utf-16")]),
    "bad_query_syntax": ([], [bad("GET", ("query", "ASK {"))]),
    "bad_update_get": ([], [bad("GET", ("update", "CLEAR ALL"))]),
    "bad_multiple_updates": ([], [bad("POST", content_type=FORM, body="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT")]),
    "bad_update_wrong_media_type": ([], [bad("POST", content_type="text/plain", body="CLEAR NAMED")]),
    "bad_update_missing_form_type": ([], [bad("POST", body="update=CLEAR%20NAMED")]),
    "bad_update_non_utf8": ([], [bad("POST", content_type=f"{UPDATE}; charset=UTF-16", body="CLEAR NAMED",
                                     encoding="utf-16")]),
    "bad_update_syntax": ([], [bad("POST", content_type=FORM, body="update=CLEAR%20XYZ")]),
    "bad_update_dataset_conflict": ([], [bad("POST", ("using-named-graph-uri", "http://example/people"),
                                             content_type=UPDATE, body="""PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}""")]),
}


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory):
    """A writable endpoint on an empty store of its own (the cases clear it)."""
    from ecosysteme.server import ServerConfig, SparqlServer
    from ecosysteme.stores.rdfstore import RdfStore

    path = tmp_path_factory.mktemp("w3c") / "magasin"
    with RdfStore.write(path):
        pass
    # a generous limit: each update starts a process, which a busy machine makes slow
    srv = SparqlServer(ServerConfig(store=path, port=0, timeout=120.0, workers=1, update_token=UPDATE_TOKEN,
                                    quiet=True)).start()
    yield srv
    srv.stop()


def send(srv, step: Step) -> tuple[int, str, bytes]:
    """The request exactly as written (http.client adds no Content-Type of its own, unlike urllib)."""
    target = "/sparql/" + ("?" + urllib.parse.urlencode(step.params) if step.params else "")
    headers = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    if step.content_type:
        headers["Content-Type"] = step.content_type
    body = step.body.encode(step.encoding) if step.body is not None else None
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
    try:
        conn.request(step.method, target, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, (resp.getheader("Content-Type") or "").split(";")[0].strip(), resp.read()
    finally:
        conn.close()


def load(srv, graphs: list[str]) -> None:
    """``ut:graphData``: each graph holds one triple, ``<graph> a foaf:Document``."""
    blocks = " ".join(f"GRAPH <{g}> {{ <{g}> a <http://xmlns.com/foaf/0.1/Document> }}" for g in graphs)
    status, _, body = send(srv, Step("POST", [], UPDATE, f"INSERT DATA {{ {blocks} }}"))
    assert status == 200, body


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_protocol_case(w3c_server, name):
    graphs, steps = CASES[name]
    if graphs:
        load(w3c_server, graphs)
    for step in steps:
        status, media, body = send(w3c_server, step)
        if step.status == "4xx":
            assert 400 <= status < 500, (status, body)
            continue
        assert 200 <= status < 400, (status, body)
        if step.format == "boolean":
            assert media in RESULT_MEDIA
        elif step.format == "tabular":
            assert media in TABULAR_MEDIA
        elif step.format == "RDF":
            assert media in RDF_MEDIA
        if step.boolean is not None:
            assert media == "application/sparql-results+json"
            assert json.loads(body)["boolean"] is step.boolean

