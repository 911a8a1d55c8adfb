"""National-scale synthetic ecosystems on the real territories, for benchmarks.

Vectorised with numpy: 100k actors and 500k relations take a few seconds.

- Actors sit on real communes drawn in proportion to their population, at
  every échelon (most local, fewer intercommunal, départemental, régional,
  national); their territory is their commune, its EPCI, département or
  region, or ``france``.
- Relations follow a Chung-Lu model: every actor has a heavy-tailed
  (Pareto) weight, and an edge picks its ends in proportion to weights, so
  degrees are heavy-tailed. Targets are drawn with homophily: often in the
  same département, often in the same *monde*, the rest anywhere, which
  leaves a realistic share of cross-monde edges.
- Relation types are mixed by who can do what (funders fund, networks have
  members, programmes answer needs); 1 programme per 50 actors, 1 need per 20,
  needs drawn from the 16 fragility domains with each region's IMPACT weights.

Names are invented words ("Association Brivelle de Quimper"): obviously
fictional. The stream depends on the seed (and on numpy's generator, stable
within a numpy version).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import numpy as np

from ecosysteme.synth._common import DOMAINS, HEADERS, THEMES, SynthError, fragility_weights, provenance_text
from ecosysteme.synth._names import DOMAIN_NEEDS, de
from ecosysteme.territories import load_territories

__all__ = ["national_ecosystem"]

LEVELS = ("local", "intercommunal", "departemental", "regional", "national")
LEVEL_WEIGHT = np.array([1.0, 1.4, 1.8, 2.6, 4.0])
TYPES = ("association", "entreprise", "collectivite", "institution", "financeur", "reseau", "catalyseur", "recherche")
TYPE_P = (0.38, 0.25, 0.09, 0.05, 0.05, 0.08, 0.05, 0.05)
#: probability of each échelon (local … national) by type: most actors are local, networks and funders wider
_LEVEL_P = {
    "association": (0.64, 0.16, 0.11, 0.06, 0.03), "entreprise": (0.76, 0.12, 0.07, 0.04, 0.01),
    "collectivite": (0.58, 0.27, 0.1, 0.05, 0.0), "institution": (0.25, 0.15, 0.32, 0.2, 0.08),
    "financeur": (0.2, 0.15, 0.25, 0.22, 0.18), "reseau": (0.2, 0.25, 0.25, 0.18, 0.12),
    "catalyseur": (0.4, 0.35, 0.15, 0.08, 0.02), "recherche": (0.15, 0.15, 0.2, 0.35, 0.15),
}
WORLDS = ("associations", "entreprises", "collectivites", "etat", "investisseurs_societaux", "recherche")
_DEFAULT_WORLD = {"association": 0, "entreprise": 1, "collectivite": 2, "institution": 3, "financeur": 4,
                  "recherche": 5}
_FREE_WORLD_P = {"reseau": (0.5, 0.3, 0.2, 0, 0, 0), "catalyseur": (0.6, 0.15, 0.25, 0, 0, 0)}
#: probability of each nature (gestion, management_projets, catalyse) by type
_NATURE_P = {
    "association": (0.6, 0.35, 0.05), "entreprise": (0.7, 0.15, 0.0), "collectivite": (0.85, 0.35, 0.05),
    "institution": (0.85, 0.2, 0.0), "financeur": (0.8, 0.05, 0.05), "reseau": (0.4, 0.3, 0.45),
    "catalyseur": (0.1, 0.5, 0.95), "recherche": (0.1, 0.6, 0.05),
}
_PREFIXES = {
    "association": ("Association", "Collectif", "Amicale", "Atelier", "Maison", "Les Amis de", "Cercle"),
    "entreprise": ("SARL", "SAS", "SCOP", "Menuiserie", "Transports", "Imprimerie", "Boulangerie", "Conseil"),
    "collectivite": ("Service solidarités", "Pôle vie associative", "Centre social", "Direction du développement"),
    "institution": ("Mission", "Antenne", "Délégation", "Agence"),
    "financeur": ("Fondation", "Fonds de dotation", "Caisse solidaire", "Fonds"),
    "reseau": ("Réseau", "Fédération", "Union", "Collectif", "Coordination"),
    "catalyseur": ("Fabrique", "Tiers-lieu", "Labo", "Pôle territorial"),
    "recherche": ("Laboratoire", "Institut", "Chaire", "Observatoire"),
}
_ONSETS = ("b", "br", "c", "ch", "d", "f", "g", "gr", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "t", "tr", "v")
_VOWELS = ("a", "e", "i", "o", "u", "ou", "an", "on", "ai", "é")
_CODAS = ("", "", "n", "r", "l", "s", "c", "t", "lle", "ne", "tte", "ndre", "rt", "ssac", "vec")
#: edge type: share of relations
_EDGE_SHARES = {"partenariat": 0.38, "membre_de": 0.14, "financement": 0.10, "accompagne": 0.10, "relais": 0.14,
                "porte": 0.04, "repond_a": 0.10}
_THEME_LABEL = {"acces_information": "information", "continuite_activite": "continuité", "consolidation_mse":
                "consolidation", "mobilisation_competences": "compétences", "alliances_strategiques": "alliances",
                "mutualisation_moyens": "mutualisation"}


@dataclass(frozen=True)
class _Geo:
    code: np.ndarray  # commune refs "commune:01001" (object)
    name: list[str]
    weight: np.ndarray  # population (float)
    dep: np.ndarray  # index into dep_ref
    epci: np.ndarray  # index into epci_ref, -1 if none
    region: np.ndarray  # index into region_ref
    dep_ref: np.ndarray
    dep_name: list[str]
    epci_ref: np.ndarray
    epci_name: list[str]
    region_ref: np.ndarray
    region_code: list[str]
    region_name: list[str]


@functools.lru_cache(maxsize=2)
def _geography() -> _Geo:
    t = load_territories()
    communes = t.all("commune")
    deps = t.all("departement")
    epcis = t.all("epci")
    regions = t.all("region")
    dep_index = {d.code: i for i, d in enumerate(deps)}
    epci_index = {e.code: i for i, e in enumerate(epcis)}
    region_index = {r.code: i for i, r in enumerate(regions)}
    dep_of_region = {d.code: region_index[t.region_of("departement", d.code)] for d in deps}
    dep, epci, region = [], [], []
    for c in communes:
        parents = t.parents("commune", c.code)
        d = next(p[1] for p in parents if p[0] == "departement")
        e = next((p[1] for p in parents if p[0] == "epci"), None)
        dep.append(dep_index[d])
        epci.append(epci_index[e] if e else -1)
        region.append(dep_of_region[d])
    return _Geo(
        code=np.array([f"commune:{c.code}" for c in communes], dtype=object),
        name=[c.name for c in communes],
        weight=np.array([float(c.population or 0) for c in communes]),
        dep=np.array(dep), epci=np.array(epci), region=np.array(region),
        dep_ref=np.array([f"departement:{d.code}" for d in deps], dtype=object),
        dep_name=[d.name for d in deps],
        epci_ref=np.array([f"epci:{e.code}" for e in epcis], dtype=object),
        epci_name=[e.name for e in epcis],
        region_ref=np.array([f"region:{r.code}" for r in regions], dtype=object),
        region_code=[r.code for r in regions],
        region_name=[r.name for r in regions],
    )


class _Sampler:
    """Draw items in proportion to weights, globally or within a group (vectorised).

    Items are sorted by group once; a draw inside group ``g`` is a uniform
    number in ``g``'s slice of the cumulative weights, found by binary search.
    Draws in an empty (or zero-weight) group fall back to a global draw.
    """

    def __init__(self, items: np.ndarray, weights: np.ndarray, groups: np.ndarray | None = None,
                 n_groups: int = 1) -> None:
        groups = np.zeros(len(items), dtype=np.int64) if groups is None else groups.astype(np.int64)
        order = np.argsort(groups, kind="stable")
        self.items = items[order]
        self.cum = np.cumsum(weights[order].astype(np.float64))
        sorted_groups = groups[order]
        self.start = np.searchsorted(sorted_groups, np.arange(n_groups), side="left")
        self.end = np.searchsorted(sorted_groups, np.arange(n_groups), side="right")

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        u = rng.random(k) * self.cum[-1]
        return self.items[np.minimum(np.searchsorted(self.cum, u, side="right"), len(self.cum) - 1)]

    def draw_in(self, rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
        start, end = self.start[groups], self.end[groups]
        low = np.where(start > 0, self.cum[np.maximum(start - 1, 0)], 0.0)
        high = np.where(end > 0, self.cum[np.maximum(end - 1, 0)], 0.0)
        empty = (end <= start) | (high <= low)
        u = low + rng.random(len(groups)) * (high - low)
        pos = np.searchsorted(self.cum, u, side="right")
        pos = np.clip(pos, start, np.maximum(end - 1, start))
        out = self.items[np.minimum(pos, len(self.cum) - 1)]
        if empty.any():
            out[empty] = self.draw(rng, int(empty.sum()))
        return out


def _words(rng: np.random.Generator, k: int) -> list[str]:
    """Invented, pronounceable words: ``Brivelle``, ``Tonac``, ``Mouraine``."""
    o1, v1, o2, v2 = (rng.integers(0, len(x), k) for x in (_ONSETS, _VOWELS, _ONSETS, _VOWELS))
    coda = rng.integers(0, len(_CODAS), k)
    three = rng.random(k) < 0.25
    o3, v3 = rng.integers(0, len(_ONSETS), k), rng.integers(0, len(_VOWELS), k)
    return [
        (_ONSETS[a] + _VOWELS[b] + _ONSETS[c] + _VOWELS[d] + (_ONSETS[f] + _VOWELS[g] if t else "") + _CODAS[e])
        .capitalize()
        for a, b, c, d, e, t, f, g in zip(o1.tolist(), v1.tolist(), o2.tolist(), v2.tolist(), coda.tolist(),
                                          three.tolist(), o3.tolist(), v3.tolist(), strict=True)
    ]


def _fold_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _pick(rng: np.random.Generator, probabilities: tuple[float, ...], k: int) -> np.ndarray:
    p = np.asarray(probabilities, dtype=float)
    return np.minimum(np.searchsorted(np.cumsum(p / p.sum()), rng.random(k), side="right"), len(p) - 1)


def _ids(prefix: str, k: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, k + 1)]


def national_ecosystem(n_actors: int, *, seed: int = 0,
                       relations_per_actor: float = 5.0) -> dict[str, list[list[str]]]:
    """Generate a national-scale synthetic ecosystem on the real territories.

    Parameters
    ----------
    n_actors : int
        Number of actors (10 to 5,000,000).
    seed : int
        Seed of numpy's generator.
    relations_per_actor : float
        Rows of the ``relations`` table per actor (5.0: 100k actors, 500k relations).

    Returns
    -------
    dict
        ``{"territoires", "acteurs", "besoins", "programmes", "relations"}``,
        each ``[header, *rows]`` of strings in the input format.
    """
    if not 10 <= n_actors <= 5_000_000:
        raise SynthError(f"un écosystème national compte de 10 à 5 000 000 acteurs ({n_actors} demandés).")
    if relations_per_actor < 0:
        raise SynthError("le nombre de relations par acteur doit être positif.")
    rng = np.random.default_rng(seed)
    geo = _geography()
    prov = provenance_text(seed)
    n = n_actors
    width = len(str(n))

    # --- actors -----------------------------------------------------------
    commune_sampler = _Sampler(np.arange(len(geo.weight)), geo.weight)
    home = commune_sampler.draw(rng, n)
    type_ = _pick(rng, TYPE_P, n)
    level = np.empty(n, dtype=np.int64)
    world = np.empty(n, dtype=np.int64)
    for t, name in enumerate(TYPES):
        mask = type_ == t
        level[mask] = _pick(rng, _LEVEL_P[name], int(mask.sum()))
        if name in _DEFAULT_WORLD:
            world[mask] = _DEFAULT_WORLD[name]
        else:
            world[mask] = _pick(rng, _FREE_WORLD_P[name], int(mask.sum()))
    dep, region = geo.dep[home], geo.region[home]
    level[(level == 1) & (geo.epci[home] < 0)] = 0
    refs = np.empty(n, dtype=object)
    refs[level == 0] = geo.code[home[level == 0]]
    refs[level == 1] = geo.epci_ref[geo.epci[home[level == 1]]]
    refs[level == 2] = geo.dep_ref[dep[level == 2]]
    refs[level == 3] = geo.region_ref[region[level == 3]]
    refs[level == 4] = "france"
    weight = (rng.pareto(1.5, n) + 1.0) * LEVEL_WEIGHT[level]

    natures = np.empty(n, dtype=object)
    nature_names = ("gestion", "management_projets", "catalyse")
    combos = ["|".join(x for b, x in zip(((m >> 0) & 1, (m >> 1) & 1, (m >> 2) & 1), nature_names, strict=True)
                       if b) for m in range(8)]
    u = rng.random((n, 3))
    p = np.array([_NATURE_P[t] for t in TYPES])[type_]
    bits = (u < p).astype(np.int64)
    natures[:] = np.array(combos, dtype=object)[bits[:, 0] | (bits[:, 1] << 1) | (bits[:, 2] << 2)]

    actor_ids = _ids("a", n, width)
    words = _words(rng, n)
    prefix_pick = rng.integers(0, 1 << 30, n).tolist()
    names = []
    for i, (t, w, h, lv) in enumerate(zip(type_.tolist(), words, home.tolist(), level.tolist(), strict=True)):
        prefixes = _PREFIXES[TYPES[t]]
        if lv == 0:
            place = " " + de(geo.name[h])
        elif lv == 1:
            place = f" — {geo.epci_name[geo.epci[h]]}"
        elif lv == 2:
            place = f" ({geo.dep_name[geo.dep[h]]})"
        elif lv == 3:
            place = f" ({geo.region_name[geo.region[h]]})"
        else:
            place = ""
        names.append(f"{prefixes[prefix_pick[i] % len(prefixes)]} {w}{place}")
    # a few near-duplicates (another spelling of an existing actor), as in every real file
    dups = rng.choice(n, size=max(1, n // 500), replace=False)
    for j, i in enumerate(dups.tolist()):
        source = int((i + 1 + j * 7919) % n)
        names[i] = names[source].upper() if j % 2 else _fold_accents(names[source]).replace(" de ", " - ", 1)
    has_site = rng.random(n) < 0.3
    has_desc = rng.random(n) < 0.6
    sdg = rng.integers(1, 18, n)
    has_sdg = rng.random(n) < 0.2
    description = "Acteur fictif d'un écosystème national synthétique."

    # --- programmes and needs -------------------------------------------------
    n_prog = max(1, n // 50)
    n_need = max(1, n // 20)
    prog_ids = _ids("p", n_prog, len(str(n_prog)))
    need_ids = _ids("b", n_need, len(str(n_need)))
    carrier_ok = np.isin(type_, [TYPES.index(t) for t in ("association", "collectivite", "institution",
                                                            "financeur", "reseau", "catalyseur")])
    carriers_all = np.flatnonzero(carrier_ok)
    carrier_sampler = _Sampler(carriers_all, weight[carriers_all])
    prog_carrier = carrier_sampler.draw(rng, n_prog)
    prog_second = carrier_sampler.draw(rng, n_prog)
    prog_two = (rng.random(n_prog) < 0.25) & (prog_second != prog_carrier)
    prog_theme = rng.integers(0, len(THEMES), n_prog)
    prog_axis = np.where(rng.random(n_prog) < 0.4, "urgence", "relance")
    prog_words = _words(rng, n_prog)
    prog_dep = dep[prog_carrier]
    prog_weight = rng.pareto(1.5, n_prog) + 1.0

    need_home = commune_sampler.draw(rng, n_need)
    need_level = _pick(rng, (0.5, 0.3, 0.2), n_need)
    need_level[(need_level == 1) & (geo.epci[need_home] < 0)] = 0
    need_dep = geo.dep[need_home]
    need_region = geo.region[need_home]
    region_w = np.array([fragility_weights(code) for code in geo.region_code])
    cum_w = np.cumsum(region_w / region_w.sum(axis=1, keepdims=True), axis=1)
    need_domain = np.minimum((rng.random(n_need)[:, None] > cum_w[need_region]).sum(axis=1), len(DOMAINS) - 1)
    need_variant = rng.integers(0, 1 << 30, n_need)

    # --- relations ------------------------------------------------------------
    total = round(n * relations_per_actor)
    counts = {k: int(total * s) for k, s in _EDGE_SHARES.items()}
    counts["partenariat"] += total - sum(counts.values())
    n_dep, n_world = len(geo.dep_ref), len(WORLDS)
    actors = np.arange(n)
    all_sampler = _Sampler(actors, weight)
    by_dep = _Sampler(actors, weight, dep, n_dep)
    by_world = _Sampler(actors, weight, world, n_world)
    by_dep_world = _Sampler(actors, weight, dep * n_world + world, n_dep * n_world)

    def pool(type_names: tuple[str, ...], groups: np.ndarray | None = None, n_groups: int = 1) -> _Sampler:
        idx = np.flatnonzero(np.isin(type_, [TYPES.index(t) for t in type_names]))
        return _Sampler(idx, weight[idx], None if groups is None else groups[idx], n_groups)

    def homophilous(src: np.ndarray, p_dep_world: float, p_dep: float, p_world: float) -> np.ndarray:
        u = rng.random(len(src))
        out = all_sampler.draw(rng, len(src))
        m = u < p_dep_world
        out[m] = by_dep_world.draw_in(rng, dep[src[m]] * n_world + world[src[m]])
        m = (u >= p_dep_world) & (u < p_dep_world + p_dep)
        out[m] = by_dep.draw_in(rng, dep[src[m]])
        m = (u >= p_dep_world + p_dep) & (u < p_dep_world + p_dep + p_world)
        out[m] = by_world.draw_in(rng, world[src[m]])
        return out

    def local_or_any(sampler_dep: _Sampler, sampler_any: _Sampler, groups: np.ndarray, p_local: float) -> np.ndarray:
        out = sampler_any.draw(rng, len(groups))
        m = rng.random(len(groups)) < p_local
        out[m] = sampler_dep.draw_in(rng, groups[m])
        return out

    networks_dep = pool(("reseau", "catalyseur"), dep, n_dep)
    networks_any = pool(("reseau", "catalyseur"))
    funders = pool(("financeur", "institution", "collectivite"))
    funded_dep = pool(("association", "entreprise", "catalyseur", "reseau"), dep, n_dep)
    funded_any = pool(("association", "entreprise", "catalyseur", "reseau"))
    helpers = pool(("catalyseur", "reseau", "association", "recherche"))
    helped_dep = pool(("association", "entreprise"), dep, n_dep)
    helped_any = pool(("association", "entreprise"))
    answerers = pool(("association", "catalyseur", "collectivite"))
    prog_idx = np.arange(n_prog)
    progs_dep = _Sampler(prog_idx, prog_weight, prog_dep, n_dep)
    progs_any = _Sampler(prog_idx, prog_weight)
    needs_dep = _Sampler(np.arange(n_need), np.ones(n_need), need_dep, n_dep)
    needs_any = _Sampler(np.arange(n_need), np.ones(n_need))
    prog_base, need_base = n, n + n_prog

    def draw(kind: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        if kind == "partenariat":
            src = all_sampler.draw(rng, k)
            return src, homophilous(src, 0.25, 0.35, 0.15)
        if kind == "membre_de":
            src = rng.integers(0, n, k)
            return src, local_or_any(networks_dep, networks_any, dep[src], 0.6)
        if kind == "financement":
            src = funders.draw(rng, k)
            tgt = local_or_any(funded_dep, funded_any, dep[src], 0.6)
            to_prog = rng.random(k) < 0.25
            tgt[to_prog] = prog_base + local_or_any(progs_dep, progs_any, dep[src[to_prog]], 0.5)
            return src, tgt
        if kind == "accompagne":
            src = helpers.draw(rng, k)
            return src, local_or_any(helped_dep, helped_any, dep[src], 0.7)
        if kind == "relais":
            src = all_sampler.draw(rng, k)
            tgt = prog_base + local_or_any(progs_dep, progs_any, dep[src], 0.3)
            to_actor = rng.random(k) < 0.2
            tgt[to_actor] = local_or_any(networks_dep, networks_any, dep[src[to_actor]], 0.5)
            return src, tgt
        if kind == "porte":
            tgt = rng.integers(0, n_prog, k)
            return local_or_any(_Sampler(carriers_all, weight[carriers_all], dep[carriers_all], n_dep),
                                carrier_sampler, prog_dep[tgt], 0.7), prog_base + tgt
        # repond_a: programmes (60 %) and actors answer needs, mostly of their own département
        from_prog = rng.random(k) < 0.6
        src = np.where(from_prog, prog_base + rng.integers(0, n_prog, k), answerers.draw(rng, k))
        src_dep = np.where(from_prog, prog_dep[np.clip(src - prog_base, 0, n_prog - 1)], dep[np.minimum(src, n - 1)])
        return src, need_base + local_or_any(needs_dep, needs_any, src_dep, 0.7)

    sources, targets, kinds = [], [], []
    span = n + n_prog + n_need
    for t, (kind, count) in enumerate(counts.items()):
        got_s = np.empty(0, dtype=np.int64)
        got_t = np.empty(0, dtype=np.int64)
        for _attempt in range(8):
            if len(got_s) >= count:
                break
            s, g = draw(kind, int((count - len(got_s)) * 1.05) + 16)
            s, g = np.concatenate([got_s, s]), np.concatenate([got_t, g])
            keep = s != g
            s, g = s[keep], g[keep]
            lo, hi = (np.minimum(s, g), np.maximum(s, g)) if kind == "partenariat" else (s, g)
            _, first = np.unique(lo.astype(np.int64) * span + hi, return_index=True)
            first.sort()
            got_s, got_t = s[first], g[first]
        sources.append(got_s[:count])
        targets.append(got_t[:count])
        kinds.append(np.full(min(count, len(got_s)), t, dtype=np.int8))
    src = np.concatenate(sources)
    tgt = np.concatenate(targets)
    kind = np.concatenate(kinds)
    perm = rng.permutation(len(src))
    src, tgt, kind = src[perm], tgt[perm], kind[perm]

    # --- cells ------------------------------------------------------------------
    all_ids = np.array(actor_ids + prog_ids + need_ids, dtype=object)
    kind_names = np.array(list(counts), dtype=object)
    m = len(src)
    amount = np.full(m, "", dtype=object)
    start = np.full(m, "", dtype=object)
    end = np.full(m, "", dtype=object)
    fin = np.flatnonzero(kind == list(counts).index("financement"))
    scale = np.where(src[fin] < n, LEVEL_WEIGHT[level[np.minimum(src[fin], n - 1)]], 1.0) * 8000
    amounts = np.maximum(np.round(scale * rng.lognormal(0, 0.9, len(fin)) / 100) * 100, 100).astype(np.int64)
    amount[fin] = np.array([str(a) for a in amounts.tolist()], dtype=object)
    dated = np.flatnonzero((kind == list(counts).index("financement")) | (rng.random(m) < 0.15))
    days = rng.integers(0, 6 * 365, len(dated))
    first = np.datetime64("2016-01-01") + days
    start[dated] = np.array(first.astype(str).tolist(), dtype=object)
    ends = rng.random(len(dated)) < 0.6
    last = first[ends] + rng.integers(180, 3 * 365, int(ends.sum()))
    end[dated[ends]] = np.array(last.astype(str).tolist(), dtype=object)
    relations = [HEADERS["relations"]]
    relations.extend([s, t, k, a, b, e, prov] for s, t, k, a, b, e in zip(
        all_ids[src].tolist(), all_ids[tgt].tolist(), kind_names[kind].tolist(), amount.tolist(), start.tolist(),
        end.tolist(), strict=True))

    # needs expressed by actors of the same département
    expressers = local_or_any(_Sampler(actors, np.ones(n), dep, n_dep), all_sampler, np.repeat(need_dep, 2), 0.9)
    actor_needs: dict[int, list[str]] = {}
    for a, b in zip(expressers.tolist(), np.repeat(np.arange(n_need), 2).tolist(), strict=True):
        lst = actor_needs.setdefault(a, [])
        if need_ids[b] not in lst:
            lst.append(need_ids[b])

    acteurs = [HEADERS["acteurs"]]
    level_names = [LEVELS[x] for x in level.tolist()]
    for i in range(n):
        t = TYPES[type_[i]]
        acteurs.append([
            actor_ids[i], names[i], t, WORLDS[world[i]], level_names[i], natures[i], refs[i],
            "|".join(actor_needs.get(i, ())), str(sdg[i]) if has_sdg[i] else "",
            f"https://{actor_ids[i]}.example" if has_site[i] else "", description if has_desc[i] else "", "", prov,
        ])

    programmes = [HEADERS["programmes"]]
    prog_need = needs_dep.draw_in(rng, prog_dep)
    prog_has_need = rng.random(n_prog) < 0.3
    for j in range(n_prog):
        c = int(prog_carrier[j])
        porteurs = actor_ids[c] + (f"|{actor_ids[int(prog_second[j])]}" if prog_two[j] else "")
        theme = THEMES[prog_theme[j]]
        programmes.append([
            prog_ids[j], f"Programme {prog_words[j]} ({_THEME_LABEL[theme]})", porteurs, theme,
            need_ids[int(prog_need[j])] if prog_has_need[j] else "", str(prog_axis[j]), level_names[c], refs[c],
            "", "Programme fictif d'un écosystème national synthétique.", "", prov,
        ])

    besoins = [HEADERS["besoins"]]
    for j in range(n_need):
        h, lv = int(need_home[j]), int(need_level[j])
        if lv == 0:
            ref, place = geo.code[h], geo.name[h]
        elif lv == 1:
            ref, place = geo.epci_ref[geo.epci[h]], geo.epci_name[geo.epci[h]]
        else:
            ref, place = geo.dep_ref[geo.dep[h]], geo.dep_name[geo.dep[h]]
        domain = DOMAINS[need_domain[j]]
        options = DOMAIN_NEEDS[domain]
        label, theme = options[int(need_variant[j]) % len(options)]
        besoins.append([need_ids[j], f"{label} ({place})", theme, domain, ref, "", prov])

    return {"territoires": [HEADERS["territoires"], ["france", "France"]], "acteurs": acteurs, "besoins": besoins,
            "programmes": programmes, "relations": relations}
