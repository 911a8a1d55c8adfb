"""Missing engineering: territories where one of the three natures has no actor.

The deck articulates territorial engineering in three natures: *gestion*,
*management de projets transversaux* and *catalyse*. A territory's actors are
the actors present on it (``docs/questions.md``: an actor of a commune is
present on its EPCI, département, region and France). For each analysed
territory we list who brings each nature and which natures nobody brings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecosysteme.analysis._scope import as_ref
from ecosysteme.analysis.coverage import territory_priority
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, label, quote
from ecosysteme.vocab import SCHEMES

__all__ = ["NATURES", "EngineeringGap", "EngineeringRow", "engineering", "engineering_gaps"]

#: The three natures of engineering, in the deck's order.
NATURES: tuple[str, ...] = ("gestion", "management_projets", "catalyse")


@dataclass(frozen=True)
class EngineeringRow:
    """Natures of engineering on one territory.

    Attributes
    ----------
    territory : str
    by_nature : dict
        ``{nature: (actor ids present that declare it, ...)}`` for the three natures.
    without_nature : tuple of str
        Actors present that declare no nature.
    missing : tuple of str
        Natures with no actor.
    """

    territory: str
    territory_name: str
    actors: int
    by_nature: dict[str, tuple[str, ...]]
    without_nature: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class EngineeringGap:
    """One nature of engineering that nobody brings on a territory."""

    rank: int
    territory: str
    territory_name: str
    nature: str
    actors: int
    priority: float | None
    priority_basis: str
    population: int | None
    evidence: tuple[str, ...]


def _natures() -> tuple[str, ...]:
    extra = tuple(sorted(set(SCHEMES["nature"]) - set(NATURES)))
    return NATURES + extra


def engineering(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> list[EngineeringRow]:
    """One :class:`EngineeringRow` per analysed territory (widest first)."""
    e = as_ecosystem(ecosystem)
    model, sc = e.model, e.scope
    natures = _natures()
    rows = []
    for ref in sc.analysed(as_ref(territory) if territory is not None else None):
        present = sc.actors_present(ref)
        by_nature = {n: tuple(a for a in present if n in model.actors[a].natures) for n in natures}
        rows.append(EngineeringRow(format_ref(ref), sc.name(ref), len(present), by_nature,
                                   tuple(a for a in present if not model.actors[a].natures),
                                   tuple(n for n in natures if not by_nature[n])))
    return rows


def engineering_gaps(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> list[EngineeringGap]:
    """Every (territory, missing nature), ranked by fragility then population."""
    e = as_ecosystem(ecosystem)
    model, sc, fragility = e.model, e.scope, e.fragility
    out = []
    for row in engineering(e, territory):
        if not row.missing:
            continue
        ref = as_ref(row.territory)
        score, basis = territory_priority(sc, fragility, ref, None)
        population = sc.population(ref)
        brought = [f"{label('nature', n)} ({len(row.by_nature[n])})" for n in row.by_nature if row.by_nature[n]]
        for nature in row.missing:
            if row.actors > 1:
                first = (f"Aucun des {row.actors} acteurs présents sur {row.territory_name} ne déclare "
                         f"l'ingénierie {quote(label('nature', nature))}.")
            elif row.actors:
                first = (f"Le seul acteur présent sur {row.territory_name} ne déclare pas l'ingénierie "
                         f"{quote(label('nature', nature))}.")
            else:
                first = f"Aucun acteur de l'écosystème n'est présent sur {row.territory_name}."
            evidence = [
                first,
                ("Natures présentes : " + join_fr(brought) + ".") if brought else "Aucune nature déclarée ici.",
            ]
            if row.without_nature:
                evidence.append(f"{len(row.without_nature)} acteur(s) sans nature déclarée : "
                                + join_fr((model.actors[a].name for a in row.without_nature), 4)
                                + " (à qualifier : l'un d'eux l'apporte peut-être).")
            evidence.append(f"Priorité : {basis}.")
            out.append(((-(score if score is not None else -1.0), -(population or 0), row.territory,
                         _natures().index(nature)),
                        EngineeringGap(0, row.territory, row.territory_name, nature, row.actors, score, basis,
                                       population, tuple(evidence))))
    out.sort(key=lambda item: item[0])
    return [replace(g, rank=i + 1) for i, (_k, g) in enumerate(out)]
