"""A two-actor dataset whose one financing is dated only to the year and to the month (real CSV files)."""

from __future__ import annotations

from pathlib import Path

ACTEURS = ("id;nom;type;monde;echelon;territoires\n"
           "a;Asso A;association;associations;local;commune:29151\n"
           "b;Fondation B;financeur;investisseurs_societaux;regional;region:53\n")


def write_dated(folder: Path, start: str, end: str) -> Path:
    """``b`` finances ``a`` from ``start`` to ``end`` (as a spreadsheet writes them: ``2021``, ``02/2024``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acteurs.csv").write_text(ACTEURS, encoding="utf-8")
    (folder / "relations.csv").write_text("source;cible;type;montant;date_debut;date_fin\n"
                                          f"b;a;financement;1000;{start};{end}\n", encoding="utf-8")
    return folder
