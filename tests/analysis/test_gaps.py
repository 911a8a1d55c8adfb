"""The gap rules, one test per rule and per trap, on a hand-made ecosystem (tests/analysis/regles.py).

Every expected answer below is worked out by hand from the rules of
ecosysteme.analysis.presence (the comments say why).
"""

from __future__ import annotations

import json

import pytest

from ecosysteme.analysis import find_gaps, programmes_without_relay, uncovered_needs, worlds_that_never_meet
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from tests.analysis import regles


@pytest.fixture(scope="module")
def eco(tmp_path_factory):
    return Ecosystem(load_valid(regles.write(tmp_path_factory.mktemp("regles"))))


@pytest.fixture(scope="module")
def gaps(eco):
    return find_gaps(eco, regles.EPCI)


@pytest.fixture(scope="module")
def with_reference(tmp_path_factory, eco):
    reference = load_valid(regles.write(tmp_path_factory.mktemp("reference"), regles.REFERENCE), dataset="ref")
    return eco.with_references([reference])


def keys(gaps, kind):
    return sorted((f.territory_key, f.key[2]) for f in gaps.of_kind(kind))


# --- the rules, one by one --------------------------------------------------------------------

def test_present_includes_the_containing_and_the_contained_territories(eco):
    p = eco.presence
    assert p.present("cat", ("commune", "29059"))      # the EPCI's catalyst is present in Garlan
    assert p.present("etat-29", ("commune", "29151"))  # the département's service in Morlaix
    assert p.present("asso-m", ("epci", "242900835"))  # an actor of Morlaix is present on its EPCI
    assert not p.present("asso-m", ("commune", "29023"))  # but not in Carantec
    assert p.located(("commune", "29151")) == ["asso-m"]  # situé: its territories name the commune itself


def test_a_need_with_no_territory_is_expressed_where_its_actor_is_situe(eco):
    assert eco.presence.expressed["n-logement"] == [("commune", "29151")]
    assert eco.presence.expressed["n-sante"] == [("epci", "242900835"), ("commune", "29023")]


def test_besoin_non_couvert_once_where_expressed_never_repeated_per_commune(gaps):
    # n-logement: only a programme of the same theme exists, which is no answer; n-sante: nothing answers it,
    # expressed on the EPCI (its row) and in Carantec (the town hall): reported once, on the EPCI.
    assert keys(gaps, "besoin_non_couvert") == [("commune:29151", "n-logement"), ("epci:242900835", "n-sante")]
    sante = next(f for f in gaps.of_kind("besoin_non_couvert") if f.need == "n-sante")
    assert sante.also == (("commune", "29023"),)


def test_a_theme_match_is_only_a_hint(gaps):
    logement = next(f for f in gaps.of_kind("besoin_non_couvert") if f.need == "n-logement")
    hint = next(e for e in logement.evidence if e.startswith("Piste"))
    assert "ce n'est pas une réponse" in hint and "Programme du même thème" in hint


def test_an_epci_level_actor_answers_for_its_communes(gaps):
    # n-emploi (Garlan) is answered by the intercommunal catalyst: present in Garlan, so no gap.
    assert all(f.need != "n-emploi" for f in gaps.findings)


def test_programme_sans_relais_and_a_presumed_carrier_is_no_relay(gaps):
    # p-num answers Carantec's need; its only carrier's national territory is presumed: present nowhere.
    # p-mob answers Taulé's need and its regional carrier is present in Taulé: no gap.
    assert keys(gaps, "programme_sans_relais") == [("commune:29023", "p-num")]


def test_worlds_that_meet_only_by_co_carrying_do_meet(eco, gaps):
    # The company and the State service carry « Chantier commun » together: they meet.
    assert ("entreprises", "etat") not in worlds_that_never_meet(eco, regles.EPCI)
    # On the EPCI, 8 pairs never meet; in Carantec, the only association present is the catalyst, which does
    # not meet the town hall (the Morlaix association does, but it is not present there): one local finding.
    assert keys(gaps, "mondes_sans_rencontre") == sorted([
        *(("epci:242900835", pair) for pair in (
            "associations|entreprises", "associations|etat", "associations|investisseurs_societaux",
            "collectivites|entreprises", "collectivites|etat", "collectivites|investisseurs_societaux",
            "entreprises|investisseurs_societaux", "etat|investisseurs_societaux")),
        ("commune:29023", "associations|collectivites")])


