"""A plain-Python reading of docs/questions.md, to check the SPARQL queries against.

Deliberately naive (sets and loops over the model and the territories), so
that it follows the definitions word for word.
"""

from __future__ import annotations

import functools
from collections import deque

from ecosysteme.model import Model, TerritoryRef
from ecosysteme.territories import Territories

FRANCE: TerritoryRef = ("pays", "FR")
MEET_TYPES = {"partenariat", "relais", "financement", "accompagne", "membre_de"}
NEIGHBOUR_TYPES = {"partenariat", "relais", "financement", "membre_de", "porte", "accompagne"}


@functools.lru_cache(maxsize=256)
def up(t: TerritoryRef, terr: Territories) -> frozenset[TerritoryRef]:
    """T*↑: T and its ancestors."""
    return frozenset({t} | terr.ancestors(*t))


@functools.lru_cache(maxsize=64)
def down(t: TerritoryRef, terr: Territories) -> frozenset[TerritoryRef]:
    """T*↓: T and its descendants."""
    return frozenset({t} | terr.descendants(*t))


def reaches(p, t: TerritoryRef, terr: Territories) -> bool:
    return bool(set(p.territories) & up(t, terr))


def present(a, t: TerritoryRef, terr: Territories) -> bool:
    return bool(set(a.territories) & down(t, terr))


def concerns(n, t: TerritoryRef, terr: Territories) -> bool:
    places = set(n.territories) or {FRANCE}
    return bool(places & up(t, terr))


def answers(model: Model, p, n) -> bool:
    by_relation = any(r.type == "repond_a" and r.source == p.id and r.target == n.id for r in model.relations)
    return n.id in p.needs or by_relation or (n.theme is not None and n.theme in p.themes)


def q1(model: Model, t: TerritoryRef, terr: Territories) -> set[str]:
    out = set()
    for n in model.needs.values():
        if not concerns(n, t, terr):
            continue
        if not any(reaches(p, t, terr) and answers(model, p, n) for p in model.programmes.values()):
            out.add(n.id)
    return out


def q2(model: Model, t: TerritoryRef, terr: Territories) -> set[str]:
    links = model.links()
    out = set()
    for p in model.programmes.values():
        if not reaches(p, t, terr):
            continue
        if not any(concerns(n, t, terr) and answers(model, p, n) for n in model.needs.values()):
            continue
        relayed = any(kind in ("relais", "porte") and target == p.id and source in model.actors
                      and present(model.actors[source], t, terr) for source, target, kind, _ in links)
        if not relayed:
            out.add(p.id)
    return out


def q3(model: Model, t: TerritoryRef, terr: Territories) -> set[tuple[str, str]]:
    here = {a.id: a.world for a in model.actors.values() if a.world and present(a, t, terr)}
    worlds = sorted(set(here.values()))
    met = set()
    for r in model.relations:
        if r.type in MEET_TYPES and r.source in here and r.target in here:
            w1, w2 = sorted((here[r.source], here[r.target]))
            if w1 != w2:
                met.add((w1, w2))
    return {(w1, w2) for i, w1 in enumerate(worlds) for w2 in worlds[i + 1:] if (w1, w2) not in met}


def q4(model: Model, actor: str, k: int) -> dict[str, int]:
    adj: dict[str, set[str]] = {}
    for source, target, kind, _ in model.links():
        if kind in NEIGHBOUR_TYPES:
            adj.setdefault(source, set()).add(target)
            adj.setdefault(target, set()).add(source)
    dist = {actor: 0}
    queue = deque([actor])
    while queue:
        node = queue.popleft()
        if dist[node] >= k:
            continue
        for nxt in adj.get(node, ()):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return {n: d for n, d in dist.items() if n != actor}
