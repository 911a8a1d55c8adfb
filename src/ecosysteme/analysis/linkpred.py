"""Missing-link prediction learned from the ecosystem's own links.

The graph is the undirected ecosystem graph (actors and programmes; links
``partenariat``, ``relais``, ``financement``, ``membre_de``, ``porte``,
``accompagne``). Programme–programme pairs are never candidates (no link type
joins two programmes).

Features of a pair ``(u, v)``, all computed for every pair at once with sparse
matrices (row products of the adjacency matrix, never a Python loop over pairs):

- topological: common neighbours, Adamic-Adar (``sum 1/log deg(w)``),
  resource allocation (``sum 1/deg(w)``), preferential attachment
  (``log(1 + deg u · deg v)``), Jaccard, same Louvain community, the
  smaller and larger degree (log), programmes both are linked to (co-carried
  or co-relayed);
- attributes: same world / different worlds, same level / gap between levels,
  actor–programme pair, level of the most local shared territory, number of
  shared needs (expressed by an actor, answered by a programme), need–offer
  matches (a need one side expresses that a programme linked to the other
  answers, explicitly: never a shared theme).

Learning (:class:`LinkPredictor`): the observed links are split into folds;
for each fold, its links are hidden, features are computed on the rest, and
the hidden links are the positives against five times as many sampled
non-links (seeded). A standardised logistic regression is fitted on all
folds, and one per link type (actor–actor, actor–programme) when that type
has enough links.

Evaluation: :mod:`ecosysteme.analysis.linkeval` (full ranking of all
non-linked pairs, per link type, against five baselines).

Suggestions (:func:`suggest_links`): candidates are all non-linked pairs
(on large graphs: those at distance 2 plus the complementary pairs of
:mod:`ecosysteme.analysis.complementarity`), minus the actors that already
meet (:mod:`ecosysteme.analysis.presence`); at most ``per_actor`` suggestions
per actor; each carries its true reasons in French (explicit needs, shared
partners), never a shared theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ecosysteme.analysis._scope import FRANCE, LEVEL_RANK, Scope, as_ref
from ecosysteme.analysis._sparse import deepest_shared, incidence, lookup, overlap_sums, row_products
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import AnalysisError
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, quote
from ecosysteme.vocab import ECOSYSTEM_LINKS

__all__ = [
    "FEATURES",
    "LinkGraph",
    "LinkPredictor",
    "Suggestion",
    "adjacency",
    "all_candidates",
    "candidate_pairs",
    "link_graph",
    "pair_features",
    "suggest_links",
    "topological_scores",
]

#: Column names of :func:`pair_features` (French: they appear in reports).
FEATURES: tuple[str, ...] = (
    "voisins_communs", "adamic_adar", "allocation_ressources", "attachement_preferentiel_log", "jaccard",
    "meme_communaute", "meme_monde", "mondes_differents", "meme_echelon", "ecart_echelons",
    "acteur_programme", "territoire_commun", "besoins_communs", "programmes_communs", "offre_besoin",
    "degre_min_log", "degre_max_log",
)
_KIND = FEATURES.index("acteur_programme")
_LEVEL_ORDER = ("national", "regional", "departemental", "intercommunal", "local")


@dataclass(frozen=True)
class LinkGraph:
    """The ecosystem graph as arrays and sparse matrices.

    Attributes
    ----------
    nodes : tuple of str
        Actor then programme ids; row ``k`` of every matrix is ``nodes[k]``.
    is_actor : numpy.ndarray of bool
    edges : numpy.ndarray, shape (m, 2)
        Undirected links ``i < j``, sorted.
    edge_types : tuple of str
        Main type of each link (first in the order of ``ecosysteme.vocab.ECOSYSTEM_LINKS``).
    A : scipy.sparse.csr_matrix
        Symmetric 0/1 adjacency.
    world, level : numpy.ndarray of int
        World index (-1 unknown) and level rank (0 national … 4 local, -1 unknown).
    Z : scipy.sparse.csr_matrix
        Node × territory incidence of the upward closure of each node's territories.
    territory_rank : numpy.ndarray of int
        Level rank of each column of ``Z`` (0 pays … 4 commune).
    N : scipy.sparse.csr_matrix
        Node × need incidence (needs expressed by actors, answered by programmes).
    """

    nodes: tuple[str, ...]
    index: dict[str, int]
    is_actor: np.ndarray
    edges: np.ndarray
    edge_types: tuple[str, ...]
    A: sp.csr_matrix
    world: np.ndarray
    level: np.ndarray
    Z: sp.csr_matrix
    territory_rank: np.ndarray
    N: sp.csr_matrix
    labels: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.nodes)


def adjacency(n: int, edges: np.ndarray) -> sp.csr_matrix:
    """Symmetric 0/1 CSR adjacency of ``n`` nodes from undirected ``edges`` (shape (m, 2))."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    return incidence(rows, cols, (n, n))


