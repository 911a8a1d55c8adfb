"""Complementarities: unlinked pairs whose needs and offers match, on a shared territory.

Two kinds of pairs are proposed, each with its reasons in plain French:

**Actor – actor.** Two actors *a*, *b* such that

- they share a territory (one territory in both upward closures: two
  national actors share France, two actors of the same EPCI share it);
- they differ by world (``monde``) or level (``échelon``);
- they are not linked (no direct link, and not co-involved, as carriers,
  relays or funders, in the same programme);
- and something matches: *a* expresses a need that a programme carried or
  relayed by *b* answers (or *b* answers it directly), they express the same
  need, or their engineering natures complement each other (each brings a
  nature the other lacks) on a territory below the national level.

**Actor – programme.** An actor expresses a need that a programme answers,
the programme reaches one of the actor's territories, and the actor is
neither its carrier, relay nor funder.

Score (explainable, additive): need-offer match 3, shared need 1,
complementary natures 1, different worlds 1, different levels 0.5, plus the
specificity of the shared territory (commune 1, EPCI 0.75, département 0.5,
region 0.25, France 0). Actor–programme pairs score 2.5 plus the specificity
of where the programme reaches the actor. All candidate generation and
scoring is done with sparse matrices.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ecosysteme.analysis._scope import FRANCE, LEVEL_RANK, Scope, as_ref
from ecosysteme.analysis._sparse import canonical_pairs, deepest_shared, incidence, lookup, row_products
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import describe, join_fr, label, quote

__all__ = ["SPECIFICITY", "Complementarity", "complementarities", "complementary_pairs", "explain_pair"]

#: Bonus of a shared territory by level: the more local, the more actionable.
SPECIFICITY = {"pays": 0.0, "region": 0.25, "departement": 0.5, "epci": 0.75, "commune": 1.0}
_NATURE_BITS = {"gestion": 1, "management_projets": 2, "catalyse": 4}


@dataclass(frozen=True)
class Complementarity:
    """A suggested link between two resources that complement each other.

    Attributes
    ----------
    rank : int
    a, b : str
        Actor id, and actor or programme id.
    kind : str
        ``"acteur-acteur"`` or ``"acteur-programme"``.
    score : float
    territory : str or None
        Key of the most local territory they share.
    needs : tuple of str
        Needs behind the match.
    reasons : tuple of str
        French sentences.
    """

    rank: int
    a: str
    b: str
    kind: str
    score: float
    territory: str | None
    territory_name: str | None
    needs: tuple[str, ...]
    reasons: tuple[str, ...]


class _Matrices:
    """Incidence matrices of actors over needs, territories, natures and programmes."""

    def __init__(self, sc: Scope) -> None:
        model = sc.model
        self.actors = list(model.actors)
        self.programmes = list(model.programmes)
        self.needs = list(model.needs)
        a_ix = {a: k for k, a in enumerate(self.actors)}
        p_ix = {p: k for k, p in enumerate(self.programmes)}
        n_ix = {n: k for k, n in enumerate(self.needs)}
        na, npg, nn = len(self.actors), len(self.programmes), len(self.needs)
        self.a_ix, self.p_ix = a_ix, p_ix

        rows, cols = [], []
        for a in model.actors.values():
            for n in a.needs:
                if n in n_ix:
                    rows.append(a_ix[a.id])
                    cols.append(n_ix[n])
        self.E = incidence(rows, cols, (na, nn))

        rows, cols = [], []
        for p, carriers in sc.carriers.items():
            for a in carriers | sc.relays[p]:
                for n in sc.answers[p]:
                    rows.append(a_ix[a])
                    cols.append(n_ix[n])
        for a, needs in sc.actor_answers.items():
            for n in needs:
                rows.append(a_ix[a])
                cols.append(n_ix[n])
        self.O = incidence(rows, cols, (na, nn))

        rows, cols = [], []
        for p, needs in sc.answers.items():
            for n in needs:
                rows.append(p_ix[p])
                cols.append(n_ix[n])
        self.P = incidence(rows, cols, (npg, nn))

        refs = sorted({r for z in sc.actor_zone.values() for r in z}
                      | {r for p in model.programmes.values() for r in p.territories}, key=Scope.sort_key)
        self.refs = refs
        t_ix = {r: k for k, r in enumerate(refs)}
        rows, cols = [], []
        for a, zone in sc.actor_zone.items():
            for r in zone:
                rows.append(a_ix[a])
                cols.append(t_ix[r])
        self.Z = incidence(rows, cols, (na, len(refs)))
        rows, cols = [], []
        for p in model.programmes.values():
            for r in p.territories:
                rows.append(p_ix[p.id])
                cols.append(t_ix[r])
        self.PT = incidence(rows, cols, (npg, len(refs)))
        self.level_of_col = np.array([LEVEL_RANK.get(r[0], -1) for r in refs], dtype=np.int64)

        rows, cols = [], []
        for s, t, _k in sc.ecosystem_links:
            if s in a_ix and t in a_ix:
                rows += [a_ix[s], a_ix[t]]
                cols += [a_ix[t], a_ix[s]]
        self.L = incidence(rows, cols, (na, na))
        rows, cols = [], []
        for p in self.programmes:
            for a in sc.carriers[p] | sc.relays[p] | sc.funders[p]:
                rows.append(a_ix[a])
                cols.append(p_ix[p])
        self.I = incidence(rows, cols, (na, npg))

        worlds = sorted({a.world for a in model.actors.values() if a.world})
        levels = sorted({a.level for a in model.actors.values() if a.level})
        self.world = np.array([worlds.index(a.world) if a.world else -1 for a in model.actors.values()], dtype=int)
        self.level = np.array([levels.index(a.level) if a.level else -1 for a in model.actors.values()], dtype=int)
        self.natures = np.array([sum(_NATURE_BITS.get(n, 0) for n in set(a.natures)) for a in model.actors.values()],
                                dtype=np.int64)

    def finest_level(self, left, right, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Deepest level rank (0 = pays … 4 = commune) of a territory shared by ``left[i]`` and ``right[j]``."""
        return deepest_shared(left, right, self.level_of_col, i, j)


