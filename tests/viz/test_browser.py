"""The produced pages in a real headless Chromium, every request outside the file blocked.

``open_page`` fails a test on any blocked request, console error, JavaScript
exception or dialog (an ``alert`` from injected markup). Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import collections

import pytest

from ecosysteme.viz import write_map, write_radars, write_territory_view
from ecosysteme.viz.mapdata import map_data
from tests.browser import open_page
from tests.viz.conftest import XSS_DESCRIPTION, XSS_NAME, XSS_WEBSITE, wait_for, wait_map, write_tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reseau_map(tmp_path_factory, reseau_model):
    return write_map(reseau_model, tmp_path_factory.mktemp("carte") / "reseau.html")


def _visible(page) -> set[str]:
    return set(page.evaluate("window.ecoMap.visibleIds()"))


def _neighbourhood(data: dict, centre: str, radius: int) -> set[str]:
    ids = data["nodes"]["id"]
    adj = collections.defaultdict(set)
    for s, t in zip(data["edges"]["s"], data["edges"]["t"], strict=True):
        adj[s].add(t)
        adj[t].add(s)
    start = ids.index(centre)
    seen, frontier = {start}, {start}
    for _ in range(radius):
        frontier = {v for u in frontier for v in adj[u]} - seen
        seen |= frontier
    return {ids[i] for i in seen}


def test_map_is_drawn_offline(chromium, reseau_map):
    with open_page(chromium, reseau_map, screenshot="carte-reseau") as page:
        wait_map(page)
        assert len(_visible(page)) == 174
        assert page.evaluate("window.ecoMap.edges.length") == 182
        painted = page.evaluate("""() => {
            const c = document.querySelector('#eco-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240)) { n++; } }
            return n;
        }""")
        assert painted > 2000
        legend = page.inner_text("#eco-legend")
        assert "collectivités territoriales" in legend and "partenaire de (sans orientation)" in legend
        assert "porte" in legend and "degré" in legend
        assert page.inner_text("#eco-counts") == "90 acteurs, 74 programmes, 10 besoins, 182 liens."
        assert page.evaluate("document.documentElement.lang") == "fr"


def test_search_finds_a_node_and_opens_its_card(chromium, reseau_map):
    with open_page(chromium, reseau_map, screenshot="carte-recherche") as page:
        wait_map(page)
        page.fill("#eco-search", "rameau")
        wait_for(page, "document.querySelectorAll('#eco-results button').length > 0")
        assert page.evaluate("window.ecoMap.lastResults[0]") == "le-rameau"
        page.click("#eco-results button[data-id='le-rameau']")
        wait_for(page, "!document.getElementById('eco-card').hidden")
        assert page.inner_text("#card-title") == "Le RAMEAU"
        card = page.inner_text("#card-fields")
        assert "Monde" in card and "recherche" in card and "Provenance" in card
        assert page.evaluate("window.ecoMap.network.getSelectedNodes()") == ["le-rameau"]
        assert "membre de" in page.inner_text("#card-links")
        page.fill("#eco-search", "zzzz introuvable")
        wait_for(page, "document.getElementById('eco-results').textContent.includes('Aucun nom')")


def test_filters_hide_nodes(chromium, reseau_map, reseau_model):
    data = map_data(reseau_model)
    cats = [c["key"] for c in data["categories"]]
    associations = {i for i, c in zip(data["nodes"]["id"], data["nodes"]["cat"], strict=True)
                    if cats[c] == "associations"}
    keys = [t["key"] for t in data["territories"]]
    in_idf = {i for i, w in zip(data["nodes"]["id"], data["nodes"]["within"], strict=True)
              if keys.index("region:11") in w}
    porte = sum(1 for k in data["edges"]["type"] if data["edgeTypes"][k]["key"] == "porte")
    with open_page(chromium, reseau_map, screenshot="carte-filtres") as page:
        wait_map(page)
        page.uncheck(f"#f-cat input[value='{cats.index('associations')}']")
        visible = _visible(page)
        assert len(visible) == 174 - len(associations) and not (visible & associations)
        page.click("#f-reset")
        assert len(_visible(page)) == 174
        edges = page.evaluate("window.ecoMap.edges.length")
        page.uncheck(f"#f-edge input[value='{[t['key'] for t in data['edgeTypes']].index('porte')}']")
        assert page.evaluate("window.ecoMap.edges.length") == edges - porte
        page.click("#f-reset")
        page.select_option("#f-terr", str(keys.index("region:11")))
        assert _visible(page) == in_idf and 0 < len(in_idf) < 174
        page.check("#f-cover")  # plus national actors, who cover Île-de-France
        assert len(_visible(page)) > len(in_idf)
        page.click("#f-reset")
        page.select_option("#f-theme", str([t["key"] for t in data["themes"]].index("continuite_activite")))
        themed = _visible(page)
        assert "b-continuite-activite" in themed and len(themed) < 174
        page.uncheck(f"#f-level input[value='{[lv['key'] for lv in data['levels']].index('national')}']")
        assert len(_visible(page)) < len(themed)


def test_focus_from_the_command_line_the_address_and_a_click(chromium, tmp_path, reseau_model):
    data = map_data(reseau_model)
    path = write_map(reseau_model, tmp_path / "centre.html", centre="le-rameau", radius=2)
    with open_page(chromium, path, screenshot="carte-voisinage") as page:
        wait_map(page)
        assert _visible(page) == _neighbourhood(data, "le-rameau", 2)
        assert page.evaluate("window.ecoMap.mode") == "voisinage"
        assert page.inner_text("#card-title") == "Le RAMEAU"
        page.click("#eco-status-buttons button")  # « Tout afficher »
        assert len(_visible(page)) == 174
        # by the address: #centre=ID&rayon=1
        page.evaluate("location.hash = '#centre=observatoire-des-partenariats&rayon=1'")
        wait_for(page, "window.ecoMap.mode === 'voisinage'")
        assert _visible(page) == _neighbourhood(data, "observatoire-des-partenariats", 1)
        page.evaluate("window.ecoMap.clearFocus()")
        # by clicking: a click opens the card, a double click shows the neighbourhood
        page.evaluate("window.ecoMap.network.focus('reseau-pionniers', {scale: 1.3, animation: false})")
        page.wait_for_timeout(200)
        spot = page.evaluate("window.ecoMap.domPosition('reseau-pionniers')")
        page.mouse.click(spot["x"], spot["y"])
        wait_for(page, "window.ecoMap.cardNode === 'reseau-pionniers'")
        page.mouse.dblclick(spot["x"], spot["y"])
        wait_for(page, "window.ecoMap.mode === 'voisinage'")
        assert _visible(page) == _neighbourhood(data, "reseau-pionniers", 1)  # the last radius asked (rayon=1)
        page.fill("#card-radius", "2")
        page.click("#card-focus")
        assert _visible(page) == _neighbourhood(data, "reseau-pionniers", 2)


def _check_payloads_are_text(page) -> None:
    wait_map(page)
    page.fill("#eco-search", "img src")
    wait_for(page, "document.querySelectorAll('#eco-results button').length > 0")
    assert XSS_NAME in page.inner_text("#eco-results")
    page.click("#eco-results button[data-id='xss']")
    wait_for(page, "!document.getElementById('eco-card').hidden")
    assert page.evaluate("document.getElementById('card-title').textContent") == XSS_NAME
    assert XSS_DESCRIPTION in page.evaluate("document.getElementById('card-fields').textContent")
    link = page.evaluate("(() => { const a = document.querySelector('#card-site a');"
                         " return [a.getAttribute('href'), a.textContent]; })()")
    assert link == [XSS_WEBSITE, XSS_WEBSITE]
    links = page.evaluate("document.getElementById('card-links').textContent")
    assert "<svg onload=alert(4)>" in links and "<iframe src=javascript:alert(5)>" in links
    # the tooltip of vis-network shows the name as text
    page.evaluate("window.ecoMap.network.focus('xss', {scale: 1.5, animation: false})")
    page.wait_for_timeout(150)
    spot = page.evaluate("window.ecoMap.domPosition('xss')")
    page.mouse.move(spot["x"] + 1, spot["y"] + 1)
    page.mouse.move(spot["x"], spot["y"])
    wait_for(page, "(document.querySelector('.vis-tooltip') || {}).style"
                   " && document.querySelector('.vis-tooltip').style.visibility !== 'hidden'", timeout=10)
    assert XSS_NAME in page.evaluate("document.querySelector('.vis-tooltip').textContent")
    injected = page.evaluate("""() => ({
        tags: document.querySelectorAll('img, iframe, body script:not([type]) ~ script[src]').length,
        handlers: [...document.querySelectorAll('*')].filter(
            e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
    })""")
    assert injected == {"tags": 0, "handlers": 0}
    assert page.title() == XSS_NAME


def test_script_payloads_in_data_stay_text(chromium, tmp_path, xss_model):
    path = write_map(xss_model, tmp_path / "xss.html", title=XSS_NAME)
    raw = path.read_text(encoding="utf-8")
    assert "<img" not in raw and "<iframe" not in raw and "<svg onload" not in raw
    with open_page(chromium, path, screenshot="carte-xss") as page:
        _check_payloads_are_text(page)
        assert page.eco_log.dialogs == []


def test_payloads_stay_text_even_without_the_content_security_policy(chromium, tmp_path, xss_model):
    """Escaping alone keeps the payloads inert: the same page with its CSP removed runs nothing either."""
    path = write_map(xss_model, tmp_path / "xss.html", title=XSS_NAME)
    text = path.read_text(encoding="utf-8")
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    end = text.index(">", start) + 1
    bare = tmp_path / "xss-sans-csp.html"
    bare.write_text(text[:start] + text[end:], encoding="utf-8")
    with open_page(chromium, bare, screenshot="carte-xss-sans-csp") as page:
        _check_payloads_are_text(page)
        assert page.evaluate("typeof eval('1')") == "number"  # proof that the CSP is really gone


def test_aggregated_view_and_drill_down(chromium, tmp_path):
    from ecosysteme.synth import synthetic_model

    model = synthetic_model(400, seed=2)
    path = write_map(model, tmp_path / "agregee.html", aggregate="departement")
    with open_page(chromium, path, screenshot="carte-agregee") as page:
        wait_map(page)
        assert page.evaluate("window.ecoMap.mode") == "agrégée"
        groups = _visible(page)
        assert groups and all(g.startswith("groupe:") for g in groups)
        biggest = page.evaluate("""() => {
            const ds = window.ecoMap.nodes; let best = null;
            ds.forEach(n => { if (best === null || n.size > best.size) { best = n; } });
            return best.id; }""")
        page.evaluate(f"window.ecoMap.network.focus('{biggest}', {{scale: 1.0, animation: false}})")
        page.wait_for_timeout(150)
        spot = page.evaluate(f"window.ecoMap.domPosition('{biggest}')")
        page.mouse.click(spot["x"], spot["y"])
        wait_for(page, "window.ecoMap.mode === 'groupe'")
        members = _visible(page)
        assert members and not any(m.startswith("groupe:") for m in members)
        page.click("#eco-status-buttons button")  # « Retour à la vue agrégée »
        wait_for(page, "window.ecoMap.mode === 'agrégée'")
        # a search result inside the aggregated view opens its group
        target = list(model.actors)[6]
        page.fill("#eco-search", model.actors[target].name)
        wait_for(page, "document.querySelectorAll('#eco-results button').length > 0")
        page.click(f"#eco-results button[data-id='{target}']")
        wait_for(page, "window.ecoMap.mode === 'groupe'")
        assert target in _visible(page)
        page.evaluate("window.ecoMap.showAll()")
        assert len(_visible(page)) == len(model.actors) + len(model.programmes) + len(model.needs)


def test_a_ten_thousand_node_map_opens_and_stays_usable(chromium, tmp_path):
    from ecosysteme.synth import synthetic_model

    model = synthetic_model(10_000, seed=1)
    path = write_map(model, tmp_path / "grande.html")
    with open_page(chromium, path, screenshot="carte-10000") as page:
        wait_map(page, timeout=120)
        assert page.evaluate("window.ecoMap.mode") == "agrégée"
        assert 50 < len(_visible(page)) < 400
        target = list(model.actors)[41]
        page.fill("#eco-search", target)
        wait_for(page, f"(window.ecoMap.lastResults || []).includes('{target}')")
        page.click(f"#eco-results button[data-id='{target}']")
        wait_for(page, "window.ecoMap.mode === 'groupe'")
        assert target in _visible(page)
        assert page.inner_text("#card-title") == model.actors[target].name


def test_map_page_of_a_territory_shows_its_regions_radar(chromium, tmp_path):
    from ecosysteme.io import load_valid

    folder = write_tables(tmp_path / "epci", {
        "territoires": "code;nom\nepci:243500139;Rennes Métropole\n",
        "acteurs": "id;nom;type;territoires\na;Asso;association;commune:35238\nb;Ville;collectivite;commune:35238\n",
        "relations": "source;cible;type\na;b;partenariat\n",
    })
    model = load_valid(folder, dataset="rennes")
    path = write_map(model, tmp_path / "rennes.html")
    with open_page(chromium, path, screenshot="carte-radar") as page:
        wait_map(page)
        page.click("#eco-radar summary")
        assert "Bretagne" in page.inner_text("#eco-radar summary")
        assert page.evaluate("document.querySelectorAll('#eco-radar svg polygon.radar-region').length") == 1


def test_territory_view_and_radar_pages_open_cleanly(chromium, tmp_path, reseau_model):
    view = write_territory_view(reseau_model, tmp_path / "territoires.html")
    with open_page(chromium, view, screenshot="vue-territoriale") as page:
        assert page.evaluate("document.querySelectorAll('section[data-level]').length") == 4
        assert "Par région" in page.inner_text("h2")
    radars = write_radars(reseau_model, tmp_path / "radars", formats=("html",))
    with open_page(chromium, radars[-1], screenshot="radars-regions") as page:
        assert page.evaluate("document.querySelectorAll('svg.eco-radar-svg').length") == 13
    with open_page(chromium, tmp_path / "radars" / "radar-53.html", screenshot="radar-bretagne") as page:
        assert page.evaluate("document.querySelectorAll('table.scores tbody tr').length") == 11


def test_physics_on_request_settles_then_freezes(chromium, tmp_path, petit_model):
    path = write_map(petit_model, tmp_path / "physique.html", physics=True)
    with open_page(chromium, path, screenshot="carte-physique") as page:
        wait_map(page)
        assert page.evaluate("window.ecoMap.network.physics.options.enabled") is False
        assert len(_visible(page)) == 7
