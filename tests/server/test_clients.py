"""Every SPARQL client works: rdflib's ``SPARQLStore``, SPARQLWrapper and Apache Jena's HTTP client in each
of their return formats, for each query form and request method.

Run against the real endpoint; every answer is compared with the embedded
store's answer to the same query.
"""

from __future__ import annotations

import io
import json
import subprocess
import warnings

import pytest
import rdflib
import SPARQLWrapper as sw
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from ecosysteme.stores.rdfstore import RdfStore
from tests.conftest import ROOT
from tests.server.conftest import get_query

ECO = "https://w3id.org/ecosysteme/ontologie#"
RAMEAU = "https://w3id.org/ecosysteme/id/petit/acteur/rameau"
SELECT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?acteur ?nom WHERE {{ ?acteur a <{ECO}Acteur> ; rdfs:label ?nom }} ORDER BY ?acteur"""
ASK_TRUE = f"ASK {{ ?a a <{ECO}Financeur> }}"
ASK_FALSE = "ASK { <https://example.org/absent> ?p ?o }"
CONSTRUCT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?p rdfs:label ?nom }} WHERE {{ ?p a <{ECO}Programme> ; rdfs:label ?nom }}"""
DESCRIBE = f"DESCRIBE <{RAMEAU}>"

RETURN_FORMATS = ["json", "xml", "csv", "tsv"]
METHODS = ["GET", "POST", "POST_FORM"]


@pytest.fixture(scope="module")
def embedded(shared_store):
    with RdfStore.open(shared_store) as store:
        yield store


def rdflib_graph(server, return_format: str, method: str) -> rdflib.Graph:
    return rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat=return_format, method=method))


def ask_answer(result) -> bool:
    """What a researcher reads from an ASK: JSON/XML give a boolean; CSV/TSV a one-cell table."""
    if result.type == "ASK":
        return result.askAnswer
    rows = list(result)
    assert [str(v) for v in result.vars] == ["_askResult"] and len(rows) == 1
    return {"true": True, "false": False}[str(rows[0][0])]


def as_text(triples) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in triples}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
def test_rdflib_select(server, embedded, return_format, method):
    result = rdflib_graph(server, return_format, method).query(SELECT)
    expected = embedded.query(SELECT)
    assert [str(v) for v in result.vars] == ["acteur", "nom"]
    assert [(str(a), str(n)) for a, n in result] == [(a.value, n.value) for a, n in expected.rows]
    assert len(expected.rows) == 102


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
def test_rdflib_ask(server, return_format, method):
    graph = rdflib_graph(server, return_format, method)
    assert ask_answer(graph.query(ASK_TRUE)) is True
    assert ask_answer(graph.query(ASK_FALSE)) is False


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
def test_rdflib_construct(server, embedded, return_format, method):
    result = rdflib_graph(server, return_format, method).query(CONSTRUCT)
    assert result.type == "CONSTRUCT"
    expected = {(t.subject.value, t.predicate.value, t.object.value) for t in embedded.query(CONSTRUCT).triples}
    assert as_text(result.graph) == expected and len(expected) > 50


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
def test_rdflib_describe(server, embedded, return_format, method):
    result = rdflib_graph(server, return_format, method).query(DESCRIBE)
    expected = {(t.subject.value, t.predicate.value, t.object.value) for t in embedded.query(DESCRIBE).triples}
    assert as_text(result.graph) == expected
    assert (RAMEAU, "http://www.w3.org/2000/01/rdf-schema#label", "Le RAMEAU") in expected


# ---------------------------------------------------------------- SPARQLWrapper

