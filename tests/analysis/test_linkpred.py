"""Sparse link scores equal networkx's; the learned model finds planted missing links."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from ecosysteme.analysis import AnalysisError, evaluate_link_prediction, suggest_links
from ecosysteme.analysis._sparse import row_products
from ecosysteme.analysis.linkpred import (
    FEATURES,
    LinkPredictor,
    adjacency,
    candidate_pairs,
    link_graph,
    pair_features,
    topological_scores,
)


def _adjacency(g: nx.Graph):
    nodes = sorted(g)
    idx = {n: k for k, n in enumerate(nodes)}
    edges = np.array([(idx[u], idx[v]) for u, v in g.edges()], dtype=np.int64)
    return nodes, idx, adjacency(len(nodes), edges)


def test_path_known_values():
    _nodes, _idx, A = _adjacency(nx.path_graph(3))
    s = topological_scores(A, np.array([0]), np.array([2]))
    assert s["cn"][0] == 1
    assert s["aa"][0] == pytest.approx(1 / math.log(2))
    assert s["ra"][0] == pytest.approx(0.5)
    assert s["pa"][0] == 1
    assert s["jaccard"][0] == pytest.approx(1.0)


def test_scores_equal_networkx_on_every_candidate():
    g = nx.gnm_random_graph(120, 400, seed=7)
    nodes, _idx, A = _adjacency(g)
    i, j = candidate_pairs(A, max_candidates=None)
    pairs = [(nodes[a], nodes[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)]
    expected_pairs = {(u, v) for u in g for v in g if u < v and not g.has_edge(u, v)
                      and set(g[u]) & set(g[v])}
    assert set(pairs) == expected_pairs
    ours = topological_scores(A, i, j)
    for name, fn in (("aa", nx.adamic_adar_index), ("ra", nx.resource_allocation_index),
                     ("jaccard", nx.jaccard_coefficient), ("pa", nx.preferential_attachment)):
        theirs = np.array([p for _u, _v, p in fn(g, pairs)])
        np.testing.assert_allclose(ours[name], theirs, rtol=1e-12)
    np.testing.assert_array_equal(ours["cn"], [len(list(nx.common_neighbors(g, u, v))) for u, v in pairs])


def test_scores_equal_networkx_with_self_loops_repeated_links_and_isolated_nodes():
    """Every pair, linked or not, identical ends included, on a graph with what raw relations carry."""
    rng = np.random.default_rng(3)
    n = 60  # nodes 50-59 stay isolated
    edges = rng.integers(0, 50, size=(260, 2))
    edges = np.vstack([edges, edges[:40], [[k, k] for k in range(0, 50, 7)]])  # repeated links, self-loops
    A = adjacency(n, edges)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(map(tuple, edges.tolist()))
    assert nx.number_of_selfloops(g) >= 8 and nx.number_of_isolates(g) >= 10
    pairs = [(u, v) for u in range(n) for v in range(u, n)]
    i = np.array([u for u, _v in pairs])
    j = np.array([v for _u, v in pairs])
    ours = topological_scores(A, i, j)
    for name, fn in (("aa", nx.adamic_adar_index), ("ra", nx.resource_allocation_index),
                     ("jaccard", nx.jaccard_coefficient), ("pa", nx.preferential_attachment)):
        theirs = np.array([p for _u, _v, p in fn(g, pairs)], dtype=float)
        np.testing.assert_allclose(ours[name], theirs, rtol=1e-12, atol=0, err_msg=name)
    np.testing.assert_array_equal(ours["cn"], [len(nx.common_neighbors(g, u, v)) for u, v in pairs])


def test_row_products_of_two_matrices_with_weights_equal_the_dense_sum():
    rng = np.random.default_rng(5)
    a = sp.random(40, 30, density=0.3, random_state=1, format="csr")
    b = sp.random(25, 30, density=0.5, random_state=2, format="csr")
    w = rng.random(30)
    i, j = rng.integers(0, 40, 500), rng.integers(0, 25, 500)
    expected = np.einsum("kc,c,kc->k", a.toarray()[i], w, b.toarray()[j])
    np.testing.assert_allclose(row_products(a, i, j, weights=w, b=b), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(row_products(a, i, i), np.einsum("kc,kc->k", a.toarray()[i], a.toarray()[i]),
                               rtol=1e-12)
    with pytest.raises(IndexError, match="out of range"):
        row_products(a, np.array([40]), np.array([0]), b=b)
    assert row_products(a, np.zeros(0), np.zeros(0)).shape == (0,)


def test_candidates_skip_programme_pairs_and_cap():
    _nodes, _idx, A = _adjacency(nx.star_graph(3))  # centre 0, leaves 1, 2, 3
    i, j = candidate_pairs(A)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(1, 2), (1, 3), (2, 3)]
    is_actor = np.array([True, True, False, False])
    i, j = candidate_pairs(A, is_actor)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(1, 2), (1, 3)]
    i, _j = candidate_pairs(A, max_candidates=2)
    assert len(i) == 2


def test_features_of_the_mini_graph(mini):
    lg = link_graph(mini)
    assert lg.nodes[:2] == ("nat", "ent") and lg.nodes[-3:] == ("p-mob", "p-emp", "p-nat")
    assert len(lg.edges) == 7
    assert dict(zip(map(tuple, lg.edges.tolist()), lg.edge_types, strict=True))[
        (lg.index["ent"], lg.index["p-mob"])] == "porte"
    i, j = np.array([lg.index["asso-b"]]), np.array([lg.index["p-mob"]])
    x = dict(zip(FEATURES, pair_features(lg, lg.A, i, j, None)[0].tolist(), strict=True))
    assert x["acteur_programme"] == 1
    assert x["besoins_communs"] == 1      # p-mob answers b-mob that Asso Brest expresses
    assert x["territoire_commun"] == 2    # Bretagne: rank 1 (region) + 1
    assert x["voisins_communs"] == 0
    i, j = np.array([lg.index["asso-r"]]), np.array([lg.index["ent"]])
    x = dict(zip(FEATURES, pair_features(lg, lg.A, i, j, None)[0].tolist(), strict=True))
    assert (x["mondes_differents"], x["meme_echelon"], x["ecart_echelons"]) == (1, 0, 3)  # regional vs local


@pytest.fixture(scope="module")
def cliques(tmp_path_factory):
    from ecosysteme.io import load_valid
    from tests.analysis.mini import write_cliques

    return load_valid(write_cliques(tmp_path_factory.mktemp("cliques")))


def test_planted_missing_link_comes_first(cliques):
    suggestions = suggest_links(cliques, top=5)
    assert {suggestions[0].a, suggestions[0].b} == {"c0-1", "c0-2"}
    assert suggestions[0].common_neighbours == ("c0-0", "c0-3", "c0-4")
    assert "3 partenaires communs : Acteur c0-0, Acteur c0-3 et Acteur c0-4." in suggestions[0].reasons
    assert [s.rank for s in suggestions] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in itertools.pairwise(suggestions))
    lg = link_graph(cliques)
    for s in suggestions:
        assert lg.A[lg.index[s.a], lg.index[s.b]] == 0  # never an existing link


def test_deterministic(cliques):
    assert suggest_links(cliques, top=5, seed=3) == suggest_links(cliques, top=5, seed=3)


def test_too_few_links_is_a_clean_error(small_model):
    with pytest.raises(AnalysisError, match="trop peu de liens"):
        suggest_links(small_model)
    with pytest.raises(AnalysisError, match="trop peu de liens"):
        evaluate_link_prediction(small_model)


def test_predictor_requires_fit(cliques):
    from sklearn.exceptions import NotFittedError

    lg = link_graph(cliques)
    with pytest.raises(NotFittedError):
        LinkPredictor().score_pairs(lg, np.array([0]), np.array([1]))


def test_territory_filter_of_suggestions(mini, reseau):
    everywhere = suggest_links(reseau, top=200)
    marseille = suggest_links(reseau, top=200, territory="commune:13055")
    assert marseille and len(marseille) < len(everywhere)
    from ecosysteme.analysis import Scope

    sc = Scope(reseau)
    for s in marseille:
        assert sc.present(s.a, ("commune", "13055"))
        assert sc.present(s.b, ("commune", "13055")) if s.b in reseau.actors else sc.reaches(s.b, ("commune", "13055"))


def _with_co_carriers(folder):
    """The cliques, where the two actors of the missing partnership both carry the same programme.

    Programme X answers the need « Mobilité » that c2-3 expresses; c3-1 expresses it too; c3-2 relays it.
    """
    lines = (folder / "acteurs.csv").read_text(encoding="utf-8").splitlines()
    needs = {"c2-3": "b-1", "c3-1": "b-1"}
    rows = [lines[0] + ";besoins"] + [f"{row};{needs.get(row.split(';')[0], '')}" for row in lines[1:]]
    (folder / "acteurs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "besoins.csv").write_text("id;libelle;domaine;territoires\nb-1;Mobilité;mobilite;commune:35238\n",
                                        encoding="utf-8")
    (folder / "programmes.csv").write_text("id;nom;porteurs;besoins;echelon;territoires\n"
                                           "p-x;Programme X;c0-1|c0-2;b-1;local;commune:35238\n", encoding="utf-8")
    with (folder / "relations.csv").open("a", encoding="utf-8") as f:
        f.write("c3-2;p-x;relais\n")
    return folder


@pytest.fixture(scope="module")
def co_carriers(tmp_path_factory):
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.io import load_valid
    from tests.analysis.mini import write_cliques

    return Ecosystem(load_valid(_with_co_carriers(write_cliques(tmp_path_factory.mktemp("co")))))


def test_co_carriers_are_never_suggested(co_carriers):
    suggestions = suggest_links(co_carriers, top=50, per_actor=None)
    assert suggestions
    pairs = {frozenset((s.a, s.b)) for s in suggestions}
    assert frozenset(("c0-1", "c0-2")) not in pairs  # they already meet: both carry Programme X
    lg = link_graph(co_carriers)
    for s in suggestions:
        assert lg.A[lg.index[s.a], lg.index[s.b]] == 0
        assert not co_carriers.presence.meets(s.a, s.b)
        assert s.kind == ("acteur-programme" if s.b == "p-x" else "acteur-acteur")


def test_cap_per_actor(cliques):
    from collections import Counter

    free = suggest_links(cliques, top=30, per_actor=None)
    assert max(Counter(x for s in free for x in (s.a, s.b)).values()) > 2  # the cap has something to cut
    capped = suggest_links(cliques, top=30, per_actor=2)
    counts = Counter(x for s in capped for x in (s.a, s.b))
    assert capped and max(counts.values()) <= 2
    assert [s.rank for s in capped] == list(range(1, len(capped) + 1))


def test_reasons_are_explicit_needs_and_partners_never_themes(co_carriers):
    suggestions = suggest_links(co_carriers, top=400, per_actor=None)
    to_programme = next(s for s in suggestions if (s.a, s.b) == ("c2-3", "p-x"))
    assert to_programme.kind == "acteur-programme"
    assert "Le programme « Programme X » répond au besoin « Mobilité » exprimé par Acteur c2-3." in \
        to_programme.reasons
    carrier = next(s for s in suggestions if {s.a, s.b} == {"c0-1", "c2-3"})
    assert ("Acteur c0-1 porte le programme « Programme X », qui répond au besoin « Mobilité » exprimé par "
            "Acteur c2-3.") in carrier.reasons
    alliance = next(s for s in suggestions if {s.a, s.b} == {"c2-3", "c3-1"})
    assert "Tous deux expriment le besoin « Mobilité »." in alliance.reasons
    for s in suggestions:
        assert s.reasons
        for r in s.reasons:
            assert "thème" not in r and "Ingénieries" not in r and "communauté" not in r


@pytest.mark.parametrize("dataset", ["reseau", "exemple-epci"])
def test_suggestions_on_the_bundled_data(dataset):
    from collections import Counter

    from ecosysteme.ecosystem import Ecosystem
    from tests.conftest import ROOT

    e = Ecosystem.read(ROOT / "data" / dataset)
    suggestions = suggest_links(e, top=20)
    assert len(suggestions) == 20
    assert not [(s.a, s.b) for s in suggestions if e.presence.meets(s.a, s.b)]  # no co-carriers, no partners
    assert max(Counter(x for s in suggestions for x in (s.a, s.b)).values()) <= 3  # the default cap
    assert {s.kind for s in suggestions} <= {"acteur-acteur", "acteur-programme"}
    assert all(s.reasons for s in suggestions)


def test_shared_neighbours_are_named_for_what_they_are(co_carriers):
    suggestions = suggest_links(co_carriers, top=400, per_actor=None)
    via = next(s for s in suggestions if {s.a, s.b} == {"c0-3", "p-x"})
    # c0-1 and c0-2 carry Programme X and are partners of c0-3
    assert "Déjà liés à l'acteur et au programme : Acteur c0-1 et Acteur c0-2." in via.reasons
    relay = next(s for s in suggestions if {s.a, s.b} == {"c0-1", "c3-2"})
    # a carrier and a relay of the same programme do not meet (only co-carriers do): suggested, and why
    assert "Tous deux liés au programme « Programme X » (porté, relayé ou financé)." in relay.reasons
    for s in suggestions:
        for r in s.reasons:
            if "commun" in r and "partenaire" in r and not r.startswith("Aucun"):
                assert s.kind == "acteur-acteur" and "Programme X" not in r  # a programme is no partner
