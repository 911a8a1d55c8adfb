"""Worlds that never meet: per territory, the matrix of links between "mondes", and the pairs with none.

On a territory *T*, the worlds present are those of the actors present on
*T*; two worlds meet if a ``partenariat``, ``relais``, ``financement``,
``accompagne`` or ``membre_de`` link joins two of their actors present on *T*
(Q3 of ``docs/questions.md``). The matrix counts such links per pair of worlds
(same-world links on the diagonal) and per type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecosysteme.analysis._scope import Scope, as_ref
from ecosysteme.analysis.coverage import territory_priority
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, label, quote
from ecosysteme.vocab import MEETING_LINKS

__all__ = ["WorldGap", "WorldMatrix", "world_gaps", "world_matrices"]


@dataclass(frozen=True)
class WorldMatrix:
    """Links between worlds on one territory.

    Attributes
    ----------
    territory : str
        Territory key.
    worlds : tuple of str
        Worlds present, sorted.
    actors : dict
        ``{world: (actor ids present on the territory, ...)}``.
    links : dict
        ``{(w1, w2): {type: count}}`` with ``w1 <= w2``; only pairs with links appear.
    missing : tuple of (str, str)
        Pairs ``w1 < w2`` of worlds present with no link (= Q3).
    """

    territory: str
    territory_name: str
    worlds: tuple[str, ...]
    actors: dict[str, tuple[str, ...]]
    links: dict[tuple[str, str], dict[str, int]]
    missing: tuple[tuple[str, str], ...]

    def count(self, w1: str, w2: str) -> int:
        """Number of links between two worlds (order irrelevant)."""
        pair = (w1, w2) if w1 <= w2 else (w2, w1)
        return sum(self.links.get(pair, {}).values())


@dataclass(frozen=True)
class WorldGap:
    """Two worlds present on a territory that never meet there."""

    rank: int
    territory: str
    territory_name: str
    world1: str
    world2: str
    actors1: tuple[str, ...]
    actors2: tuple[str, ...]
    priority: float | None
    priority_basis: str
    population: int | None
    evidence: tuple[str, ...]


def _links_by_territory(sc: Scope) -> dict[TerritoryRef, list[tuple[str, str, str]]]:
    """Actor-actor world links, filed under every territory both ends are present on (computed once)."""
    cached = sc.cache.get("world_links")
    if cached is None:
        model = sc.model
        cached = {}
        for source, target, kind in sc.ecosystem_links:
            if kind not in MEETING_LINKS or source not in model.actors or target not in model.actors:
                continue
            if not model.actors[source].world or not model.actors[target].world:
                continue
            for ref in sc.actor_zone[source] & sc.actor_zone[target]:
                cached.setdefault(ref, []).append((source, target, kind))
        sc.cache["world_links"] = cached
    return cached  # type: ignore[return-value]


def _matrix(sc: Scope, ref: TerritoryRef) -> WorldMatrix:
    model = sc.model
    present = sc.actors_present(ref)
    actors: dict[str, list[str]] = {}
    for aid in present:
        world = model.actors[aid].world
        if world:
            actors.setdefault(world, []).append(aid)
    links: dict[tuple[str, str], dict[str, int]] = {}
    for source, target, kind in _links_by_territory(sc).get(ref, ()):
        w1, w2 = model.actors[source].world, model.actors[target].world
        pair = (w1, w2) if w1 <= w2 else (w2, w1)
        per_type = links.setdefault(pair, {})
        per_type[kind] = per_type.get(kind, 0) + 1
    worlds = tuple(sorted(actors))
    missing = tuple((w1, w2) for i, w1 in enumerate(worlds) for w2 in worlds[i + 1:] if (w1, w2) not in links)
    return WorldMatrix(format_ref(ref), sc.name(ref), worlds, {w: tuple(actors[w]) for w in worlds},
                       dict(sorted(links.items())), missing)


def world_matrices(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> list[WorldMatrix]:
    """One :class:`WorldMatrix` per analysed territory (widest first)."""
    sc = as_ecosystem(ecosystem).scope
    return [_matrix(sc, ref) for ref in sc.analysed(as_ref(territory) if territory is not None else None)]


def world_gaps(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
               max_actors: int = 5) -> list[WorldGap]:
    """Pairs of worlds that never meet, over the analysed territories, ranked.

    Ranked by the territory's mean regional fragility, then population, then
    the number of possible pairs of actors.
    """
    e = as_ecosystem(ecosystem)
    sc, fragility = e.scope, e.fragility
    rows = []
    for ref in sc.analysed(as_ref(territory) if territory is not None else None):
        matrix = _matrix(sc, ref)
        if not matrix.missing:
            continue
        score, basis = territory_priority(sc, fragility, ref, None)
        population = sc.population(ref)
        met = [f"{label('monde', a)} – {label('monde', b)}" for a, b in matrix.links if a != b]
        for w1, w2 in matrix.missing:
            a1, a2 = matrix.actors[w1], matrix.actors[w2]
            names1 = join_fr((sc.model.actors[a].name for a in a1), max_actors)
            names2 = join_fr((sc.model.actors[a].name for a in a2), max_actors)
            evidence = [
                f"Sur {matrix.territory_name}, les {label('monde', w1)} ({len(a1)} : {names1}) et les "
                f"{label('monde', w2)} ({len(a2)} : {names2}) n'ont aucun lien de partenariat, de relais, "
                "de financement, d'accompagnement ou d'adhésion.",
                ("Mondes qui se rencontrent déjà ici : " + join_fr(met) + ".") if met
                else "Aucun monde ne rencontre un autre ici.",
                f"Priorité : {basis}.",
            ]
            rows.append(((-(score if score is not None else -1.0), -(population or 0), -len(a1) * len(a2),
                          matrix.territory, w1, w2),
                         WorldGap(0, matrix.territory, matrix.territory_name, w1, w2, a1[:max_actors],
                                  a2[:max_actors], score, basis, population, tuple(evidence))))
    rows.sort(key=lambda item: item[0])
    return [replace(g, rank=i + 1) for i, (_k, g) in enumerate(rows)]


def describe_pair(w1: str, w2: str) -> str:
    """``« associations » et « entreprises »``."""
    return f"{quote(label('monde', w1))} et {quote(label('monde', w2))}"
