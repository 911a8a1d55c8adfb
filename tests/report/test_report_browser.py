"""The report page and the territory sheets in a real headless Chromium, every outside request blocked."""

from __future__ import annotations

import pytest

from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from ecosysteme.report import write_gap_report
from tests.analysis import regles
from tests.analysis.mini import XSS_NAME
from tests.browser import ARTIFACTS, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tables = dict(regles.TABLES)
    tables["acteurs"] = tables["acteurs"].replace("Asso de Morlaix", XSS_NAME)
    folder = regles.write(tmp_path_factory.mktemp("regles-xss"), tables)
    eco = Ecosystem(load_valid(folder))
    return write_gap_report(eco, tmp_path_factory.mktemp("page"), regles.EPCI, formats=["html"], suggestions=0)


def _column(page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))")


def test_tables_render_and_hostile_name_is_text(chromium, pages):
    with open_page(chromium, pages[0], screenshot="rapport-trous") as page:
        page.wait_for_function("window.ecoReady === true")
        for key in ("actions", "donnees", "besoin_non_couvert", "programme_sans_relais", "mondes_sans_rencontre",
                    "nature_absente", "territoire_sans_acteur", "fragilite", "complementarites"):
            assert page.locator(f"section#{key} h2").count() == 1
        assert page.locator("#t-actions tbody tr").count() == 15
        assert page.locator("#t-territoire_sans_acteur tbody tr").count() == 23
        assert page.locator("li", has_text=XSS_NAME).count() >= 1  # shown as text
        assert page.locator("img").count() == 0                    # not turned into an element
        assert page.title().startswith("Trous dans la raquette — ")
        assert page.locator("header p").inner_text().startswith("Rapport local — CA Morlaix Communauté")
        assert page.locator("html").get_attribute("lang") == "fr"


def test_sorting_by_clicking_headers(chromium, pages):
    with open_page(chromium, pages[0]) as page:
        page.wait_for_function("window.ecoReady === true")
        table = "t-territoire_sans_acteur"
        header = page.locator(f"#{table} thead th").nth(3)  # Priorité
        header.click()
        assert header.get_attribute("aria-sort") == "ascending"
        values = [float(v) for v in _column(page, table, 3)]
        assert values == sorted(values)
        header.click()
        assert header.get_attribute("aria-sort") == "descending"
        assert [float(v) for v in _column(page, table, 3)] == sorted(values, reverse=True)
        rank = page.locator(f"#{table} thead th").nth(0)
        rank.focus()
        page.keyboard.press("Enter")  # keyboard users can sort too
        assert [int(v) for v in _column(page, table, 0)] == list(range(1, 24))


def test_filter_box(chromium, pages):
    with open_page(chromium, pages[0]) as page:
        page.wait_for_function("window.ecoReady === true")
        page.fill("input[data-table='t-territoire_sans_acteur']", "garlan")
        assert page.locator("#t-territoire_sans_acteur tbody tr:visible").count() == 1
        assert page.locator("#c-territoire_sans_acteur").inner_text() == "1 ligne affichée"
        page.fill("input[data-table='t-territoire_sans_acteur']", "")
        assert page.locator("#t-territoire_sans_acteur tbody tr:visible").count() == 23


def test_territory_sheets_print_one_a4_page_each(chromium, pages):
    from pypdf import PdfReader

    sheets = pages[1]
    assert sheets.name == "fiches-epci-242900835.html"
    with open_page(chromium, sheets, screenshot="fiches-territoires") as page:
        count = page.locator("section.fiche").count()
        assert count == 5  # the EPCI and the four communes the data names
        assert page.locator("section.fiche svg").count() == 0  # no IMPACT indices here: no radar drawn
        ARTIFACTS.mkdir(exist_ok=True)
        pdf = ARTIFACTS / "fiches-territoires.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == count  # one page per territory: nothing spills over
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 (210 × 297 mm) in points


def test_network_report_page(chromium, reseau, tmp_path):
    path = write_gap_report(reseau, tmp_path, formats=["html"], suggestions=5)[0]
    with open_page(chromium, path, screenshot="rapport-trous-reseau") as page:
        page.wait_for_function("window.ecoReady === true")
        assert page.locator("#t-actions tbody tr").count() >= 1
        page.locator("#t-fragilite thead th").nth(3).click()
        assert page.locator("#t-suggestions tbody tr").count() == 5
