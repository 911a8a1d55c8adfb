"""Relay gaps, worlds that never meet and missing engineering on the mini ecosystem."""

from __future__ import annotations

import pytest

from ecosysteme.analysis import (
    engineering,
    engineering_gaps,
    programmes_without_relay,
    relay_gaps,
    world_gaps,
    world_matrices,
)
from tests.conftest import ROOT


def test_relay_gaps_match_q2_everywhere(mini_eco):
    gaps = relay_gaps(mini_eco)
    found = sorted((g.territory, g.programme) for g in gaps)
    expected = sorted((t, p) for t in ("france", "region:53", "departement:29", "epci:243500139", "commune:29019",
                                       "commune:35238", "commune:75056")
                      for p in programmes_without_relay(mini_eco, t))
    assert found == expected
    assert [g.rank for g in gaps] == list(range(1, len(gaps) + 1))


def test_relay_gap_candidates_and_evidence(mini):
    gap = next(g for g in relay_gaps(mini, "commune:35238"))
    assert (gap.territory, gap.programme, gap.needs, gap.carriers) == ("commune:35238", "p-nat", ("b-all",), ("nat",))
    # Asso Rennes is a network member, Ville de Rennes already relays a programme.
    assert [a for a, _ in gap.candidates] == ["asso-r", "ville"]
    assert "membre d'un réseau" in gap.candidates[0][1]
    assert "relaie déjà" in gap.candidates[1][1]
    assert any("Porté par Réseau National, absent de Rennes." == e for e in gap.evidence)


def test_relay_gaps_without_candidates(mini):
    gaps = {g.programme: g for g in relay_gaps(mini, "commune:29019")}
    assert set(gaps) == {"p-mob", "p-nat"}
    assert gaps["p-mob"].candidates == ()  # Asso Brest is neither catalyst, network, member nor relay
    assert "Le seul acteur présent sur Brest ne le relaie ni ne le porte." in gaps["p-mob"].evidence


def test_world_matrix_counts_links_between_present_actors(mini):
    matrices = {m.territory: m for m in world_matrices(mini)}
    france = matrices["france"]
    assert france.worlds == ("associations", "collectivites", "entreprises", "investisseurs_societaux")
    assert france.count("associations", "collectivites") == 1
    assert france.count("investisseurs_societaux", "associations") == 1
    assert france.links[("associations", "associations")] == {"membre_de": 1}
    assert france.actors["associations"] == ("nat", "asso-r", "asso-b", "seul")
    # On Bretagne the funder (Paris) is absent, so its link does not count.
    assert "investisseurs_societaux" not in matrices["region:53"].worlds


def test_world_gaps_ranked(mini):
    gaps = world_gaps(mini)
    assert [(g.territory, g.world1, g.world2) for g in gaps] == [
        ("region:53", "associations", "entreprises"),        # Bretagne: mean fragility 5, larger population
        ("region:53", "collectivites", "entreprises"),
        ("commune:75056", "associations", "investisseurs_societaux"),  # Île-de-France: mean 5
        ("france", "associations", "entreprises"),           # no fragility for France: last
        ("france", "collectivites", "entreprises"),
        ("france", "collectivites", "investisseurs_societaux"),
        ("france", "entreprises", "investisseurs_societaux"),
    ]
    first = gaps[0]
    assert first.actors1 == ("asso-r", "asso-b") and first.actors2 == ("ent",)
    assert "n'ont aucun lien" in first.evidence[0]


def test_engineering_rows_and_gaps(mini):
    rows = {r.territory: r for r in engineering(mini)}
    assert rows["france"].missing == ()
    assert rows["commune:35238"].by_nature == {"gestion": ("asso-r",), "management_projets": ("ville",),
                                               "catalyse": ()}
    assert rows["commune:35238"].missing == ("catalyse",)
    assert rows["commune:75056"].missing == ("gestion", "management_projets", "catalyse")
    assert rows["commune:75056"].without_nature == ("fond", "seul")
    gaps = engineering_gaps(mini)
    assert ("commune:35238", "catalyse") in {(g.territory, g.nature) for g in gaps}
    assert not any(g.territory == "france" for g in gaps)
    paris = [g for g in gaps if g.territory == "commune:75056"]
    assert [g.nature for g in paris] == ["gestion", "management_projets", "catalyse"]
    assert "à qualifier" in " ".join(paris[0].evidence)


@pytest.mark.skipif(not (ROOT / "data" / "exemple-epci" / "acteurs.csv").is_file(), reason="données d'exemple absentes")
def test_planted_engineering_gaps_of_the_example_epci_are_found():
    from ecosysteme.io import load_valid
    from ecosysteme.synth import gap_communes

    model = load_valid(ROOT / "data" / "exemple-epci")
    missing = {g.territory for g in engineering_gaps(model) if g.nature == "management_projets"}
    # The generator deliberately left these communes without "management de projets transversaux".
    assert {f"commune:{code}" for code in gap_communes()} <= missing
