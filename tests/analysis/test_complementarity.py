"""Complementarities on the mini ecosystem: candidates, filters, scores and reasons."""

from __future__ import annotations

import pytest

from ecosysteme.analysis import complementarities
from ecosysteme.analysis.complementarity import complementary_pairs, explain_pair


def test_ranked_pairs_with_known_scores(mini):
    found = [({c.a, c.b}, c.kind, c.score, c.territory) for c in complementarities(mini, top=None)]
    assert found == [
        # need-offer 3 + different worlds 1 + different levels 0.5 + shared region 0.25
        ({"ent", "asso-b"}, "acteur-acteur", 4.75, "region:53"),
        ({"ent", "asso-r"}, "acteur-acteur", 4.75, "region:53"),
        # same level (local): no 0.5
        ({"ville", "asso-b"}, "acteur-acteur", 4.25, "region:53"),
        # the actor should be pointed to the programme answering its need on its region
        ({"asso-b", "p-mob"}, "acteur-programme", 2.75, "region:53"),
        ({"asso-r", "p-mob"}, "acteur-programme", 2.75, "region:53"),
    ]


def test_excluded_pairs(mini):
    pairs = {frozenset((a, b)) for a, b, _s in complementary_pairs(mini)}
    assert frozenset(("asso-r", "ville")) not in pairs   # already partners
    assert frozenset(("ent", "ville")) not in pairs      # carrier and relay of the same programme
    assert frozenset(("asso-r", "asso-b")) not in pairs  # same world, same level
    assert frozenset(("asso-b", "p-emp")) not in pairs   # p-emp does not reach Brest
    assert explain_pair(mini, "asso-r", "ville") is None


def test_reasons_in_plain_french(mini):
    top = complementarities(mini, top=1)[0]
    text = "\n".join(top.reasons)
    assert ("Asso Brest (associations, local) exprime le besoin « Mobilité » ; le programme « Mobilité Bretagne » "
            "porté par Entreprise Ouest (entreprises, régional) y répond et atteint son territoire.") in text
    assert "Mondes différents : entreprises et associations." in text
    assert "Échelons différents : régional et local." in text
    assert "Tous deux interviennent sur Bretagne." in text
    assert "Aucun lien entre eux dans l'inventaire." in text
    assert top.needs == ("b-mob",)


def test_complementary_natures_on_a_shared_territory(tmp_path):
    from ecosysteme.io import load_valid

    (tmp_path / "acteurs.csv").write_text(
        "id;nom;type;monde;echelon;natures;territoires\n"
        "a;Catalyseur;catalyseur;associations;local;catalyse;commune:35238\n"
        "b;Service;collectivite;collectivites;local;gestion;commune:35238\n"
        "c;Même nature;association;associations;local;catalyse;commune:35238\n"
        "d;Ailleurs;entreprise;entreprises;local;gestion;commune:75056\n"
        "e;Deux natures;entreprise;entreprises;national;catalyse|gestion;france\n", encoding="utf-8")
    model = load_valid(tmp_path)
    found = complementarities(model, top=None)
    # a-b and c-b: catalyse meets gestion on Rennes (1 + worlds 1 + commune 1); a-c: same nature;
    # d: elsewhere; e brings both natures, so nobody complements it, and national actors only share France.
    assert [({x.a, x.b}, x.score) for x in found] == [({"a", "b"}, 3.0), ({"b", "c"}, 3.0)]
    assert "Ingénieries complémentaires : Catalyseur apporte catalyse, Service ingénierie de gestion." \
        in found[0].reasons


def test_territory_filter(mini):
    assert complementarities(mini, "commune:75056", top=None) == []
    kept = complementarities(mini, "commune:29019", top=None)
    # Pairs sharing only Bretagne are not "on Brest"; Asso Brest's programme orientation is.
    assert [(c.a, c.b) for c in kept] == [("asso-b", "p-mob")]
    assert kept[0].rank == 1


@pytest.mark.parametrize("top", [0, 2])
def test_top(mini, top):
    assert len(complementarities(mini, top=top)) == top
