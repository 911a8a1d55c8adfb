"""Project the model to a networkx ``MultiDiGraph`` for analysis and maps.

Nodes are keyed by the users' ids (actors, programmes, needs) and by
``niveau:code`` for territories (``commune:35238``, ``france``), so keys never
collide (ids cannot contain ``:``). Every node has ``kind`` (acteur,
programme, besoin, territoire) and its attributes; every edge has ``type``
(partenariat, relais, financement, membre_de, porte, accompagne, repond_a,
exprime, intervient_sur, concerne, inclus_dans) and its provenance.
A symmetric partnership is one edge, stored source -> cible as written.
"""

from __future__ import annotations

import networkx as nx

from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.territories import Territories, load_territories

__all__ = ["territory_key", "to_networkx"]


def territory_key(ref: TerritoryRef) -> str:
    """Node key of a territory: ``commune:35238``, ``france``."""
    return format_ref(ref)


def to_networkx(model: Model, territories: Territories | None = None, *,
                with_territories: bool = True) -> nx.MultiDiGraph:
    """Build the graph of a model (deterministic node and edge order)."""
    from ecosysteme.io.tables import gc_paused

    with gc_paused():
        return _to_networkx(model, territories, with_territories)


def _to_networkx(model: Model, territories: Territories | None, with_territories: bool) -> nx.MultiDiGraph:
    territories = territories or load_territories()
    g = nx.MultiDiGraph(dataset=model.dataset)
    for a in model.actors.values():
        g.add_node(a.id, kind="acteur", label=a.name, type=a.type, world=a.world, level=a.level,
                   natures=a.natures, territories=tuple(territory_key(t) for t in a.territories),
                   needs=a.needs, sdgs=a.sdgs, website=a.website, description=a.description,
                   aliases=a.aliases, provenance=str(a.provenance),
                   **{f"attribut_{name}": value for name, value in a.attributes})  # the source's own fields
    for p in model.programmes.values():
        g.add_node(p.id, kind="programme", label=p.name, themes=p.themes, axis=p.axis, level=p.level,
                   territories=tuple(territory_key(t) for t in p.territories), carriers=p.carriers,
                   needs=p.needs, description=p.description, website=p.link, provenance=str(p.provenance))
    for n in model.needs.values():
        g.add_node(n.id, kind="besoin", label=n.label, theme=n.theme, domain=n.domain,
                   territories=tuple(territory_key(t) for t in n.territories), description=n.description,
                   provenance=str(n.provenance))
    # Amounts and dates of the relations, set in the order of the rows (a later row of the same
    # link overwrites), then added after type and provenance: the order the edge data always had.
    extra: dict[tuple[str, str, str], dict[str, object]] = {}
    for r in model.relations:
        if r.amount is not None or r.start or r.end:
            data = extra.setdefault((r.source, r.target, r.type), {})
            if r.amount is not None:
                data["amount"] = float(r.amount)
            if r.start:
                data["start"] = r.start.isoformat()
            if r.end:
                data["end"] = r.end.isoformat()
    seen: set[tuple[str, str, str]] = set()
    edges = []
    for source, target, kind, prov in model.links():
        if (source, target, kind) in seen:
            continue
        seen.add((source, target, kind))
        data = {"type": kind, "provenance": str(prov)}
        more = extra.get((source, target, kind))
        if more:
            data.update(more)
        edges.append((source, target, kind, data))
    g.add_edges_from(edges)
    del edges, seen, extra
    if with_territories:
        refs: set[TerritoryRef] = set()
        g.add_edges_from([
            (node_id, ref_text, edge, {"type": edge})
            for node_id, attrs in list(g.nodes(data=True))
            for edge in ("concerne" if attrs["kind"] == "besoin" else "intervient_sur",)
            for ref_text in attrs.get("territories", ())])
        refs = set(model.territories())
        closure = set(refs)
        for ref in refs:
            closure.update(territories.ancestors(*ref))
        for ref in sorted(closure):
            t = territories.get(*ref)
            g.add_node(territory_key(ref), kind="territoire", label=t.name if t else territory_key(ref),
                       level=ref[0], code=ref[1], population=territories.population(*ref))
        for ref in sorted(closure):
            for parent in territories.parents(*ref):
                if parent in closure:
                    g.add_edge(territory_key(ref), territory_key(parent), key="inclus_dans", type="inclus_dans")
    return g