def link_graph(ecosystem: Ecosystem | Model) -> LinkGraph:
    """Arrays of the ecosystem graph (deterministic order)."""
    e = as_ecosystem(ecosystem)
    model, sc = e.model, e.scope
    nodes = tuple(model.actors) + tuple(model.programmes)
    index = {x: k for k, x in enumerate(nodes)}
    is_actor = np.array([k < len(model.actors) for k in range(len(nodes))], dtype=bool)
    priority = {t: r for r, t in enumerate(ECOSYSTEM_LINKS)}
    main_type: dict[tuple[int, int], str] = {}
    for source, target, kind in sc.ecosystem_links:
        i, j = index[source], index[target]
        if i == j:
            continue
        key = (min(i, j), max(i, j))
        if key not in main_type or priority[kind] < priority[main_type[key]]:
            main_type[key] = kind
    keys = sorted(main_type)
    edges = np.array(keys, dtype=np.int64).reshape(-1, 2)
    worlds = sorted({a.world for a in model.actors.values() if a.world})
    world = np.array([worlds.index(model.actors[x].world) if x in model.actors and model.actors[x].world else -1
                      for x in nodes], dtype=np.int64)

    def level_rank(x: str) -> int:
        lv = model.actors[x].level if x in model.actors else model.programmes[x].level
        return _LEVEL_ORDER.index(lv) if lv in _LEVEL_ORDER else -1

    level = np.array([level_rank(x) for x in nodes], dtype=np.int64)
    zones = [sc.actor_zone[x] if x in model.actors else sc.closure(model.programmes[x].territories) for x in nodes]
    refs = sorted({r for z in zones for r in z}, key=Scope.sort_key)
    t_ix = {r: k for k, r in enumerate(refs)}
    rows = [k for k, z in enumerate(zones) for _r in z]
    cols = [t_ix[r] for z in zones for r in z]
    Z = incidence(rows, cols, (len(nodes), len(refs)))
    n_ix = {n: k for k, n in enumerate(model.needs)}
    rows, cols = [], []
    for k, x in enumerate(nodes):
        needs = model.actors[x].needs if x in model.actors else sorted(sc.answers[x])
        for nid in needs:
            if nid in n_ix:
                rows.append(k)
                cols.append(n_ix[nid])
    N = incidence(rows, cols, (len(nodes), len(n_ix)))
    labels = tuple(model.actors[x].name if x in model.actors else model.programmes[x].name for x in nodes)
    return LinkGraph(nodes, index, is_actor, edges, tuple(main_type[k] for k in keys), adjacency(len(nodes), edges),
                     world, level, Z, np.array([LEVEL_RANK.get(r[0], -1) for r in refs], dtype=np.int64), N, labels)


def _degrees(A: sp.csr_matrix) -> np.ndarray:
    return np.asarray(A.sum(axis=1)).ravel()