_SPEC_BY_RANK = np.array([SPECIFICITY[level] for level in sorted(SPECIFICITY, key=LEVEL_RANK.get)])


def _actor_pairs(mx: _Matrices) -> dict[str, np.ndarray]:
    na = len(mx.actors)
    if na < 2:
        return {}
    M = (mx.E @ mx.O.T).tocoo()
    S = (mx.E @ mx.E.T).tocoo()
    has_nature = np.flatnonzero(mx.natures)
    zloc = mx.Z.multiply((mx.level_of_col > 0).astype(np.float64).reshape(1, -1)).tocsr()
    C = (zloc[has_nature] @ zloc[has_nature].T).tocoo()
    ci, cj = has_nature[C.row], has_nature[C.col]
    comp = ((mx.natures[ci] & ~mx.natures[cj]) != 0) & ((mx.natures[cj] & ~mx.natures[ci]) != 0)
    i, j = canonical_pairs(np.concatenate([M.row, S.row, ci[comp]]), np.concatenate([M.col, S.col, cj[comp]]), na)
    if not len(i):
        return {}
    finest = mx.finest_level(mx.Z, mx.Z, i, j)
    need_offer = (row_products(mx.E, i, j, b=mx.O) + row_products(mx.E, j, i, b=mx.O)) > 0
    shared_need = row_products(mx.E, i, j) > 0
    ni, nj = mx.natures[i], mx.natures[j]
    natures = ((ni & ~nj) != 0) & ((nj & ~ni) != 0)
    diff_world = (mx.world[i] >= 0) & (mx.world[j] >= 0) & (mx.world[i] != mx.world[j])
    diff_level = (mx.level[i] >= 0) & (mx.level[j] >= 0) & (mx.level[i] != mx.level[j])
    linked = (lookup(mx.L, i, j) > 0) | (row_products(mx.I, i, j) > 0)
    substantive = need_offer | shared_need | (natures & (finest > 0))
    keep = (finest >= 0) & (diff_world | diff_level) & ~linked & substantive
    spec = np.where(finest >= 0, _SPEC_BY_RANK[np.clip(finest, 0, None)], 0.0)
    score = 3.0 * need_offer + shared_need + natures + diff_world + 0.5 * diff_level + spec
    return {"i": i[keep], "j": j[keep], "score": score[keep], "finest": finest[keep]}


