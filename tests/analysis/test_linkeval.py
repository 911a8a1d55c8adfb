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


def test_the_warning_is_printed_when_a_baseline_wins():
    from ecosysteme.analysis.linkeval import LinkEvaluation

    per = {m: {x: (0.5, 0.0) for x in METRICS} for m in METHODS}
    per["modele"] = {x: (0.1, 0.0) for x in METRICS}
    ev = LinkEvaluation({"acteur-acteur": per}, 20, {"acteur-acteur": 3.0}, {"acteur-acteur": 900.0}, 2, 30, 40,
                        0.1, 0, {})
    text = ev.to_text()
    assert ("Attention (liens acteur–acteur) : le modèle ne fait pas mieux que Adamic-Adar, allocation de "
            "ressources, Jaccard, attachement préférentiel, hasard") in text
    assert "ces méthodes simples" in text
    assert "Liens acteur–programme : aucun lien de ce type à cacher." in text


def test_too_many_pairs_is_a_clean_error():
    from ecosysteme.analysis import AnalysisError
    from ecosysteme.synth import synthetic_model

    expected = r"toutes les paires non liées : 2 [0-9 ]+ paires ici, au-delà de la limite de 2 000 000"
    with pytest.raises(AnalysisError, match=expected):
        evaluate_link_prediction(synthetic_model(2_100, seed=0), repeats=1)