WRAPPER_FORMATS = [sw.JSON, sw.XML, sw.CSV, sw.TSV, sw.TURTLE, sw.N3, sw.RDFXML, sw.JSONLD, sw.RDF]
WRAPPER_METHODS = [("GET", sw.URLENCODED), ("POST", sw.URLENCODED), ("POST", sw.POSTDIRECTLY)]
GRAPH_MEDIA = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@pytest.mark.parametrize(("method", "encoding"), WRAPPER_METHODS, ids=["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("form", ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("return_format", WRAPPER_FORMATS)
def test_sparqlwrapper_every_combination(server, embedded, return_format, form, method, encoding):
    query = {"SELECT": SELECT, "ASK": ASK_TRUE, "CONSTRUCT": CONSTRUCT, "DESCRIBE": DESCRIBE}[form]
    client = sw.SPARQLWrapper(server.endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    client.setRequestMethod(encoding)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper's own note when it widens Accept
        response = client.query().response
    media = response.headers["Content-Type"].split(";")[0]
    body = response.read()
    if form in ("SELECT", "ASK"):
        result = Result.parse(io.BytesIO(body), content_type=media)
        if form == "ASK":
            assert ask_answer(result) is True
        else:
            assert len(result) == len(embedded.query(SELECT).rows) == 102
    else:
        graph = rdflib.Graph().parse(data=body, format=GRAPH_MEDIA[media])
        expected = {(t.subject.value, t.predicate.value, t.object.value) for t in embedded.query(query).triples}
        assert as_text(graph) == expected


# ---------------------------------------------------------------- Apache Jena (jena-arq, as rsparql and RDFConnection)

#: Jena's client reads a TSV answer as rows only, so an ASK asked in TSV fails inside Jena (against Fuseki too):
#: Jena's limit, not the server's (it sends ``?_askResult`` then ``true``, which Jena's own TSV writer writes).
JENA_OWN_LIMITS = {("ask", "text/tab-separated-values")}


def test_jena_every_combination(server, embedded, tmp_path):
    files = []
    for form, query in (("select", SELECT), ("ask", ASK_TRUE), ("construct", CONSTRUCT), ("describe", DESCRIBE)):
        files.append(tmp_path / f"{form}.rq")
        files[-1].write_text(query, encoding="utf-8")
    run = subprocess.run([str(ROOT / "scripts" / "jena_tools.sh"), "client", server.endpoint, *map(str, files)],
                         capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr[-3000:]
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(answers) == 2 * 3 * 5 + 2 * 3 * 7  # forms x (GET, POST form, POST direct) x Accept headers
    expected = {"select": 102, "ask": True,
                "construct": len(embedded.query(CONSTRUCT).triples), "describe": len(embedded.query(DESCRIBE).triples)}
    for answer in answers:
        if (answer["form"], answer["accept"]) in JENA_OWN_LIMITS:
            continue
        assert answer["ok"], answer
        assert answer["value"] == expected[answer["form"]], answer
        if answer["form"] in ("construct", "describe") and answer["accept"] in ("application/sparql-results+json",
                                                                                 "text/csv"):
            assert answer["type"].startswith("text/turtle")  # a results format asked for a graph: Turtle


# ---------------------------------------------------------------- the same, over raw HTTP

@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_graph_query_asked_in_a_results_format_gets_turtle(server, accept):
    resp = get_query(server.endpoint, CONSTRUCT, accept)
    assert resp.status == 200 and resp.content_type == "text/turtle"
    assert len(rdflib.Graph().parse(data=resp.body, format="turtle")) > 50


def test_graph_query_with_no_acceptable_format_is_still_406(server):
    resp = get_query(server.endpoint, CONSTRUCT, "image/png")
    assert resp.status == 406 and "possibles" in resp.text


@pytest.mark.parametrize(("accept", "body"), [
    ("text/csv", "_askResult\r\ntrue\r\n"), ("text/tab-separated-values", "?_askResult\ntrue\n")])
def test_ask_tables_have_a_header_line(server, accept, body):
    resp = get_query(server.endpoint, ASK_TRUE, accept)
    assert resp.status == 200 and resp.content_type == accept and resp.text == body
    false = get_query(server.endpoint, ASK_FALSE, accept)
    assert false.text == body.replace("true", "false")
