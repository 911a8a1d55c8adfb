"""The secretariat's notebook runs from top to bottom in a real kernel."""

from __future__ import annotations

from tests.notebooks import run_notebook


def test_secretariat_notebook_executes():
    _, text = run_notebook("secretariat.ipynb")
    assert "Réseau : 90 acteurs, 74 programmes" in text
    assert "ROC AUC" in text and "Adamic-Adar seul" in text
    assert "trous.html" in text and "trous.csv" in text
