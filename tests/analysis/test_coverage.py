"""Coverage matrix, ranked gaps with evidence, and the IMPACT fragility scale."""

from __future__ import annotations

import pytest

from ecosysteme.analysis import coverage, regional_fragility


def test_regional_fragility_impact_scale(mini):
    fr = regional_fragility(mini)
    # S1 rises with fragility: 11 (20) is the most critical, 53 (10) the most favourable.
    assert fr.scores["11"]["sante"] == pytest.approx(10.0)
    assert fr.scores["84"]["sante"] == pytest.approx(5.0)
    assert fr.scores["53"]["sante"] == pytest.approx(0.0)
    # E1 falls with fragility: 53 (5) is the most critical.
    assert fr.scores["53"]["emploi"] == pytest.approx(10.0)
    assert fr.scores["11"]["emploi"] == pytest.approx(0.0)
    assert fr.score("53", None) == pytest.approx(5.0)  # mean over its domains
    # X1 has no direction: skipped and said so.
    assert "X1" in fr.skipped and "sens inconnu" in fr.skipped["X1"]
    assert "mobilite" not in fr.scores["53"]


def test_gaps_ranked_by_fragility_then_population(mini):
    cov = coverage(mini)
    assert [(g.rank, g.need, g.territory) for g in cov.gaps] == [
        (1, "b-sante", "commune:75056"),      # Île-de-France most critical on santé, Paris the most populated
        (2, "b-emploi", "departement:29"),    # Bretagne most critical on emploi
        (3, "b-emploi", "commune:29019"),
        (4, "b-sante", "region:53"),
        (5, "b-sante", "departement:29"),
        (6, "b-sante", "epci:243500139"),
        (7, "b-sante", "commune:35238"),
        (8, "b-sante", "commune:29019"),
        (9, "b-sante", "france"),             # no region: fragility unknown, last
    ]
    assert cov.gaps[0].fragility == pytest.approx(10.0)
    assert cov.gaps[-1].fragility is None
    assert cov.uncovered_pairs() == sorted((g.need, g.territory) for g in cov.gaps)


def test_gap_evidence_names_need_territory_nearby_programmes_and_closers(mini):
    gap = next(g for g in coverage(mini).gaps if (g.need, g.territory) == ("b-emploi", "commune:29019"))
    assert gap.nearby == (("p-emp", "epci:243500139"),)
    assert [a for a, _why in gap.closers] == ["ville"]
    assert "Rennes Métropole" in gap.closers[0][1] and "Brest" in gap.closers[0][1]
    text = " ".join(gap.evidence)
    assert "« Emploi des jeunes »" in text and "Brest" in text
    assert "Exprimé sur place par Asso Brest" in text
    assert "« Emploi Rennes » (Rennes Métropole)" in text
    assert "région Bretagne" in text and "« Emploi »" in text


def test_gap_without_any_answer_says_so(mini):
    gap = next(g for g in coverage(mini).gaps if (g.need, g.territory) == ("b-sante", "commune:35238"))
    assert gap.nearby == ()
    assert "Aucun programme de l'inventaire n'y répond, nulle part." in gap.evidence


def test_coverage_matrix_cells(mini):
    cov = coverage(mini, "commune:29019")
    assert cov.territories == ("commune:29019",)
    cell = cov.cells[("commune:29019", "consolidation_mse")]
    assert cell.programmes == () and cell.needs == ("b-emploi",) and cell.uncovered == ("b-emploi",)
    cell = cov.cells[("commune:29019", "alliances_strategiques")]
    assert cell.programmes == ("p-nat",) and cell.uncovered == ()
    rennes = coverage(mini, "epci:243500139").cells[("epci:243500139", "consolidation_mse")]
    assert rennes.programmes == ("p-emp",) and rennes.needs == ()


def test_territory_filter_keeps_inside_territories(mini):
    cov = coverage(mini, "region:53")
    assert cov.territories == ("region:53", "departement:29", "epci:243500139", "commune:29019", "commune:35238")
