"""One IMPACT scale for the radars and the gap rankings, with its edge cases worked by hand."""

from __future__ import annotations

import pytest

from ecosysteme.analysis import regional_fragility
from ecosysteme.io import load_valid
from ecosysteme.viz import impact_scores
from ecosysteme.viz.radar import radar_page

TABLES = {
    "acteurs": "id;nom;type\na;A;association\n",
    "indicateurs": """indicateur;libelle;territoire;valeur;annee;domaine;sens
S1;Santé;region:53;10;2018;sante;hausse_fragilise
S1;Santé;region:11;30;2018;sante;hausse_fragilise
S1;Santé;region:53;20;2019;sante;hausse_fragilise
S1;Santé;region:11;40;2019;sante;hausse_fragilise
S1;Santé;france;25;2020;sante;hausse_fragilise
P1;Plat;region:53;7;2019;emploi;baisse_fragilise
P1;Plat;region:11;7;2019;emploi;baisse_fragilise
O1;Ouvert;region:53;2;2019;culture;
O1;Ouvert;region:11;8;2019;culture;
""",
}


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("impact")
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return load_valid(folder)


def test_latest_period_with_regional_values_and_its_scale(model):
    fr = regional_fragility(model)
    s1 = next(i for i in fr.indices if i.code == "S1")
    # 2020 holds only the national value: the latest regional period is 2019 (20 and 40)
    assert s1.period == "2019" and s1.values == {"11": 40.0, "53": 20.0}
    assert (s1.best, s1.worst) == (20.0, 40.0) and s1.scores == {"11": 10.0, "53": 0.0}
    assert fr.scores == {"11": {"sante": 10.0}, "53": {"sante": 0.0}}


def test_regions_all_equal_are_never_placed_nor_scored_zero(model):
    fr = regional_fragility(model)
    flat = next(i for i in fr.indices if i.code == "P1")
    assert not flat.placed and flat.scores == {} and "distinctes" in flat.reason
    assert "emploi" not in fr.scores["53"] and "P1" in fr.skipped
    radar = impact_scores(model)
    assert [i.code for i in radar.scored] == ["S1"] and {i.code for i in radar.unscored} == {"P1", "O1"}
    page = radar_page(radar, "53")
    assert "Raison" in page and "même valeur" in page  # the page says why each index is left out


def test_a_secretariat_settles_an_open_direction(model):
    fr = regional_fragility(model, directions={"O1": "hausse_fragilise"})
    assert fr.scores["11"]["culture"] == 10.0 and fr.scores["53"]["culture"] == 0.0
    with pytest.raises(ValueError, match="sens inconnu"):
        regional_fragility(model, directions={"O1": "monte"})


def test_regional_fragility_on_the_mini_ecosystem(mini):
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
