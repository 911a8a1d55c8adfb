"""The researcher's notebook runs from top to bottom: connect, query (Python and endpoint), plot."""

from __future__ import annotations

from tests.notebooks import run_notebook


def test_researcher_notebook(tmp_path, monkeypatch, shared_store):
    monkeypatch.setenv("ECOSYSTEME_SORTIES", str(tmp_path / "sorties"))
    monkeypatch.setenv("ECOSYSTEME_MAGASIN", str(shared_store))
    monkeypatch.delenv("ECOSYSTEME_SPARQL", raising=False)
    _, text = run_notebook("chercheur.ipynb")
    assert "reseau       jeu" in text and "territoires" in text
    assert "Point d'accès : http://127.0.0.1:" in text
    assert "couples de mondes présents en France ne se rencontrent pas" in text
    assert "13 régions ; la plus fragile : Hauts-de-France" in text
    assert "Le RAMEAU vient de acteurs.csv, ligne 3" in text
    image = tmp_path / "sorties" / "chomage-par-region.png"
    assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
