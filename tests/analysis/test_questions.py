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
    # Rennes: b-mob (Bretagne) answered by p-mob, b-all by p-nat's theme; b-emploi is Finistère's; b-sante nobody.
    assert uncovered_needs(mini, "commune:35238") == [("b-sante", "commune:35238")]
    # Brest: p-emp (Rennes Métropole) does not reach it, so b-emploi is uncovered there.
    assert uncovered_needs(mini, ("commune", "29019")) == [("b-emploi", "commune:29019"),
                                                           ("b-sante", "commune:29019")]
    # A need with no territory concerns France, hence every territory.
    assert uncovered_needs(mini, "france") == [("b-sante", "france")]
    # b-emploi concerns département 29, not its region (containment goes down, not up).
    assert uncovered_needs(mini, "region:53") == [("b-sante", "region:53")]
    # A territory named by nobody still gets an answer (national needs reach it).
    assert uncovered_needs(mini, "commune:35051") == [("b-sante", "commune:35051")]


def test_q1_over_analysed_territories(mini_eco):
    assert uncovered_needs(mini_eco) == [
        ("b-emploi", "commune:29019"), ("b-emploi", "departement:29"), ("b-sante", "commune:29019"),
        ("b-sante", "commune:35238"), ("b-sante", "commune:75056"), ("b-sante", "departement:29"),
        ("b-sante", "epci:243500139"), ("b-sante", "france"), ("b-sante", "region:53"),
    ]


def test_q1_theme_covers_without_relation(mini):
    # p-emp answers b-emploi only through its theme consolidation_mse, on Rennes Métropole.
    assert ("b-emploi", "epci:243500139") not in uncovered_needs(mini, "epci:243500139")


@pytest.mark.parametrize(("territory", "expected"), [
    ("commune:35238", ["p-nat"]),           # p-mob relayed by Ville de Rennes; p-emp answers no need of Rennes
    ("region:53", ["p-nat"]),               # p-mob carried by Entreprise Ouest, present on Bretagne
    ("france", []),                         # p-nat's carrier is national; b-mob does not concern France
    ("commune:29019", ["p-mob", "p-nat"]),  # nobody in Brest relays anything
    ("commune:75056", ["p-nat"]),
])
def test_q2_programmes_without_relay(mini, territory, expected):
    assert programmes_without_relay(mini, territory) == expected


@pytest.mark.parametrize(("territory", "expected"), [
    ("commune:35238", []),  # associations and collectivités partner in Rennes
    ("region:53", [("associations", "entreprises"), ("collectivites", "entreprises")]),
    ("france", [("associations", "entreprises"), ("collectivites", "entreprises"),
                ("collectivites", "investisseurs_societaux"), ("entreprises", "investisseurs_societaux")]),
    ("commune:75056", [("associations", "investisseurs_societaux")]),
    ("commune:29019", []),  # one world only (the funder is in Paris: not present in Brest)
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
