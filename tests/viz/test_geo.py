"""The geographic view (``carte --vue geographique`` and the map's tab): data, CLI and a real Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from ecosysteme.analysis.gaps import find_gaps
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.territories import Territories, load_territories
from ecosysteme.viz import write_map
from ecosysteme.viz.geo import geo_data, write_geo_map
from tests.browser import ARTIFACTS, open_page, wait_for
from tests.conftest import ROOT
from tests.viz.conftest import XSS_NAME, wait_map

EXEMPLE = ROOT / "data" / "exemple-epci"
EPCI = "242900835"
XSS_COMMUNE = "<script>alert(7)</script>Morlaix"


@pytest.fixture(scope="module")
def exemple():
    from ecosysteme.io import load_valid

    return load_valid(EXEMPLE, dataset="exemple-epci")


@pytest.fixture(scope="module")
def epci_communes() -> list[str]:
    return sorted(c for lvl, c in load_territories().descendants("epci", EPCI) if lvl == "commune")


@pytest.fixture(scope="module")
def data(exemple):
    return geo_data(exemple)


def _rings(d: str) -> list[list[tuple[float, float]]]:
    return [[tuple(map(float, pt.split())) for pt in ring.split("L")] for ring in re.findall(r"M([^MZ]+)Z", d)]


def _inside(x: float, y: float, d: str) -> bool:
    inside = False
    for ring in _rings(d):
        for i, (x1, y1) in enumerate(ring):
            x0, y0 = ring[i - 1]
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


# --- data ------------------------------------------------------------------------------------------------

def test_every_commune_of_the_epci_is_a_place(data, epci_communes):
    assert data["level"] == "commune" and data["studied"] == ["CA Morlaix Communauté"]
    assert [p["code"] for p in data["places"]] == epci_communes
    assert data["missing"] == []
    assert all(_rings(p["d"]) for p in data["places"])


def test_actors_sit_inside_their_commune(exemple, data):
    places = data["places"]
    placed = 0
    for row in data["actors"]:
        actor = exemple.actors[row["id"]]
        communes = {c for lvl, c in actor.territories if lvl == "commune"}
        if communes:
            place = places[row["place"]]
            assert place["code"] in communes, actor.id
            assert _inside(row["x"], row["y"], place["d"]), (actor.id, place["name"])
            placed += 1
        else:
            assert "place" not in row and "side" in row, actor.id
    assert placed == sum(p["actors"] for p in places) > 150


def test_wider_actors_are_grouped_apart(exemple, data):
    sides = {s["label"]: s["n"] for s in data["sides"]}
    assert list(sides)[:4] == ["EPCI : CA Morlaix Communauté", "Département : Finistère", "Région : Bretagne",
                               "National"]
    epci_level = [a for a in exemple.actors.values() if a.territories and a.territories[0] == ("epci", EPCI)
                  and not any(lvl == "commune" for lvl, _ in a.territories)]
    assert sides["EPCI : CA Morlaix Communauté"] == len(epci_level) > 0
    assert sum(sides.values()) + sum(p["actors"] for p in data["places"]) == len(exemple.actors)


def test_gaps_per_commune_come_from_the_gap_analysis(exemple, data, reseau_model):
    # as « ecosysteme trous » finds them by default: beside the bundled network inventory
    findings = find_gaps(Ecosystem(exemple, references=[reseau_model])).findings
    by_code = {p["code"]: p for p in data["places"]}
    for code, place in by_code.items():
        expected = sum(1 for f in findings if ("commune", code) in {f.territory, *f.also})
        assert place["gaps"] == expected, code
    empty = [p for p in data["places"] if p["actors"] == 0]
    assert empty and all(p["gaps"] >= 1 for p in empty)  # « commune sans acteur » is one of them
    assert data["hasGaps"] is True


def test_links_are_aggregated_between_places(exemple, data):
    assert data["links"] and all(a < b and n >= 1 for a, b, n in data["links"])
    assert len({(a, b) for a, b, _ in data["links"]}) == len(data["links"])


def test_output_is_deterministic(exemple, data):
    assert json.dumps(geo_data(exemple)) == json.dumps(data)


def test_national_ecosystem_draws_regions(reseau_model):
    national = geo_data(reseau_model, gaps=False)
    assert national["level"] == "region"
    assert len(national["places"]) == 13  # the régions of metropolitan France
    assert national["hasGaps"] is False


# --- CLI -------------------------------------------------------------------------------------------------

def _run(*args):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def _geo_payload(html: str) -> dict:
    start = html.index('<script type="application/json" id="eco-geo-data">') + len(
        '<script type="application/json" id="eco-geo-data">')
    return json.loads(html[start:html.index("</script>", start)])


def test_cli_vue_geographique(tmp_path, data):
    out = tmp_path / "geo.html"
    result = _run("carte", EXEMPLE, "--vue", "geographique", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Carte géographique de 220 acteurs écrite dans" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert _geo_payload(html)["places"] == data["places"]
    assert "vis-network" not in html and "DONNÉES FICTIVES" in html
    bad = _run("carte", EXEMPLE, "--vue", "satellite", "-o", tmp_path / "x.html")
    assert bad.returncode == 2 and "--vue" in bad.stderr and not (tmp_path / "x.html").exists()
    # an option only the network map draws is refused, not ignored
    ignored = _run("carte", EXEMPLE, "--vue", "geographique", "--centre", "x", "--depuis", EXEMPLE,
                   "-o", tmp_path / "x.html")
    assert ignored.returncode == 2 and "--centre / --depuis" in ignored.stderr
    assert "la vue géographique ne dessine pas" in ignored.stderr and not (tmp_path / "x.html").exists()


def test_cli_reads_the_gaps_of_a_saved_report(tmp_path, data):
    report = _run("trous", EXEMPLE, "--format", "json", "-o", tmp_path / "trous", "-q")
    assert report.returncode == 0, report.stderr
    (saved,) = (tmp_path / "trous").glob("*.json")
    out = tmp_path / "geo.html"
    result = _run("carte", EXEMPLE, "--vue", "geographique", "--trous", saved, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    gaps = {p["code"]: p["gaps"] for p in _geo_payload(out.read_text(encoding="utf-8"))["places"]}
    assert gaps == {p["code"]: p["gaps"] for p in data["places"]}  # the same numbers as the report
    broken = tmp_path / "faux.json"
    broken.write_text('{"constats": [{"genre": "x"}]}', encoding="utf-8")
    bad = _run("carte", EXEMPLE, "--vue", "geographique", "--trous", broken, "-o", tmp_path / "x.html")
    assert bad.returncode == 2 and "faux.json : constat n° 1 sans territoire lisible" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.html").exists()
    alone = _run("carte", EXEMPLE, "--trous", saved, "-o", tmp_path / "x.html")
    assert alone.returncode == 2 and "s'utilise avec --vue geographique" in alone.stderr


# --- in Chromium ---------------------------------------------------------------------------------------------

def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


_ACTORS_IN_THEIR_COMMUNE = """() => {
  const d = window.ecoGeo.data, paths = document.querySelectorAll('#geo-places path');
  let ok = 0, bad = [];
  document.querySelectorAll('#geo-actors circle').forEach(c => {
    const a = d.actors.find(x => x.id === c.dataset.id);
    const p = new DOMPoint(+c.getAttribute('cx'), +c.getAttribute('cy'));
    if (paths[a.place].isPointInFill(p)) { ok++; } else { bad.push(a.id); }
  });
  return [ok, bad];
}"""


@pytest.mark.browser
def test_geographic_page_in_chromium(chromium, tmp_path, exemple, epci_communes):
    path = write_geo_map(exemple, tmp_path / "geo.html")
    with open_page(chromium, path, screenshot="carte-geographique-exemple") as page:
        wait_for(page, "window.ecoGeo && window.ecoGeo.ready")
        codes = page.evaluate("[...document.querySelectorAll('#geo-places path')].map(p => p.dataset.code)")
        assert sorted(codes) == epci_communes
        ok, bad = page.evaluate(_ACTORS_IN_THEIR_COMMUNE)
        assert bad == [] and ok == sum(1 for a in exemple.actors.values()
                                      if any(lvl == "commune" for lvl, _ in a.territories))
        # communes without actor: hatched, and said in the legend
        empty = page.evaluate("[...document.querySelectorAll('#geo-empty path')].map(p => p.dataset.code)")
        assert empty == [p["code"] for p in page.evaluate("window.ecoGeo.data.places") if p["actors"] == 0]
        assert empty and "aucun acteur (1 commune)" in page.inner_text("#geo-legend")
        assert page.evaluate("document.querySelectorAll('#geo-classes li').length") >= 3
        assert "Nombre d'acteurs par commune" in page.inner_text("#geo-legend")
        fills = page.evaluate("window.ecoGeo.fills")
        assert len(set(fills)) >= 3  # a choropleth, not one colour
        page.select_option("#geo-measure", "gaps")
        assert "constats" in page.inner_text("#geo-legend") and page.evaluate("window.ecoGeo.measure") == "gaps"
        # tooltip: the commune's name and counts
        morlaix = page.evaluate("window.ecoGeo.data.places.findIndex(p => p.code === '29151')")
        page.dispatch_event(f"#geo-places path[data-i='{morlaix}']", "mousemove", {"clientX": 300, "clientY": 300})
        tip = page.inner_text("#geo-tip")
        assert tip.startswith("Morlaix — 34 acteurs") and "constats" in tip
        assert "EPCI : CA Morlaix Communauté (11)" in page.inner_text("#geo-sides")
        assert page.evaluate("document.querySelectorAll('#geo-links line').length") > 10
        _shot(page, "carte-geographique-trous.png")


@pytest.mark.browser
def test_network_map_has_a_geographic_tab(chromium, tmp_path, exemple, epci_communes):
    path = write_map(exemple, tmp_path / "carte.html")
    with open_page(chromium, path) as page:
        wait_map(page)
        wait_for(page, "window.ecoGeo && window.ecoGeo.ready")
        assert page.evaluate("document.getElementById('eco-geo').hidden") is True
        assert not page.is_visible("#geo-svg") and page.is_visible("#eco-network canvas")
        page.click("#eco-tab-geo")
        assert page.evaluate("window.ecoGeo.shown") is True
        assert page.is_visible("#geo-svg") and not page.is_visible("#eco-network canvas")
        assert page.evaluate("document.querySelectorAll('#geo-places path').length") == len(epci_communes)
        assert page.evaluate(_ACTORS_IN_THEIR_COMMUNE)[1] == []
        _shot(page, "carte-onglet-geographique.png")
        page.click("#eco-tab-reseau")
        assert not page.is_visible("#geo-svg") and page.is_visible("#eco-network canvas")


def test_national_map_has_no_geographic_tab(tmp_path, reseau_model):
    html = write_map(reseau_model, tmp_path / "reseau.html").read_text(encoding="utf-8")
    assert 'id="eco-geo-data"' not in html


@pytest.fixture(scope="module")
def xss_territories(tmp_path_factory) -> Territories:
    """The bundled referential, with Morlaix renamed to a script payload."""
    source = load_territories().data_dir
    folder = tmp_path_factory.mktemp("territoires")
    for item in source.iterdir():
        if item.is_file():
            shutil.copy(item, folder / item.name)
    (folder / "contours").symlink_to(source / "contours")
    communes = folder / "communes.csv"
    text = communes.read_text(encoding="utf-8")
    assert "\n29151,Morlaix," in text
    communes.write_text(text.replace("\n29151,Morlaix,", f"\n29151,{XSS_COMMUNE},"), encoding="utf-8")
    return Territories(folder)


@pytest.mark.browser
def test_names_are_escaped(chromium, tmp_path, exemple, xss_model, xss_territories):
    path = write_geo_map(Ecosystem(exemple, territories=xss_territories), tmp_path / "geo-xss.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>alert(7)" not in html
    with open_page(chromium, path) as page:  # fails on any dialog (alert) or error
        wait_for(page, "window.ecoGeo && window.ecoGeo.ready")
        labels = page.evaluate("[...document.querySelectorAll('#geo-labels text')].map(t => t.textContent)")
        assert XSS_COMMUNE in labels
        assert page.evaluate("document.querySelectorAll('#geo-svg script, #eco-geo script').length") == 0
    actor_page = write_geo_map(xss_model, tmp_path / "geo-xss-actor.html")
    assert XSS_NAME not in actor_page.read_text(encoding="utf-8")
    with open_page(chromium, actor_page) as page:
        wait_for(page, "window.ecoGeo && window.ecoGeo.ready")
        assert page.evaluate("document.querySelectorAll('#geo-places path').length") == 1
        assert page.evaluate("document.querySelectorAll('#eco-geo img').length") == 0
        circle = page.evaluate("document.querySelector('#geo-actors circle[data-id=\"xss\"]') !== null")
        assert circle
        page.dispatch_event("#geo-actors circle[data-id='xss']", "mousemove", {"clientX": 200, "clientY": 200})
        assert page.inner_text("#geo-tip").startswith(XSS_NAME)


def test_many_communes_are_drawn_as_their_departements(tmp_path):
    from ecosysteme.io import load_valid
    from tests.viz.conftest import write_tables

    folder = write_tables(tmp_path / "nord", {
        "territoires": "code;nom\ndepartement:59;Nord\ndepartement:62;Pas-de-Calais\n",
        "acteurs": "id;nom;type;monde;echelon;territoires\n"
                   "a1;Asso lilloise;association;associations;local;commune:59350\n"
                   "a2;Réseau régional;association;associations;regional;region:32\n",
    })
    model = load_valid(folder, dataset="nord")
    national = geo_data(model, gaps=False)
    assert national["level"] == "departement"
    assert [p["code"] for p in national["places"]] == ["59", "62"]
    (lille,) = [a for a in national["actors"] if a["id"] == "a1"]
    assert national["places"][lille["place"]]["code"] == "59"
    assert _inside(lille["x"], lille["y"], national["places"][0]["d"])
    assert [s["label"] for s in national["sides"]] == ["Région : Hauts-de-France"]
