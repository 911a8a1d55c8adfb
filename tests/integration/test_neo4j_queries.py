"""The Cypher versions of the product's questions (``ontology/queries/*.cypher``) on a real Neo4j.

Two kinds of checks:

- known answers on a tiny hand-made ecosystem around the EPCI of Beaune, which
  spans two départements (Côte-d'Or and Saône-et-Loire): a commune must not
  climb through its EPCI into the other département (docs/questions.md);
- the same answers as the embedded path (:mod:`ecosysteme.analysis.questions`)
  on the network's data, the synthetic local ecosystem and a national
  synthetic one, for many territories and actors.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from ecosysteme.analysis._scope import Scope
from ecosysteme.analysis.questions import (
    neighbourhood,
    programmes_without_relay,
    uncovered_needs,
    worlds_that_never_meet,
)
from ecosysteme.cli._cypher import read_query_file
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from ecosysteme.model import format_ref
from ecosysteme.stores.neo4j import dataset_counts, push, run_query

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "ontology" / "queries"

BEAUNE, CHAGNY, EPCI = "commune:21054", "commune:71073", "epci:200006682"  # Chagny is in Saône-et-Loire (71)

HAND_MADE = {
    "acteurs.csv": """id;nom;type;monde;territoires
a-beaune;Association de Beaune;association;;commune:21054
a-chagny;Entreprise de Chagny;entreprise;;commune:71073
a-epci;Communauté d'agglomération;collectivite;;epci:200006682
a-dijon;Fondation de Côte-d'Or;financeur;;departement:21
a-cat;Catalyseur sans monde;catalyseur;;commune:71073
""",
    "programmes.csv": """id;nom;porteurs;themes;besoins;territoires
p-21;Programme de Côte-d'Or;a-dijon;alliances_strategiques;;departement:21
p-nat;Programme national;;;b-beaune;france
p-epci;Programme intercommunal;;mobilisation_competences;;epci:200006682
""",
    "besoins.csv": """id;libelle;theme;territoires
b-nat;Besoin national;consolidation_mse;
b-71;Besoin de Saône-et-Loire;mobilisation_competences;departement:71
b-chagny;Besoin de Chagny;alliances_strategiques;commune:71073
b-beaune;Besoin de Beaune;;commune:21054
b-21;Besoin de Côte-d'Or;alliances_strategiques;departement:21
""",
    "relations.csv": """source;cible;type;montant;date_debut
