"""The product's four questions, exactly as ``docs/questions.md`` defines them.

These are the embedded (networkx / pure Python) answers; the SPARQL and
Cypher queries of ``ontology/queries/`` must return the same rows. Return
shapes are plain, sorted Python values so the three paths compare directly:

- :func:`uncovered_needs` (Q1) -> sorted ``list[(need_id, territory_key)]``;
- :func:`programmes_without_relay` (Q2) -> sorted ``list[programme_id]``;
- :func:`worlds_that_never_meet` (Q3) -> sorted ``list[(world1, world2)]`` with ``world1 < world2``;
- :func:`neighbourhood` (Q4) -> ``dict[resource_id, distance]`` ordered by (distance, id).

A territory key is ``niveau:code`` (``epci:243500139``) or ``france``; the
functions accept such a key or a ``(level, code)`` tuple.
"""

from __future__ import annotations

from collections import deque

from ecosysteme.analysis._scope import Scope, as_ref
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import UnknownResource
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.vocab import MEETING_LINKS

__all__ = [
    "UnknownResource",
    "neighbourhood",
    "programmes_without_relay",
    "uncovered_needs",
    "worlds_that_never_meet",
]


def uncovered_needs(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None) -> list[tuple[str, str]]:
    """Q1. Needs that concern a territory and that no programme reaching it answers.

    A need *n* concerns *T* if it concerns a territory of ``T*↑`` (no territory:
    France). It is covered on *T* if a programme reaching *T* answers it through
    ``repond_a`` or shares its theme.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        *T*. When omitted, every territory the report would analyse
        (:meth:`Scope.analysed`: the perimeter and what lies inside it, or
        every territory named by actors, programmes and needs).

    Returns
    -------
    list of (str, str)
        ``(need_id, territory_key)`` pairs, sorted.
    """
    sc = as_ecosystem(ecosystem).scope
    targets = [as_ref(territory)] if territory is not None else sc.analysed()
    out: list[tuple[str, str]] = []
    for ref in targets:
        reaching = set(sc.programmes_reaching(ref))
        for nid in sc.needs_concerning(ref):
            if not (sc.answered_by[nid] & reaching):
                out.append((nid, format_ref(ref)))
    return sorted(out)


def programmes_without_relay(ecosystem: Ecosystem | Model, territory: TerritoryRef | str) -> list[str]:
    """Q2. Programmes that reach *T* and answer a need of *T*, but that no actor present on *T* relays or carries.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str)
        *T*.

    Returns
    -------
    list of str
        Programme ids, sorted.
    """
    sc = as_ecosystem(ecosystem).scope
    ref = as_ref(territory)
    needs = set(sc.needs_concerning(ref))
    present = set(sc.actors_present(ref))
    out = []
    for pid in sc.programmes_reaching(ref):
        if not (sc.answers[pid] & needs):
            continue
        if (sc.relays[pid] | sc.carriers[pid]) & present:
            continue
        out.append(pid)
    return sorted(out)


def world_links(sc: Scope, territory: TerritoryRef) -> dict[tuple[str, str], int]:
    """Links between worlds on *T*: ``{(w1, w2): count}`` with ``w1 < w2`` (helper of Q3)."""
    present = set(sc.actors_present(territory))
    counts: dict[tuple[str, str], int] = {}
    for source, target, kind in sc.ecosystem_links:
        if kind not in MEETING_LINKS or source not in present or target not in present:
            continue
        w1, w2 = sc.model.actors[source].world, sc.model.actors[target].world
        if not w1 or not w2 or w1 == w2:
            continue
        pair = (w1, w2) if w1 < w2 else (w2, w1)
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def worlds_present(sc: Scope, territory: TerritoryRef) -> list[str]:
    """Sorted worlds of the actors present on *T* (actors without world ignored)."""
    return sorted({sc.model.actors[a].world for a in sc.actors_present(territory) if sc.model.actors[a].world})


def worlds_that_never_meet(ecosystem: Ecosystem | Model, territory: TerritoryRef | str) -> list[tuple[str, str]]:
    """Q3. Pairs of worlds present on *T* with no link between their actors present on *T*.

    Links counted: ``partenariat``, ``relais``, ``financement``, ``accompagne``,
    ``membre_de``, in either direction, between two actors present on *T*.

    Returns
    -------
    list of (str, str)
        ``(w1, w2)`` with ``w1 < w2`` (world keys), sorted.
    """
    sc = as_ecosystem(ecosystem).scope
    ref = as_ref(territory)
    worlds = worlds_present(sc, ref)
    met = world_links(sc, ref)
    return [(w1, w2) for i, w1 in enumerate(worlds) for w2 in worlds[i + 1:] if (w1, w2) not in met]


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
