"""What a reader of a published map sees, in a real headless Chromium with every outside request blocked.

Names readable at first view (drawn by the page, never overlapping, ≥ 11 px), the catalyst's own actor
emphasised, filters re-fitting the view, relation details, the fictional banner, the PNG export.
Positions are the page's own (``window.ecoMap.labels()``, CSS pixels). Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from ecosysteme.viz import write_map
from ecosysteme.viz._html import FICTIONAL_BANNER
from ecosysteme.viz.mapdata import map_data
from tests.browser import ARTIFACTS, open_page
from tests.conftest import ROOT
from tests.viz.conftest import wait_for, wait_map

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "data" / "exemple-epci"
CATALYST = "le-maillon-catalyseur-territorial-de-mor"


@pytest.fixture(scope="module")
def example_model():
    from ecosysteme.io import load_valid

    return load_valid(EXAMPLE, dataset="exemple-epci")


@pytest.fixture(scope="module")
def example_map(tmp_path_factory, example_model):
    return write_map(example_model, tmp_path_factory.mktemp("exemple") / "exemple.html")


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] \
                    and b["y"] < a["y"] + a["h"]:
                out.append((a["id"], b["id"]))
    return out


def _check_first_view_names(page) -> list[dict]:
    labels = page.evaluate("window.ecoMap.labels()")
    assert len(labels) >= 10, labels
    assert min(lab["px"] for lab in labels) >= 11
    assert _overlapping(labels) == []
    box = page.evaluate("(() => { const r = document.getElementById('eco-network').getBoundingClientRect();"
                        " return {x: r.left, y: r.top, w: r.width, h: r.height}; })()")
    for lab in labels:  # every drawn name is inside the visible map
        assert box["x"] <= lab["x"] and lab["x"] + lab["w"] <= box["x"] + box["w"] + 0.5
        assert box["y"] <= lab["y"] and lab["y"] + lab["h"] <= box["y"] + box["h"] + 0.5
    return labels


def test_example_names_are_readable_at_first_view_and_more_appear_on_zoom(chromium, example_map, example_model):
    with open_page(chromium, example_map, screenshot="carte-exemple-noms") as page:
        wait_map(page)
        labels = _check_first_view_names(page)
        ids = [lab["id"] for lab in labels]
        nodes = map_data(example_model)["nodes"]
        best = max(zip(nodes["score"], nodes["id"], strict=True))[1]
        assert best in ids  # the most important actor is named
        # the names are really painted: the canvas has dark text pixels inside the first name's box
        first = labels[0]
        dark = page.evaluate(f"""(() => {{
            const c = document.querySelector('#eco-network canvas'), r = c.getBoundingClientRect();
            const k = c.width / c.clientWidth;
            const d = c.getContext('2d').getImageData(({first['x']} - r.left) * k, ({first['y']} - r.top) * k,
                                                     {first['w']} * k, {first['h']} * k).data;
            let n = 0; for (let i = 0; i < d.length; i += 4) {{ if (d[i] < 80 && d[i + 3] > 200) {{ n++; }} }}
            return n; }})()""")
        assert dark > 20
        # zooming in makes room for names that had none
        page.evaluate("(() => { const n = window.ecoMap.network;"
                      " n.moveTo({scale: n.getScale() * 3, animation: false}); })()")
        page.wait_for_timeout(200)
        zoomed = page.evaluate("window.ecoMap.labels()")
        assert _overlapping(zoomed) == []
        assert {lab["id"] for lab in zoomed} - set(ids)
        assert min(lab["px"] for lab in zoomed) >= 11


def test_a_five_thousand_node_map_names_its_main_actors(chromium, tmp_path):
    from ecosysteme.synth import synthetic_model

    model = synthetic_model(5000, seed=3)
    path = write_map(model, tmp_path / "cinq-mille.html")
    with open_page(chromium, path, screenshot="carte-5000-noms") as page:
        wait_map(page, timeout=120)
        assert page.evaluate("window.ecoMap.mode") == "détail"
        total = len(model.actors) + len(model.programmes) + len(model.needs)
        assert total >= 5000 and len(page.evaluate("window.ecoMap.visibleIds()")) == total
        _check_first_view_names(page)


def test_the_catalyst_is_emphasised_when_given_as_centre(chromium, tmp_path, example_model):
    path = write_map(example_model, tmp_path / "centre.html", centre=CATALYST, radius=1)
    with open_page(chromium, path, screenshot="carte-exemple-centre") as page:
        wait_map(page)
        labels = page.evaluate("window.ecoMap.labels()")
        assert labels[0]["id"] == CATALYST and labels[0]["px"] >= 15
        assert all(lab["px"] < labels[0]["px"] for lab in labels[1:])
        node = page.evaluate(f"window.ecoMap.nodes.get('{CATALYST}')")
        assert node["borderWidth"] == 4
        page.click("#eco-status-buttons button")  # « Tout afficher »: still first and emphasised
        page.wait_for_timeout(100)
        assert page.evaluate("window.ecoMap.labels()[0].id") == CATALYST


def test_filters_refit_the_view_and_selection_keeps_link_colours(chromium, example_map, example_model):
    with open_page(chromium, example_map, screenshot="carte-exemple-filtre") as page:
        wait_map(page)
        fits = page.evaluate("window.ecoMap.fits || 0")
        scale = page.evaluate("window.ecoMap.network.getScale()")
        page.uncheck("#f-cat input[value='0']")  # associations
        assert page.evaluate("window.ecoMap.fits") == fits + 1
        _check_first_view_names(page)
        page.click("#f-reset")
        # one commune: few nodes, the view zooms onto them
        page.select_option("#f-terr", page.evaluate("[...document.querySelectorAll('#f-terr option')].at(-1).value"))
        page.wait_for_timeout(100)
        assert 0 < len(page.evaluate("window.ecoMap.visibleIds()")) < 100
        assert page.evaluate("window.ecoMap.network.getScale()") > scale
        inside = page.evaluate("""(() => {
            const m = window.ecoMap, r = document.getElementById('eco-network').getBoundingClientRect();
            return m.visibleIds().every(id => { const p = m.domPosition(id);
                return p.x >= r.left - 1 && p.x <= r.right + 1 && p.y >= r.top - 1 && p.y <= r.bottom + 1; }); })()""")
        assert inside
        page.click("#f-reset")
        page.evaluate(f"window.ecoMap.select('{CATALYST}')")
        colours = page.evaluate("window.ecoMap.edges.get().map(e => [e.color.color, e.color.highlight])")
        assert colours and all(c == h for c, h in colours)
        assert len({c for c, _ in colours}) > 2  # several types, several colours


def test_relation_details_on_the_map(chromium, example_map, example_model):
    data = map_data(example_model)
    ids = data["nodes"]["id"]
    edges = data["edges"]
    e = next(k for k in range(len(edges["s"])) if ids[edges["s"][k]] == "service-developpement-economique-et-ess"
             and ids[edges["t"][k]] == "taxis-hamon")
    assert edges["amount"][e] == 12500.0 and edges["start"][e] == "2020-10-08" and edges["end"][e] == "2023-10-08"
    with open_page(chromium, example_map, screenshot="carte-exemple-lien") as page:
        wait_map(page)
        page.evaluate(f"window.ecoMap.showEdge({e})")
        wait_for(page, "!document.getElementById('eco-card').hidden")
        fields = page.inner_text("#card-fields")
        assert "Type\nfinance\n" in fields and "12\u202f500,00\u00a0€" in fields
        assert "du 2020-10-08 au 2023-10-08" in fields
        assert "Donnée fictive générée par ecosysteme.synth" in fields  # the provenance
        tip = page.evaluate(f"window.ecoMap.edges.get({e}).title")
        assert "Montant : 12\u202f500,00\u00a0€" in tip and "Provenance" in tip
        widths = page.evaluate("window.ecoMap.edges.get().filter(x => x.color.color === '#228833').map(x => x.width)")
        assert len(set(widths)) > 3  # financing links drawn wider with larger amounts
        # « qui finance qui »: the financing links, largest first, each opening its card
        assert page.is_visible("#eco-finance-box")
        page.click("#eco-finance-box summary")
        amounts = [a for a in edges["amount"] if a is not None]
        kinds = [data["edgeTypes"][k]["key"] for k in edges["type"]]
        total = page.inner_text("#eco-finance-total")
        assert f"{kinds.count('financement')} financement(s)" in total and f"les {len(amounts)} dont" in total
        first = page.inner_text("#eco-finance li:first-child")
        assert first.endswith(page.evaluate(f"Number({max(amounts)}).toLocaleString('fr-FR', "
                                            "{style: 'currency', currency: 'EUR'})"))
        page.click("#eco-finance li:first-child button")
        assert page.inner_text("#card-kind") == "Lien : finance"
        # the actor's card lists its financing with amount and dates
        page.evaluate("window.ecoMap.select('taxis-hamon')")
        assert "12\u202f500,00\u00a0€, du 2020-10-08 au 2023-10-08" in page.inner_text("#card-links")
        # clicking a link opens its card
        page.evaluate(f"""(() => {{ const n = window.ecoMap.network;
            n.fit({{nodes: ['{ids[edges['s'][e]]}', '{ids[edges['t'][e]]}'], animation: false}}); }})()""")
        page.wait_for_timeout(150)
        a = page.evaluate(f"window.ecoMap.domPosition('{ids[edges['s'][e]]}')")
        b = page.evaluate(f"window.ecoMap.domPosition('{ids[edges['t'][e]]}')")
        page.evaluate("document.getElementById('eco-card').hidden = true")
        for t in (0.45, 0.5, 0.55, 0.4, 0.6):
            page.mouse.click(a["x"] + t * (b["x"] - a["x"]), a["y"] + t * (b["y"] - a["y"]))
            page.wait_for_timeout(100)
            if page.evaluate("window.ecoMap.cardEdge !== null && window.ecoMap.cardEdge !== undefined"):
                break
        assert page.evaluate("window.ecoMap.cardEdge") is not None
        assert page.inner_text("#card-kind").startswith("Lien : ")


def test_hidden_fields_are_not_in_the_file(tmp_path, example_model):
    path = write_map(example_model, tmp_path / "publique.html", hide=("montants", "contacts"))
    text = path.read_text(encoding="utf-8")
    assert '"amount"' not in text and "12500" not in text
    sites = [a.website for a in example_model.actors.values() if a.website]
    assert sites and not any(s in text for s in sites)
    full = write_map(example_model, tmp_path / "complete.html").read_text(encoding="utf-8")
    assert '"amount"' in full and sites[0] in full


def test_fictional_banner_and_png_export(chromium, example_map, tmp_path):
    with open_page(chromium, example_map, screenshot="carte-exemple-fictif") as page:
        wait_map(page)
        assert page.inner_text("header #eco-fictif") == FICTIONAL_BANNER
        assert page.is_visible("#eco-fictif")
        with page.expect_download() as info:
            page.click("#eco-png")
        saved = tmp_path / "vue.png"
        info.value.save_as(saved)
        data = saved.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        assert info.value.suggested_filename.endswith(".png")
        # printing: an A4 page with the header, its banner and the map, without the panels
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert page.evaluate("window.ecoMap.printed") == 1  # the view's image was made for the print
        page.emulate_media(media="print")
        assert page.is_visible("#eco-fictif") and page.is_visible("canvas.eco-print")
        assert page.evaluate("document.querySelector('canvas.eco-print').width") > 500
        assert not page.is_visible(".eco-side") and not page.is_visible("#eco-png")
        assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
        (ARTIFACTS / "carte-exemple-a4.pdf").parent.mkdir(exist_ok=True)
        (ARTIFACTS / "carte-exemple-a4.pdf").write_bytes(pdf)


def test_no_banner_for_a_dataset_not_declared_fictional(tmp_path, reseau_model):
    text = write_map(reseau_model, tmp_path / "reseau.html").read_text(encoding="utf-8")
    body = text[text.index("<body>"):text.index("<script")]
    assert "eco-fictif" not in body and "FICTIVES" not in body
    assert '"fictional":false' in text


def test_territory_view_of_a_fictional_dataset_shows_the_banner(chromium, tmp_path, example_model):
    from ecosysteme.viz import write_territory_view

    path = write_territory_view(example_model, tmp_path / "territoires.html")
    with open_page(chromium, path, screenshot="vue-territoriale-fictive") as page:
        assert page.is_visible("#eco-fictif")
        assert page.inner_text("#eco-fictif") == FICTIONAL_BANNER
        # right under the title, before any table
        assert page.evaluate("document.querySelector('h1').nextElementSibling.id") == "eco-fictif"


def test_radar_page_says_when_the_dataset_is_fictional():
    from ecosysteme.viz.radar import _bundled_indices, impact_scores, radar_page

    scores = impact_scores(_bundled_indices())
    assert FICTIONAL_BANNER.split(" — ")[0] in radar_page(scores, "53", fictional=True)
    assert "eco-fictif\"" not in radar_page(scores, "53")


def test_map_shows_itself_inline_in_a_notebook(chromium, tmp_path, example_model):
    """What Jupyter does with the object: its ``_repr_html_`` inside an output cell, the map in an iframe."""
    from ecosysteme.viz.notebook import map_view

    view = map_view(example_model, centre=CATALYST, radius=1)
    cell = view._repr_html_()
    assert cell.startswith("<iframe") and "srcdoc=" in cell and "<script>" not in cell  # the page stays escaped
    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Carnet</title></head>"
                        "<body><div class='cell'><pre>In [3]: carte = eco.carte(centre=…)\ncarte</pre>"
                        f"<div class='output'>{cell}</div></div></body></html>", encoding="utf-8")
    with open_page(chromium, notebook, screenshot="carnet-carte-inline", viewport=(1280, 900)) as page:
        wait_for(page, "document.querySelector('iframe') !== null")
        frame = next(f for f in page.frames if f != page.main_frame)
        wait_for(frame, "window.ecoMap !== undefined && window.ecoMap.ready === true")
        assert frame.evaluate("window.ecoMap.mode") == "voisinage"
        labels = frame.evaluate("window.ecoMap.labels()")
        assert len(labels) >= 5 and labels[0]["id"] == CATALYST
        assert frame.inner_text("#eco-fictif") == FICTIONAL_BANNER
        with page.expect_download() as info:
            frame.click("#eco-png")
        assert info.value.suggested_filename.endswith(".png")
        saved = tmp_path / "vue.png"
        info.value.save_as(saved)
        assert saved.read_bytes()[:4] == b"\x89PNG"
    saved_page = view.save(tmp_path / "carte.html")
    assert saved_page.read_text(encoding="utf-8") == view.html


def test_focus_lays_the_neighbourhood_out_in_rings(chromium, tmp_path, example_model):
    import math

    data = map_data(example_model)
    ids = data["nodes"]["id"]
    path = write_map(example_model, tmp_path / "voisinage.html", centre=CATALYST, radius=2)
    with open_page(chromium, path, screenshot="carte-exemple-voisinage-2") as page:
        wait_map(page)
        pos = page.evaluate("window.ecoMap.network.getPositions()")
        assert len(pos) > 40
        c = pos[CATALYST]
        neighbours = set()
        for s, t in zip(data["edges"]["s"], data["edges"]["t"], strict=True):
            if ids[s] == CATALYST:
                neighbours.add(ids[t])
            if ids[t] == CATALYST:
                neighbours.add(ids[s])
        first = [math.dist((c["x"], c["y"]), (pos[n]["x"], pos[n]["y"])) for n in neighbours]
        assert max(first) - min(first) < 3  # the direct neighbours on one ring (vis rounds positions)
        farther = [math.dist((c["x"], c["y"]), (p["x"], p["y"])) for n, p in pos.items()
                   if n not in neighbours and n != CATALYST]
        assert farther and min(farther) > max(first) + 100  # the others on a wider ring
        original = dict(zip(ids, zip(data["nodes"]["x"], data["nodes"]["y"], strict=True), strict=True))
        def moved(n, p):
            return abs(p["x"] - original[n][0]) > 1 or abs(p["y"] - original[n][1]) > 1

        assert sum(1 for n, p in pos.items() if moved(n, p)) > 40
        labels = page.evaluate("window.ecoMap.labels()")
        assert len(labels) >= 10 and _overlapping(labels) == []
        page.click("#eco-status-buttons button")  # « Tout afficher »: the map's own layout again
        back = page.evaluate("window.ecoMap.network.getPositions()")
        assert not any(moved(n, p) for n, p in back.items())


def test_aggregated_view_names_its_groups(chromium, tmp_path):
    from ecosysteme.synth import synthetic_model

    model = synthetic_model(400, seed=2)
    path = write_map(model, tmp_path / "agregee.html", aggregate="departement")
    with open_page(chromium, path, screenshot="carte-agregee-noms") as page:
        wait_map(page)
        assert page.evaluate("window.ecoMap.mode") == "agrégée"
        labels = _check_first_view_names(page)
        assert all(lab["id"].startswith("groupe:") for lab in labels)
        assert all(lab["text"].endswith(")") for lab in labels)  # « Département (n) »
