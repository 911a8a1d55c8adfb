"""The map in time, in a real headless Chromium with every outside request blocked.

The period filter hides relations whose dates do not meet the chosen years (undated ones stay);
``carte --depuis ANCIEN`` rings the actors added since ANCIEN and lists the ones gone.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ecosysteme.cli.main import cli
from ecosysteme.viz import write_map
from tests.browser import open_page
from tests.viz.conftest import wait_map, write_tables

pytestmark = pytest.mark.browser

ACTORS = ("id;nom;type;monde;echelon;territoires;site_web\n"
          "a;Asso A;association;associations;local;commune:35238;\n"
          "b;Coop B;entreprise;entreprises;local;commune:35238;\n"
          "c;Mairie C;collectivite;collectivites;local;commune:35238;\n"
          "d;Réseau D <b>;association;associations;local;commune:35238;https://reseau-d.example.fr/\n")
RELATIONS = ("source;cible;type;date_debut;date_fin\n"
             "a;b;partenariat;2016;2018\n"
             "b;c;partenariat;03/2021;\n"
             "c;d;partenariat;;\n"
             "a;d;partenariat;2019-05-01;2020-02-01\n")


@pytest.fixture(scope="module")
def dated_map(tmp_path_factory):
    from ecosysteme.io import load_valid

    folder = write_tables(tmp_path_factory.mktemp("dates"), {"acteurs": ACTORS, "relations": RELATIONS})
    return write_map(load_valid(folder, dataset="dates"), folder / "carte.html")


def _set_period(page, start: int, end: int) -> None:
    page.fill("#f-from", str(start))
    page.dispatch_event("#f-from", "change")
    page.fill("#f-to", str(end))
    page.dispatch_event("#f-to", "change")


def _edges(page) -> set[tuple[str, str]]:
    return {(s, t) for s, t, _k in page.evaluate("window.ecoMap.visibleEdges()")}


def test_period_filter_hides_relations_outside_the_chosen_years(chromium, dated_map):
    with open_page(chromium, dated_map, screenshot="carte-periode") as page:
        wait_map(page)
        assert page.is_visible("#f-period")
        assert page.input_value("#f-from") == "2016" and page.input_value("#f-to") == "2021"
        note = page.text_content("#f-period-note")
        assert "de 2016 à 2021" in note and "1 lien sans date reste toujours affiché" in note
        assert _edges(page) == {("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")}

        _set_period(page, 2019, 2019)
        assert page.evaluate("window.ecoMap.period()") == [2019, 2019]
        assert _edges(page) == {("c", "d"), ("a", "d")}

        _set_period(page, 2022, 2030)  # an open-ended relation (since 2021) is still running
        assert _edges(page) == {("b", "c"), ("c", "d")}

        _set_period(page, 2017, 2017)  # a period inside a relation's span
        assert _edges(page) == {("a", "b"), ("c", "d")}
        assert set(page.evaluate("window.ecoMap.visibleIds()")) == {"a", "b", "c", "d"}  # nodes stay

        page.click("#f-reset")
        assert page.input_value("#f-from") == "2016"
        assert len(_edges(page)) == 4


def test_period_slider_is_dragged_and_keyboard_driven(chromium, dated_map):
    with open_page(chromium, dated_map, screenshot="carte-periode-curseur") as page:
        wait_map(page)
        labels = page.eval_on_selector_all("#f-period label[for$='-range']", "ls => ls.map(l => l.textContent)")
        assert labels == ["Début", "Fin"]
        for slider in ("#f-from-range", "#f-to-range"):
            assert page.get_attribute(slider, "type") == "range"
            assert page.eval_on_selector(slider, "r => [r.min, r.max, r.step]") == ["2016", "2021", "1"]
        assert page.text_content("#f-period-value") == "de 2016 à 2021"

        page.focus("#f-to-range")  # keyboard: two steps left on « Fin »
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("window.ecoMap.visibleEdges().length === 3")
        assert page.evaluate("window.ecoMap.period()") == [2016, 2019]
        assert page.input_value("#f-to") == "2019"  # the year boxes follow the slider
        assert _edges(page) == {("a", "b"), ("c", "d"), ("a", "d")}  # b–c starts in 2021

        box = page.locator("#f-from-range").bounding_box()  # drag « Début » to the far right end
        page.mouse.move(box["x"] + 8, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2, steps=5)
        page.mouse.move(box["x"] + box["width"] + 20, box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        # « Début » passing « Fin » pushes it: the period is 2021 alone
        page.wait_for_function("JSON.stringify(window.ecoMap.period()) === '[2021,2021]'")
        assert page.input_value("#f-to-range") == "2021" and page.input_value("#f-from") == "2021"
        assert page.text_content("#f-period-value") == "année 2021"
        page.wait_for_function("window.ecoMap.visibleEdges().length === 2")
        assert _edges(page) == {("b", "c"), ("c", "d")}  # undated c–d stays
        assert set(page.evaluate("window.ecoMap.visibleIds()")) == {"a", "b", "c", "d"}

        _set_period(page, 2017, 2018)  # the boxes move the slider
        assert page.input_value("#f-from-range") == "2017" and page.input_value("#f-to-range") == "2018"
        page.click("#f-reset")
        assert page.input_value("#f-from-range") == "2016" and page.input_value("#f-to-range") == "2021"
        assert len(_edges(page)) == 4


def test_period_filter_is_absent_without_dates(chromium, tmp_path):
    from ecosysteme.io import load_valid

    folder = write_tables(tmp_path / "sans", {"acteurs": ACTORS, "relations": "source;cible;type\na;b;partenariat\n"})
    path = write_map(load_valid(folder, dataset="sans"), tmp_path / "carte.html")
    with open_page(chromium, path) as page:
        wait_map(page)
        assert not page.is_visible("#f-period")
        assert page.evaluate("window.ecoMap.period()") is None
        assert _edges(page) == {("a", "b")}


OLD_ACTORS = ("id;nom;type;monde;echelon;territoires;site_web\n"
              "a;Asso A;association;associations;local;commune:35238;\n"
              "b;Coop B;entreprise;entreprises;local;commune:35238;\n"
              "c;Mairie C;collectivite;collectivites;local;commune:35238;\n"
              "reseau-d;Réseau D <b>;association;associations;local;commune:35238;https://reseau-d.example.fr/\n"
              "e;Ancienne <script>alert(1)</script> E;association;associations;local;commune:35238;\n")
NEW_ACTOR = "f;Nouvelle <i>Asso</i> F;association;associations;local;commune:35238;\n"


def test_map_since_an_older_version_rings_new_actors_and_lists_gone_ones(chromium, tmp_path):
    old = write_tables(tmp_path / "ancien", {"acteurs": OLD_ACTORS,
                                             "relations": "source;cible;type\na;b;partenariat\n"})
    new = write_tables(tmp_path / "nouveau", {"acteurs": ACTORS + NEW_ACTOR,
                                              "relations": RELATIONS + "f;a;partenariat;;\n"})
    out = tmp_path / "carte.html"
    result = CliRunner().invoke(cli, ["carte", str(new), "--depuis", str(old), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    with open_page(chromium, out, screenshot="carte-depuis") as page:
        wait_map(page)
        assert page.evaluate("window.ecoMap.newIds()") == ["f"]  # d is reseau-d renamed, not new
        node = page.evaluate("window.ecoMap.nodes.get('f')")
        assert node["borderWidth"] == 4 and node["color"]["border"] == "#1e8e3e"
        assert "borderWidth" not in page.evaluate("window.ecoMap.nodes.get('a')")
        assert page.is_visible("#eco-since-box")
        assert page.text_content("#eco-since-title") == "Changements depuis « ancien »"
        assert page.text_content("#eco-since-note") == (
            "1 nouvel acteur (anneau vert), 1 disparu, 1 renommé(s) (comptés comme le même acteur).")
        gone = page.eval_on_selector_all("#eco-gone li", "ls => ls.map(l => [l.dataset.id, l.textContent])")
        assert gone == [["e", "Ancienne <script>alert(1)</script> E (e)"]]
        assert "&lt;script&gt;" in page.inner_html("#eco-gone")
        page.evaluate("window.ecoMap.select('f')")
        fields = page.text_content("#card-fields")
        assert "Évolution" in fields and "nouveau depuis « ancien »" in fields
        assert page.text_content("#card-title") == "Nouvelle <i>Asso</i> F"
        page.evaluate("window.ecoMap.select('a')")
        assert "Évolution" not in page.text_content("#card-fields")


def test_map_without_since_has_no_changes_panel(chromium, dated_map):
    with open_page(chromium, dated_map) as page:
        wait_map(page)
        assert not page.is_visible("#eco-since-box")
        assert page.evaluate("window.ecoMap.newIds()") == []
