"""What the map shows, computed without a browser: nodes, edges, importance, filters' data, layout."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ecosysteme.viz import MapError, map_data
from ecosysteme.viz._html import json_script
from ecosysteme.viz.layout import aggregate_layout, force_layout, grouped_layout
from ecosysteme.viz.mapdata import MapOptions, importance_scores
from tests.viz.conftest import write_tables

# A hand-made star: "centre" partners with a, b, c; a carries programme p; p answers need n (theme
# continuite_activite); c is in Brest, the others in Rennes; "seul" has no link.
STAR = {
    "acteurs": (
        "id;nom;type;monde;echelon;territoires;besoins;site_web\n"
        "centre;Centre;catalyseur;associations;intercommunal;epci:243500139;;https://centre.example\n"
        "a;Alpha;association;associations;local;commune:35238;;\n"
        "b;Bêta;entreprise;entreprises;local;commune:35051;;javascript:alert(1)\n"
        "c;Gamma;collectivite;collectivites;local;commune:29019;n;\n"
        "seul;Seul;institution;etat;national;france;;\n"
    ),
    "programmes": "id;nom;porteurs;besoins\np;Programme P;a;n\n",
    "besoins": "id;libelle;theme\nn;Besoin N;continuite_activite\n",
    "relations": (
        "source;cible;type\n"
        "centre;a;partenariat\ncentre;b;partenariat\ncentre;c;partenariat\n"
    ),
}


@pytest.fixture(scope="module")
def star(tmp_path_factory):
    from ecosysteme.io import load_valid

    return load_valid(write_tables(tmp_path_factory.mktemp("star"), STAR), dataset="etoile")


def _node(data, ident):
    i = data["nodes"]["id"].index(ident)
    return {k: (v[i] if v else None) for k, v in data["nodes"].items()}


def test_nodes_edges_and_styles(star):
    data = map_data(star)
    assert data["nodes"]["id"] == ["centre", "a", "b", "c", "seul", "p", "n"]
    types = [data["edgeTypes"][k]["key"] for k in data["edges"]["type"]]
    assert sorted(types) == ["exprime", "partenariat", "partenariat", "partenariat", "porte", "repond_a"]
    styles = {t["key"]: t for t in data["edgeTypes"]}
    assert styles["partenariat"]["arrows"] is False
    assert all(styles[k]["arrows"] for k in ("relais", "financement", "membre_de", "porte", "accompagne", "repond_a"))
    cats = [data["categories"][c]["key"] for c in data["nodes"]["cat"]]
    assert cats == ["associations", "associations", "entreprises", "collectivites", "etat", "programme", "besoin"]
    assert data["categories"][0]["label"] == "associations"  # French labels from the ontology
    assert _node(data, "b")["site"] is None  # only http(s) links become links
    assert _node(data, "centre")["site"] == "https://centre.example"


def test_importance_by_degree_and_size_order(star):
    data = map_data(star)
    assert _node(data, "centre")["score"] == 3.0
    assert _node(data, "a")["score"] == 2.0  # centre and programme p
    assert _node(data, "seul")["score"] == 0.0
    assert _node(data, "centre")["size"] > _node(data, "a")["size"] > _node(data, "seul")["size"]


def test_importance_measures_on_a_path():
    src, dst = np.array([0, 1, 2]), np.array([1, 2, 3])
    assert importance_scores(4, src, dst, "degre").tolist() == [1.0, 2.0, 2.0, 1.0]
    between = importance_scores(4, src, dst, "intermediarite")
    assert between[1] == between[2] > 0 and between[0] == between[3] == 0
    rank = importance_scores(4, src, dst, "pagerank")
    assert rank[1] > rank[0] and abs(rank.sum() - 1) < 1e-9
    with pytest.raises(MapError, match="mesure d'importance inconnue"):
        importance_scores(4, src, dst, "popularite")


def test_territory_filter_data_holds_ancestors(star):
    data = map_data(star)
    keys = [t["key"] for t in data["territories"]]
    within_a = {keys[i] for i in _node(data, "a")["within"]}
    assert within_a == {"commune:35238", "epci:243500139", "departement:35", "region:53", "france"}
    within_c = {keys[i] for i in _node(data, "c")["within"]}
    assert "departement:29" in within_c and "departement:35" not in within_c
    assert [keys[i] for i in _node(data, "seul")["terr"]] == ["france"]
    names = {t["key"]: t["name"] for t in data["territories"]}
    assert names["epci:243500139"] == "Rennes Métropole" and names["commune:29019"] == "Brest"


def test_need_themes_spread_to_who_expresses_or_answers(star):
    data = map_data(star)
    theme_keys = [t["key"] for t in data["themes"]]
    themed = {i for i, ts in zip(data["nodes"]["id"], data["nodes"]["themes"], strict=True)
              if theme_keys.index("continuite_activite") in ts}
    assert themed == {"c", "p", "n"}  # c expresses n, p answers n, n itself


def test_card_is_in_french_with_provenance(star):
    data = map_data(star)
    card = dict(data["cards"][data["nodes"]["id"].index("c")])
    assert card["Monde"] == "collectivités territoriales"
    assert card["Territoires"] == "Brest (commune 29019)"
    assert card["Besoins exprimés"] == "Besoin N"
    assert card["Provenance"].startswith("acteurs.csv, ligne")


def test_unknown_centre_and_options_are_user_errors(star):
    with pytest.raises(MapError, match="aucun acteur, programme ni besoin d'identifiant « centr »"):
        map_data(star, MapOptions(centre="centr"))
    with pytest.raises(MapError, match="agrégation inconnue"):
        map_data(star, MapOptions(aggregate="canton"))
    assert map_data(star, MapOptions(centre="a", radius=1))["meta"]["centre"] == "a"


def test_aggregation_by_departement_groups_real_territories(star):
    data = map_data(star, MapOptions(aggregate="departement"))
    groups = [g["key"] for g in data["groups"]]
    by_node = {i: groups[g] for i, g in zip(data["nodes"]["id"], data["nodes"]["group"], strict=True)}
    assert by_node["a"] == by_node["b"] == by_node["centre"] == "departement:35"  # the EPCI's département
    assert by_node["c"] == "departement:29"
    assert by_node["seul"] == "france"
    assert data["meta"]["aggregateDefault"] is True  # asked for explicitly
    assert map_data(star)["meta"]["aggregateBy"] is None  # small map: no aggregation by default


def test_json_embedding_cannot_close_the_script():
    text = json_script("d", {"x": "</script><script>alert(1)</script><!-- \u2028"})
    inner = text[text.index(">") + 1: -len("</script>")]
    assert "<" not in inner and ">" not in inner
    assert json.loads(inner) == {"x": "</script><script>alert(1)</script><!-- \u2028"}


def test_layout_is_deterministic_and_finite():
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 600, 1500), rng.integers(0, 600, 1500)
    groups = rng.integers(0, 6, 600)
    one, centres = grouped_layout(600, src, dst, groups, seed=1)
    two, _ = grouped_layout(600, src, dst, groups, seed=1)
    assert np.array_equal(one, two) and np.isfinite(one).all() and centres.shape == (6, 2)


def test_layout_keeps_linked_nodes_closer_than_unlinked():
    # two cliques of 30 nodes joined by one edge: members of a clique end up closer to each other
    src, dst = [], []
    for base in (0, 30):
        for i in range(30):
            for j in range(i + 1, 30):
                src.append(base + i)
                dst.append(base + j)
    src.append(0)
    dst.append(30)
    pos = force_layout(60, np.array(src), np.array(dst), seed=0)
    within = np.linalg.norm(pos[:30].mean(axis=0) - pos[:30], axis=1).mean()
    between = np.linalg.norm(pos[:30].mean(axis=0) - pos[30:].mean(axis=0))
    assert between > 2 * within


def test_large_layout_uses_the_grid_and_stays_compact():
    rng = np.random.default_rng(0)
    n = 3000
    src = rng.integers(0, n, 6000)
    dst = (src + rng.integers(1, 20, 6000)) % n  # local links: a long ring-like band
    pos, _ = grouped_layout(n, src, dst)
    radius = np.linalg.norm(pos - pos.mean(axis=0), axis=1)
    assert np.isfinite(pos).all()
    assert radius.max() < 6 * np.median(radius)  # no node flung far away


def test_small_components_sit_on_the_rim_not_far_away():
    # a big component (a 200-node cycle with chords), 30 lone nodes and 10 pairs
    n_big = 200
    src = list(range(n_big)) + list(range(0, n_big, 7))
    dst = [(i + 1) % n_big for i in range(n_big)] + [(i + 50) % n_big for i in range(0, n_big, 7)]
    base = n_big + 30
    for k in range(10):
        src.append(base + 2 * k)
        dst.append(base + 2 * k + 1)
    n = base + 20
    pos, _ = grouped_layout(n, np.array(src), np.array(dst))
    centre = pos[:n_big].mean(axis=0)
    big = np.linalg.norm(pos[:n_big] - centre, axis=1).max()
    small = np.linalg.norm(pos[n_big:] - centre, axis=1)
    assert small.min() > 0.8 * big  # outside the main drawing …
    assert small.max() < 2.5 * big  # … but close to it
    pairs = pos[base::2] - pos[base + 1::2]
    assert np.linalg.norm(pairs, axis=1).max() < 2.0  # a pair stays together


def test_aggregate_discs_do_not_overlap():
    radius = np.array([40.0, 10.0, 25.0, 60.0])
    groups = np.array([0, 0, 1, 2, 3, 3])
    src, dst = np.array([0, 1, 2, 4]), np.array([2, 3, 4, 5])
    pos = aggregate_layout(radius, src, dst, groups, gap=0.0)
    for i in range(4):
        for j in range(i + 1, 4):
            assert np.linalg.norm(pos[i] - pos[j]) >= (radius[i] + radius[j]) * 0.999


def test_aggregation_by_community_finds_two_cliques(tmp_path):
    from ecosysteme.io import load_valid

    actors = "".join(f"{p}{i};Acteur {p}{i};association\n" for p in "xy" for i in range(6))
    links = "".join(f"{p}{i};{p}{j};partenariat\n" for p in "xy" for i in range(6) for j in range(i + 1, 6))
    folder = write_tables(tmp_path / "cliques", {"acteurs": "id;nom;type\n" + actors,
                                                  "relations": "source;cible;type\n" + links + "x0;y0;partenariat\n"})
    data = map_data(load_valid(folder), MapOptions(aggregate="communaute"))
    groups = dict(zip(data["nodes"]["id"], data["nodes"]["group"], strict=True))
    assert len(data["groups"]) == 2
    assert len({groups[f"x{i}"] for i in range(6)}) == 1 and len({groups[f"y{i}"] for i in range(6)}) == 1
    assert groups["x0"] != groups["y0"]
    assert data["groups"][0]["label"] == "Communauté 1 (6 nœuds)"


def test_edge_dates_are_written_at_their_precision(tmp_path):
    from ecosysteme.io import load_valid

    folder = write_tables(tmp_path / "dates", {
        "acteurs": ("id;nom;type;monde;echelon;territoires\n"
                    "a;A;association;associations;local;commune:35238\n"
                    "b;B;association;associations;local;commune:35238\n"
                    "c;C;association;associations;local;commune:35238\n"),
        "relations": ("source;cible;type;date_debut;date_fin\n"
                      "a;b;partenariat;2016;03/2018\nb;c;partenariat;2019-05-01;\n"),
    })
    edges = map_data(load_valid(folder, dataset="dates"))["edges"]
    assert edges["start"] == ["2016", "2019-05-01"]
    assert edges["end"] == ["2018-03", None]
