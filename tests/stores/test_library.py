"""Every shipped query runs and returns what the data says; parameters are checked and escaped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ecosysteme.errors import QueryError
from ecosysteme.stores.rdfstore import RdfStore, iri_term, library, library_query, territory_term
from ecosysteme.vocab import resource_iri


@pytest.fixture(scope="module")
def store(shared_store):
    with RdfStore.open(shared_store) as db:
        yield db


def rows(result) -> list[dict]:
    return [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows]


@pytest.mark.parametrize("name", sorted(library()))
def test_every_query_runs_on_the_network(store, name):
    query = library()[name]
    params = {}
    for p in query.parameters:
        if p.name == "acteur":
            params["acteur"] = resource_iri("reseau", "acteur", "le-rameau")
        elif p.name == "ressource":
            params["ressource"] = resource_iri("reseau", "acteur", "le-rameau")
    result = store.run(name, dataset="reseau", **params)
    # The network's actors of known monde are national by presumption only (data/reseau/README.md): present
    # nowhere, so no two worlds are known to be apart on France (see tests/stores/test_questions.py).
    if name not in ("q1_besoins_non_couverts", "q3_mondes_sans_rencontre", "territoires_d_un_departement"):
        assert len(result) > 0, name


def test_actors_by_world_and_territory(store):
    got = rows(store.run("acteurs_par_monde_et_territoire", dataset="petit"))
    by_key = {(r["monde_libelle"], r["territoire_nom"]): r for r in got}
    assert by_key[("associations", "France")]["acteurs"] == "1"
    assert by_key[("associations", "Rennes")]["noms"] == "Association du Quartier Sud"
    assert by_key[("collectivités territoriales", "Rennes Métropole")]["acteurs"] == "1"
    assert sum(int(r["acteurs"]) for r in got) == 5


def test_programmes_by_theme_and_level(store):
    got = rows(store.run("programmes_par_theme_et_echelon", dataset="reseau"))
    total = {r["theme_libelle"]: 0 for r in got}
    for r in got:
        total[r["theme_libelle"]] += int(r["programmes"])
    assert total["Accès aux informations sur les dispositions exceptionnelles & la gestion de crise"] == 31


def test_partnership_density(store):
    got = rows(store.run("densite_partenariats_mondes", dataset="bord"))
    pair = {(r["monde1"].rsplit("/", 1)[1], r["monde2"].rsplit("/", 1)[1]): r for r in got}
    # one partnership between the association and the company (1 × 1 possible pair)
    assert pair[("associations", "entreprises")]["partenariats"] == "1"
    assert Decimal(pair[("associations", "entreprises")]["densite"]) == 1
    assert pair[("associations", "etat")]["partenariats"] == "1"
    assert pair[("collectivites", "recherche")]["partenariats"] == "0"
    assert len(got) == 6 * 7 // 2  # six worlds in bord, pairs with repetition


def test_funding_flows(store):
    flows = rows(store.run("flux_de_financement", dataset="petit"))
    assert [(f["financeur_nom"], f["beneficiaire_nom"], Decimal(f["montant"]), f["debut"], f["fin"]) for f in flows] \
        == [("Fondation Élan", "Association du Quartier Sud", Decimal("1500.50"), "2020-04-17", "2021-12-31")]
    worlds = rows(store.run("financements_entre_mondes", dataset="bord"))
    assert [(w["monde_financeur"], w["monde_beneficiaire"], w["financements"], Decimal(w["total"])) for w in worlds] \
        == [("investisseurs sociétaux", "collectivités territoriales", "1", Decimal(1000))]


def test_impact_indices_with_direction(store):
    got = rows(store.run("indices_impact_par_region", dataset="petit"))
    assert {(r["territoire_nom"], Decimal(r["valeur"]), r["sens"].rsplit("/", 1)[1]) for r in got} == {
        ("France", Decimal("8.4"), "hausse_fragilise"), ("Bretagne", Decimal("7.2"), "hausse_fragilise"),
        ("Île-de-France", Decimal("7.6"), "hausse_fragilise")}
    network = rows(store.run("indices_impact_par_region", dataset="reseau"))
    assert len({r["territoire_nom"] for r in network}) == 14  # 13 regions + France


def test_provenance_of_a_fact(store):
    got = rows(store.run("provenance_d_un_fait", ressource=resource_iri("petit", "acteur", "fondation-x")))
    own = [r for r in got if r["type_lien"] is None]
    assert [(r["fichier"], r["ligne"]) for r in own] == [("acteurs.csv", "5")]
    links = [r for r in got if r["type_lien"] is not None]
    assert [(r["type_lien"].rsplit("#", 1)[1], r["autre"].rsplit("/", 1)[1], r["fichier"]) for r in links] == [
        ("finance", "asso-quartier", "relations.csv")]
    assert all(r["graphe"].endswith("/graphe/petit") for r in got)


def test_territories_of_a_departement(store):
    got = rows(store.run("territoires_d_un_departement", departement="departement:35", dataset="petit"))
    rennes = next(r for r in got if r["code"] == "35238")
    assert rennes["acteurs"] == "1" and rennes["noms_acteurs"] == "Association du Quartier Sud"
    metropole = next(r for r in got if r["code"] == "243500139")
    assert metropole["niveau"] == "epci" and metropole["noms_acteurs"] == "Rennes Métropole"
    assert sum(1 for r in got if r["niveau"] == "commune") > 300


def test_relays_of_programmes(store):
    got = rows(store.run("relais_des_programmes", dataset="petit"))
    assert {(r["programme_nom"], r["role"], r["acteur_nom"]) for r in got} == {
        ("Kit ODD 17 en pratique", "porte", "Le RAMEAU"), ("Kit ODD 17 en pratique", "relaie", "Rennes Métropole")}


def test_graphs_and_sources(store):
    got = rows(store.query(library()["graphes_et_sources"].text))
    by_graph = {r["graphe"].rsplit("/", 1)[1]: r for r in got}
    assert set(by_graph) == {"territoires", "ontologie", "description", "petit", "bord", "reseau"}
    assert by_graph["petit"]["jeu"] == "petit" and "acteurs.csv" in by_graph["petit"]["fichiers"]


# ---------------------------------------------------------------- parameters

def test_parameters_are_checked_and_escaped():
    q1 = library_query("q1_besoins_non_couverts")
    text = q1.bind(territoire="reg:53")
    assert "<https://w3id.org/ecosysteme/territoire/region/53>" in text
    from ecosysteme.stores.rdfstore._lexer import values_blocks

    assert text.count("/territoire/region/53>") == len(values_blocks(q1.text, "territoire")) == 1
    q3 = library_query("q3_mondes_sans_rencontre")
    bound = q3.bind(territoire="reg:53")
    assert bound.count("/territoire/region/53>") == len(values_blocks(q3.text, "territoire")) == 3
    assert "« VALUES ?territoire { … } »" in text  # comments are left alone
    for bad in ["region:99", "53", "commune:xyz"]:
        with pytest.raises(QueryError):
            q1.bind(territoire=bad)
    with pytest.raises(QueryError, match="caractère interdit"):
        q1.bind(territoire="https://example.org/x> } ; DROP ALL ; <y")
    with pytest.raises(QueryError, match="paramètre"):
        q1.bind(inconnu="x")
    q4 = library_query("q4_voisinage")
    with pytest.raises(QueryError, match="hors de l'intervalle"):
        q4.bind(acteur="https://example.org/a", k=9)
    with pytest.raises(QueryError, match="IRI absolue"):
        iri_term("le-rameau")
    assert territory_term("france") == "<https://w3id.org/ecosysteme/territoire/pays/FR>"
