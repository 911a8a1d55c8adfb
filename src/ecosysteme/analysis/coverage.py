"""Coverage: territory × need theme × programmes that reach it, and the uncovered cells (gaps).

A programme reaches a territory *T* if it intervenes on *T* or on one of its
ancestors in the real INSEE hierarchy (a national programme reaches every
territory, a regional one its départements, EPCI and communes …). A need is
uncovered on *T* when it concerns *T* and no programme reaching *T* answers
it (``repond_a`` or same theme): exactly Q1 of ``docs/questions.md``.

Gaps are ranked by the fragility of *T*'s region on the need's domain (IMPACT
method, :mod:`ecosysteme.analysis.impact`; the region's mean over domains
when the need has no domain), then by *T*'s population. Each gap carries its
evidence: the need, the territory, the programmes answering it elsewhere
(nearest first) and the actors who could close it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ecosysteme.analysis._scope import FRANCE, LEVEL_RANK, Scope, as_ref
from ecosysteme.analysis.impact import RegionalFragility
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, label, name_of, number_fr, quote
from ecosysteme.vocab import SCHEMES

__all__ = ["Coverage", "CoverageCell", "CoverageGap", "coverage", "territory_priority"]


@dataclass(frozen=True)
class CoverageCell:
    """One cell of the territory × theme matrix.

    Attributes
    ----------
    territory : str
        Territory key.
    theme : str
        Theme key.
    programmes : tuple of str
        Programmes reaching the territory that answer this theme (by theme or by a need of that theme).
    needs : tuple of str
        Needs of this theme concerning the territory.
    uncovered : tuple of str
        Those of ``needs`` that no reaching programme answers.
    """

    territory: str
    theme: str
    programmes: tuple[str, ...]
    needs: tuple[str, ...]
    uncovered: tuple[str, ...]


@dataclass(frozen=True)
class CoverageGap:
    """An uncovered need on a territory, with its evidence.

    Attributes
    ----------
    rank : int
        1 = most urgent.
    need, territory : str
        Need id and territory key (together: one row of Q1).
    fragility : float or None
        0-10 IMPACT score used for ranking (None when unknown, e.g. France).
    fragility_basis : str
        What the score is, in French.
    population : int or None
    nearby : tuple of (str, str)
        ``(programme id, territory key or "")`` of programmes answering the need elsewhere, nearest first.
    closers : tuple of (str, str)
        ``(actor id, French reason)`` of actors who could close the gap.
    evidence : tuple of str
        French sentences.
    """

    rank: int
    need: str
    territory: str
    territory_name: str
    theme: str | None
    domain: str | None
    fragility: float | None
    fragility_basis: str
    population: int | None
    nearby: tuple[tuple[str, str], ...]
    closers: tuple[tuple[str, str], ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """Result of :func:`coverage`."""

    territories: tuple[str, ...]
    themes: tuple[str, ...]
    cells: dict[tuple[str, str], CoverageCell]
    gaps: tuple[CoverageGap, ...]
    fragility: RegionalFragility = field(repr=False)

    def to_frame(self):
        """The gaps as a pandas DataFrame, one row per uncovered (need, territory)."""
        from ecosysteme.analysis._frame import to_frame

        return to_frame(self.gaps)

    def uncovered_pairs(self) -> list[tuple[str, str]]:
        """The ``(need, territory)`` pairs of the gaps, sorted (= Q1 over the analysed territories)."""
        return sorted((g.need, g.territory) for g in self.gaps)


def territory_priority(sc: Scope, fragility: RegionalFragility, ref: TerritoryRef, domain: str | None,
                       why_mean: str = "") -> tuple[float | None, str]:
    """Fragility score of a territory on a domain (mean over domains when None) and its French explanation."""
    region = sc.region_of(ref)
    if region is None:
        return None, "fragilité inconnue (échelon national : pas de région)"
    region_name = sc.name(("region", region))
    if region not in fragility.scores:
        return None, f"fragilité inconnue (aucun indice IMPACT pour la région {region_name})"
    if domain:
        score = fragility.score(region, domain)
        if score is None:
            return None, (f"fragilité inconnue sur le domaine {quote(label('domaine', domain))} "
                          f"(aucun indice de sens connu)")
        return score, (f"fragilité {number_fr(score)}/10 de la région {region_name} sur le domaine "
                       f"{quote(label('domaine', domain))} (indices IMPACT, 10 = région la plus critique)")
    score = fragility.score(region, None)
    if score is None:
        return None, f"fragilité inconnue (aucun indice IMPACT pour la région {region_name})"
    return score, (f"fragilité moyenne {number_fr(score)}/10 de la région {region_name} sur ses domaines"
                   + (f" ({why_mean})" if why_mean else ""))


def _rank_key(fragility: float | None, population: int | None) -> tuple[float, int]:
    return (-(fragility if fragility is not None else -1.0), -(population or 0))


def coverage(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *, max_nearby: int = 5,
             max_closers: int = 6) -> Coverage:
    """Coverage matrix and ranked gaps over the analysed territories.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        Restrict to this territory and the territories of the model inside it.
    max_nearby, max_closers : int
        How many programmes and actors to give as evidence per gap.

    Returns
    -------
    Coverage
    """
    e = as_ecosystem(ecosystem)
    model, sc, fragility = e.model, e.scope, e.fragility
    targets = sc.analysed(as_ref(territory) if territory is not None else None)
    themes = list(SCHEMES["theme"])
    themes += sorted({n.theme for n in model.needs.values() if n.theme and n.theme not in themes})
    cells: dict[tuple[str, str], CoverageCell] = {}
    raw_gaps: list[tuple[tuple, CoverageGap]] = []
    for ref in targets:
        key = format_ref(ref)
        reaching = sc.programmes_reaching(ref)
        reaching_set = set(reaching)
        concerning = sc.needs_concerning(ref)
        uncovered = [n for n in concerning if not (sc.answered_by[n] & reaching_set)]
        for theme in themes:
            progs = tuple(p for p in reaching if theme in model.programmes[p].themes
                          or any(model.needs[n].theme == theme for n in sc.answers[p]))
            needs = tuple(n for n in concerning if model.needs[n].theme == theme)
            cells[(key, theme)] = CoverageCell(key, theme, progs, needs, tuple(n for n in needs if n in uncovered))
        for nid in uncovered:
            need = model.needs[nid]
            score, basis = territory_priority(sc, fragility, ref, need.domain, "le besoin n'a pas de domaine")
            population = sc.population(ref)
            nearby = _nearby(sc, nid, ref)[:max_nearby]
            closers = _closers(sc, nid, ref, nearby)[:max_closers]
            evidence = _evidence(sc, nid, ref, reaching, nearby, basis)
            gap = CoverageGap(0, nid, key, sc.name(ref), need.theme, need.domain, score, basis, population,
                              tuple(nearby), tuple(closers), tuple(evidence))
            raw_gaps.append(((*_rank_key(score, population), key, nid), gap))
    raw_gaps.sort(key=lambda item: item[0])
    gaps = tuple(replace(g, rank=i + 1) for i, (_k, g) in enumerate(raw_gaps))
    return Coverage(tuple(format_ref(r) for r in targets), tuple(themes), cells, gaps, fragility)


def _nearby(sc: Scope, need: str, ref: TerritoryRef) -> list[tuple[str, str]]:
    """Programmes answering ``need`` that do not reach ``ref``, nearest first."""
    up = sc.up(ref)
    scored = []
    for pid in sc.answered_by[need]:
        prog = sc.model.programmes[pid]
        if any(t in up for t in prog.territories):
            continue
        best: tuple[int, str] = (-1, "")
        for t in prog.territories:
            common = sc.up(t) & up
            depth = max((LEVEL_RANK.get(c[0], -1) for c in common), default=-1)
            if depth > best[0] or (depth == best[0] and format_ref(t) < best[1]):
                best = (depth, format_ref(t))
        scored.append((-best[0], pid, best[1]))
    scored.sort()
    return [(pid, where) for _d, pid, where in scored]


def _closers(sc: Scope, need: str, ref: TerritoryRef, nearby: list[tuple[str, str]]) -> list[tuple[str, str]]:
    model = sc.model
    where = sc.name(ref)
    out: dict[str, str] = {}
    for pid, at in nearby:
        for aid in sorted(sc.carriers[pid] | sc.relays[pid]):
            if aid not in out:
                role = "porte" if aid in sc.carriers[pid] else "relaie"
                place = f" sur {sc.name(as_ref(at))}" if at else ""
                out[aid] = (f"{role} {quote(model.programmes[pid].name)}, qui répond à ce besoin{place} : "
                            f"pourrait l'étendre à {where}")
    theme = model.needs[need].theme
    present = sc.actors_present(ref)
    if theme:
        for aid in present:
            if aid in out:
                continue
            involved = [p for p in model.programmes if theme in model.programmes[p].themes
                        and (aid in sc.carriers[p] or aid in sc.relays[p])]
            if involved:
                out[aid] = (f"présent sur {where}, déjà engagé sur le thème {quote(label('theme', theme))} "
                            f"({quote(model.programmes[involved[0]].name)})")
    for aid in present:
        actor = model.actors[aid]
        if aid not in out and ("catalyse" in actor.natures or actor.type == "catalyseur"):
            out[aid] = f"catalyseur présent sur {where} : peut faire venir un programme"
    return list(out.items())


def _evidence(sc: Scope, need: str, ref: TerritoryRef, reaching: list[str], nearby: list[tuple[str, str]],
              basis: str) -> list[str]:
    model = sc.model
    n = model.needs[need]
    where = sc.name(ref)
    bits = []
    if n.theme:
        bits.append(f"thème {quote(label('theme', n.theme))}")
    if n.domain:
        bits.append(f"domaine {quote(label('domaine', n.domain))}")
    origin = join_fr(sc.name(t) for t in sc.need_refs[need])
    text = f"Le besoin {quote(n.label)}"
    if bits:
        text += f" ({', '.join(bits)})"
    text += f" concerne {where}" + (f" (exprimé pour {origin})" if ref not in sc.need_refs[need] else "") + "."
    out = [text]
    expressers = [model.actors[a].name for a in sc.actors_present(ref) if need in model.actors[a].needs]
    if expressers:
        out.append(f"Exprimé sur place par {join_fr(expressers, 5)}.")
    count = len(reaching)
    if count > 1:
        out.append(f"Aucun des {count} programmes qui atteignent {where} n'y répond.")
    elif count:
        out.append(f"Le seul programme qui atteint {where} n'y répond pas.")
    else:
        out.append(f"Aucun programme de l'inventaire n'atteint {where}.")
    if nearby:
        listed = [quote(name_of(model, p)) + (f" ({sc.name(as_ref(at))})" if at else " (sans territoire)")
                  for p, at in nearby]
        out.append(f"Y répond{'ent' if len(nearby) > 1 else ''} ailleurs : {join_fr(listed)}.")
    else:
        out.append("Aucun programme de l'inventaire n'y répond, nulle part.")
    out.append(f"Priorité : {basis}.")
    if ref != FRANCE and sc.population(ref):
        out.append(f"Population : {sc.population(ref):,} habitants.".replace(",", "\u202f"))
    return out
