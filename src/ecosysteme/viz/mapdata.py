"""What an ecosystem map shows, computed from the model (no HTML here).

:func:`map_data` turns a :class:`~ecosysteme.model.Model` into the JSON-ready
payload the map page draws: nodes (actors, programmes, needs) with their
category (world or kind), level, territories, need themes, importance, card
and precomputed position; edges with their type; the groups of the
aggregated view (territories or communities). It is a pure function of the
model, tested without a browser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import MapError
from ecosysteme.model import Model, Relation, TerritoryRef, format_ref
from ecosysteme.territories import LEVEL_RANK, Territories
from ecosysteme.viz.layout import aggregate_layout, grouped_layout, separate
from ecosysteme.viz.style import CATEGORIES, EDGE_STYLES, IMPORTANCE_MEASURES, category_of, level_label
from ecosysteme.vocab import NEED_LINKS, SCHEMES

__all__ = [
    "AGGREGATE_LIMIT",
    "AGGREGATIONS",
    "HIDEABLE",
    "LAYOUT_GROUP_LIMIT",
    "PHYSICS_LIMIT",
    "MapError",
    "MapOptions",
    "importance_scores",
    "map_data",
    "map_edges",
    "map_node_ids",
    "map_node_positions",
    "map_node_sizes",
    "node_groups",
    "node_sizes",
]

#: Up to this many nodes, the page would let vis-network's physics settle the drawing, then freeze it.
#: Off by default: measured on data/reseau and data/exemple-epci, vis's repulsion pushes the nodes without
#: links far away from our precomputed layout (``physics=True`` turns it on).
PHYSICS_LIMIT = 0
#: From this many nodes, the page opens on the aggregated view (one node per territory or community).
AGGREGATE_LIMIT = 8000
#: From this many nodes, the precomputed layout keeps the members of each group together.
LAYOUT_GROUP_LIMIT = 1000
#: Pixels per unit of the precomputed layout (ideal edge length about 1).
SCALE = 70.0

#: ``--agregation`` choices: key -> French label of a group.
AGGREGATIONS: dict[str, str] = {
    "auto": "automatique",
    "region": "région",
    "departement": "département",
    "epci": "EPCI",
    "communaute": "communauté (groupe d'acteurs très liés entre eux)",
    "aucune": "aucune",
}

_ACTOR_TYPE_LABELS = {
    "association": "association", "entreprise": "entreprise", "collectivite": "collectivité",
    "institution": "institution", "financeur": "financeur", "reseau": "réseau", "catalyseur": "catalyseur",
    "recherche": "recherche",
}

#: ``--masquer`` choices: fields left out of the map file itself (not only hidden in the view).
HIDEABLE: dict[str, str] = {
    "montants": "montants des relations",
    "contacts": "sites web des acteurs et programmes",
}


@dataclass(frozen=True, slots=True)
class MapOptions:
    """Choices of a map (see :func:`map_data`)."""

    title: str | None = None
    centre: str | None = None
    radius: int = 2
    importance: str = "degre"
    aggregate: str = "auto"
    physics: bool | None = None
    seed: int = 0
    #: fields left out of the file (keys of :data:`HIDEABLE`)
    hide: tuple[str, ...] = ()


def _label(scheme: str, key: str | None) -> str | None:
    if not key:
        return None
    concept = SCHEMES.get(scheme, {}).get(key)
    return concept.label_fr if concept else key


def importance_scores(n: int, src: np.ndarray, dst: np.ndarray, measure: str, *, seed: int = 0) -> np.ndarray:
    """Importance of each node of an undirected simple graph, by ``measure``.

    Parameters
    ----------
    n : int
        Number of nodes.
    src, dst : numpy.ndarray
        Edges (direction and duplicates ignored).
    measure : str
        ``degre`` (number of distinct neighbours), ``intermediarite``
        (betweenness; estimated from 300 sources past 2,000 nodes) or ``pagerank``.
    seed : int
        Seed of the betweenness estimate.

    Returns
    -------
    numpy.ndarray
        One non-negative score per node.

    Examples
    --------
    >>> import numpy as np
    >>> importance_scores(4, np.array([0, 0, 0]), np.array([1, 2, 3]), "degre").tolist()
    [3.0, 1.0, 1.0, 1.0]
    """
    if measure not in IMPORTANCE_MEASURES:
        raise MapError(f"mesure d'importance inconnue : « {measure} » ; possibles : "
                       f"{', '.join(IMPORTANCE_MEASURES)}")
    if n == 0:
        return np.zeros(0)
    keep = src != dst
    a = np.minimum(src[keep], dst[keep])
    b = np.maximum(src[keep], dst[keep])
    pairs = np.unique(a.astype(np.int64) * n + b)
    a, b = pairs // n, pairs % n
    if measure == "degre":
        return (np.bincount(a, minlength=n) + np.bincount(b, minlength=n)).astype(float)
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
    if measure == "pagerank":
        scores = nx.pagerank(g)
    else:
        k = None if n <= 2000 else 300
        scores = nx.betweenness_centrality(g, k=k, seed=seed)
    return np.array([scores[i] for i in range(n)], dtype=float)


def map_node_ids(model: Model) -> list[str]:
    """The nodes of a map, in drawing order: actors, programmes, needs (territories are not drawn)."""
    return [*model.actors, *model.programmes, *model.needs]


def map_edges(model: Model, index: dict[str, int]) -> tuple[list[int], list[int], list[int]]:
    """The edges a map draws, each (source, target, type) once, in the order of :meth:`Model.links`.

    Returns the source and target positions in ``index`` and the position of
    each edge's type in :data:`~ecosysteme.viz.style.EDGE_STYLES`; links to a
    node outside ``index`` or of a type the map does not draw are left out.
    """
    edge_type_index = {k: i for i, k in enumerate(EDGE_STYLES)}
    seen: set[tuple[str, str, str]] = set()
    es: list[int] = []
    et: list[int] = []
    ek: list[int] = []
    for source, target, kind, _prov in model.links():
        if (source, target, kind) in seen or source not in index or target not in index or kind not in EDGE_STYLES:
            continue
        seen.add((source, target, kind))
        es.append(index[source])
        et.append(index[target])
        ek.append(edge_type_index[kind])
    return es, et, ek


def node_sizes(scores: np.ndarray) -> np.ndarray:
    """Drawn size of each node from its importance: 10 to 40 pixels, by the square root of score / best score.

    Examples
    --------
    >>> import numpy as np
    >>> node_sizes(np.array([0.0, 1.0, 4.0])).tolist()
    [10.0, 25.0, 40.0]
    """
    top = float(scores.max()) if len(scores) and scores.max() > 0 else 1.0
    return 10.0 + 30.0 * np.sqrt(scores / top)


def rounded_size(size: float) -> float:
    """A node size as the map page receives it (0.1 pixel)."""
    return round(float(size), 1)


def map_node_sizes(model: Model, importance: str = "degre", *, seed: int = 0) -> dict[str, float]:
    """Size of each node of the map of ``model`` (actors, programmes, needs), as the map page draws it.

    What the GEXF export writes as each node's ``size``, so that Gephi shows the same
    picture; cheap for ``degre`` (the default of the map), no layout.
    """
    ids = map_node_ids(model)
    es, et, _ = map_edges(model, {ident: i for i, ident in enumerate(ids)})
    scores = importance_scores(len(ids), np.array(es, dtype=np.int64), np.array(et, dtype=np.int64), importance,
                               seed=seed)
    return {ident: rounded_size(v) for ident, v in zip(ids, node_sizes(scores), strict=True)}


def map_node_positions(model: Model) -> dict[str, tuple[float, float]]:
    """Position of each node of the map of ``model`` (default options), in pixels, y pointing down.

    Runs the map's whole layout (seconds for thousands of nodes).
    """
    nodes = map_data(model)["nodes"]
    return {ident: (x, y) for ident, x, y in zip(nodes["id"], nodes["x"], nodes["y"], strict=True)}


def node_groups(refs: list[TerritoryRef | None], by: str, territories: Territories) -> list[TerritoryRef | None]:
    """For each node's main territory, its group at level ``by`` (see :meth:`Territories.group_of`).

    ``None`` (no territory) stays ``None``.
    """
    return [None if ref is None else territories.group_of(ref, by) for ref in refs]


def _communities(n: int, src: np.ndarray, dst: np.ndarray, seed: int) -> np.ndarray:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    parts = nx.community.louvain_communities(g, seed=seed)
    parts = sorted(parts, key=lambda p: (-len(p), min(p)))
    out = np.zeros(n, dtype=np.int64)
    for index, members in enumerate(parts):
        out[list(members)] = index
    return out


def _fmt_terr(ref: TerritoryRef, territories: Territories) -> str:
    t = territories.get(*ref)
    if ref == ("pays", "FR"):
        return "France (national)"
    name = t.name if t else format_ref(ref)
    return f"{name} ({level_label(ref[0])} {ref[1]})"


def _join(values: Iterable[str | None]) -> str:
    return " ; ".join(v for v in values if v)


def map_data(ecosystem: Ecosystem | Model, options: MapOptions | None = None, *,
             progress: Callable[[str], None] | None = None) -> dict:
    """The payload of a map page (JSON-ready; every string is the user's, unescaped).

    Parameters
    ----------
    ecosystem : Ecosystem or Model
        A validated ecosystem (its territories are the Ecosystem's).
    options : MapOptions, optional
        Title, initial focus (``centre``, ``radius``), importance measure,
        aggregation (``auto``, ``region``, ``departement``, ``epci``,
        ``communaute``, ``aucune``), physics (``None``: on up to
        :data:`PHYSICS_LIMIT` nodes), layout seed.
    progress : callable, optional
        Called with a French description of each step.

    Returns
    -------
    dict
        ``meta``, ``categories``, ``levels``, ``themes``, ``territories``,
        ``edgeTypes``, ``groups``, ``nodes`` (columns), ``cards``, ``edges``
        (columns). Positions are in pixels.

    Raises
    ------
    MapError
        Unknown ``centre``, importance measure or aggregation.
    """
    options = options or MapOptions()
    e = as_ecosystem(ecosystem)
    model, territories = e.model, e.territories
    terr_names: dict[TerritoryRef, str] = {}

    def fmt_terr(ref: TerritoryRef) -> str:
        if ref not in terr_names:
            terr_names[ref] = _fmt_terr(ref, territories)
        return terr_names[ref]
    step = progress or (lambda _message: None)
    if options.aggregate not in AGGREGATIONS:
        raise MapError(f"agrégation inconnue : « {options.aggregate} » ; possibles : {', '.join(AGGREGATIONS)}")
    if options.radius < 0:
        raise MapError("le rayon du voisinage doit être positif ou nul")
    unknown = [h for h in options.hide if h not in HIDEABLE]
    if unknown:
        raise MapError(f"--masquer : champ inconnu « {unknown[0]} » ; possibles : {', '.join(HIDEABLE)} "
                       "(séparés par des virgules)")
    hide_amounts = "montants" in options.hide
    hide_contacts = "contacts" in options.hide

    step("nœuds et liens")
    ids = map_node_ids(model)
    index = {ident: i for i, ident in enumerate(ids)}
    if options.centre is not None and options.centre not in index:
        close = [i for i in ids if options.centre.lower() in i.lower()][:5]
        hint = f" ; identifiants proches : {', '.join(close)}" if close else ""
        raise MapError(f"--centre : aucun acteur, programme ni besoin d'identifiant « {options.centre} »{hint}")
    n = len(ids)

    # -- edges -------------------------------------------------------------
    edge_keys = list(EDGE_STYLES)
    es, et, ek = map_edges(model, index)
    src = np.array(es, dtype=np.int64)
    dst = np.array(et, dtype=np.int64)
    edge_details = _edge_details(model, ids, es, et, ek, hide_amounts=hide_amounts)

    # -- node attributes ---------------------------------------------------
    kinds: list[str] = []
    labels: list[str] = []
    cats: list[int] = []
    node_levels: list[str | None] = []
    own_terr: list[tuple[TerritoryRef, ...]] = []
    own_themes: list[set[str]] = []
    cards: list[list[list[str]]] = []
    sites: list[str | None] = []
    for a in model.actors.values():
        kinds.append("acteur")
        labels.append(a.name)
        cats.append(category_of("acteur", a.world))
        node_levels.append(a.level)
        own_terr.append(a.territories)
        own_themes.append(set())
        sites.append(a.website)
        cards.append([
            ["Type", _ACTOR_TYPE_LABELS.get(a.type, a.type)],
            ["Monde", _label("monde", a.world) or "non renseigné"],
            ["Échelon", _label("echelon", a.level) or "non renseigné"],
            ["Natures d'ingénierie", _join(_label("nature", k) for k in a.natures)],
            ["Territoires", _join(fmt_terr(t) for t in a.territories)],
            ["Besoins exprimés", _join(model.needs[b].label if b in model.needs else b for b in a.needs)],
            ["ODD", _join(_label("odd", k) for k in a.sdgs)],
            ["Autres noms", _join(a.aliases)],
            ["Description", a.description or ""],
            ["Identifiant", a.id],
            ["Provenance", str(a.provenance)],
        ])
    for p in model.programmes.values():
        kinds.append("programme")
        labels.append(p.name)
        cats.append(category_of("programme", None))
        node_levels.append(p.level)
        own_terr.append(p.territories)
        own_themes.append(set(p.themes))
        sites.append(p.link)
        cards.append([
            ["Type", "programme ou action"],
            ["Axe", _label("axe", p.axis) or ""],
            ["Thèmes de besoins", _join(_label("theme", k) for k in p.themes)],
            ["Échelon", _label("echelon", p.level) or "non renseigné"],
            ["Territoires couverts", _join(fmt_terr(t) for t in p.territories)],
            ["Sous-rubrique", p.subsection or ""],
            ["Description", p.description or ""],
            ["Identifiant", p.id],
            ["Provenance", str(p.provenance)],
        ])
    for b in model.needs.values():
        kinds.append("besoin")
        labels.append(b.label)
        cats.append(category_of("besoin", None))
        node_levels.append(None)
        own_terr.append(b.territories)
        own_themes.append({b.theme} if b.theme else set())
        sites.append(None)
        cards.append([
            ["Type", "besoin"],
            ["Thème", _label("theme", b.theme) or ""],
            ["Domaine de fragilité", _label("domaine", b.domain) or ""],
            ["Territoires", _join(fmt_terr(t) for t in b.territories)],
            ["Description", b.description or ""],
            ["Identifiant", b.id],
            ["Provenance", str(b.provenance)],
        ])
    cards = [[field for field in card if field[1]] for card in cards]

    # a node takes the themes of the needs it expresses or answers
    need_theme = {i: own_themes[i] for i in range(n) if kinds[i] == "besoin"}
    for s, t, k in zip(es, et, ek, strict=True):
        if edge_keys[k] in NEED_LINKS and t in need_theme:
            own_themes[s] |= need_theme[t]

    # -- territories: own ones and every ancestor (for the territory filter) ----
    step("territoires")
    closure: set[TerritoryRef] = set()
    ancestors_cache: dict[TerritoryRef, set[TerritoryRef]] = {}
    for refs in own_terr:
        for ref in refs:
            if ref not in ancestors_cache:
                ancestors_cache[ref] = set(territories.ancestors(*ref)) if ref in territories else set()
            closure.add(ref)
            closure |= ancestors_cache[ref]

    def terr_sort(ref: TerritoryRef) -> tuple:
        t = territories.get(*ref)
        return (LEVEL_RANK[ref[0]], t.name if t else ref[1], ref[1])

    terr_list = sorted(closure, key=terr_sort)
    terr_index = {ref: i for i, ref in enumerate(terr_list)}
    terr_json = []
    for ref in terr_list:
        if ref not in ancestors_cache:
            ancestors_cache[ref] = set(territories.ancestors(*ref)) if ref in territories else set()
        t = territories.get(*ref)
        terr_json.append({"key": format_ref(ref), "name": t.name if t else format_ref(ref), "level": ref[0],
                          "levelLabel": level_label(ref[0]), "code": ref[1],
                          "anc": sorted(terr_index[a] for a in ancestors_cache[ref] if a in terr_index)})
    node_terr = [sorted(terr_index[r] for r in refs) for refs in own_terr]
    node_within = [sorted({terr_index[r] for r in refs} | {terr_index[a] for r in refs
                                                           for a in ancestors_cache[r] if a in terr_index})
                   for refs in own_terr]

    theme_keys = [k for k in SCHEMES["theme"]]
    theme_index = {k: i for i, k in enumerate(theme_keys)}
    node_themes = [sorted(theme_index[t] for t in ths if t in theme_index) for ths in own_themes]
    level_keys = ["national", "regional", "departemental", "intercommunal", "local", ""]
    level_index = {k: i for i, k in enumerate(level_keys)}

    # -- importance --------------------------------------------------------
    step(f"importance ({options.importance})")
    scores = importance_scores(n, src, dst, options.importance, seed=options.seed)
    sizes = node_sizes(scores)

    # -- groups (aggregated view, and layout of large maps) -----------------
    by = options.aggregate
    if by == "auto":
        by = _auto_grouping(own_terr) if n >= LAYOUT_GROUP_LIMIT else "aucune"
    group_keys: list[str] = []
    group_labels: list[str] = []
    if by == "aucune":
        groups = np.zeros(n, dtype=np.int64)
    elif by == "communaute":
        step("communautés")
        groups = _communities(n, src, dst, options.seed)
        sizes_by_group = np.bincount(groups)
        for g in range(int(groups.max()) + 1 if n else 0):
            group_keys.append(f"communaute:{g + 1}")
            group_labels.append(f"Communauté {g + 1} ({sizes_by_group[g]} nœuds)")
    else:
        main = [refs[0] if refs else None for refs in own_terr]
        grouped = node_groups(main, by, territories)
        order: dict[TerritoryRef | None, int] = {}
        for ref in sorted({r for r in grouped if r is not None}, key=terr_sort):
            order[ref] = len(order)
        if None in grouped:
            order[None] = len(order)
        groups = np.array([order[r] for r in grouped], dtype=np.int64)
        for ref in order:
            if ref is None:
                group_keys.append("sans-territoire")
                group_labels.append("Sans territoire renseigné")
            else:
                group_keys.append(format_ref(ref))
                label = _fmt_terr(ref, territories)
                if LEVEL_RANK[ref[0]] < LEVEL_RANK[by]:
                    label += f" — échelon plus large que le {level_label(by)}"
                group_labels.append(label)

    # -- layout ------------------------------------------------------------
    step("disposition")
    use_groups = groups if (by != "aucune" and n >= LAYOUT_GROUP_LIMIT) else None
    pos, centres = grouped_layout(n, src, dst, use_groups, seed=options.seed)
    pos = separate(pos * SCALE, sizes + 6.0)
    centres = centres * SCALE
    if by == "aucune":
        group_json: list[dict] = []
        groups_out: list[int] = []
    else:
        if use_groups is None:  # small map grouped on request: centres from the ungrouped layout
            g_count = int(groups.max()) + 1 if n else 0
            centres = np.zeros((g_count, 2))
            np.add.at(centres, groups, pos)
            centres /= np.maximum(np.bincount(groups, minlength=g_count), 1)[:, None]
        counts_by_group = np.bincount(groups, minlength=len(group_keys))
        # same formula as groupSize() in _map.js
        agg = aggregate_layout(12.0 + 4.0 * np.sqrt(counts_by_group), src, dst, groups, seed=options.seed)
        group_json = [{"key": k, "label": lab, "x": round(float(c[0]), 1), "y": round(float(c[1]), 1),
                       "cx": round(float(m[0]), 1), "cy": round(float(m[1]), 1)}
                      for k, lab, c, m in zip(group_keys, group_labels, agg, centres, strict=True)]
        groups_out = groups.tolist()

    physics = options.physics if options.physics is not None else n < PHYSICS_LIMIT
    aggregate_default = by != "aucune" and (options.aggregate != "auto" or n >= AGGREGATE_LIMIT)
    counts = Counter(kinds)
    meta = {
        "title": options.title or model.info.title or f"Écosystème « {model.dataset} »",
        "dataset": model.dataset,
        "counts": {"acteurs": counts["acteur"], "programmes": counts["programme"], "besoins": counts["besoin"],
                   "liens": len(es)},
        "importance": options.importance,
        "importanceLabel": IMPORTANCE_MEASURES[options.importance],
        "physics": bool(physics),
        "aggregateBy": None if by == "aucune" else by,
        "aggregateLabel": None if by == "aucune" else AGGREGATIONS[by],
        "aggregateDefault": bool(aggregate_default),
        "centre": options.centre,
        "radius": int(options.radius),
        "fictional": bool(model.info.fictional),
        "hidden": [h for h in HIDEABLE if h in options.hide],
    }
    if hide_contacts:
        sites = [None] * len(sites)
    return {
        "meta": meta,
        "categories": [{"key": c.key, "label": c.label, "color": c.color, "border": c.border, "shape": c.shape}
                       for c in CATEGORIES],
        "levels": [{"key": k, "label": _label("echelon", k) or "échelon non renseigné"} for k in level_keys],
        "themes": [{"key": k, "label": _label("theme", k)} for k in theme_keys],
        "territories": terr_json,
        "edgeTypes": [{"key": s.key, "label": s.label, "color": s.color,
                       "dashes": list(s.dashes) if s.dashes else False, "arrows": s.arrows, "width": s.width,
                       "inverse": s.inverse}
                      for s in EDGE_STYLES.values()],
        "groups": group_json,
        "nodes": {
            "id": ids,
            "label": labels,
            "kind": kinds,
            "cat": cats,
            "level": [level_index.get(lv or "", level_index[""]) for lv in node_levels],
            "terr": node_terr,
            "within": node_within,
            "themes": node_themes,
            "x": [round(float(v), 1) for v in pos[:, 0]] if n else [],
            "y": [round(float(v), 1) for v in pos[:, 1]] if n else [],
            "size": [rounded_size(v) for v in sizes],
            "score": [float(f"{v:.4g}") for v in scores],
            "group": groups_out,
            "site": [s if s and s.lower().startswith(("http://", "https://")) else None for s in sites],
        },
        "cards": cards,
        "provenances": edge_details.pop("provenances"),
        "edges": {"s": es, "t": et, "type": ek, **edge_details},
    }


def _edge_details(model: Model, ids: list[str], es: list[int], et: list[int], ek: list[int], *,
                  hide_amounts: bool) -> dict:
    """Amount, dates and provenance of each edge of :func:`map_edges` (first relation of each key).

    Provenances are written once each (``provenances``) and referenced by position (``prov``).
    """
    edge_keys = list(EDGE_STYLES)
    relations: dict[tuple[str, str, str], Relation] = {}
    for r in model.relations:
        relations.setdefault((r.source, r.target, r.type), r)
    provs: dict[tuple[str, str, str], str] = {}
    for source, target, kind, prov in model.links():
        provs.setdefault((source, target, kind), str(prov))
    prov_index: dict[str, int] = {}
    amount: list[float | None] = []
    start: list[str | None] = []
    end: list[str | None] = []
    prov: list[int] = []
    for s, t, k in zip(es, et, ek, strict=True):
        key = (ids[s], ids[t], edge_keys[k])
        r = relations.get(key)
        amount.append(None if r is None or r.amount is None or hide_amounts else float(r.amount))
        # isoformat: a day, or « 2021-03 » / « 2021 » for a date known to the month or year (str() gives a repr)
        start.append(r.start.isoformat() if r is not None and r.start is not None else None)
        end.append(r.end.isoformat() if r is not None and r.end is not None else None)
        prov.append(prov_index.setdefault(provs.get(key, ""), len(prov_index)))
    out: dict = {"provenances": list(prov_index), "prov": prov}
    if any(v is not None for v in amount):
        out["amount"] = amount
    if any(v is not None for v in start):
        out["start"] = start
    if any(v is not None for v in end):
        out["end"] = end
    return out


def _auto_grouping(own_terr: list[tuple[TerritoryRef, ...]]) -> str:
    """Group by département when most nodes are placed at that level or finer, else by community."""
    fine = sum(1 for refs in own_terr if refs and LEVEL_RANK[refs[0][0]] >= LEVEL_RANK["departement"])
    return "departement" if fine >= 0.5 * max(len(own_terr), 1) else "communaute"
