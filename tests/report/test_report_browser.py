"""The report page in a real headless Chromium, every outside request blocked."""

from __future__ import annotations

import pytest

from ecosysteme.report import write_gap_report
from tests.analysis.mini import XSS_NAME
from tests.browser import open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_path(hostile, hostile_report, tmp_path_factory):
    return write_gap_report(hostile, tmp_path_factory.mktemp("page"), formats=["html"], report=hostile_report)[0]


def _column(page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))")


def test_tables_render_and_hostile_name_is_text(chromium, page_path):
    with open_page(chromium, page_path, screenshot="rapport-trous") as page:
        page.wait_for_function("window.ecoReady === true")
        assert page.locator("table.triable").count() >= 8
        for key in ("couverture", "relais", "mondes", "ingenierie", "fragilite", "complementarites"):
            assert page.locator(f"section#{key} h2").count() == 1
        assert page.locator("#t-couverture tbody tr").count() == 9
        assert page.locator("li", has_text=XSS_NAME).count() >= 1  # shown as text
        assert page.locator("img").count() == 0                    # not turned into an element
        assert page.title().startswith("Trous dans la raquette — mini")
        assert page.locator("html").get_attribute("lang") == "fr"


def test_sorting_by_clicking_headers(chromium, page_path):
    with open_page(chromium, page_path) as page:
        page.wait_for_function("window.ecoReady === true")
        header = page.locator("#t-couverture thead th").nth(3)  # Priorité
        header.click()
        assert header.get_attribute("aria-sort") == "ascending"
        values = [float(v) if v else float("-inf") for v in _column(page, "t-couverture", 3)]
        assert values == sorted(values) and values[0] == float("-inf") and values[-1] == 10.0
        header.click()
        assert header.get_attribute("aria-sort") == "descending"
        values = [float(v) if v else float("-inf") for v in _column(page, "t-couverture", 3)]
        assert values == sorted(values, reverse=True)
        rank = page.locator("#t-couverture thead th").nth(0)
        rank.focus()
        page.keyboard.press("Enter")  # keyboard users can sort too
        assert [int(v) for v in _column(page, "t-couverture", 0)] == list(range(1, 10))
        assert header.get_attribute("aria-sort") is None
        territory = page.locator("#t-couverture thead th").nth(1)
        territory.click()
        names = _column(page, "t-couverture", 1)
        assert names == ["Brest", "Brest", "Bretagne", "Finistère", "Finistère", "France", "Paris", "Rennes",
                         "Rennes Métropole"]


def test_filter_box(chromium, page_path):
    with open_page(chromium, page_path) as page:
        page.wait_for_function("window.ecoReady === true")
        page.fill("input[data-table='t-couverture']", "paris")
        assert page.locator("#t-couverture tbody tr:visible").count() == 1
        assert page.locator("#c-couverture").inner_text() == "1 ligne affichée"
        page.fill("input[data-table='t-couverture']", "")
        assert page.locator("#t-couverture tbody tr:visible").count() == 9


def test_network_report_page(chromium, reseau, tmp_path):
    path = write_gap_report(reseau, tmp_path, formats=["html"], suggestions=5)[0]
    with open_page(chromium, path, screenshot="rapport-trous-reseau") as page:
        page.wait_for_function("window.ecoReady === true")
        assert page.locator("#t-relais tbody tr").count() > 100
        page.locator("#t-fragilite thead th").nth(3).click()
        assert page.locator("#t-suggestions tbody tr").count() == 5
