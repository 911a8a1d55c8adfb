"""Sparse link scores equal networkx's; the learned model finds planted missing links."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from ecosysteme.analysis import AnalysisError, evaluate_link_prediction, suggest_links
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
    assert any(r.startswith("3 voisins communs : Acteur c0-0, Acteur c0-3 et Acteur c0-4") for r in
               suggestions[0].reasons)
    assert [s.rank for s in suggestions] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in itertools.pairwise(suggestions))
    lg = link_graph(cliques)
    for s in suggestions:
        assert lg.A[lg.index[s.a], lg.index[s.b]] == 0  # never an existing link


def test_deterministic(cliques):
    assert suggest_links(cliques, top=5, seed=3) == suggest_links(cliques, top=5, seed=3)


def test_evaluation_on_cliques(cliques):
    ev = evaluate_link_prediction(cliques, test_fraction=0.2, repeats=3, seed=0, k=5)
    assert ev.hidden == round(0.2 * 43) and ev.negatives == ev.hidden and ev.repeats == 3
    for name in ("modele", "adamic_adar"):
        for metric, (mean, std) in ev.metrics[name].items():
            assert 0.0 <= mean <= 1.0 and std >= 0.0, (name, metric)
    # Hidden intra-clique links keep 3 common neighbours; random non-links across cliques have none.
    assert ev.metrics["adamic_adar"]["roc_auc"][0] > 0.9
    assert ev.metrics["modele"]["roc_auc"][0] > 0.9
    text = ev.to_text()
    assert "ROC AUC" in text and "précision@5" in text and "Adamic-Adar seul" in text
    assert set(ev.coefficients) == set(FEATURES)


def test_model_beats_adamic_adar_on_the_network_data(reseau):
    # data/reseau is mostly carriers and programmes: few triangles, so attributes carry the signal.
    ev = evaluate_link_prediction(reseau, repeats=3)
    assert ev.metrics["modele"]["roc_auc"][0] > ev.metrics["adamic_adar"]["roc_auc"][0]


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
