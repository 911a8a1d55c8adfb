"""The product's four questions, exactly as ``docs/questions.md`` defines them.

These are the embedded answers; the SPARQL and Cypher queries of
``ontology/queries/`` must return the same rows. Q1-Q3 follow the rules of
:mod:`ecosysteme.analysis.presence` (present, situé, exprimé, répondre,
se rencontrer), like the gap report. Return shapes are plain, sorted Python
values so the three paths compare directly:

- :func:`uncovered_needs` (Q1) -> sorted ``list[(need_id, territory_key)]``;
- :func:`programmes_without_relay` (Q2) -> sorted ``list[programme_id]``;
- :func:`worlds_that_never_meet` (Q3) -> sorted ``list[(world1, world2)]`` with ``world1 < world2``;
- :func:`neighbourhood` (Q4) -> ``dict[resource_id, distance]`` ordered by (distance, id).

A territory key is ``niveau:code`` (``epci:243500139``) or ``france``; the
functions accept such a key or a ``(level, code)`` tuple. They read the
ecosystem alone (its references, if any, count as for the gap report).
"""

from __future__ import annotations

from collections import deque

from ecosysteme.analysis._scope import as_ref
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import UnknownResource
from ecosysteme.model import Model, TerritoryRef, format_ref

__all__ = [
    "UnknownResource",
    "neighbourhood",
    "programmes_without_relay",
    "uncovered_needs",
    "worlds_that_never_meet",
]


def uncovered_needs(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> list[tuple[str, str]]:
    """Q1. Needs exprimés sur *T* that no programme answers, and no actor présent sur *T*.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        *T*. When omitted, every territory the report analyses (the
        perimeter and what lies inside it, or every territory the data names).

    Returns
    -------
    list of (str, str)
        ``(need_id, territory_key)`` pairs, sorted.
    """
    p = as_ecosystem(ecosystem).presence
    targets = [as_ref(territory)] if territory is not None else p.analysed()
    out: list[tuple[str, str]] = []
    for ref in targets:
        for nid in p.needs_expressed(ref):
            programmes, actors = p.answered_at(nid, ref)
            if not programmes and not actors:
                out.append((nid, format_ref(ref)))
    return sorted(out)


def programmes_without_relay(ecosystem: Ecosystem | Model, territory: TerritoryRef | str) -> list[str]:
    """Q2. Programmes answering a need exprimé sur *T*, none of whose carriers or relays is présent sur *T*.

    Returns
    -------
    list of str
        Programme ids, sorted.
    """
    p = as_ecosystem(ecosystem).presence
    ref = as_ref(territory)
    out: set[str] = set()
    for nid in p.needs_expressed(ref):
        programmes, _actors = p.answered_at(nid, ref)
        out.update(pid for pid in programmes if not p.relayed_at(pid, ref))
    return sorted(out)


def worlds_that_never_meet(ecosystem: Ecosystem | Model, territory: TerritoryRef | str) -> list[tuple[str, str]]:
    """Q3. Pairs of mondes with actors présents sur *T* where no actor of one meets an actor of the other.

    Two actors meet when a relation links them (``eco:lienDeRencontre``, either
    direction) or when both carry the same programme. Actors without a known
    monde (missing or presumed) are left out.

    Returns
    -------
    list of (str, str)
        ``(w1, w2)`` with ``w1 < w2`` (world keys), sorted.
    """
    p = as_ecosystem(ecosystem).presence
    ref = as_ref(territory)
    by_world: dict[str, set[str]] = {}
    for a in p.actors_present(ref):
        world = p.world(a)
        if world:
            by_world.setdefault(world, set()).add(a)
    worlds = sorted(by_world)
    return [(w1, w2) for i, w1 in enumerate(worlds) for w2 in worlds[i + 1:]
            if not any(p.met.get(a, set()) & by_world[w2] for a in by_world[w1])]


def neighbourhood(ecosystem: Ecosystem | Model, actor: str, k: int = 2) -> dict[str, int]:
    """Q4. Actors and programmes within ``k`` steps of an actor, with their shortest distance.

    The graph is undirected, made of the ecosystem's links (``eco:lienEcosysteme``:
    ``partenariat``, ``relais``, ``financement``, ``membre_de``, ``porte`` and
    ``accompagne``; implied ``porte`` of ``programmes.porteurs`` included). The
    actor itself is excluded.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    actor : str
        Actor id.
    k : int
        Maximum distance (``k <= 0`` gives an empty answer).

    Returns
    -------
    dict
        ``{id: distance}`` ordered by distance then id.

    Raises
    ------
    UnknownResource
        If ``actor`` is not an actor of the model.
    """
    e = as_ecosystem(ecosystem)
    if actor not in e.model.actors:
        raise UnknownResource(actor)
    g = e.ecosystem_graph
    dist = {actor: 0}
    queue = deque([actor])
    while queue:
        node = queue.popleft()
        if dist[node] >= k:
            continue
        for other in g.neighbors(node):
            if other not in dist:
                dist[other] = dist[node] + 1
                queue.append(other)
    del dist[actor]
    return dict(sorted(dist.items(), key=lambda item: (item[1], item[0])))
