"""Link suggestions as a readable table or a CSV (French Excel flavour), and written to a file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ecosysteme.analysis.linkpred import Suggestion
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.model import Model, TerritoryRef
from ecosysteme.text import number_fr, sheet_cell

__all__ = ["SUGGESTION_COLUMNS", "suggestions_csv", "suggestions_table", "write_suggestions"]

SUGGESTION_COLUMNS = ("rang", "score", "adamic_adar", "source", "nom_source", "cible", "nom_cible", "type",
                      "code_territoire", "territoire", "complementarite", "voisins_communs", "raisons")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def suggestions_table(suggestions: Sequence[Suggestion]) -> str:
    """Aligned text table, each suggestion followed by its reasons."""
    if not suggestions:
        return "Aucune suggestion : pas de paire candidate.\n"
    lines = [f"{'Rang':>4}  {'Score':<6} {'Acteur':<36} {'Lien suggéré avec':<36} Type"]
    for s in suggestions:
        lines.append(f"{s.rank:>4}  {number_fr(s.score, 3):<6} {_short(s.a_label, 36):<36} "
                     f"{_short(s.b_label, 36):<36} {s.kind}")
        lines.extend(f"        · {r}" for r in s.reasons)
    return "\n".join(lines) + "\n"


def suggestions_csv(suggestions: Sequence[Suggestion]) -> str:
    """CSV text (``;``, decimal comma, reasons joined by `` | ``), without BOM."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(SUGGESTION_COLUMNS)
    for s in suggestions:
        writer.writerow([s.rank, number_fr(s.score, 4), number_fr(s.adamic_adar, 4), s.a, sheet_cell(s.a_label), s.b,
                         sheet_cell(s.b_label), s.kind, s.territory or "", sheet_cell(s.territory_name or ""),
                         "oui" if s.complementary else "non", "|".join(s.common_neighbours),
                         sheet_cell(" | ".join(s.reasons))])
    return buf.getvalue()


def write_suggestions(ecosystem: Ecosystem | Model, path: Path | str, *, top: int = 20, fmt: str = "csv",
                      territory: TerritoryRef | str | None = None, seed: int = 0,
                      suggestions: Sequence[Suggestion] | None = None) -> Path:
    """Compute (unless given) and write link suggestions atomically.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    path : path
        Target file (``.csv`` gets a UTF-8 BOM for Excel).
    top, territory, seed
        See :func:`ecosysteme.analysis.suggest_links`.
    fmt : str
        ``"csv"`` or ``"tableau"``.
    suggestions : sequence of Suggestion, optional
        Already computed suggestions.

    Raises
    ------
    ecosysteme.analysis.AnalysisError
        When the graph has too few links to learn from.
    """
    from ecosysteme.analysis import suggest_links
    from ecosysteme.fs import atomic_write

    if fmt not in ("csv", "tableau"):
        raise ValueError(f"format de suggestions inconnu : {fmt!r} (csv ou tableau)")
    if suggestions is None:
        suggestions = suggest_links(ecosystem, top=top, territory=territory, seed=seed)
    path = Path(path)
    text = suggestions_csv(suggestions) if fmt == "csv" else suggestions_table(suggestions)
    with atomic_write(path, encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:
        fh.write(text)
    return path
