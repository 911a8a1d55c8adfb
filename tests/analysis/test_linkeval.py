"""Full-ranking link evaluation: metrics worked by hand, and the table on the bundled datasets."""

from __future__ import annotations

import numpy as np
import pytest

from ecosysteme.analysis import evaluate_link_prediction
from ecosysteme.analysis.linkeval import (
    BASELINES,
    LINK_KINDS,
    METHODS,
    METRICS,
    average_precision,
    precision_at_k,
    recall_at_k,
    roc_auc,
)
from tests.conftest import ROOT

# Six candidate pairs ranked by score; three of them are the hidden links.
SCORES = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
HIDDEN = np.array([1, 0, 1, 0, 0, 1])


def test_metrics_of_a_ranking_of_six_pairs():
    # Positives at ranks 1, 3, 6: precisions 1/1, 2/3, 3/6 -> AP = (1 + 2/3 + 1/2) / 3 = 13/18.
    assert average_precision(HIDDEN, SCORES) == pytest.approx(13 / 18)
    # Positive/negative pairs won: 3 (0.9) + 2 (0.7 beats 0.6, 0.5) + 0 (0.4) = 5 of 3 x 3.
    assert roc_auc(HIDDEN, SCORES) == pytest.approx(5 / 9)
    assert precision_at_k(HIDDEN, SCORES, 2) == pytest.approx(1 / 2)
    assert recall_at_k(HIDDEN, SCORES, 2) == pytest.approx(1 / 3)
    assert precision_at_k(HIDDEN, SCORES, 3) == pytest.approx(2 / 3)
    assert recall_at_k(HIDDEN, SCORES, 3) == pytest.approx(2 / 3)
    assert precision_at_k(HIDDEN, SCORES, 100) == pytest.approx(1 / 2)  # k capped at the 6 pairs


def test_metrics_with_ties():
    s = np.array([0.9, 0.5, 0.5, 0.5, 0.1, 0.1])
    y = np.array([1, 1, 0, 0, 1, 0])
    # 0.9 beats the 3 negatives; 0.5 ties 2 negatives (1) and beats 0.1 (1); 0.1 ties one negative (0.5).
    assert roc_auc(y, s) == pytest.approx(5.5 / 9)
    # Steps at 0.9 (P 1, R 1/3), 0.5 (P 2/4, R 2/3), 0.1 (P 3/6, R 1).
    assert average_precision(y, s) == pytest.approx(1 / 3 + 1 / 3 * 0.5 + 1 / 3 * 0.5)
    # Top 2: the 0.9 positive, then one of three tied pairs of which one is positive: 1 + 1/3 expected hits.
    assert precision_at_k(y, s, 2) == pytest.approx((4 / 3) / 2)
    assert recall_at_k(y, s, 2) == pytest.approx((4 / 3) / 3)


def test_metrics_equal_scikit_learn():
    from sklearn.metrics import average_precision_score, roc_auc_score

    rng = np.random.default_rng(1)
    y = rng.random(500) < 0.05
    s = np.round(rng.random(500) + y * 0.3, 1)  # rounded: many ties
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s))
    assert average_precision(y, s) == pytest.approx(average_precision_score(y, s))


def test_a_perfect_and_a_reversed_ranking():
    assert average_precision(HIDDEN, HIDDEN * 1.0) == 1.0 and roc_auc(HIDDEN, HIDDEN * 1.0) == 1.0
    assert roc_auc(HIDDEN, -HIDDEN * 1.0) == 0.0


@pytest.mark.parametrize("dataset", ["exemple-epci", "reseau"])
def test_evaluation_table_on_the_bundled_data(dataset):
    from ecosysteme.ecosystem import Ecosystem

    ev = evaluate_link_prediction(Ecosystem.read(ROOT / "data" / dataset), repeats=2, seed=0, k=20)
    assert set(ev.metrics) == set(LINK_KINDS)
    for kind in LINK_KINDS:
        assert set(ev.metrics[kind]) == set(METHODS)
        for method in METHODS:
            assert set(ev.metrics[kind][method]) == set(METRICS)
            for metric, (mean, std) in ev.metrics[kind][method].items():
                assert 0.0 <= mean <= 1.0 and std >= 0.0, (kind, method, metric)
        assert ev.hidden[kind] >= 1
        # full ranking: far more candidates than hidden links (not a 1:1 sample)
        assert ev.candidates[kind] > 50 * ev.hidden[kind]
        base_rate = ev.hidden[kind] / ev.candidates[kind]
        assert ev.metrics[kind]["hasard"]["average_precision"][0] < 20 * base_rate
    text = ev.to_text()
    lines = text.splitlines()
    assert sum(line.startswith("méthode") for line in lines) == 2
    for method in ("modèle", "Adamic-Adar", "allocation de ressources", "Jaccard", "attachement préférentiel",
                   "hasard"):
        assert sum(line.startswith(method + " ") for line in lines) == 2, method
    # one verdict per link type, and a warning exactly where a baseline is not beaten
    for kind, name in (("acteur-acteur", "liens acteur–acteur"), ("acteur-programme", "liens acteur–programme")):
        beaten = ev.beaten_by(kind)
        ours = ev.metrics[kind]["modele"]["average_precision"][0]
        assert beaten == [b for b in BASELINES if ev.metrics[kind][b]["average_precision"][0] >= ours]
        warning = f"Attention ({name}) : le modèle ne fait pas mieux que"
        assert (warning in text) == bool(beaten)
        assert (f"{name.capitalize()} : le modèle dépasse chaque méthode de référence" in text) == (not beaten)
        if not beaten:
            best = max(BASELINES, key=lambda b: ev.metrics[kind][b]["average_precision"][0])
            assert f"il fait mieux sur {ev.wins[kind][best]} tirage" in text
        ahead = [b for b in BASELINES
                 if ev.metrics[kind][b]["precision_at_k"][0] > ev.metrics[kind]["modele"]["precision_at_k"][0]]
        assert (f"{name.capitalize()} : en précision@20, " in text) == bool(ahead)
    assert all(0 <= w <= 2 for per in ev.wins.values() for w in per.values())


