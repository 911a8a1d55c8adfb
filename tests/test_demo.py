"""`ecosysteme demo`: the main job on the bundled data, as `make demo` runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import open_page


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "sortie-demo"
    result = subprocess.run([sys.executable, "-m", "ecosysteme", "demo", "--out", str(out)], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Ouvrez" in result.stderr
    return out


def test_demo_writes_every_output(demo_out):
    for name in ("reseau", "exemple-epci"):
        folder = demo_out / name
        assert (folder / "exports" / "graphe.ttl").stat().st_size > 1000
        assert (folder / "carte.html").exists() and (folder / "territoires.html").exists()
        assert (folder / "trous" / "trous.html").exists() and (folder / "trous" / "trous.csv").exists()
    assert (demo_out / "exemple-epci" / "suggestions.csv").read_text(encoding="utf-8").count("\n") > 5
    assert len(list((demo_out / "radars").glob("*.png"))) == 13
    assert (demo_out / "magasin").is_dir()


def test_demo_store_answers_sparql(demo_out):
    from ecosysteme.stores.rdfstore import RdfStore

    store = RdfStore.open(demo_out / "magasin")
    result = store.query("SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a eco:Acteur } } GROUP BY ?g")
    counts = {str(g.value).rsplit("/", 1)[1]: int(n.value) for g, n in result.rows}
    assert counts == {"reseau": 90, "exemple-epci": 220}


def test_demo_index_links_resolve_and_page_is_clean(demo_out, chromium):
    with open_page(chromium, demo_out / "index.html", screenshot="demo-index") as page:
        hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) > 30
    for href in hrefs:
        assert (demo_out / href).exists(), href