def topological_scores(A: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    """Common neighbours, Adamic-Adar, resource allocation, preferential attachment and Jaccard of pairs.

    The values of networkx's ``common_neighbors`` (counted),
    ``adamic_adar_index``, ``resource_allocation_index``,
    ``preferential_attachment`` and ``jaccard_coefficient`` on the undirected
    graph of ``A`` (``nx.Graph``: repeated links count once; a self-loop makes
    a node its own neighbour and counts twice in its degree; common neighbours
    never include the pair's ends), for all pairs at once: one pass of the
    compiled overlap kernel gives the three sums together.

    Parameters
    ----------
    A : scipy.sparse.csr_matrix
        Symmetric adjacency; its pattern is the graph (values are ignored).
    i, j : numpy.ndarray of int

    Returns
    -------
    dict
        ``cn``, ``aa``, ``ra``, ``pa``, ``jaccard`` arrays.
    """
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    A = sp.csr_matrix(A, copy=True)
    A.sum_duplicates()
    A.data[:] = 1.0
    size = np.diff(A.indptr).astype(np.float64)           # |N(x)|
    deg = size + A.diagonal()                             # networkx's degree: a self-loop counts twice
    with np.errstate(divide="ignore", invalid="ignore"):
        w_aa = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
        w_ra = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    (cn, aa, ra), ends = overlap_sums(A, i, j, np.vstack([np.ones_like(deg), w_aa, w_ra]), exclude_ends=True)
    pa = deg[i] * deg[j]
    union = size[i] + size[j] - (cn + ends)               # |N(u) ∪ N(v)|
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    return {"cn": cn, "aa": aa, "ra": ra, "pa": pa, "jaccard": jac}


def candidate_pairs(A: sp.csr_matrix, is_actor: np.ndarray | None = None, *,
                    max_candidates: int | None = 2_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Non-adjacent pairs at distance 2 (``i < j``), without programme–programme pairs.

    Generated from the sparse square of the adjacency. When there are more
    than ``max_candidates``, those with the most common neighbours are kept
    (ties: lowest indices).
    """
    n = A.shape[0]
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    A2 = sp.triu(A @ A, k=1).tocsr()
    A2 = A2 - A2.multiply(sp.triu(A, k=1))
    A2 = sp.csr_matrix(A2)
    A2.eliminate_zeros()
    coo = A2.tocoo()
    i, j, cn = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    if is_actor is not None:
        keep = is_actor[i] | is_actor[j]
        i, j, cn = i[keep], j[keep], cn[keep]
    order = np.lexsort((j, i))
    i, j, cn = i[order], j[order], cn[order]
    if max_candidates is not None and len(i) > max_candidates:
        top = np.sort(np.argsort(-cn, kind="stable")[:max_candidates])
        i, j = i[top], j[top]
    return i, j


def communities_of(A: sp.csr_matrix, seed: int = 0) -> np.ndarray:
    """Louvain community index of each node (seeded); isolated nodes get their own."""
    import networkx as nx

    g = nx.from_scipy_sparse_array(A)
    labels = np.arange(A.shape[0], dtype=np.int64)
    if A.nnz:
        for k, members in enumerate(sorted(nx.community.louvain_communities(g, seed=seed), key=min)):
            labels[list(members)] = A.shape[0] + k
    return labels


def pair_features(lg: LinkGraph, A: sp.csr_matrix, i: np.ndarray, j: np.ndarray,
                  communities: np.ndarray | None) -> np.ndarray:
    """Feature matrix (pairs × :data:`FEATURES`) computed on adjacency ``A``."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    topo = topological_scores(A, i, j)
    same_comm = (communities[i] == communities[j]) if communities is not None else np.zeros(len(i), dtype=bool)
    wi, wj = lg.world[i], lg.world[j]
    li, lj = lg.level[i], lg.level[j]
    known_level = (li >= 0) & (lj >= 0)
    shared_territory = deepest_shared(lg.Z, lg.Z, lg.territory_rank, i, j) + 1
    shared_needs = row_products(lg.N, i, j) if lg.N.shape[1] else np.zeros(len(i))
    programme = (~lg.is_actor).astype(np.float64)
    co_carried = row_products(A, i, j, weights=programme)
    offer = _need_offer(lg, A, i, j)
    deg = _degrees(A)
    d_lo, d_hi = np.minimum(deg[i], deg[j]), np.maximum(deg[i], deg[j])
    return np.column_stack([
        topo["cn"], topo["aa"], topo["ra"], np.log1p(topo["pa"]), topo["jaccard"], same_comm,
        (wi >= 0) & (wi == wj), (wi >= 0) & (wj >= 0) & (wi != wj),
        known_level & (li == lj), np.where(known_level, np.abs(li - lj), 0),
        lg.is_actor[i] != lg.is_actor[j], shared_territory, shared_needs, co_carried, offer,
        np.log1p(d_lo), np.log1p(d_hi),
    ]).astype(np.float64)


def _need_offer(lg: LinkGraph, A: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Needs one side expresses that a programme linked to the other side (in ``A``) answers, both ways."""
    if not lg.N.shape[1] or not len(i):
        return np.zeros(len(i))
    actor = sp.diags(lg.is_actor.astype(np.float64))
    expressed = sp.csr_matrix(actor @ lg.N)
    answered = sp.csr_matrix(lg.N - expressed)
    offered = sp.csr_matrix(A @ answered)
    offered.data[:] = 1.0
    return row_products(expressed, i, j, b=offered) + row_products(offered, i, j, b=expressed)


def _valid_non_edges(lg: LinkGraph, A_full: sp.csr_matrix, count: int, rng: np.random.Generator,
                     exclude: set[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Uniformly sampled pairs ``i < j`` that are not links of ``A_full`` nor programme–programme."""
    n = lg.n
    exclude = exclude or set()
    if n * (n - 1) // 2 <= 400_000:
        i, j = np.triu_indices(n, k=1)
        keep = (lg.is_actor[i] | lg.is_actor[j]) & (lookup(A_full, i, j) == 0)
        if exclude:
            codes = i * n + j
            keep &= ~np.isin(codes, np.fromiter(exclude, dtype=np.int64))
        i, j = i[keep], j[keep]
        if len(i) <= count:
            return i.astype(np.int64), j.astype(np.int64)
        pick = np.sort(rng.choice(len(i), size=count, replace=False))
        return i[pick].astype(np.int64), j[pick].astype(np.int64)
    chosen: dict[int, None] = {}
    attempts = 0
    while len(chosen) < count and attempts < 50:
        attempts += 1
        a = rng.integers(0, n, size=2 * count + 16)
        b = rng.integers(0, n, size=2 * count + 16)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = (lo != hi) & (lg.is_actor[lo] | lg.is_actor[hi])
        lo, hi = lo[keep], hi[keep]
        keep = lookup(A_full, lo, hi) == 0
        for code in (lo[keep] * n + hi[keep]).tolist():
            if code not in exclude and code not in chosen:
                chosen[code] = None
                if len(chosen) >= count:
                    break
    codes = np.array(sorted(chosen), dtype=np.int64)
    return codes // n, codes % n


def _remove_edges(A: sp.csr_matrix, edges: np.ndarray) -> sp.csr_matrix:
    hidden = adjacency(A.shape[0], edges)
    out = sp.csr_matrix(A - A.multiply(hidden))
    out.eliminate_zeros()
    return out


class LinkPredictor:
    """Learns which pairs become links from the graph's own links (scikit-learn style).

    Parameters
    ----------
    folds : int
        Links are hidden fold by fold to build positives.
    negative_ratio : float
        Sampled non-links per positive (5: closer to the real imbalance of the full ranking; on held-out
        seeds 100–109 of the bundled datasets it raised the model's full-ranking average precision).
    hard_fraction : float
        Share of those non-links drawn among pairs at distance 2 (the candidates of
        :func:`suggest_links`), the rest uniformly. Default 0 (uniform): at 0.5 the ROC AUC
        against uniform non-links fell on ``data/reseau`` (0.73 -> 0.68, 5 repeats) and on a
        synthetic graph of 1,000 actors (0.87 -> 0.83), and the model learnt that "distance 2"
        means "no link".
    seed : int
    community_limit : int
        Above this number of nodes the Louvain feature is left at 0 (too slow).
    per_kind : bool
        Also fit one model per link type (actor–actor, actor–programme) when that type has at least
        10 positives and 10 negatives; pairs of that type are then scored by it.

    Attributes
    ----------
    model_ : sklearn.pipeline.Pipeline
        Standardisation + logistic regression, after :meth:`fit`.
    n_positives_, n_negatives_ : int
    """

    def __init__(self, *, folds: int = 5, negative_ratio: float = 5.0, hard_fraction: float = 0.0, seed: int = 0,
                 community_limit: int = 50_000, per_kind: bool = True) -> None:
        self.per_kind = per_kind
        self.folds = folds
        self.negative_ratio = negative_ratio
        self.hard_fraction = hard_fraction
        self.seed = seed
        self.community_limit = community_limit

    @staticmethod
    def _hard_negatives(lg: LinkGraph, A_f: sp.csr_matrix, A_full: sp.csr_matrix, count: int,
                        rng: np.random.Generator, used: set[int]) -> tuple[np.ndarray, np.ndarray]:
        """Non-links at distance 2 in ``A_f``: the pairs suggestions are chosen from."""
        empty = np.zeros(0, dtype=np.int64)
        if count <= 0:
            return empty, empty
        ci, cj = candidate_pairs(A_f, lg.is_actor, max_candidates=None)
        keep = lookup(A_full, ci, cj) == 0
        if used:
            keep &= ~np.isin(ci * lg.n + cj, np.fromiter(used, dtype=np.int64))
        ci, cj = ci[keep], cj[keep]
        if len(ci) > count:
            pick = np.sort(rng.choice(len(ci), size=count, replace=False))
            ci, cj = ci[pick], cj[pick]
        return ci, cj

    def _communities(self, A: sp.csr_matrix) -> np.ndarray | None:
        return communities_of(A, self.seed) if A.shape[0] <= self.community_limit else None

    def fit(self, lg: LinkGraph, A: sp.csr_matrix | None = None, *, A_full: sp.csr_matrix | None = None
            ) -> LinkPredictor:
        """Fit on the links of ``A`` (default: the whole graph).

        ``A_full`` (default ``A``) is the graph whose links are never sampled as negatives.
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        A = lg.A if A is None else A
        A_full = A if A_full is None else A_full
        coo = sp.triu(A, k=1).tocoo()
        edges = np.column_stack([coo.row, coo.col]).astype(np.int64)
        folds = max(2, min(self.folds, len(edges)))
        if len(edges) < 2 * folds:
            raise AnalysisError(
                f"trop peu de liens pour apprendre ({len(edges)} ; il en faut au moins {2 * folds}) : "
                "ajoutez des relations (partenariats, relais, financements, porteurs de programmes)")
        rng = np.random.default_rng(self.seed)
        order = rng.permutation(len(edges))
        X_parts, y_parts = [], []
        used: set[int] = set()
        for f in range(folds):
            fold = edges[order[f::folds]]
            A_f = _remove_edges(A, fold)
            comm = self._communities(A_f)
            X_parts.append(pair_features(lg, A_f, fold[:, 0], fold[:, 1], comm))
            y_parts.append(np.ones(len(fold)))
            count = max(1, round(len(fold) * self.negative_ratio))
            hard_i, hard_j = self._hard_negatives(lg, A_f, A_full, round(count * self.hard_fraction), rng, used)
            used.update((hard_i * lg.n + hard_j).tolist())
            ni, nj = _valid_non_edges(lg, A_full, count - len(hard_i), rng, exclude=used)
            used.update((ni * lg.n + nj).tolist())
            ni, nj = np.concatenate([hard_i, ni]), np.concatenate([hard_j, nj])
            if len(ni):
                X_parts.append(pair_features(lg, A_f, ni, nj, comm))
                y_parts.append(np.zeros(len(ni)))
        X, y = np.vstack(X_parts), np.concatenate(y_parts)
        if len(set(y.tolist())) < 2:
            raise AnalysisError("aucune paire non liée à opposer aux liens : le graphe est complet")
        self.model_ = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=1.0))
        self.model_.fit(X, y)
        # One model per link type when that type has enough links of its own: what makes an actor relay a
        # programme is not what makes two actors partner.
        self.by_kind_ = {}
        if self.per_kind:
            for kind in (0.0, 1.0):
                rows = X[:, _KIND] == kind
                if y[rows].sum() >= 10 and (y[rows] == 0).sum() >= 10:
                    self.by_kind_[kind] = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=1.0))
                    self.by_kind_[kind].fit(X[rows], y[rows])
        self.n_positives_ = int(y.sum())
        self.n_negatives_ = int(len(y) - y.sum())
        return self

    def score_pairs(self, lg: LinkGraph, i: np.ndarray, j: np.ndarray, A: sp.csr_matrix | None = None,
                    communities: np.ndarray | None = None) -> np.ndarray:
        """Probability-like score of a link for each pair, with features on ``A`` (default: whole graph)."""
        if not hasattr(self, "model_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("appelez fit() avant score_pairs()")
        A = lg.A if A is None else A
        comm = communities if communities is not None else self._communities(A)
        if not len(i):
            return np.zeros(0)
        X = pair_features(lg, A, i, j, comm)
        out = self.model_.predict_proba(X)[:, 1]
        for kind, model in self.by_kind_.items():
            rows = X[:, _KIND] == kind
            if rows.any():
                out[rows] = model.predict_proba(X[rows])[:, 1]
        return out

    def coefficients(self) -> dict[str, float]:
        """Standardised logistic coefficients per feature of the model fitted on every link type."""
        return dict(zip(FEATURES, self.model_[-1].coef_[0].tolist(), strict=True))


# --- suggestions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A link to create, with its reasons.

    Attributes
    ----------
    rank : int
    a, b : str
        Ids (actor, then actor or programme).
    kind : str
        ``"acteur-acteur"`` or ``"acteur-programme"``.
    score : float
        Model score in [0, 1] (classes balanced in training: a ranking, not a calibrated probability).
    adamic_adar : float
    common_neighbours : tuple of str
    territory : str or None
        Most local shared territory.
    complementary : bool
        Also found by the complementarity analysis.
    reasons : tuple of str
        French sentences.
    """

    rank: int
    a: str
    b: str
    a_label: str
    b_label: str
    kind: str
    score: float
    adamic_adar: float
    common_neighbours: tuple[str, ...]
    territory: str | None
    territory_name: str | None
    complementary: bool
    reasons: tuple[str, ...]


def all_candidates(lg: LinkGraph, A: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Every pair ``i < j`` not linked in ``A``, programme–programme pairs excepted."""
    i, j = np.triu_indices(lg.n, k=1)
    keep = lg.is_actor[i] | lg.is_actor[j]
    i, j = i[keep].astype(np.int64), j[keep].astype(np.int64)
    keep = lookup(A, i, j) == 0
    return i[keep], j[keep]


#: Up to this many pairs, suggestions rank every non-linked pair (as the evaluation does).
FULL_RANKING_LIMIT = 2_000_000


def suggest_links(ecosystem: Ecosystem | Model, top: int = 20, *, territory: TerritoryRef | str | None = None,
                  seed: int = 0, max_candidates: int = 2_000_000, per_actor: int | None = 3) -> list[Suggestion]:
    """Rank the links to create first, with their reasons.

    Candidates are every pair not linked yet (programme–programme excepted;
    above :data:`FULL_RANKING_LIMIT` pairs, those at distance 2 and the
    complementary pairs), minus the pairs of actors that already meet (a
    relation either way, or carrying the same programme:
    :attr:`ecosysteme.analysis.presence.Presence.meeting`).

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    top : int
        Number of suggestions.
    territory : str or (str, str), optional
        Keep pairs whose actors are present on this territory and whose
        programme (if any) reaches it. The model still learns from the whole graph.
    seed : int
        Seed of negative sampling and Louvain.
    max_candidates : int
        Cap on distance-2 candidates (large graphs only).
    per_actor : int or None
        At most this many suggestions name the same actor (or programme); None: no cap.

    Returns
    -------
    list of Suggestion

    Raises
    ------
    AnalysisError
        When the graph has too few links to learn from.
    """
    from ecosysteme.analysis.complementarity import _found

    e = as_ecosystem(ecosystem)
    model, sc = e.model, e.scope
    lg = link_graph(e)
    predictor = LinkPredictor(seed=seed).fit(lg)
    found = _found(sc)
    complementary = {frozenset((a, b)) for _s, a, b, _k in found}
    if lg.n * (lg.n - 1) // 2 <= FULL_RANKING_LIMIT:
        ci, cj = all_candidates(lg, lg.A)
    else:
        ci, cj = candidate_pairs(lg.A, lg.is_actor, max_candidates=max_candidates)
        extra = [(lg.index[a], lg.index[b]) for _s, a, b, _k in found]
        if extra:
            ei = np.array([min(p) for p in extra], dtype=np.int64)
            ej = np.array([max(p) for p in extra], dtype=np.int64)
            codes = np.unique(np.concatenate([ci * lg.n + cj, ei * lg.n + ej]))
            ci, cj = codes // lg.n, codes % lg.n
    meeting = e.presence.meeting
    if meeting and len(ci):
        ends = [tuple(lg.index[x] for x in pair) for pair in meeting if all(x in lg.index for x in pair)]
        met = np.array([min(p) * lg.n + max(p) for p in ends], dtype=np.int64)
        keep = ~np.isin(ci * lg.n + cj, met)
        ci, cj = ci[keep], cj[keep]
    if territory is not None:
        root = as_ref(territory)
        ok = np.array([sc.present(x, root) if x in model.actors else sc.reaches(x, root) for x in lg.nodes],
                      dtype=bool)
        keep = ok[ci] & ok[cj]
        ci, cj = ci[keep], cj[keep]
    if not len(ci) or not top:
        return []
    comm = predictor._communities(lg.A)
    scores = predictor.score_pairs(lg, ci, cj, communities=comm)
    aa = topological_scores(lg.A, ci, cj)["aa"]
    order = np.lexsort((cj, ci, -aa, -scores))
    used = np.zeros(lg.n, dtype=np.int64)
    out = []
    for k in order.tolist():
        i, j = int(ci[k]), int(cj[k])
        if per_actor is not None and (used[i] >= per_actor or used[j] >= per_actor):
            continue
        used[i] += 1
        used[j] += 1
        if not lg.is_actor[i]:
            i, j = j, i
        a, b = lg.nodes[i], lg.nodes[j]
        out.append(_suggestion(sc, lg, len(out) + 1, a, b, float(scores[k]), float(aa[k]),
                               frozenset((a, b)) in complementary))
        if len(out) >= top:
            break
    return out


def _need_reasons(sc: Scope, lg: LinkGraph, a: str, b: str, kind: str) -> list[str]:
    """Explicit needs only: an answer (``repond_a`` or a programme's ``besoins``), or a need both express."""
    model = sc.model
    actor_a = model.actors[a]
    reasons = []
    if kind == "acteur-programme":
        matched = [n for n in actor_a.needs if n in sc.answers[b]]
        if matched:
            reasons.append(f"Le programme {quote(lg.labels[lg.index[b]])} répond au besoin "
                           + join_fr(quote(model.needs[n].label) for n in matched) + f" exprimé par {actor_a.name}.")
        return reasons
    actor_b = model.actors[b]
    for x, y in ((actor_a, actor_b), (actor_b, actor_a)):
        for n in x.needs:
            if n in sc.actor_answers.get(y.id, ()):
                reasons.append(f"{y.name} répond au besoin {quote(model.needs[n].label)} exprimé par {x.name}.")
                continue
            progs = sorted(p for p in sc.answered_by.get(n, ())
                           if y.id in sc.carriers[p] or y.id in sc.relays[p])
            if progs:
                role = "porte" if y.id in sc.carriers[progs[0]] else "relaie"
                reasons.append(f"{y.name} {role} le programme {quote(model.programmes[progs[0]].name)}, qui répond "
                               f"au besoin {quote(model.needs[n].label)} exprimé par {x.name}.")
    shared = [n for n in actor_a.needs if n in actor_b.needs]
    if shared:
        reasons.append("Tous deux expriment le besoin " + join_fr(quote(model.needs[n].label) for n in shared) + ".")
    return reasons


def _suggestion(sc: Scope, lg: LinkGraph, rank: int, a: str, b: str, score: float, aa: float,
                complementary: bool) -> Suggestion:
    """A suggestion and its true reasons: explicit needs, shared partners, the most local shared territory."""
    model = sc.model
    i, j = lg.index[a], lg.index[b]
    row_i = set(lg.A.indices[lg.A.indptr[i]:lg.A.indptr[i + 1]].tolist())
    row_j = set(lg.A.indices[lg.A.indptr[j]:lg.A.indptr[j + 1]].tolist())
    common = tuple(sorted(lg.nodes[k] for k in row_i & row_j))
    kind = "acteur-programme" if (b in model.programmes) else "acteur-acteur"
    reasons = _need_reasons(sc, lg, a, b, kind)
    partners = [lg.labels[lg.index[c]] for c in common if c in model.actors]
    if partners and kind == "acteur-programme":
        reasons.append(f"Déjà lié{'s' if len(partners) > 1 else ''} à l'acteur et au programme : "
                       f"{join_fr(partners, 4)}.")
    elif partners:
        many = len(partners) > 1
        reasons.append(f"{len(partners)} partenaire{'s' if many else ''} commun{'s' if many else ''} : "
                       f"{join_fr(partners, 4)}.")
    programmes = [quote(lg.labels[lg.index[c]]) for c in common if c not in model.actors]
    if programmes:
        reasons.append(f"Tous deux liés au{'x' if len(programmes) > 1 else ''} programme"
                       f"{'s' if len(programmes) > 1 else ''} {join_fr(programmes, 4)} (porté, relayé ou financé).")
    territories_b = model.actors[b].territories if b in model.actors else model.programmes[b].territories
    where = sc.finest_common(model.actors[a].territories, territories_b)
    if not reasons:
        reasons.append("Aucun besoin explicite ni partenaire commun : seulement le classement du modèle "
                       "(profil proche des liens existants).")
    if where is not None and where != FRANCE:
        reasons.append(f"Territoire commun : {sc.name(where)}.")
    return Suggestion(rank, a, b, lg.labels[i], lg.labels[j], kind, score, aa, common,
                      format_ref(where) if where else None, sc.name(where) if where else None,
                      complementary, tuple(dict.fromkeys(reasons)))
