"""Q1-Q4 of docs/questions.md on the mini ecosystem, answers worked out by hand."""

from __future__ import annotations

import pytest

from ecosysteme.analysis import (
    UnknownResource,
    neighbourhood,
    programmes_without_relay,
    uncovered_needs,
    worlds_that_never_meet,
)


def test_q1_per_territory(mini):
    # Expressed: b-mob on region:53 (its row), Rennes (Asso Rennes) and Brest (Asso Brest), answered by p-mob's
    # « besoins »; b-emploi on département 29 (row) and Brest (Asso Brest): p-emp shares its theme only, which is
    # no answer; b-all on France: p-nat shares its theme only; b-sante has no territory and nobody situé expresses
    # it, so it is expressed nowhere.
    assert uncovered_needs(mini, "commune:35238") == []
    assert uncovered_needs(mini, ("commune", "29019")) == [("b-emploi", "commune:29019")]
    assert uncovered_needs(mini, "departement:29") == [("b-emploi", "departement:29")]
    assert uncovered_needs(mini, "france") == [("b-all", "france")]
    assert uncovered_needs(mini, "region:53") == []
    # A territory where nothing is expressed has nothing uncovered.
    assert uncovered_needs(mini, "commune:35051") == []


def test_q1_over_analysed_territories(mini_eco):
    assert uncovered_needs(mini_eco) == [("b-all", "france"), ("b-emploi", "commune:29019"),
                                         ("b-emploi", "departement:29")]


def test_q1_a_theme_is_not_an_answer(mini):
    # p-emp's theme consolidation_mse is b-emploi's theme, on Rennes Métropole: still no answer.
    assert ("b-emploi", "departement:29") in uncovered_needs(mini, "departement:29")


@pytest.mark.parametrize(("territory", "expected"), [
    ("commune:35238", []),   # p-mob answers b-mob; its carrier Entreprise Ouest (Bretagne) is present in Rennes
    ("region:53", []),
    ("commune:29019", []),   # the regional carrier is present in Brest too
    ("france", []),          # b-all has no answering programme at all
    ("commune:75056", []),   # nothing is expressed in Paris
])
def test_q2_programmes_without_relay(mini, territory, expected):
    assert programmes_without_relay(mini, territory) == expected


@pytest.mark.parametrize(("territory", "expected"), [
    # Rennes: the national network and the regional company are present too; associations meet collectivités
    # (partnership), nobody meets the company.
    ("commune:35238", [("associations", "entreprises"), ("collectivites", "entreprises")]),
    ("region:53", [("associations", "entreprises"), ("collectivites", "entreprises")]),
    ("france", [("associations", "entreprises"), ("collectivites", "entreprises"),
                ("collectivites", "investisseurs_societaux"), ("entreprises", "investisseurs_societaux")]),
    ("commune:75056", [("associations", "investisseurs_societaux")]),  # the funder meets Asso Brest, not here
    ("commune:29019", [("associations", "entreprises")]),  # the regional company is present in Brest
])
def test_q3_worlds_that_never_meet(mini, territory, expected):
    assert worlds_that_never_meet(mini, territory) == expected


def test_q4_neighbourhood(mini):
    assert neighbourhood(mini, "asso-r", 1) == {"nat": 1, "ville": 1}
    assert neighbourhood(mini, "asso-r", 2) == {"nat": 1, "ville": 1, "p-emp": 2, "p-mob": 2, "p-nat": 2}
    assert neighbourhood(mini, "asso-r", 3)["ent"] == 3
    assert list(neighbourhood(mini, "asso-r", 3)) == ["nat", "ville", "p-emp", "p-mob", "p-nat", "ent"]
    assert neighbourhood(mini, "asso-r", 10) == neighbourhood(mini, "asso-r", 3)  # the rest is disconnected
    assert neighbourhood(mini, "fond", 5) == {"asso-b": 1}
    assert neighbourhood(mini, "seul", 3) == {}
    assert neighbourhood(mini, "asso-r", 0) == {}


def test_q4_unknown_actor_is_a_clean_error(mini):
    with pytest.raises(UnknownResource, match="acteur inconnu"):
        neighbourhood(mini, "p-mob", 2)