def _programme_pairs(mx: _Matrices) -> dict[str, np.ndarray]:
    if not len(mx.actors) or not len(mx.programmes):
        return {}
    EP = (mx.E @ mx.P.T).tocoo()
    i, j = EP.row.astype(np.int64), EP.col.astype(np.int64)
    if not len(i):
        return {}
    finest = mx.finest_level(mx.Z, mx.PT, i, j)
    involved = lookup(mx.I, i, j) > 0
    keep = (finest >= 0) & ~involved
    spec = np.where(finest >= 0, _SPEC_BY_RANK[np.clip(finest, 0, None)], 0.0)
    return {"i": i[keep], "j": j[keep], "score": (2.5 + spec)[keep], "finest": finest[keep]}


def _found(sc: Scope) -> list[tuple[float, str, str, str]]:
    mx = _Matrices(sc)
    found: list[tuple[float, str, str, str]] = []
    aa = _actor_pairs(mx)
    for i, j, s in zip(aa.get("i", ()), aa.get("j", ()), aa.get("score", ()), strict=True):
        found.append((float(s), mx.actors[i], mx.actors[j], "acteur-acteur"))
    ap = _programme_pairs(mx)
    for i, j, s in zip(ap.get("i", ()), ap.get("j", ()), ap.get("score", ()), strict=True):
        found.append((float(s), mx.actors[i], mx.programmes[j], "acteur-programme"))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return found


def complementary_pairs(ecosystem: Ecosystem | Model) -> list[tuple[str, str, float]]:
    """Every complementary pair ``(a, b, score)``, best first, without explanations (fast)."""
    sc = as_ecosystem(ecosystem).scope
    return [(a, b, s) for s, a, b, _k in _found(sc)]


def explain_pair(ecosystem: Ecosystem | Model, a: str, b: str) -> Complementarity | None:
    """The complementarity of one pair (either order), or None if the pair is not complementary."""
    sc = as_ecosystem(ecosystem).scope
    for score, x, y, kind in _found(sc):
        if {x, y} == {a, b}:
            return _explain(sc, x, y, kind, score)
    return None


def complementarities(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
                      top: int | None = 50) -> list[Complementarity]:
    """Ranked complementarities with their reasons.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        Keep pairs whose shared territory is this territory or lies inside it
        (for an actor–programme pair: the actor is present on it).
    top : int or None
        How many to return (None: all).

    Returns
    -------
    list of Complementarity
        Best first; ties broken by ids.
    """
    sc = as_ecosystem(ecosystem).scope
    found = _found(sc)
    root = as_ref(territory) if territory is not None else None
    out: list[Complementarity] = []
    for score, a, b, kind in found:
        if top is not None and len(out) >= top:
            break
        item = _explain(sc, a, b, kind, score)
        if root is not None:
            where = as_ref(item.territory) if item.territory else None
            if kind == "acteur-programme":
                if not sc.present(a, root):
                    continue
            elif where is None or not sc.is_within(where, root):
                continue
        out.append(replace(item, rank=len(out) + 1))
    return out


def _offer_programmes(sc: Scope, actor: str, need: str) -> list[str]:
    return [p for p in sc.model.programmes if need in sc.answers[p]
            and (actor in sc.carriers[p] or actor in sc.relays[p])]


