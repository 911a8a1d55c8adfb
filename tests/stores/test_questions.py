"""The four product questions in SPARQL (ontology/queries/q1…q4) against docs/questions.md.

Known answers worked by hand on three hand-made ecosystems (``bord``, on an EPCI
that spans two départements; ``regles``, one case per rule and trap, see
tests/analysis/regles.py; ``mini``, see tests/analysis/mini.py), then the same
answers as the embedded analysis (:mod:`ecosysteme.analysis.questions`, itself
tested by hand in tests/analysis/test_questions.py) on those and on the
network's real data.
"""

from __future__ import annotations

import shutil

import pytest

from ecosysteme.analysis import neighbourhood, programmes_without_relay, uncovered_needs, worlds_that_never_meet
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from ecosysteme.stores.rdfstore import RdfStore, build_store
from ecosysteme.vocab import resource_iri
from tests.analysis import regles
from tests.analysis.mini import load_mini


@pytest.fixture(scope="module")
def regles_model(tmp_path_factory):
    return load_valid(regles.write(tmp_path_factory.mktemp("regles") / "regles"), dataset="regles")


@pytest.fixture(scope="module")
def mini_model(tmp_path_factory):
    return load_mini(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def models(bord_model, regles_model, mini_model, reseau_model):
    return {"bord": bord_model, "regles": regles_model, "mini": mini_model, "reseau": reseau_model}


@pytest.fixture(scope="module")
def store(base_store, tmp_path_factory, models):
    path = tmp_path_factory.mktemp("questions") / "magasin"
    shutil.copytree(base_store, path)
    build_store(path, list(models.values()))
    with RdfStore.open(path) as db:
        yield db


def ids(result, column: str) -> set[str]:
    i = result.variables.index(column)
    return {row[i].value for row in result.rows}


def q1(store, territory: str, dataset: str) -> set[str]:
    return ids(store.run("q1_besoins_non_couverts", territoire=territory, dataset=dataset), "besoin_id")


def q2(store, territory: str, dataset: str) -> set[str]:
    return ids(store.run("q2_programmes_sans_relais", territoire=territory, dataset=dataset), "programme_id")


def q3(store, territory: str, dataset: str) -> set[tuple[str, str]]:
    result = store.run("q3_mondes_sans_rencontre", territoire=territory, dataset=dataset)
    i, j = result.variables.index("cle1"), result.variables.index("cle2")
    return {(row[i].value, row[j].value) for row in result.rows}


def q4(store, ident: str, k: int, dataset: str) -> dict[str, int]:
    result = store.run("q4_voisinage", acteur=resource_iri(dataset, "acteur", ident), k=k, dataset=dataset)
    i, d = result.variables.index("ressource_id"), result.variables.index("distance")
    return {row[i].value: int(row[d].value) for row in result.rows}


# ---------------------------------------------------------------- known answers, by hand

def test_q1_bord(store):
    # Aire-sur-l'Adour: its need is answered by a programme (without territory: answering is enough).
    assert q1(store, "commune:40001", "bord") == set()
    # Nouvelle-Aquitaine: the Landes programme shares the need's theme only, which is no answer.
    assert q1(store, "region:75", "bord") == {"b-nouvelle-aquitaine"}
    assert q1(store, "commune:32027", "bord") == {"b-barcelonne"}
    assert q1(store, "departement:32", "bord") == set()  # answered by the Occitanie programme
    # The need without territory that no actor expresses is expressed nowhere, not on France.
    assert q1(store, "france", "bord") == set()


def test_q1_rules_and_traps(store):
    # Expressed by an actor situé in Morlaix although its row names no territory; answered only in the reference.
    assert q1(store, "commune:29151", "regles") == {"n-logement"}
    # Answered by the intercommunal catalyst, présent on the commune through its EPCI.
    assert q1(store, "commune:29059", "regles") == set()
    # The EPCI's need, expressed in Carantec too by the town hall; the digital need there is answered.
    assert q1(store, "epci:242900835", "regles") == {"n-sante"}
    assert q1(store, "commune:29023", "regles") == {"n-sante"}
    # A shared theme is never an answer.
    assert q1(store, "departement:29", "mini") == {"b-emploi"}
    assert q1(store, "france", "mini") == {"b-all"}


def test_q2_last_mile(store):
    # The programme answering Aire's need has neither carrier nor relay.
    assert q2(store, "commune:40001", "bord") == {"p-nulle-part"}
    # The Occitanie foundation carries the Gers programme and is présent on the Gers.
    assert q2(store, "departement:32", "bord") == set()
    # A carrier whose territory is presumed is présent nowhere.
    assert q2(store, "commune:29023", "regles") == {"p-num"}
    assert q2(store, "commune:29279", "regles") == set()  # the regional foundation carries the bus


def test_q3_worlds_that_never_meet(store):
    # Aire: the association meets the company (partnership), the company meets the lab (accompaniment);
    # the national network has no monde; the association and the lab only relay different programmes.
    assert q3(store, "commune:40001", "bord") == {("associations", "recherche")}
    # Taulé: the company and the State service co-carry a programme, so they meet; the presumed network is out.
    assert q3(store, "commune:29279", "regles") == {
        ("associations", "entreprises"), ("associations", "etat"), ("associations", "investisseurs_societaux"),
        ("entreprises", "investisseurs_societaux"), ("etat", "investisseurs_societaux")}


def test_q4_neighbourhood(store):
    assert q4(store, "asso-aire", 1, "bord") == {"entreprise-adour": 1, "p-barcelonne": 1, "etat-hors-sol": 1}
    assert q4(store, "asso-aire", 3, "bord") == {
        "entreprise-adour": 1, "p-barcelonne": 1, "etat-hors-sol": 1, "labo-landes": 2, "p-landes": 3}


def test_several_territories_at_once(store):
    result = store.run("q1_besoins_non_couverts", territoire=["commune:32027", "region:75"], dataset="bord")
    t, b = result.variables.index("territoire"), result.variables.index("besoin_id")
    pairs = {(row[t].value.rsplit("/", 2)[-2], row[b].value) for row in result.rows}
    assert pairs == {("commune", "b-barcelonne"), ("region", "b-nouvelle-aquitaine")}


# ---------------------------------------------------------------- the same answers as the embedded analysis

TERRITORIES = {
    "bord": ["france", "region:75", "region:76", "departement:32", "departement:40", "epci:200030435",
             "commune:40001", "commune:32027", "commune:35238"],
    "regles": ["france", "region:53", "departement:29", "epci:242900835", "commune:29151", "commune:29023",
               "commune:29279", "commune:29059", "commune:29113"],
    "mini": ["france", "region:53", "region:11", "departement:29", "departement:35", "epci:243500139",
             "commune:35238", "commune:29019", "commune:75056", "commune:35051"],
    "reseau": ["france", "region:11", "region:24", "region:32", "region:52", "region:53", "region:93",
               "region:27", "departement:59", "departement:13", "departement:67", "commune:13055", "commune:59350",
               "epci:200054781"],
}


@pytest.mark.parametrize("dataset", list(TERRITORIES))
def test_q1_q2_q3_equal_the_embedded_answers(store, models, dataset):
    eco = Ecosystem(models[dataset])
    for t in TERRITORIES[dataset]:
        assert q1(store, t, dataset) == {n for n, _t in uncovered_needs(eco, t)}, t
        assert q2(store, t, dataset) == set(programmes_without_relay(eco, t)), t
        assert q3(store, t, dataset) == set(worlds_that_never_meet(eco, t)), t


def test_the_comparison_is_not_on_empty_answers(store, models):
    def answered(question) -> int:
        return sum(bool(question(Ecosystem(models[d]), t)) for d in TERRITORIES for t in TERRITORIES[d])

    assert answered(uncovered_needs) >= 5
    assert answered(programmes_without_relay) >= 3
    assert answered(worlds_that_never_meet) >= 20
    # The network's own data: its national programmes answer the inventory's needs (expressed on France), and
    # the deck never says where their carriers act (presumed), so none is known to relay them.
    eco = Ecosystem(models["reseau"])
    assert len(programmes_without_relay(eco, "france")) == len(q2(store, "france", "reseau")) == 55


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_q4_equals_the_embedded_answer(store, models, k):
    for dataset, ident in [("reseau", "le-rameau"), ("reseau", "adap"), ("bord", "mairie-barcelonne"),
                           ("regles", "ent-t")]:
        assert q4(store, ident, k, dataset) == neighbourhood(models[dataset], ident, k), (ident, k)
    assert len(q4(store, "le-rameau", 2, "reseau")) > 10


def test_dataset_scope_matters(store):
    scoped = store.run("q1_besoins_non_couverts", territoire="region:75", dataset="bord")
    union = store.run("q1_besoins_non_couverts", territoire="region:75")
    assert {r[1].value for r in scoped.rows} <= {r[1].value for r in union.rows}
    assert scoped.rows and all("/id/bord/" in r[1].value for r in scoped.rows)