def test_nature_absente_where_natures_are_declared_and_the_epci_catalyst_counts(gaps):
    # Catalysis is brought everywhere by the EPCI's catalyst; management de projets only in Carantec (and so on
    # the EPCI): missing in Morlaix, Taulé and Garlan, each with other actors present.
    assert keys(gaps, "nature_absente") == [("commune:29059", "management_projets"),
                                            ("commune:29151", "management_projets"),
                                            ("commune:29279", "management_projets")]


def test_communes_without_an_actor(gaps, eco):
    found = {f.territory_key for f in gaps.of_kind("territoire_sans_acteur")}
    communes = {f"commune:{c[1]}" for c in eco.territories.descendants("epci", "242900835") if c[0] == "commune"}
    assert len(communes) == 26
    assert found == communes - {"commune:29151", "commune:29023", "commune:29279"}


def test_data_gaps_are_a_separate_list(gaps):
    data = {g.kind: g.ids for g in gaps.data_gaps}
    assert data["acteur_territoires_presume"] == ("nat",) and data["acteur_echelon_presume"] == ("nat",)
    assert data["acteur_sans_territoire"] == ("nat",)
    assert data["acteur_sans_nature"] == ("fond",)
    assert data["programme_sans_porteur"] == ("p-theme",)
    assert "besoin_sans_lieu" not in data


def test_the_references_bring_programmes_carriers_and_indices(with_reference):
    gaps = find_gaps(with_reference, regles.EPCI)
    # The reference's programme answers the housing need and its carrier (département 29) is present in Morlaix.
    assert all(f.need != "n-logement" and "n-logement" not in f.needs for f in gaps.findings)
    assert with_reference.fragility.scores["53"]["mal_logement"] == 0.0


def test_the_embedded_questions_follow_the_same_rules(eco):
    assert uncovered_needs(eco, "commune:29151") == [("n-logement", "commune:29151")]
    assert uncovered_needs(eco, "commune:29059") == []
    assert programmes_without_relay(eco, "commune:29023") == ["p-num"]
    assert programmes_without_relay(eco, "commune:29279") == []
    assert worlds_that_never_meet(eco, "commune:29023") == [
        ("associations", "collectivites"), ("associations", "etat"), ("associations", "investisseurs_societaux"),
        ("collectivites", "etat"), ("collectivites", "investisseurs_societaux"), ("etat", "investisseurs_societaux")]


# --- ranking and output -------------------------------------------------------------------

def test_one_ranked_list_and_at_most_fifteen_actions(gaps):
    scores = [f.score for f in gaps.findings]
    assert scores == sorted(scores, reverse=True)
    assert [f.rank for f in gaps.findings] == list(range(1, len(gaps.findings) + 1))
    assert len(gaps.actions) == 15
    assert max(sum(1 for f in gaps.actions if f.kind == k) for k in {f.kind for f in gaps.actions}) <= 6
    assert gaps.actions[0].kind == "besoin_non_couvert"  # the heaviest kind comes first here


def test_who_could_act_is_named(gaps):
    relay = gaps.of_kind("programme_sans_relais")[0]
    assert relay.actors[0] == "cat"  # the catalyst present in Carantec could relay it
    assert "catalyseur" in relay.leads[0][1]


def test_json_has_the_documented_shape(gaps):
    data = json.loads(json.dumps(gaps.to_json(), ensure_ascii=False))
    assert {"jeu", "territoire", "regles", "constats", "donnees_manquantes"} <= set(data)
    first = data["constats"][0]
    assert {"genre", "territoire", "besoin", "programme", "mondes", "nature", "acteurs", "priorite", "rang",
            "preuves"} <= set(first)
    assert first["territoire"] in ("epci:242900835", "commune:29151")
    assert data["territoire"] == "epci:242900835"