def _explain(sc: Scope, a: str, b: str, kind: str, score: float) -> Complementarity:
    model = sc.model
    actor_a = model.actors[a]
    reasons: list[str] = []
    needs: list[str] = []
    if kind == "acteur-programme":
        prog = model.programmes[b]
        where = sc.finest_common(actor_a.territories, prog.territories)
        matched = [n for n in actor_a.needs if n in sc.answers[b]]
        needs = matched
        carriers = sorted(sc.carriers[b])
        carried = (" porté par " + join_fr(describe(model, c) for c in carriers)) if carriers else ""
        for n in matched:
            reasons.append(f"{describe(model, a)} exprime le besoin {quote(model.needs[n].label)} ; "
                           f"le programme {quote(prog.name)}{carried} y répond.")
        if where == FRANCE:
            reasons.append(f"Le programme est national : il atteint tous les territoires où intervient {actor_a.name}.")
        elif where is not None:
            reasons.append(f"Le programme atteint {sc.name(where)}, où {actor_a.name} intervient.")
        reasons.append(f"{actor_a.name} n'en est ni porteur, ni relais, ni financeur.")
        return Complementarity(0, a, b, kind, round(score, 3), format_ref(where) if where else None,
                               sc.name(where) if where else None, tuple(needs), tuple(reasons))
    actor_b = model.actors[b]
    where = sc.finest_common(actor_a.territories, actor_b.territories)
    for x, y in ((a, b), (b, a)):
        ax, _ay = model.actors[x], model.actors[y]
        for n in ax.needs:
            progs = _offer_programmes(sc, y, n)
            direct = n in sc.actor_answers.get(y, ())
            if not progs and not direct:
                continue
            needs.append(n)
            if len(needs) > 3:
                continue  # the reason is said for three needs; the others are counted below
            text = f"{describe(model, x)} exprime le besoin {quote(model.needs[n].label)} ; "
            if progs:
                reach = [p for p in progs if sc.closure(ax.territories) & set(model.programmes[p].territories)]
                p = (reach or progs)[0]
                role = "porté" if y in sc.carriers[p] else "relayé"
                text += f"le programme {quote(model.programmes[p].name)} {role} par {describe(model, y)} y répond"
                text += " et atteint son territoire." if reach else "."
            else:
                text += f"{describe(model, y)} y répond directement."
            reasons.append(text)
    if len(needs) > 3:
        reasons.append(f"… et {len(needs) - 3} autre{'s' if len(needs) > 4 else ''} besoin"
                       f"{'s' if len(needs) > 4 else ''} auxquels l'un répond pour l'autre.")
    shared = [n for n in actor_a.needs if n in actor_b.needs]
    if shared:
        needs.extend(n for n in shared if n not in needs)
        reasons.append("Tous deux expriment le besoin "
                       + join_fr(quote(model.needs[n].label) for n in shared) + " : une alliance possible.")
    na_, nb_ = set(actor_a.natures), set(actor_b.natures)
    if na_ - nb_ and nb_ - na_:
        reasons.append(f"Ingénieries complémentaires : {actor_a.name} apporte "
                       f"{join_fr(label('nature', n) for n in sorted(na_ - nb_))}, {actor_b.name} "
                       f"{join_fr(label('nature', n) for n in sorted(nb_ - na_))}.")
    if actor_a.world and actor_b.world and actor_a.world != actor_b.world:
        reasons.append(f"Mondes différents : {label('monde', actor_a.world)} et {label('monde', actor_b.world)}.")
    if actor_a.level and actor_b.level and actor_a.level != actor_b.level:
        reasons.append(f"Échelons différents : {label('echelon', actor_a.level)} et "
                       f"{label('echelon', actor_b.level)}.")
    if where is not None:
        reasons.append("Tous deux interviennent " + ("à l'échelle nationale." if where == FRANCE
                                                     else f"sur {sc.name(where)}."))
    reasons.append("Aucun lien entre eux dans l'inventaire.")
    return Complementarity(0, a, b, kind, round(score, 3), format_ref(where) if where else None,
                           sc.name(where) if where else None, tuple(dict.fromkeys(needs)), tuple(reasons))
