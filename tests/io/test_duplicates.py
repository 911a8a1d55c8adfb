"""Likely duplicate actors are flagged with a score, never merged."""

from __future__ import annotations

from ecosysteme.io import load
from ecosysteme.io.duplicates import find_duplicate_actors, normalise_name
from ecosysteme.model import Actor, Provenance


def actor(ident, name, website=None, aliases=()):
    return Actor(ident, name, "association", None, None, (), (), (), (), website, None, tuple(aliases),
                 Provenance("acteurs.csv", 2))


def test_case_accent_and_article_variants_are_flagged():
    pairs = find_duplicate_actors([
        actor("a", "Le RAMEAU"), actor("b", "Le Rameau"), actor("c", "IdealCo"), actor("d", "IdéalCo"),
        actor("e", "Map In Action"), actor("f", "France Active"),
    ])
    found = {(a, b) for a, b, _, _ in pairs}
    assert found == {("a", "b"), ("c", "d")}
    assert all(score == 1.0 for _, _, score, _ in pairs)


def test_close_names_score_below_one_and_distinct_names_do_not_match():
    pairs = find_duplicate_actors([actor("a", "Fédération des Entreprises d'Insertion"),
                                   actor("b", "Federation Entreprises d Insertion"),
                                   actor("c", "Fondation Caritas")])
    assert [(a, b) for a, b, _, _ in pairs] == [("a", "b")]


def test_same_website_is_a_duplicate_signal():
    pairs = find_duplicate_actors([actor("a", "Avise", "https://www.avise.org/"),
                                   actor("b", "Agence de valorisation des initiatives", "http://avise.org/dla")])
    assert pairs == [("a", "b", 1.0, "même site web (avise.org)")]


def test_alias_is_compared_too():
    pairs = find_duplicate_actors([actor("a", "Réseau des pionniers", aliases=["Catalyseurs territoriaux"]),
                                   actor("b", "Catalyseurs Territoriaux")])
    assert [(a, b) for a, b, _, _ in pairs] == [("a", "b")]


def test_normalise_name():
    assert normalise_name("L'IdéalCo") == "idealco"


def test_validate_lists_duplicates_without_merging(tmp_path):
    (tmp_path / "acteurs.csv").write_text("id;nom;type\nr1;Le RAMEAU;reseau\nr2;Le Rameau;reseau\n", encoding="utf-8")
    model, report = load(tmp_path)
    assert set(model.actors) == {"r1", "r2"}
    [warn] = [i for i in report.issues if i.code == "doublon_probable"]
    assert warn.row == 3 and "r1" in warn.message and "rien n'est fusionné" in warn.fix
    assert report.ok  # a duplicate is a warning, not an error