def test_the_warning_is_printed_when_a_baseline_wins():
    from ecosysteme.analysis.linkeval import LinkEvaluation

    per = {m: {x: (0.5, 0.0) for x in METRICS} for m in METHODS}
    per["modele"] = {x: (0.1, 0.0) for x in METRICS}
    ev = LinkEvaluation({"acteur-acteur": per}, 20, {"acteur-acteur": 3.0}, {"acteur-acteur": 900.0}, 2, 30, 40,
                        0.1, 0, {})
    text = ev.to_text()
    assert ("Attention (liens acteur–acteur) : le modèle ne fait pas mieux que l'indice d'Adamic-Adar, "
            "l'allocation de ressources, l'indice de Jaccard, l'attachement préférentiel et le hasard en précision "
            "moyenne sur le classement complet") in text
    assert ("Liens acteur–acteur : en précision@20, l'indice d'Adamic-Adar, l'allocation de ressources, l'indice "
            "de Jaccard, l'attachement préférentiel et le hasard font mieux que le modèle.") in text
    assert "ces méthodes simples" in text
    assert "Liens acteur–programme : aucun lien de ce type à cacher." in text


def test_too_many_pairs_is_a_clean_error():
    from ecosysteme.analysis import AnalysisError
    from ecosysteme.synth import synthetic_model

    expected = r"toutes les paires non liées : 2 [0-9 ]+ paires ici, au-delà de la limite de 2 000 000"
    with pytest.raises(AnalysisError, match=expected):
        evaluate_link_prediction(synthetic_model(2_100, seed=0), repeats=1)


def test_baselines_on_a_hand_worked_graph(tmp_path):
    """Five actors a0–a4, links a0-a1, a1-a2, a2-a3, a3-a4, a1-a3 and the hidden a0-a2.

    Once a0-a2 is hidden the candidates are (a0,a2) (a0,a3) (a0,a4) (a1,a4) (a2,a4); degrees 1, 3, 2, 3, 1.
    Adamic-Adar: 1/ln 3 for all but (a0,a4) = 0; preferential attachment: 2, 3, 1, 3, 2;
    Jaccard: 1/2, 1/3, 0, 1/3, 1/2.
    """
    from ecosysteme.analysis.linkeval import baseline_scores
    from ecosysteme.analysis.linkpred import _remove_edges, all_candidates, link_graph
    from ecosysteme.io import load_valid

    (tmp_path / "acteurs.csv").write_text(
        "id;nom;type;monde;echelon;territoires\n"
        + "".join(f"a{k};Acteur {k};association;associations;local;commune:35238\n" for k in range(5)),
        encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        "source;cible;type\n" + "".join(f"a{x};a{y};partenariat\n" for x, y in
                                        ((0, 1), (1, 2), (2, 3), (3, 4), (1, 3), (0, 2))), encoding="utf-8")
    lg = link_graph(load_valid(tmp_path))
    hidden = np.array([[lg.index["a0"], lg.index["a2"]]])
    A_obs = _remove_edges(lg.A, hidden)
    i, j = all_candidates(lg, A_obs)
    assert [(lg.nodes[a], lg.nodes[b]) for a, b in zip(i, j, strict=True)] == [
        ("a0", "a2"), ("a0", "a3"), ("a0", "a4"), ("a1", "a4"), ("a2", "a4")]
    y = np.array([1, 0, 0, 0, 0])
    s = baseline_scores(A_obs, i, j, np.random.default_rng(0))
    # Adamic-Adar: the hidden link ties 3 negatives (1.5) and beats (a0,a4): AUC 2.5/4; AP: 1 hit in the top 4.
    assert roc_auc(y, s["adamic_adar"]) == pytest.approx(2.5 / 4)
    assert average_precision(y, s["adamic_adar"]) == pytest.approx(1 / 4)
    assert precision_at_k(y, s["adamic_adar"], 1) == pytest.approx(1 / 4)  # one of four tied at the top
    # Preferential attachment: beats (a0,a4), ties (a2,a4): AUC 1.5/4; two 3s above it: AP 1/4.
    assert roc_auc(y, s["attachement_preferentiel"]) == pytest.approx(1.5 / 4)
    assert average_precision(y, s["attachement_preferentiel"]) == pytest.approx(1 / 4)
    assert precision_at_k(y, s["attachement_preferentiel"], 2) == 0.0
    # Jaccard: ties (a2,a4) at 1/2 and beats the other three: AUC 3.5/4; AP 1/2; recall@2 = 1.
    assert roc_auc(y, s["jaccard"]) == pytest.approx(3.5 / 4)
    assert average_precision(y, s["jaccard"]) == pytest.approx(1 / 2)
    assert recall_at_k(y, s["jaccard"], 2) == pytest.approx(1.0)
    assert recall_at_k(y, s["jaccard"], 1) == pytest.approx(1 / 2)
