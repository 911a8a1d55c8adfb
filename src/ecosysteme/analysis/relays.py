"""Relay gaps, the "dernier kilomètre": programmes that reach a territory where their need exists, with no relay there.

For a territory *T*, a relay gap is a programme that reaches *T*, answers a
need concerning *T*, and that no actor present on *T* relays (``relais``) or
carries (``porte``): Q2 of ``docs/questions.md``. Each gap lists the actors
present on *T* who could become its relay (catalysts and "têtes de pont",
networks and their members, actors already relaying other programmes), and
is ranked by the fragility of *T* on the needs' domains, then population.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecosysteme.analysis._scope import Scope, as_ref
from ecosysteme.analysis.coverage import territory_priority
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, quote

__all__ = ["RelayGap", "relay_gaps"]


@dataclass(frozen=True)
class RelayGap:
    """A programme without relay on a territory.

    Attributes
    ----------
    rank : int
    territory, programme : str
        Territory key and programme id (together: one row of Q2).
    needs : tuple of str
        Needs concerning the territory that the programme answers.
    carriers : tuple of str
        Who carries the programme (none of them present on the territory).
    candidates : tuple of (str, str)
        ``(actor id, French reason)``: actors present on the territory who could relay it, the
        ``max_candidates`` best.
    all_candidates : tuple of str
        Ids of every actor present who could relay it, best first (``candidates`` is its head).
    priority : float or None
        0-10 fragility used for ranking.
    """

    rank: int
    territory: str
    territory_name: str
    programme: str
    needs: tuple[str, ...]
    carriers: tuple[str, ...]
    candidates: tuple[tuple[str, str], ...]
    priority: float | None
    priority_basis: str
    population: int | None
    evidence: tuple[str, ...]
    all_candidates: tuple[str, ...]


def _relay_candidates(sc: Scope, ref: TerritoryRef, needs: set[str], members: set[str],
                      relaying: set[str]) -> list[tuple[str, str, int]]:
    model = sc.model
    out = []
    for aid in sc.actors_present(ref):
        actor = model.actors[aid]
        reasons, score = [], 0
        if "catalyse" in actor.natures or actor.type == "catalyseur":
            reasons.append("catalyseur territorial")
            score += 3
        if actor.type == "reseau":
            reasons.append("tête de réseau")
            score += 2
        elif aid in members:
            reasons.append("membre d'un réseau")
            score += 1
        if aid in relaying:
            reasons.append("relaie déjà d'autres programmes")
            score += 1
        if score == 0:
            continue
        expressed = needs & set(actor.needs)
        if expressed:
            reasons.append("exprime le besoin " + join_fr(quote(model.needs[n].label) for n in sorted(expressed)))
        out.append((aid, ", ".join(reasons), score))
    out.sort(key=lambda item: (-item[2], item[0]))
    return out


def relay_gaps(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
               max_candidates: int = 5) -> list[RelayGap]:
    """Every relay gap on the analysed territories, most urgent first.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        Restrict to this territory and the model's territories inside it.
    max_candidates : int
        How many possible relays to list per gap.

    Returns
    -------
    list of RelayGap
    """
    e = as_ecosystem(ecosystem)
    model, sc, fragility = e.model, e.scope, e.fragility
    members = {s for s, _t, k in sc.ecosystem_links if k == "membre_de"}
    relaying = {a for rel in sc.relays.values() for a in rel}
    rows = []
    for ref in sc.analysed(as_ref(territory) if territory is not None else None):
        key, where = format_ref(ref), sc.name(ref)
        concerning = set(sc.needs_concerning(ref))
        present = set(sc.actors_present(ref))
        population = sc.population(ref)
        candidates_cache: dict[frozenset[str], list[tuple[str, str, int]]] = {}
        for pid in sc.programmes_reaching(ref):
            needs = sc.answers[pid] & concerning
            if not needs or (sc.relays[pid] | sc.carriers[pid]) & present:
                continue
            domains = sorted({model.needs[n].domain for n in needs if model.needs[n].domain})
            scored = [territory_priority(sc, fragility, ref, d) for d in domains] or [
                territory_priority(sc, fragility, ref, None, "les besoins n'ont pas de domaine")]
            score, basis = max(scored, key=lambda s: -1.0 if s[0] is None else s[0])
            frozen = frozenset(needs)
            if frozen not in candidates_cache:
                candidates_cache[frozen] = _relay_candidates(sc, ref, set(needs), members, relaying)
            cands = tuple((a, r) for a, r, _s in candidates_cache[frozen][:max_candidates])
            prog = model.programmes[pid]
            carriers = tuple(sorted(sc.carriers[pid]))
            need_names = join_fr((quote(model.needs[n].label) for n in sorted(needs)), 3)
            evidence = [f"{quote(prog.name)} atteint {where} et répond à {need_names}, qui y "
                        f"{'sont exprimés' if len(needs) > 1 else 'est exprimé'}."]
            if carriers:
                evidence.append("Porté par " + join_fr((model.actors[a].name for a in carriers), 4)
                                + f", absent{'s' if len(carriers) > 1 else ''} de {where}.")
            else:
                evidence.append("Aucun porteur renseigné.")
            if len(present) > 1:
                evidence.append(f"Aucun des {len(present)} acteurs présents sur {where} ne le relaie ni ne le porte.")
            elif present:
                evidence.append(f"Le seul acteur présent sur {where} ne le relaie ni ne le porte.")
            else:
                evidence.append(f"Aucun acteur de l'écosystème n'est présent sur {where}.")
            if cands:
                evidence.append("Relais possibles : " + join_fr(model.actors[a].name for a, _r in cands) + ".")
            evidence.append(f"Priorité : {basis}.")
            rows.append(((-(score if score is not None else -1.0), -(population or 0), key, pid),
                         RelayGap(0, key, where, pid, tuple(sorted(needs)), carriers, cands, score, basis,
                                  population, tuple(evidence),
                                  tuple(a for a, _r, _s in candidates_cache[frozen]))))
    rows.sort(key=lambda item: item[0])
    return [replace(g, rank=i + 1) for i, (_k, g) in enumerate(rows)]
