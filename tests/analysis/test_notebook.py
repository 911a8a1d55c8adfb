"""The secretariat's notebook runs from top to bottom in a real kernel."""

from __future__ import annotations

from tests.notebooks import run_notebook


def test_secretariat_notebook_executes():
    _, text = run_notebook("secretariat.ipynb")
    assert "Réseau : 90 acteurs, 74 programmes" in text
    assert "ROC AUC" in text and "attachement préférentiel" in text and "Liens acteur–programme" in text
    assert "trous-epci-242900835.html" in text and "trous-epci-242900835.json" in text
    assert "actions prioritaires" in text and "présent : Un acteur est présent" in text
    assert "Relations ajoutées : [{'source': 'pole-de-l-economie-sociale-et-solidaire'" in text
    assert "- Morlaix : « Contrat local de santé de Saint-Thégonnec Loc-Eguiner » sans porteur ni relais" in text
