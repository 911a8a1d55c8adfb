"""``/ontologie`` as documentation, generated from the Turtle, in a real headless Chromium."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ecosysteme.server._ontology_page import ontology_page
from ecosysteme.stores.rdfstore import ontology_files
from tests.browser import open_page
from tests.server.conftest import http

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=alert(1)>"


def count(query: str) -> int:
    store = ox.Store()
    for path in ontology_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return int(next(iter(store.query(query)))["n"].value)


def test_ontology_page_documents_every_term(chromium, server):
    classes = count("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a <http://www.w3.org/2002/07/owl#Class> "
                    "FILTER STRSTARTS(STR(?c), 'https://w3id.org/ecosysteme/ontologie#') }")
    concepts = count("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c <http://www.w3.org/2004/02/skos/core#inScheme> ?s }")
    with open_page(chromium, f"{server.url}/ontologie", allow_local_server=True, screenshot="ontologie") as page:
        assert page.locator("h1").inner_text().startswith("Ontologie ecosysteme")
        assert "ecosysteme ontology" in page.locator("h1").inner_text()  # the English title beside it
        terms = page.locator("section.eco-terme")
        acteur = page.locator("#t-eco-Acteur")
        assert "acteur" in acteur.locator("h3").inner_text() and "(actor)" in acteur.locator("h3").inner_text()
        assert "Person or organisation acting on a territory." in acteur.inner_text()
        assert page.locator("#classes ~ section small", has_text="classe").count() == classes
        assert page.locator("section small", has_text="concept").count() - page.locator(
            "section small", has_text="schéma de concepts").count() == concepts
        assert terms.count() > classes + concepts
        # a domain links to its class's section on the same page
        page.locator("#t-eco-alias dd a", has_text="eco:Acteur").click()
        assert page.evaluate("location.hash") == "#t-eco-Acteur"
        # unions are spelled out, and the schemes list their concepts with FR and EN labels
        assert "eco:Acteur ou eco:Programme" in page.locator("#t-eco-relaie").inner_text()
        assert "(State and institutions)" in page.locator("main").inner_text()
    # RDF clients still get the ontology itself
    turtle = http("GET", f"{server.url}/ontologie", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.content_type == "text/turtle"


def test_ontology_page_escapes_what_the_files_say(chromium, tmp_path):
    evil = tmp_path / "piege.ttl"
    evil.write_text(f"""
@prefix eco: <https://w3id.org/ecosysteme/ontologie#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ecosysteme/ontologie> a owl:Ontology ; <http://purl.org/dc/terms/title> "{EVIL}"@fr .
eco:Piege a owl:Class ; rdfs:label "{EVIL}"@fr , "<b>gras</b>"@en ;
    rdfs:comment "\\"><script>alert(2)</script>"@fr .
eco:lien a owl:ObjectProperty ; rdfs:domain eco:Piege ; rdfs:range <javascript:alert(3)> .
""", encoding="utf-8")
    html = ontology_page([evil])
    assert EVIL not in html and "<script>alert" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    page_file = tmp_path / "ontologie.html"
    page_file.write_text(html, encoding="utf-8")
    with open_page(chromium, page_file, check=False) as page:  # its stylesheet is not served here
        assert page.locator("h1").inner_text().startswith(EVIL)
        assert page.locator("main img").count() == 0 and page.locator("main b").count() == 0
        assert page.locator("main script").count() == 0
        assert '"><script>alert(2)</script>' in page.locator("#t-eco-Piege").inner_text()
        assert page.locator("a[href^='javascript']").count() == 0
        log = page.eco_log
    assert not log.dialogs and not log.page_errors
