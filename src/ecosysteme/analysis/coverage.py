"""Coverage: every need where it is expressed, and what answers it there (explicitly).

A table, not a verdict: one row per (need, territory where it is exprimé),
with the programmes that answer it (anywhere), those among them whose carrier
or relay is présent there, and the actors présents there that answer it.
The rules are those of :mod:`ecosysteme.analysis.presence`; the holes in it
are the findings of :func:`ecosysteme.analysis.find_gaps`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecosysteme.analysis.presence import sort_key
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref

__all__ = ["Coverage", "CoverageRow", "coverage"]


@dataclass(frozen=True)
class CoverageRow:
    """One need on one territory where it is expressed.

    Attributes
    ----------
    programmes : tuple of str
        Programmes answering the need (anywhere, every dataset).
    relayed : tuple of str
        Those of ``programmes`` with a carrier or relay présent on the territory.
    actors : tuple of str
        Actors présents on the territory that answer the need.
    """

    need: str
    territory: str
    territory_name: str
    programmes: tuple[str, ...]
    relayed: tuple[str, ...]
    actors: tuple[str, ...]

    @property
    def covered(self) -> bool:
        """Some programme or some actor present answers it."""
        return bool(self.programmes or self.actors)

    @property
    def status(self) -> str:
        """``"sans réponse"``, ``"réponse sans relais"`` or ``"couvert"`` (French)."""
        if not self.covered:
            return "sans réponse"
        if self.relayed or self.actors:
            return "couvert"
        return "réponse sans relais"


@dataclass(frozen=True)
class Coverage:
    """Result of :func:`coverage`: the rows, widest territory first."""

    rows: tuple[CoverageRow, ...]

    def uncovered(self) -> list[tuple[str, str]]:
        """``(need, territory)`` of the rows nothing answers (= Q1 over the analysed territories)."""
        return sorted((r.need, r.territory) for r in self.rows if not r.covered)

    def to_frame(self):
        """The rows as a pandas DataFrame (with a ``statut`` column)."""
        import pandas as pd

        return pd.DataFrame.from_records([
            {"besoin": r.need, "territoire": r.territory, "territoire_nom": r.territory_name,
             "programmes": r.programmes, "relayes": r.relayed, "acteurs": r.actors, "statut": r.status}
            for r in self.rows])


def coverage(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> Coverage:
    """Each need of the studied ecosystem on each analysed territory where it is expressed."""
    from ecosysteme.analysis._scope import as_ref

    p = as_ecosystem(ecosystem).presence
    rows = []
    for ref in sorted(p.analysed(as_ref(territory) if territory is not None else None), key=sort_key):
        for nid in p.needs_expressed(ref):
            programmes, actors = p.answered_at(nid, ref)
            relayed = [x for x in programmes if p.relayed_at(x, ref)]
            rows.append(CoverageRow(nid, format_ref(ref), p.name(ref), tuple(programmes), tuple(relayed),
                                    tuple(actors)))
    return Coverage(tuple(rows))
