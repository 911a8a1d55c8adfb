"""The researcher's notebook runs from top to bottom: connect, query (Python and endpoint), plot."""

from __future__ import annotations

from pathlib import Path

import nbformat

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "chercheur.ipynb"


def test_researcher_notebook(tmp_path, monkeypatch, shared_store):
    from nbclient import NotebookClient

    monkeypatch.setenv("ECOSYSTEME_SORTIES", str(tmp_path / "sorties"))
    monkeypatch.setenv("ECOSYSTEME_MAGASIN", str(shared_store))
    monkeypatch.delenv("ECOSYSTEME_SPARQL", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "reseau       jeu" in text and "territoires" in text
    assert "Point d'accès : http://127.0.0.1:" in text
    assert "couples de mondes présents en France ne se rencontrent pas" in text
    assert "13 régions ; la plus fragile : Hauts-de-France" in text
    assert "Le RAMEAU vient de acteurs.csv, ligne 3" in text
    image = tmp_path / "sorties" / "chomage-par-region.png"
    assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
