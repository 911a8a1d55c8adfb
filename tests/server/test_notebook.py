"""The researcher's notebook runs from top to bottom (connect, query in Python and on the endpoint,
plot) and its saved outputs are the ones it prints today."""

from __future__ import annotations

import re

import nbformat

from tests.notebooks import NOTEBOOKS, run_notebook

_VARIABLE = [(re.compile(r"http://127\.0\.0\.1:\d+"), "http://127.0.0.1:PORT")]


def _normalised(text: str) -> str:
    for pattern, replacement in _VARIABLE:
        text = pattern.sub(replacement, text)
    return text


def _saved_text(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    # the kernel cuts a cell's printing into stream messages wherever it flushes: join them as printed
    return "".join(o.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def test_researcher_notebook(tmp_path, monkeypatch):
    # as a reader runs it: the notebook builds its own store from data/reseau
    monkeypatch.setenv("ECOSYSTEME_SORTIES", str(tmp_path / "sorties"))
    monkeypatch.delenv("ECOSYSTEME_MAGASIN", raising=False)
    monkeypatch.delenv("ECOSYSTEME_SPARQL", raising=False)
    outputs, text = run_notebook("chercheur.ipynb")
    assert "reseau       jeu" in text and "territoires" in text
    assert "Point d'accès : http://127.0.0.1:" in text
    assert "55 programmes répondent à un besoin exprimé en France sans porteur ni relais présent" in text
    assert "Q3 : 0 couple(s) de mondes présents en France" in text
    assert "13 régions ; la plus fragile : Hauts-de-France" in text
    assert "Le RAMEAU vient de acteurs.csv, ligne 3" in text
    image = tmp_path / "sorties" / "chomage-par-region.png"
    assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert any("image/png" in o.get("data", {}) for o in outputs)
    # saved with its outputs, and they are still true (re-save with scripts/run_notebooks.py)
    saved = _saved_text("chercheur.ipynb")
    assert saved, "notebooks/chercheur.ipynb est enregistré sans sorties : lancez scripts/run_notebooks.py"
    assert _normalised(saved) == _normalised(text)