a-chagny;p-epci;relais;;
a-epci;a-beaune;partenariat;;
a-dijon;a-chagny;financement;1000;01/01/2020
a-dijon;a-chagny;financement;2000;01/01/2021
a-cat;a-epci;partenariat;;
""",
}


def cypher(driver, name: str, **params) -> list[list]:
    return run_query(driver, read_query_file(QUERIES / f"{name}.cypher"), params).rows


def q1(driver, jeu: str, territory: str) -> list[tuple[str, str]]:
    return sorted((row[0], row[2]) for row in cypher(driver, "q1_besoins_non_couverts", jeu=jeu, territoire=territory))


def q2(driver, jeu: str, territory: str) -> list[str]:
    return [row[0] for row in cypher(driver, "q2_programmes_sans_relais", jeu=jeu, territoire=territory)]


def q3(driver, jeu: str, territory: str) -> list[tuple[str, str]]:
    return [tuple(row) for row in cypher(driver, "q3_mondes_sans_rencontre", jeu=jeu, territoire=territory)]


def q4(driver, jeu: str, actor: str, k: int) -> dict[str, int]:
    return {row[0]: row[2] for row in cypher(driver, "q4_voisinage", jeu=jeu, acteur=actor, k=k)}


@pytest.fixture(scope="module")
def hand_made(neo4j_driver, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("beaune")
    for name, text in HAND_MADE.items():
        (folder / name).write_text(text, encoding="utf-8")
    model = load_valid(folder, dataset="q-beaune")
    push(neo4j_driver, model)
    return model


def test_shipped_cypher_files_are_documented_in_french() -> None:
    names = sorted(p.stem for p in QUERIES.glob("*.cypher"))
    assert {"q1_besoins_non_couverts", "q2_programmes_sans_relais", "q3_mondes_sans_rencontre",
            "q4_voisinage"} <= set(names)
    for name in names:
        text = read_query_file(QUERIES / f"{name}.cypher")
        header = [line for line in text.splitlines() if line.startswith("//")]
        assert header[0].startswith("// @titre ") and header[1].startswith("// @description ")
        params = {line.split()[2] for line in header if line.startswith("// @param ")}
        used = set(re.findall(r"\$([A-Za-z_]\w*)", "\n".join(
            line for line in text.splitlines() if not line.startswith("//"))))
        assert used == params, name


def test_known_answers_on_a_hand_made_ecosystem(neo4j_driver, hand_made) -> None:
    jeu = "q-beaune"
    assert dataset_counts(neo4j_driver, jeu)["FINANCEMENT"] == 2  # one relationship per row
    # Q1: Chagny's need shares a theme with p-21 only, which is no answer; Beaune's is answered by p-nat;
    # the need without territory that nobody situé expresses is expressed nowhere.
    assert q1(neo4j_driver, jeu, CHAGNY) == [("b-chagny", CHAGNY)]
    assert q1(neo4j_driver, jeu, BEAUNE) == []
    assert q1(neo4j_driver, jeu, EPCI) == []
    assert q1(neo4j_driver, jeu, "france") == []
    assert q1(neo4j_driver, jeu, "departement:21") == [("b-21", "departement:21")]
    # Q2: p-nat answers Beaune's need and has neither carrier nor relay.
    assert q2(neo4j_driver, jeu, BEAUNE) == ["p-nat"]
    assert q2(neo4j_driver, jeu, CHAGNY) == []
    assert q2(neo4j_driver, jeu, "departement:21") == []
    # Q3: on the EPCI, the Côte-d'Or foundation is present (a département of the EPCI) and meets the company it
    # funds; the catalyst without world is ignored. Chagny does not climb through its EPCI into Côte-d'Or.
    assert q3(neo4j_driver, jeu, EPCI) == [("associations", "entreprises"), ("associations", "investisseurs_societaux"),
                                            ("collectivites", "entreprises"),
                                            ("collectivites", "investisseurs_societaux")]
    assert q3(neo4j_driver, jeu, "departement:21") == [("associations", "investisseurs_societaux"),
                                                        ("collectivites", "investisseurs_societaux")]
    assert q3(neo4j_driver, jeu, CHAGNY) == [("collectivites", "entreprises")]
    # Q4: undirected, programmes included, shortest distance, the actor itself excluded.
    assert q4(neo4j_driver, jeu, "a-chagny", 1) == {"a-dijon": 1, "p-epci": 1}
    assert q4(neo4j_driver, jeu, "a-chagny", 2) == {"a-dijon": 1, "p-epci": 1, "p-21": 2}
    assert q4(neo4j_driver, jeu, "a-epci", 3) == {"a-beaune": 1, "a-cat": 1}
    assert q4(neo4j_driver, jeu, "a-chagny", 0) == {}
    # An unknown territory or actor gives no rows.
    assert q1(neo4j_driver, jeu, "commune:99999") == []
    assert q4(neo4j_driver, jeu, "inconnu", 2) == {}


def test_embedded_path_gives_the_same_known_answers(hand_made) -> None:
    model = hand_made
    assert uncovered_needs(model, CHAGNY) == [("b-chagny", CHAGNY)]
    assert programmes_without_relay(model, BEAUNE) == ["p-nat"]
    assert worlds_that_never_meet(model, CHAGNY) == [("collectivites", "entreprises")]
    assert worlds_that_never_meet(model, "departement:21") == [("associations", "investisseurs_societaux"),
                                                                ("collectivites", "investisseurs_societaux")]
    assert neighbourhood(model, "a-chagny", 2) == {"a-dijon": 1, "p-epci": 1, "p-21": 2}


# --------------------------------------------------------------------------
# Same answers as the embedded path on real and synthetic data
# --------------------------------------------------------------------------


def _models():
    from ecosysteme.io.validate import validate_tables
    from ecosysteme.synth import local_ecosystem, synthetic_model, to_raw_tables

    yield load_valid(ROOT / "data" / "reseau", dataset="q-reseau")
    model, report = validate_tables(to_raw_tables(local_ecosystem()), dataset="q-local", duplicates=False)
    assert report.ok
    yield model
    national = synthetic_model(600, seed=7)
    national.dataset = "q-national"
    yield national


@pytest.fixture(scope="module")
def pushed(neo4j_driver) -> list:
    models = list(_models())
    for model in models:
        push(neo4j_driver, model)
    return models


def _territories(scope: Scope, limit: int, rng: random.Random) -> list[str]:
    refs = set(scope.referenced())
    for ref in list(refs):
        refs |= scope.up(ref)
    keys = sorted(format_ref(r) for r in refs)
    if len(keys) > limit:
        keys = sorted({"france", *rng.sample(keys, limit - 1)})
    return keys


def test_cypher_and_embedded_answers_are_equal(neo4j_driver, pushed) -> None:
    rng = random.Random(5)
    checked = {"q1": 0, "q2": 0, "q3": 0, "q4": 0}
    non_empty = {"q1": 0, "q2": 0, "q3": 0, "q4": 0}
    for model in pushed:
        eco = Ecosystem(model)
        scope = eco.scope
        jeu = model.dataset
        for key in _territories(scope, 25, rng):
            expected1 = uncovered_needs(eco, key)
            assert q1(neo4j_driver, jeu, key) == expected1, (jeu, key)
            expected2 = programmes_without_relay(eco, key)
            assert q2(neo4j_driver, jeu, key) == expected2, (jeu, key)
            expected3 = worlds_that_never_meet(eco, key)
            assert q3(neo4j_driver, jeu, key) == expected3, (jeu, key)
            for name, answer in (("q1", expected1), ("q2", expected2), ("q3", expected3)):
                checked[name] += 1
                non_empty[name] += bool(answer)
        actors = sorted(model.actors)
        for actor in rng.sample(actors, min(8, len(actors))):
            for k in (1, 2, 3):
                expected4 = neighbourhood(model, actor, k)
                assert q4(neo4j_driver, jeu, actor, k) == expected4, (jeu, actor, k)
                checked["q4"] += 1
                non_empty["q4"] += bool(expected4)
    # The comparison is not vacuous: every question had answers to compare.
    assert all(n > 5 for n in non_empty.values()), non_empty
    assert checked["q1"] >= 50
