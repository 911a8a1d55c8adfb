"""Fragility of the ecosystem itself: isolation, single points of failure, brokers, communities.

All measures use the undirected *ecosystem graph*: actors and programmes,
joined by ``partenariat``, ``relais``, ``financement``, ``membre_de``,
``porte`` and ``accompagne`` links (the same graph as Q4).

- isolated actors: no link at all;
- single points of failure: articulation points (whose loss splits the
  ecosystem; we say how many resources would be cut off) and bridges (links
  whose loss splits it; "leaf" bridges only hang one resource);
- brokers: betweenness centrality (sampled with a fixed seed beyond a size)
  and Burt's constraint (low constraint = a broker between groups);
- communities: Louvain (fixed seed), with the mix of worlds in each one
  (Gini-Simpson diversity) and the world assortativity of actor-actor links.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model
from ecosysteme.vocab import ECOSYSTEM_LINKS

__all__ = [
    "Bridge",
    "Broker",
    "Community",
    "CutVertex",
    "EcosystemFragility",
    "bridges",
    "burt_constraint",
    "cut_vertices",
    "ecosystem_fragility",
    "ecosystem_graph",
]


@dataclass(frozen=True)
class CutVertex:
    """An articulation point: removing it splits its connected component.

    Attributes
    ----------
    node : str
    parts : tuple of int
        Sizes of the pieces left once the node is removed, largest first.
    cut_off : int
        Resources separated from the largest piece (sum of the smaller pieces).
    """

    node: str
    kind: str
    label: str
    parts: tuple[int, ...]
    cut_off: int


@dataclass(frozen=True)
class Bridge:
    """A link whose loss splits its component; ``sides`` = sizes of the two pieces, smaller first."""

    u: str
    v: str
    types: tuple[str, ...]
    sides: tuple[int, int]

    @property
    def leaf(self) -> bool:
        """True when the link only hangs a single resource."""
        return self.sides[0] == 1


@dataclass(frozen=True)
class Broker:
    node: str
    label: str
    betweenness: float
    constraint: float | None
    degree: int
    worlds: tuple[str, ...]


@dataclass(frozen=True)
class Community:
    """A Louvain community and how it mixes worlds.

    Attributes
    ----------
    worlds : dict
        ``{world: number of actors}`` (actors without world under ``""``).
    diversity : float
        Gini-Simpson index of the worlds of its actors (0: one world only).
    """

    index: int
    members: tuple[str, ...]
    actors: int
    programmes: int
    worlds: dict[str, int]
    dominant: str | None
    diversity: float


@dataclass(frozen=True)
class EcosystemFragility:
    """Result of :func:`ecosystem_fragility`."""

    nodes: int
    edges: int
    components: int
    largest_component: int
    isolated: tuple[str, ...]
    orphan_programmes: tuple[str, ...]
    cut_vertices: tuple[CutVertex, ...]
    bridges: tuple[Bridge, ...]
    brokers: tuple[Broker, ...]
    communities: tuple[Community, ...]
    world_assortativity: float | None
    betweenness_sample: int | None


def ecosystem_graph(ecosystem: Ecosystem | Model):
    """Undirected graph of actors and programmes and their ecosystem links (``eco:lienEcosysteme``).

    Node attributes: ``kind`` (acteur / programme), ``label``, ``world``,
    ``level``. Edge attribute ``types``: tuple of the link types joining the pair.
    Cached as :attr:`Ecosystem.ecosystem_graph`: treat it as read-only.
    """
    import networkx as nx

    e = as_ecosystem(ecosystem)
    model = e.model
    g = nx.Graph()
    for a in model.actors.values():
        g.add_node(a.id, kind="acteur", label=a.name, world=a.world, level=a.level)
    for p in model.programmes.values():
        g.add_node(p.id, kind="programme", label=p.name, world=None, level=p.level)
    for source, target, kind, _prov in e.links:
        if kind not in ECOSYSTEM_LINKS or source == target or source not in g or target not in g:
            continue
        if g.has_edge(source, target):
            types = g.edges[source, target]["types"]
            if kind not in types:
                g.edges[source, target]["types"] = (*types, kind)
        else:
            g.add_edge(source, target, types=(kind,))
    return g


def _block_cut_sizes(g) -> tuple[dict[str, tuple[int, ...]], dict[tuple[str, str], tuple[int, int]]]:
    """Pieces left by removing each articulation point or each bridge, via the block-cut tree."""
    import networkx as nx

    cut_parts: dict[str, tuple[int, ...]] = {}
    bridge_sides: dict[tuple[str, str], tuple[int, int]] = {}
    for comp_nodes in nx.connected_components(g):
        comp = g.subgraph(comp_nodes)
        size = comp.number_of_nodes()
        if size < 3:
            for u, v in comp.edges():
                bridge_sides[tuple(sorted((u, v), key=str))] = (1, 1)
            continue
        cuts = set(nx.articulation_points(comp))
        blocks = [frozenset(b) for b in nx.biconnected_components(comp)]
        tree = nx.Graph()
        weight: dict[object, int] = {}
        for c in cuts:
            tree.add_node(("c", c))
            weight[("c", c)] = 1
        for i, block in enumerate(blocks):
            tree.add_node(("b", i))
            weight[("b", i)] = sum(1 for n in block if n not in cuts)
            for n in block:
                if n in cuts:
                    tree.add_edge(("b", i), ("c", n))
        root = ("b", 0)
        parent = {root: None}
        order = [root]
        for x in order:
            for y in tree.neighbors(x):
                if y not in parent:
                    parent[y] = x
                    order.append(y)
        sub = dict(weight)
        for x in reversed(order):
            if parent[x] is not None:
                sub[parent[x]] += sub[x]
        for c in cuts:
            node = ("c", c)
            children = [sub[y] for y in tree.neighbors(node) if parent.get(y) == node]
            up = size - 1 - sum(children)
            parts = sorted([*children, *([up] if up else [])], reverse=True)
            cut_parts[c] = tuple(parts)
        for i, block in enumerate(blocks):
            if len(block) != 2:
                continue
            u, v = sorted(block, key=str)
            node = ("b", i)
            if u not in cuts or v not in cuts:
                bridge_sides[(u, v)] = (1, size - 1)
                continue
            # a side hanging below the block in the rooted tree; the other side is the rest of the component
            inner = min(sub[y] for y in tree.neighbors(node) if parent.get(y) == node)
            sides = sorted((inner, size - inner))
            bridge_sides[(u, v)] = (sides[0], sides[1])
    return cut_parts, bridge_sides


def cut_vertices(g) -> list[CutVertex]:
    """Articulation points with the size of the pieces their loss leaves, most damaging first."""
    parts, _ = _block_cut_sizes(g)
    out = [CutVertex(n, g.nodes[n].get("kind", ""), g.nodes[n].get("label", str(n)), p, sum(p[1:]))
           for n, p in parts.items()]
    out.sort(key=lambda c: (-c.cut_off, -len(c.parts), str(c.node)))
    return out


def bridges(g) -> list[Bridge]:
    """Bridges with the sizes of the two sides, most damaging (largest smaller side) first."""
    _, sides = _block_cut_sizes(g)
    out = [Bridge(u, v, tuple(g.edges[u, v].get("types", ())), s) for (u, v), s in sides.items()]
    out.sort(key=lambda b: (-b.sides[0], str(b.u), str(b.v)))
    return out


def burt_constraint(g, nodes=None) -> dict:
    """Burt's constraint of nodes of an unweighted undirected graph, vectorised.

    Same values as :func:`networkx.constraint` (NaN for an isolated node): with
    ``p_ij = 1 / deg(i)``, ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2 = deg(i)^-2
    sum_{j in N(i)} (1 + sum_{q in N(i) ∩ N(j)} 1 / deg(q))^2``, the inner sum
    being the resource-allocation index of the edge, computed with sparse row
    products for every edge at once (networkx loops over neighbours of
    neighbours: minutes on hubs of a few thousand links).
    """
    import numpy as np

    from ecosysteme.analysis._sparse import incidence, row_products

    order = list(g)
    index = {n: k for k, n in enumerate(order)}
    wanted = order if nodes is None else list(nodes)
    rows = [index[u] for u, v in g.edges() if u != v] + [index[v] for u, v in g.edges() if u != v]
    cols = [index[v] for u, v in g.edges() if u != v] + [index[u] for u, v in g.edges() if u != v]
    A = incidence(rows, cols, (len(order), len(order)))
    deg = np.asarray(A.sum(axis=1)).ravel()
    targets = np.array([index[n] for n in wanted], dtype=np.int64)
    sub = A[targets].tocoo()
    i = targets[sub.row]
    j = sub.col.astype(np.int64)
    inv = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    ra = row_products(A, i, j, weights=inv)
    per_edge = (1.0 + ra) ** 2
    sums = np.bincount(sub.row, weights=per_edge, minlength=len(targets))
    out = {}
    for k, n in enumerate(wanted):
        d = deg[targets[k]]
        out[n] = float(sums[k] / (d * d)) if d > 0 else float("nan")
    return out


def _gini_simpson(counts: Counter) -> float:
    total = sum(counts.values())
    if not total:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in counts.values())


def ecosystem_fragility(ecosystem: Ecosystem | Model, *, nodes: Iterable[str] | None = None, seed: int = 0,
                        top_brokers: int = 10, exact_betweenness_limit: int = 1000,
                        betweenness_k: int = 100) -> EcosystemFragility:
    """Measure how fragile the ecosystem's own fabric is.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    nodes : iterable of str, optional
        Restrict the ecosystem to these actors and programmes (e.g. those of one territory).
    seed : int
        Seed of Louvain and of betweenness sampling.
    top_brokers : int
        How many brokers to return.
    exact_betweenness_limit : int
        Above this number of nodes, betweenness is estimated from ``betweenness_k`` sampled sources.

    Returns
    -------
    EcosystemFragility
    """
    import networkx as nx

    e = as_ecosystem(ecosystem)
    model = e.model
    g = e.ecosystem_graph
    if nodes is not None:
        g = g.subgraph(set(nodes)).copy()
    n = g.number_of_nodes()
    isolated = tuple(a for a in model.actors if a in g and g.degree(a) == 0)
    orphans = tuple(p for p in model.programmes if p in g and g.degree(p) == 0)
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    cuts = tuple(cut_vertices(g))
    brs = tuple(bridges(g))

    sample = betweenness_k if n > exact_betweenness_limit else None
    betweenness = nx.betweenness_centrality(g, k=min(sample, n) if sample else None, seed=seed) if n else {}
    actors_ranked = sorted((a for a in model.actors if betweenness.get(a, 0.0) > 0),
                           key=lambda a: (-betweenness[a], a))[:top_brokers]
    constraint = burt_constraint(g, actors_ranked) if actors_ranked else {}
    brokers = tuple(
        Broker(a, model.actors[a].name, betweenness[a],
               None if constraint.get(a) is None or math.isnan(constraint[a]) else constraint[a], g.degree(a),
               tuple(sorted({g.nodes[x]["world"] for x in g.neighbors(a) if g.nodes[x].get("world")})))
        for a in actors_ranked
    )

    communities = []
    if g.number_of_edges():
        raw = nx.community.louvain_communities(g, seed=seed)
        raw = sorted((sorted(c, key=str) for c in raw if len(c) > 1), key=lambda c: (-len(c), str(c[0])))
        for i, members in enumerate(raw):
            actor_members = [m for m in members if m in model.actors]
            worlds = Counter(model.actors[m].world or "" for m in actor_members)
            known = Counter({w: c for w, c in worlds.items() if w})
            dominant = known.most_common(1)[0][0] if known else None
            communities.append(Community(i + 1, tuple(members), len(actor_members),
                                         len(members) - len(actor_members), dict(sorted(worlds.items())),
                                         dominant, _gini_simpson(known)))

    actor_graph = g.subgraph([a for a in model.actors if a in g and g.nodes[a].get("world")])
    assortativity = None
    if actor_graph.number_of_edges() >= 2 and len({d["world"] for _n, d in actor_graph.nodes(data=True)}) > 1:
        import numpy as np

        with np.errstate(all="ignore"):
            value = nx.attribute_assortativity_coefficient(actor_graph, "world")
        assortativity = None if value is None or math.isnan(value) else float(value)

    return EcosystemFragility(n, g.number_of_edges(), len(comps), comps[0] if comps else 0, isolated, orphans,
                              cuts, brs, brokers, tuple(communities), assortativity, sample)
