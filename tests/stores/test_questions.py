"""The four product questions in SPARQL (ontology/queries/q1…q4) against docs/questions.md.

Known answers on the hand-made ``bord`` ecosystem (derived by hand from the
definitions, see tests/stores/conftest.py), then the same answers as a
plain-Python reading of the definitions on the network's real data.
"""

from __future__ import annotations

import pytest

from ecosysteme.stores.rdfstore import RdfStore
from ecosysteme.territories import load_territories
from tests.stores import _reference as ref


@pytest.fixture(scope="module")
def store(shared_store):
    with RdfStore.open(shared_store) as db:
        yield db


def ids(result, column: str) -> set[str]:
    i = result.variables.index(column)
    return {row[i].value for row in result.rows}


def q1(store, territory: str, dataset: str = "bord") -> set[str]:
    return ids(store.run("q1_besoins_non_couverts", territoire=territory, dataset=dataset), "besoin_id")


def q2(store, territory: str, dataset: str = "bord") -> set[str]:
    return ids(store.run("q2_programmes_sans_relais", territoire=territory, dataset=dataset), "programme_id")


def q3(store, territory: str, dataset: str = "bord") -> set[tuple[str, str]]:
    result = store.run("q3_mondes_sans_rencontre", territoire=territory, dataset=dataset)
    i, j = result.variables.index("cle1"), result.variables.index("cle2")
    return {(row[i].value, row[j].value) for row in result.rows}


def q4(store, actor_iri: str, k: int, dataset: str = "bord") -> dict[str, int]:
    result = store.run("q4_voisinage", acteur=actor_iri, k=k, dataset=dataset)
    i, d = result.variables.index("ressource_id"), result.variables.index("distance")
    return {row[i].value: int(row[d].value) for row in result.rows}


def actor(dataset: str, ident: str) -> str:
    from ecosysteme.vocab import resource_iri

    return resource_iri(dataset, "acteur", ident)


# ---------------------------------------------------------------- known answers

def test_q1_commune_does_not_climb_through_its_epci(store):
    # Aire-sur-l'Adour (Landes): the Gers need is out of reach (other département of its EPCI);
    # its own need is answered only by a programme without territory (reaches nothing).
    assert q1(store, "commune:40001") == {"b-aire"}


def test_q1_region_and_epci(store):
    # Nouvelle-Aquitaine: only the national programme reaches it; the Landes programme does not.
    assert q1(store, "region:75") == {"b-nouvelle-aquitaine"}
    # The EPCI spans both départements: the Gers need concerns it and the Occitanie programme covers it.
    assert q1(store, "epci:200030435") == set()
    assert q1(store, "commune:32027") == set()


def test_q2_last_mile(store):
    # Barcelonne: its programme is relayed by an actor of Aire, which is not present on Barcelonne.
    assert q2(store, "commune:32027") == {"p-national", "p-occitanie", "p-barcelonne"}
    # Landes: the lab relays the Landes programme; the national one is carried from France (not present).
    assert q2(store, "departement:40") == {"p-national"}
    # France: the national network carries the national programme and is present on France.
    assert q2(store, "france") == set()


def test_q3_worlds_that_never_meet(store):
    assert q3(store, "commune:40001") == set()  # a single world present
    assert q3(store, "epci:200030435") == {("associations", "collectivites"), ("collectivites", "entreprises")}
    assert q3(store, "departement:40") == {("associations", "recherche")}
    assert q3(store, "region:76") == {("collectivites", "entreprises"), ("entreprises", "investisseurs_societaux")}
    france = q3(store, "france")
    assert len(france) == 7  # 5 worlds present (10 pairs), 3 pairs meet
    assert ("associations", "entreprises") not in france  # they meet
    assert not any("etat" in pair for pair in france)  # the State service has no territory: never present


def test_q4_neighbourhood(store):
    assert q4(store, actor("bord", "asso-aire"), 1) == {"entreprise-adour": 1, "p-barcelonne": 1, "etat-hors-sol": 1}
    assert q4(store, actor("bord", "asso-aire"), 3) == {
        "entreprise-adour": 1, "p-barcelonne": 1, "etat-hors-sol": 1, "labo-landes": 2, "p-landes": 3}


def test_several_territories_at_once(store):
    result = store.run("q1_besoins_non_couverts", territoire=["commune:40001", "region:75"], dataset="bord")
    t, b = result.variables.index("territoire"), result.variables.index("besoin_id")
    pairs = {(row[t].value.rsplit("/", 2)[-2], row[b].value) for row in result.rows}
    assert pairs == {("commune", "b-aire"), ("region", "b-nouvelle-aquitaine")}


# ---------------------------------------------------------------- against the definitions

TERRITORIES_BORD = ["france", "region:75", "region:76", "departement:32", "departement:40", "epci:200030435",
                    "commune:40001", "commune:32027", "commune:35238"]
TERRITORIES_RESEAU = ["france", "region:11", "region:24", "region:32", "region:52", "region:53", "region:93",
                      "departement:59", "departement:13", "commune:13055", "commune:59350", "epci:200054781"]


def _ref(text: str):
    from ecosysteme.io import parse_territory

    ref_, _, _ = parse_territory(text, load_territories())
    return ref_


@pytest.mark.parametrize(("dataset", "territories"), [("bord", TERRITORIES_BORD), ("reseau", TERRITORIES_RESEAU)])
def test_q1_q2_q3_match_the_definitions(store, bord_model, reseau_model, dataset, territories):
    model = {"bord": bord_model, "reseau": reseau_model}[dataset]
    terr = load_territories()
    for t in territories:
        r = _ref(t)
        assert q1(store, t, dataset) == ref.q1(model, r, terr), t
        assert q2(store, t, dataset) == ref.q2(model, r, terr), t
        assert q3(store, t, dataset) == ref.q3(model, r, terr), t


def test_q2_and_q3_are_not_empty_on_the_network(store, reseau_model):
    # The comparison above must not pass on empty answers only.
    assert q2(store, "region:53", "reseau")
    assert q3(store, "france", "reseau")


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_q4_matches_the_definition(store, bord_model, reseau_model, k):
    for dataset, model, ident in [("reseau", reseau_model, "le-rameau"), ("reseau", reseau_model, "adap"),
                                  ("bord", bord_model, "mairie-barcelonne")]:
        got = q4(store, actor(dataset, ident), k, dataset)
        assert got == ref.q4(model, ident, k), (ident, k)
    assert len(q4(store, actor("reseau", "le-rameau"), 2, "reseau")) > 10


def test_dataset_scope_matters(store):
    # Over the union of every dataset, the national programmes of the network cover the bord need
    # that has no territory only if their theme matches: run both and check the scoping is applied.
    scoped = store.run("q1_besoins_non_couverts", territoire="france", dataset="bord")
    union = store.run("q1_besoins_non_couverts", territoire="france")
    assert {r[1].value for r in scoped.rows} <= {r[1].value for r in union.rows}
    assert all("/id/bord/" in r[1].value for r in scoped.rows)
