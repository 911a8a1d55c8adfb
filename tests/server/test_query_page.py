"""The query page and the resource pages in a real headless Chromium, offline except 127.0.0.1."""

from __future__ import annotations

import pytest

from ecosysteme.server import ServerConfig, SparqlServer
from tests.browser import open_page
from tests.server.conftest import http

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=alert(1)>"
ACTIVE_YASR = "window.ecoYasgui.getTab().getYasr().rootEl"


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression from Python (``page.wait_for_function`` evals strings, which our CSP forbids)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(f"Boolean({expression})"):
        assert time.monotonic() < deadline, f"délai dépassé en attendant : {expression}"
        time.sleep(0.1)


def run_and_wait(page) -> tuple[int, str]:
    """Run the active tab's query; wait for its results table; return (rows, text of the results)."""
    page.evaluate("void window.ecoYasgui.getTab().getYasqe().query()")
    wait_until(page, f"{ACTIVE_YASR}.querySelectorAll('.dataTable tbody tr').length > 0")
    rows = page.evaluate(f"{ACTIVE_YASR}.querySelectorAll('.dataTable tbody tr').length")
    return rows, page.evaluate(f"{ACTIVE_YASR}.innerText")


def test_query_page_runs_an_example_query(chromium, server):
    with open_page(chromium, f"{server.url}/", allow_local_server=True, screenshot="yasgui") as page:
        wait_until(page, "window.ecoReady === true")
        # the shipped queries are listed, the first tab holds one of them
        assert page.locator("button.eco-requete").count() >= 10
        page.get_by_role("button", name="Relais et porteurs des programmes").click()
        wait_until(page, "window.ecoYasgui.getTab().getQuery().includes('Relais et porteurs')")
        rows, text = run_and_wait(page)
        assert rows > 5
        assert "Kit ODD 17 en pratique" in text and "Rennes Métropole" in text


def test_parameterised_query_from_the_page(chromium, server, shared_store):
    from ecosysteme.stores.rdfstore import RdfStore

    with RdfStore.open(shared_store) as store:
        result = store.run("q3_mondes_sans_rencontre", territoire="france")
    expected = len(result)
    worlds = {t.value.rsplit("/", 1)[-1] for row in result.rows for t in row if "/vocabulaire/monde/" in str(t)}
    assert expected > 0 and worlds
    with open_page(chromium, f"{server.url}/", allow_local_server=True) as page:
        wait_until(page, "window.ecoReady === true")
        page.evaluate("void window.ecoOuvrirRequete('q3_mondes_sans_rencontre')")
        rows, text = run_and_wait(page)
        assert rows == expected and all(w in text for w in worlds)  # the store's own answer, on the page


@pytest.fixture(scope="module")
def evil_server(base_store, tmp_path_factory):
    import shutil

    from ecosysteme.io import load_valid
    from ecosysteme.stores.rdfstore import build_store
    from tests.stores.conftest import write_tables

    folder = write_tables(tmp_path_factory.mktemp("evil") / "piege", {
        "acteurs": [["id", "nom", "type", "territoires", "description"],
                    ["piege", EVIL, "association", "commune:35238", '"><script>alert(2)</script>'],
                    ["voisin", "Voisin <b>gras</b>", "association", "commune:35238", ""]],
        "relations": [["source", "cible", "type"], ["piege", "voisin", "partenariat"]],
    })
    path = tmp_path_factory.mktemp("evil-magasin") / "magasin"
    shutil.copytree(base_store, path)
    build_store(path, load_valid(folder, dataset="piege"))
    srv = SparqlServer(ServerConfig(store=path, port=0, quiet=True)).start()
    yield srv
    srv.stop()


def test_resource_pages_show_data_as_text(chromium, evil_server):
    raw = http("GET", f"{evil_server.url}/id/piege/acteur/piege", headers={"Accept": "text/html"})
    assert raw.status == 200
    assert EVIL not in raw.text and "&lt;img src=x onerror=alert(1)&gt;" in raw.text
    with open_page(chromium, f"{evil_server.url}/id/piege/acteur/piege", allow_local_server=True,
                   screenshot="ressource") as page:
        assert page.locator("h1").inner_text() == EVIL
        assert page.locator("img").count() == 0 and page.locator("b").count() == 0
        assert "Voisin <b>gras</b>" in page.locator("main").inner_text()
    with open_page(chromium, f"{evil_server.url}/territoire/commune/35238", allow_local_server=True) as page:
        assert EVIL in page.locator("main").inner_text()


def test_query_page_shows_results_with_markup_as_text(chromium, evil_server):
    # Result values are escaped as text by our table renderer (requetes.js), never parsed as HTML:
    # YASR's own renderer passed them through DOMPurify, whose parse Chromium reported as CSP
    # violations (the inline handler was only blocked by the CSP). Now the log must be clean.
    with open_page(chromium, f"{evil_server.url}/", allow_local_server=True, check=False) as page:
        wait_until(page, "window.ecoReady === true")
        query = "SELECT ?nom WHERE { ?a a eco:Acteur ; rdfs:label ?nom }"
        page.evaluate(f"void window.ecoYasgui.getTab().setQuery('{query}')")
        _, text = run_and_wait(page)
        assert EVIL in text
        assert page.evaluate(f"{ACTIVE_YASR}.querySelectorAll('img').length") == 0
        page.wait_for_timeout(500)
        log = page.eco_log
    assert not log.blocked and not log.page_errors and not log.dialogs
    assert not log.console_errors, log.console_errors


def test_query_page_speaks_french_and_leaves_the_data_alone(chromium, server):
    english = ["Download result", "Simple view", "Show all", "Filter query results", "Run query", "Share query",
               "Add tab", "Ellipse", "Page size"]
    query = "SELECT ?x ?Table WHERE { VALUES (?x ?Table) { (\"Table\" \"Show all\") (\"Response\" \"Ellipse\") } }"
    with open_page(chromium, f"{server.url}/", allow_local_server=True, screenshot="yasgui-fr") as page:
        wait_until(page, "window.ecoReady === true")
        page.evaluate(f"void window.ecoYasgui.getTab().setQuery({query!r})")
        rows, _ = run_and_wait(page)
        assert rows == 2
        wait_until(page, f"{ACTIVE_YASR}.innerText.includes('2 résultats en ')")
        yasr = page.evaluate(f"{ACTIVE_YASR}.innerText")
        assert "Tableau" in yasr and "Réponse" in yasr
        # the results are data: a cell or a column named like a button stays as it is
        cells = page.evaluate(f"Array.from({ACTIVE_YASR}.querySelectorAll('tbody td')).map(td => td.innerText)")
        assert {"Table", "Response", "Show all", "Ellipse"} <= {c.strip() for c in cells}
        assert "Table" in page.evaluate(f"{ACTIVE_YASR}.querySelector('thead').innerText")
        assert page.locator("[title='Lancer la requête']").count() >= 1
        outside_data = page.evaluate("""(() => {
            const root = document.getElementById('yasgui');
            const clone = root.cloneNode(true);
            clone.querySelectorAll('.CodeMirror-scroll, table.dataTable tbody, table.dataTable thead')
                 .forEach(e => e.remove());
            const attrs = Array.from(clone.querySelectorAll('[title],[aria-label],[placeholder]')).map(
                e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('placeholder')].join(' '));
            return clone.textContent + ' ' + attrs.join(' ');
        })()""")
        left = [s for s in english if s in outside_data]
        assert not left, f"textes restés en anglais : {left}"
