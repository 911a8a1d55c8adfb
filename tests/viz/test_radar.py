"""IMPACT radars: scores checked against values computed by hand from the deck's table."""

from __future__ import annotations

import html as htmllib

import pytest

from ecosysteme.viz import RadarError, impact_scores, write_radars
from ecosysteme.viz.radar import radar_page, radar_svg
from tests.viz.conftest import write_tables


@pytest.fixture(scope="module")
def scores(reseau_model):
    return impact_scores(reseau_model)


def _index(scores, code):
    return next(i for i in scores.scored + scores.unscored if i.code == code)


def test_thirteen_regions_with_insee_codes(scores):
    assert scores.regions == ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]


def test_unemployment_a_rise_makes_fragile(scores):
    # Deck, « Taux de chomage » Freco.1, 2019 (T1): Hauts-de-France 10,8 is the worst, Bretagne and
    # Pays de la Loire 7,2 the best; France métropolitaine 8,4.
    chomage = _index(scores, "Freco.1")
    assert chomage.direction == "hausse_fragilise"
    assert (chomage.worst, chomage.best) == (10.8, 7.2)
    assert chomage.scores["32"] == pytest.approx(10.0)
    assert chomage.scores["53"] == pytest.approx(0.0)
    assert chomage.scores["76"] == pytest.approx(10 * (10.3 - 7.2) / (10.8 - 7.2))  # Occitanie: 8.611
    assert chomage.scores["76"] == pytest.approx(8.6111, abs=1e-4)
    assert chomage.national_score == pytest.approx(10 * (8.4 - 7.2) / (10.8 - 7.2))  # 3.333
    assert chomage.national_score == pytest.approx(3.3333, abs=1e-4)


def test_health_professionals_a_fall_makes_fragile(scores):
    # « Professionnels de santé / 100 000 hab » Frétale.2, 2017: the fewest (Centre-Val de Loire, 265) is
    # the most fragile (10), the most (Provence-Alpes-Côte d'Azur, 406) scores 0; Bretagne 319; France 339.
    sante = _index(scores, "Frétale.2")
    assert sante.direction == "baisse_fragilise"
    assert (sante.worst, sante.best) == (265.0, 406.0)
    assert sante.scores["24"] == pytest.approx(10.0)
    assert sante.scores["93"] == pytest.approx(0.0)
    assert sante.scores["53"] == pytest.approx(10 * (406 - 319) / (406 - 265))  # 6.170
    assert sante.scores["53"] == pytest.approx(6.1702, abs=1e-4)
    assert sante.national_score == pytest.approx(10 * (406 - 339) / (406 - 265))  # 4.752


def test_poverty_rate_corse_is_the_most_fragile(scores):
    # « Taux de pauvreté » Frsoc.1, 2015: Corse 19,8 (worst), Bretagne and Pays de la Loire 11,2 (best).
    pauvrete = _index(scores, "Frsoc.1")
    assert pauvrete.scores["94"] == pytest.approx(10.0)
    assert pauvrete.scores["11"] == pytest.approx(10 * (15.9 - 11.2) / (19.8 - 11.2))  # Île-de-France: 5.465


def test_indices_without_direction_are_left_out_never_guessed(scores):
    unscored = {i.code for i in scores.unscored}
    assert unscored == {"FrEnv.2", "Frsoc.3", "Frsoc.4", "Frétale.5", "nc.soc.beneficiaires_aah",
                        "nc.soc.logements_habitant"}
    assert all(not i.scores and i.national_score is None for i in scores.unscored)
    assert len(scores.scored) == 11
    assert all(0.0 <= s <= 10.0 for i in scores.scored for s in i.scores.values())


def test_radar_page_french_labels_and_what_is_left_out(scores):
    page = radar_page(scores, "53")
    html = htmllib.unescape(page)
    assert "Fragilités relatives — Bretagne (région 53)" in html
    assert "Taux de chomage" in html and "Professionnels de santé / 100 000 hab" in html
    assert "Indices hors radar (6)" in html and "nous n'inventons pas de sens" in html
    assert "Taux d'immigration" in html  # listed apart, with its values
    assert "Etude IMPACT – Bretagne – Comisis-Le RAMEAU pour l'Observatoire des partenariats" in html
    assert "<script" not in page  # static page
    assert "data-score='Frétale.2'>6,2<" in page


def test_svg_points_follow_the_scores(scores):
    svg = radar_svg(scores, "32", size=500)
    # Hauts-de-France is the worst region for unemployment: its first point lies on the outer ring (10)
    first = svg.split('class="radar-region"')[0].rsplit('<polygon points="', 1)[1].split('"')[0]
    x, y = (float(v) for v in first.split()[0].split(","))
    assert (x, y) == pytest.approx((250.0, 250.0 - 500 * 0.30), abs=0.1)


def test_write_radars_html_and_png(tmp_path, reseau_model):
    written = write_radars(reseau_model, tmp_path, region="53")
    assert [p.name for p in written] == ["radar-53.html", "radar-53.png"]
    png = (tmp_path / "radar-53.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    everything = write_radars(reseau_model, tmp_path / "toutes", formats=("html",))
    assert len(everything) == 14 and everything[-1].name == "radars.html"


def test_bundled_indices_by_default(tmp_path):
    written = write_radars(None, tmp_path, region="94", formats=("html",))
    assert "Corse" in written[0].read_text(encoding="utf-8")


def test_unknown_region_and_missing_indices_are_user_errors(tmp_path, scores):
    with pytest.raises(RadarError, match=r"région « 99 » absente des indices.*53 \(Bretagne\)"):
        radar_svg(scores, "99")
    no_regions = write_tables(tmp_path / "sans", {"acteurs": "id;nom;type\na;A;association\n"})
    from ecosysteme.io import load_valid

    with pytest.raises(RadarError, match="aucune valeur d'indice par région"):
        impact_scores(load_valid(no_regions))
