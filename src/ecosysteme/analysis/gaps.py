"""Holes in the net (« trous dans la raquette »): five kinds of finding, true by their rules, ranked once.

The rules (who is present where, what answers what, who meets whom) live in
:mod:`ecosysteme.analysis.presence`. Over the analysed territories (the
studied territory and the referenced territories inside it) the findings are:

1. ``besoin_non_couvert`` (key: the need): a need exprimé sur *T* that no
   programme answers, and no actor présent sur *T*;
2. ``programme_sans_relais`` (key: the programme): a programme answering a
   need exprimé sur *T*, none of whose carriers or relays is présent sur *T*;
3. ``mondes_sans_rencontre`` (key: a sorted pair of mondes): two mondes with
   actors présents sur *T*, no actor of one meeting an actor of the other;
4. ``nature_absente`` (key: the nature): a nature of engineering no actor
   présent sur *T* declares — only when some actor présent sur *T* declares
   one (otherwise it is a data gap);
5. ``territoire_sans_acteur`` (key: the commune): a commune of a studied
   EPCI, département or commune where no actor is situé.

Each holds once per (territory, key): when it also holds on a territory
containing *T* among those analysed, it is reported there only (with the
territories inside where it holds too), never repeated per commune. Data
gaps (unknown territories, presumed values, missing mondes and natures,
programmes without a known carrier) are a separate list.

One score ranks every finding (:data:`SCORE_RULE`), and the first
``max_actions`` make the prioritised list of actions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ecosysteme.analysis.presence import LEVEL_RANK, RULES, Presence, sort_key
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import count_fr, de, join_fr, label, number_fr, quote
from ecosysteme.vocab import SCHEMES

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.analysis.impact import RegionalFragility

__all__ = ["KINDS", "KIND_TITLES", "NATURES", "SCORE_RULE", "DataGap", "Finding", "GapSettings", "Gaps",
           "find_gaps", "label_level"]

#: The five kinds of finding, in the order of the report.
KINDS = ("besoin_non_couvert", "programme_sans_relais", "mondes_sans_rencontre", "nature_absente",
         "territoire_sans_acteur")
#: Their French names, as section titles.
KIND_TITLES = {
    "besoin_non_couvert": "Besoins sans réponse",
    "programme_sans_relais": "Programmes sans relais (le « dernier kilomètre »)",
    "mondes_sans_rencontre": "Mondes qui ne se rencontrent pas",
    "nature_absente": "Ingénierie absente",
    "territoire_sans_acteur": "Communes sans acteur",
}
#: How much each kind weighs in the score.
WEIGHTS = {"besoin_non_couvert": 3.0, "programme_sans_relais": 2.0, "nature_absente": 1.5,
           "mondes_sans_rencontre": 1.0, "territoire_sans_acteur": 1.0}
#: The three natures of engineering, in the deck's order.
NATURES: tuple[str, ...] = ("gestion", "management_projets", "catalyse")

SCORE_RULE = (
    "Priorité = poids du genre (besoin sans réponse 3 ; programme sans relais 2 ; ingénierie absente 1,5 ; mondes "
    "qui ne se rencontrent pas 1 ; commune sans acteur 1) × (1 + fragilité IMPACT de la région /10 : sur le "
    "domaine du besoin, sinon la moyenne de la région ; inconnue, elle compte pour le milieu de l'échelle) × "
    "(1 + log10(population du territoire) /10) × (1 + (nombre de besoins concernés − 1) /2).")


@dataclass(frozen=True)
class GapSettings:
    """What a secretariat can change; :meth:`describe` gives the defaults in French for the method notes."""

    max_actions: int = 15
    max_actions_per_kind: int = 6
    max_leads: int = 5
    #: ``{indicator code: "hausse_fragilise" | "baisse_fragilise"}`` for the indices the deck leaves open
    directions: Mapping[str, str] = field(default_factory=dict)
    #: the fragility counted when a region's is unknown (the middle of the 0-10 scale)
    unknown_fragility: float = 5.0
    #: the levels of a studied territory whose communes are checked for actors (kind 5)
    communes_of: tuple[str, ...] = ("commune", "epci", "departement")
    #: a single point of failure cuts off at least this many resources (programme leaves and data producers aside)
    min_cut: int = 2
    #: the most link suggestions one actor may take in the report
    max_suggestions_per_actor: int = 3
    #: the most points of rupture (and, apart, single links) listed
    max_ruptures: int = 10

    def describe(self) -> list[str]:
        directions = (join_fr(f"{code} : {label('sens', d)}" for code, d in sorted(self.directions.items()))
                      if self.directions else "aucun (les indices sans sens connu sont écartés)")
        return [
            f"Actions prioritaires : au plus {self.max_actions}, dont au plus {self.max_actions_per_kind} d'un même "
            "genre (pour que la liste couvre plusieurs genres de trous).",
            f"Pistes par constat : au plus {self.max_leads} acteurs qui pourraient agir.",
            f"Fragilité inconnue comptée {number_fr(self.unknown_fragility)}/10.",
            "Communes sans acteur : cherchées dans les territoires étudiés de niveau "
            + join_fr(label_level(x) for x in self.communes_of) + ".",
            f"Points de rupture : une ressource dont la perte couperait au moins {self.min_cut} ressources du reste "
            "(sans compter les programmes qu'elle est seule à porter ni les producteurs de données) ; les "
            f"{self.max_ruptures} plus graves, et autant de liens uniques.",
            f"Suggestions de liens : au plus {self.max_suggestions_per_actor} par acteur.",
            f"Sens des indices IMPACT fixés par le secrétariat : {directions}.",
        ]


def label_level(level: str) -> str:
    return {"pays": "pays", "region": "région", "departement": "département", "epci": "EPCI",
            "commune": "commune"}.get(level, level)


@dataclass(frozen=True)
class Finding:
    """One finding: a kind, a territory, its key, the evidence, who could act and its priority."""

    kind: str
    territory: TerritoryRef
    territory_name: str
    need: str | None = None
    programme: str | None = None
    worlds: tuple[str, str] | None = None
    nature: str | None = None
    needs: tuple[str, ...] = ()
    title: str = ""
    leads: tuple[tuple[str, str], ...] = ()
    evidence: tuple[str, ...] = ()
    also: tuple[TerritoryRef, ...] = ()
    fragility: float | None = None
    fragility_basis: str = ""
    population: int | None = None
    score: float = 0.0
    rank: int = 0

    @property
    def territory_key(self) -> str:
        """The territory as the input tables write it (``commune:29151``, ``france``)."""
        return format_ref(self.territory)

    @property
    def key(self) -> tuple[str, ...]:
        """``(kind, territory, key)``: what makes a finding one finding (used to compare versions)."""
        value = {"besoin_non_couvert": self.need, "programme_sans_relais": self.programme,
                 "mondes_sans_rencontre": "|".join(self.worlds or ()), "nature_absente": self.nature,
                 "territoire_sans_acteur": self.territory_key}[self.kind]
        return (self.kind, self.territory_key, value or "")

    @property
    def actors(self) -> tuple[str, ...]:
        """Who could act (ids), best first."""
        return tuple(a for a, _why in self.leads)

    def to_json(self) -> dict[str, Any]:
        return {
            "genre": self.kind, "territoire": self.territory_key, "territoire_nom": self.territory_name,
            "besoin": self.need, "besoins": list(self.needs) if self.kind == "programme_sans_relais" else None,
            "programme": self.programme, "mondes": list(self.worlds) if self.worlds else None,
            "nature": self.nature, "titre": self.title,
            "acteurs": [{"id": a, "pourquoi": why} for a, why in self.leads],
            "priorite": round(self.score, 4), "rang": self.rank, "preuves": list(self.evidence),
            "aussi": [format_ref(t) for t in self.also],
            "fragilite": None if self.fragility is None else round(self.fragility, 4),
            "population": self.population,
        }


@dataclass(frozen=True)
class DataGap:
    """Something the data does not say, which the findings cannot see: to complete, not a hole in the net."""

    kind: str
    label: str
    ids: tuple[str, ...]
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"genre": self.kind, "libelle": self.label, "nombre": len(self.ids), "ids": list(self.ids),
                "texte": self.text}


@dataclass(frozen=True)
class Gaps:
    """Result of :func:`find_gaps`."""

    dataset: str
    territory: TerritoryRef | None
    territory_name: str | None
    analysed: tuple[TerritoryRef, ...]
    findings: tuple[Finding, ...]
    actions: tuple[Finding, ...]
    data_gaps: tuple[DataGap, ...]
    settings: GapSettings
    references: tuple[str, ...]
    notes: tuple[str, ...]
    fragility: RegionalFragility = field(repr=False)
    fictional: bool = False

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def keys(self) -> set[tuple[str, ...]]:
        return {f.key for f in self.findings}

    def rules(self) -> list[str]:
        return [text for _k, text in RULES] + [SCORE_RULE]

    def to_json(self) -> dict[str, Any]:
        return {
            "jeu": self.dataset, "fictif": self.fictional,
            "territoire": format_ref(self.territory) if self.territory else None,
            "territoire_nom": self.territory_name, "references": list(self.references),
            "territoires_etudies": [format_ref(t) for t in self.analysed],
            "regles": self.rules(), "reglages": self.settings.describe(),
            "actions": [f.rank for f in self.actions],
            "constats": [f.to_json() for f in self.findings],
            "donnees_manquantes": [g.to_json() for g in self.data_gaps],
            "notes": list(self.notes),
        }

    def to_frame(self):
        """The findings as a pandas DataFrame (one row each, JSON field names)."""
        import pandas as pd

        return pd.DataFrame.from_records([f.to_json() for f in self.findings])


# --------------------------------------------------------------------------------------------------
# Finding the gaps
# --------------------------------------------------------------------------------------------------

def find_gaps(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
              settings: GapSettings | None = None) -> Gaps:
    """Every finding of the five kinds over the analysed territories, ranked, plus the data gaps.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
        The studied ecosystem, with its reference datasets.
    territory : str or (str, str), optional
        The studied territory (``epci:242900835``); by default the perimeter
        (table ``territoires``), or every territory the data names.
    settings : GapSettings, optional

    Returns
    -------
    Gaps
    """
    from ecosysteme.analysis._scope import as_ref
    from ecosysteme.analysis.impact import regional_fragility

    e = as_ecosystem(ecosystem)
    settings = settings or GapSettings()
    p = e.presence
    root = as_ref(territory) if territory is not None else None
    analysed = p.analysed(root)
    fragility = e.fragility
    if settings.directions:
        source = e.model if any(o.territory[0] == "region" for o in e.model.observations) else next(
            (r for r in e.references if any(o.territory[0] == "region" for o in r.observations)), e.model)
        fragility = regional_fragility(source, directions=settings.directions)
    ctx = _Context(p, fragility, settings)

    holds: dict[tuple[str, object], dict[TerritoryRef, set[str]]] = defaultdict(dict)
    for ref in analysed:
        for kind, key, needs in _at(p, ref):
            holds[(kind, key)].setdefault(ref, set()).update(needs)
    for r in p.roots(root):
        if r[0] in settings.communes_of:
            for commune in _communes(p, r):
                if not p.located(commune):
                    holds[("territoire_sans_acteur", commune)].setdefault(commune, set())

    groups: dict[tuple, list[tuple[TerritoryRef, set[str], list[TerritoryRef]]]] = defaultdict(list)
    for (kind, key), places in holds.items():
        for ref in places:
            if any(other != ref and p.contains(other, ref) for other in places):
                continue  # reported on a territory containing it
            inside = [o for o in places if o != ref and p.contains(ref, o)]
            needs = set(places[ref])
            for o in inside:
                needs |= places[o]
            groups[(kind, key, _signature(p, kind, key, ref, needs))].append((ref, needs, inside))
    findings: list[Finding] = []
    for (kind, key, _sig), members in groups.items():
        # the same finding, with the same actors and needs, on several territories: said once, on the most
        # populated, the others listed
        members.sort(key=lambda m: (-(p.population(m[0]) or 0), sort_key(m[0])))
        ref, needs, inside = members[0]
        also = {*inside}
        for other, more, more_inside in members[1:]:
            also.add(other)
            also.update(more_inside)
            needs |= more
        findings.append(ctx.finding(kind, key, ref, tuple(sorted(needs)), tuple(sorted(also, key=sort_key))))
    findings.sort(key=lambda f: (-f.score, KINDS.index(f.kind), sort_key(f.territory), f.key))
    findings = [replace(f, rank=i) for i, f in enumerate(findings, start=1)]
    actions, per_kind = [], Counter()
    for f in findings:
        if len(actions) >= settings.max_actions:
            break
        if per_kind[f.kind] < settings.max_actions_per_kind:
            actions.append(f)
            per_kind[f.kind] += 1
    notes = []
    by_reason: dict[str, list[str]] = defaultdict(list)
    for code, why in fragility.skipped.items():
        by_reason[why].append(code)
    for why, codes in by_reason.items():
        notes.append(f"Indices IMPACT écartés du classement, {why} : {join_fr(codes)}"
                     + (" (le secrétariat peut fixer leur sens : option --sens CODE=hausse|baisse)."
                        if "sens" in why else "."))
    if not fragility.scores:
        notes.append("Aucun indice de fragilité régional : la fragilité compte pour le milieu de l'échelle partout.")
    return Gaps(e.name, root, p.name(root) if root else None, tuple(analysed), tuple(findings), tuple(actions),
                tuple(_data_gaps(p, analysed)), settings, tuple(m.dataset for m in e.references), tuple(notes),
                fragility, e.model.info.fictional)


def _at(p: Presence, ref: TerritoryRef) -> Iterable[tuple[str, object, set[str]]]:
    """The findings that hold on one territory: ``(kind, key, needs concerned)``."""
    for nid in p.needs_expressed(ref):
        programmes, actors = p.answered_at(nid, ref)
        if not programmes and not actors:
            yield "besoin_non_couvert", nid, {nid}
        for pid in programmes:
            if not p.relayed_at(pid, ref):
                yield "programme_sans_relais", pid, {nid}
    present = p.actors_present(ref)
    by_world: dict[str, set[str]] = defaultdict(set)
    for a in present:
        world = p.world(a)
        if world:
            by_world[world].add(a)
    worlds = sorted(by_world)
    for i, w1 in enumerate(worlds):
        for w2 in worlds[i + 1:]:
            if not any(p.met.get(a, set()) & by_world[w2] for a in by_world[w1]):
                yield "mondes_sans_rencontre", (w1, w2), set()
    declared = {n for a in present for n in p.natures(a)}
    if declared:
        for nature in _natures():
            if nature not in declared:
                yield "nature_absente", nature, set()


def _signature(p: Presence, kind: str, key: object, ref: TerritoryRef, needs: set[str]) -> tuple:
    """What makes two territories' findings of the same kind and key one finding: the same actors and needs."""
    if kind == "besoin_non_couvert":
        return ()
    if kind == "programme_sans_relais":
        return tuple(sorted(needs))
    present = p.actors_present(ref)
    if kind == "mondes_sans_rencontre":
        return tuple(a for a in present if p.world(a) in key)  # type: ignore[operator]
    if kind == "nature_absente":
        return tuple(present)
    return (ref,)


def _natures() -> tuple[str, ...]:
    return NATURES + tuple(sorted(set(SCHEMES["nature"]) - set(NATURES)))


def _communes(p: Presence, ref: TerritoryRef) -> list[TerritoryRef]:
    if ref[0] == "commune":
        return [ref]
    if ref not in p.territories:
        return []
    return sorted((d for d in p.territories.descendants(*ref) if d[0] == "commune"), key=sort_key)


# --------------------------------------------------------------------------------------------------
# Evidence, leads and scores
# --------------------------------------------------------------------------------------------------

class _Context:
    """Builds each finding's title, evidence, leads and score."""

    def __init__(self, p: Presence, fragility: RegionalFragility, settings: GapSettings) -> None:
        self.p = p
        self.fragility = fragility
        self.settings = settings
        self.relaying = {a for relays in p.relays.values() for a in relays} | {
            a for carriers in p.carriers.values() for a in carriers}

    # --- score ---------------------------------------------------------------------------------

    def priority(self, ref: TerritoryRef, domains: Iterable[str | None]) -> tuple[float | None, str]:
        p = self.p
        region = p.region_of(ref)
        if region is None:
            return None, "fragilité inconnue (pas de région pour la France entière)"
        region_name = p.name(("region", region))
        if region not in self.fragility.scores:
            return None, f"fragilité inconnue (aucun indice IMPACT pour la région {region_name})"
        best: tuple[float, str] | None = None
        for domain in sorted({d for d in domains if d}):
            score = self.fragility.score(region, domain)
            if score is not None and (best is None or score > best[0]):
                best = (score, f"fragilité {number_fr(score)}/10 de la région {region_name} sur le domaine "
                               f"{quote(label('domaine', domain))} (indices IMPACT, 10 = région la plus critique)")
        if best is not None:
            return best
        score = self.fragility.score(region, None)
        if score is None:
            return None, f"fragilité inconnue (aucun indice IMPACT pour la région {region_name})"
        return score, (f"fragilité moyenne {number_fr(score)}/10 de la région {region_name} sur ses domaines "
                       "(indices IMPACT)")

    def score(self, kind: str, fragility: float | None, population: int | None, needs: int) -> float:
        f = self.settings.unknown_fragility if fragility is None else fragility
        return (WEIGHTS[kind] * (1 + f / 10) * (1 + math.log10(max(population or 1, 1)) / 10)
                * (1 + (max(needs, 1) - 1) / 2))

    # --- one finding --------------------------------------------------------------------------

    def finding(self, kind: str, key: object, ref: TerritoryRef, needs: tuple[str, ...],
                also: tuple[TerritoryRef, ...]) -> Finding:
        p = self.p
        name = p.name(ref)
        population = p.population(ref)
        if kind == "besoin_non_couvert":
            nid = str(key)
            fragility, basis = self.priority(ref, [p.needs[nid].domain])
            title = f"Besoin {quote(p.needs[nid].label)} sans réponse sur {name}"
            evidence, leads = self._need(nid, ref, also)
            f = Finding(kind, ref, name, need=nid, needs=(nid,))
        elif kind == "programme_sans_relais":
            pid = str(key)
            fragility, basis = self.priority(ref, [p.needs[n].domain for n in needs if n in p.needs])
            title = f"{quote(p.programmes[pid].name)} sans porteur ni relais présent sur {name}"
            evidence, leads = self._programme(pid, ref, needs, also)
            f = Finding(kind, ref, name, programme=pid, needs=needs)
        elif kind == "mondes_sans_rencontre":
            w1, w2 = key  # type: ignore[misc]
            fragility, basis = self.priority(ref, [])
            title = (f"Les mondes {quote(label('monde', w1))} et {quote(label('monde', w2))} ne se rencontrent pas "
                     f"sur {name}")
            evidence, leads = self._worlds(w1, w2, ref, also)
            f = Finding(kind, ref, name, worlds=(w1, w2))
        elif kind == "nature_absente":
            nature = str(key)
            fragility, basis = self.priority(ref, [])
            title = f"Aucun acteur présent n'apporte l'ingénierie {quote(label('nature', nature))} sur {name}"
            evidence, leads = self._nature(nature, ref, also)
            f = Finding(kind, ref, name, nature=nature)
        else:
            fragility, basis = self.priority(ref, [])
            title = f"Aucun acteur de l'écosystème n'est situé sur {name}"
            evidence, leads = self._empty(ref)
            f = Finding(kind, ref, name)
        evidence.append(f"Priorité : {basis}.")
        if population:
            evidence.append(f"Population : {population:,} habitants.".replace(",", "\u202f"))
        return replace(f, title=title, leads=tuple(leads[:self.settings.max_leads]), evidence=tuple(evidence),
                       also=also, fragility=fragility, fragility_basis=basis, population=population,
                       score=self.score(kind, fragility, population, len(needs)))

    def _also(self, also: tuple[TerritoryRef, ...], what: str) -> list[str]:
        if not also:
            return []
        return [f"{what} aussi sur {join_fr((self.p.name(t) for t in also), 6)} (rapporté ici une seule fois)."]

    def _need(self, nid: str, ref: TerritoryRef, also) -> tuple[list[str], list[tuple[str, str]]]:
        p = self.p
        need = p.needs[nid]
        where = p.name(ref)
        domain = f" (domaine {quote(label('domaine', need.domain))})" if need.domain else ""
        expressers = [a for a in p.located(ref) if nid in p.actors[a].needs]
        text = f"Le besoin {quote(need.label)}{domain} est exprimé sur {where}"
        text += (f" par {join_fr(p.names(expressers), 4)}." if expressers else " (ligne du besoin).")
        evidence = [text, "Aucun programme de l'inventaire n'y répond (réponse explicite : relation « répond à » "
                          "ou colonne « besoins » d'un programme), et aucun acteur présent sur " + where + " non plus."]
        hints = []
        if need.theme:
            hints = sorted((pid for pid, prog in p.programmes.items() if need.theme in prog.themes),
                           key=lambda x: p.programmes[x].name)
            if hints:
                evidence.append(f"Piste (même thème {quote(label('theme', need.theme))}, ce n'est pas une réponse) : "
                                + join_fr((quote(p.programmes[x].name) for x in hints), 3) + ".")
        evidence += self._also(also, "Exprimé")
        leads: list[tuple[str, str]] = []
        present = p.actors_present(ref)
        for a in present:
            if nid in p.actors[a].needs:
                leads.append((a, "exprime ce besoin : peut porter la demande"))
        for a in self._catalysts(present, ref):
            leads.append((a, "catalyseur présent : peut chercher ou monter une réponse"))
        hinted = set(hints)
        for a in present:
            mine = sorted(x for x in hinted if a in p.carriers.get(x, set()) | p.relays.get(x, set()))
            if mine:
                leads.append((a, f"porte ou relaie {quote(p.programmes[mine[0]].name)}, du même thème : à vérifier"))
        return evidence, _unique(leads)

    def _programme(self, pid: str, ref: TerritoryRef, needs: tuple[str, ...],
                   also) -> tuple[list[str], list[tuple[str, str]]]:
        p = self.p
        prog = p.programmes[pid]
        where = p.name(ref)
        labels = join_fr((quote(p.needs[n].label) for n in needs if n in p.needs), 3)
        evidence = [f"{quote(prog.name)} répond à {labels}, exprimé{'s' if len(needs) > 1 else ''} sur {where}."]
        carriers = sorted(p.carriers.get(pid, set()))
        relays = sorted(p.relays.get(pid, set()) - set(carriers))
        if carriers or relays:
            who = []
            if carriers:
                who.append(f"porté par {self._placed(carriers)}")
            if relays:
                who.append(f"relayé par {self._placed(relays)}")
            evidence.append(f"Il est {' ; '.join(who)} : aucun n'est présent sur {where}.")
        else:
            evidence.append("Aucun porteur ni relais connu (donnée manquante).")
        if prog.territories:
            evidence.append("Le programme intervient sur " + join_fr(p.name(t) for t in prog.territories)
                            + (" (territoire présumé)" if "territoires" in prog.presumed else "") + ".")
        evidence += self._also(also, "Sans relais")
        members = set()
        for carrier in (*carriers, *relays):
            members |= p.members.get(carrier, set())
        scored = []
        for a in p.actors_present(ref):
            reasons, score = [], 0
            networks = sorted(c for c in (*carriers, *relays) if a in p.members.get(c, set()))
            if networks:
                reasons.append(f"membre {de(p.actors[networks[0]].name)}, qui le porte ou le relaie")
                score += 4
            if a in self._catalysts([a], limit=1):
                reasons.append("catalyseur territorial")
                score += 3
            if p.actors[a].type == "reseau":
                reasons.append("tête de réseau")
                score += 2
            if a in self.relaying:
                reasons.append("relaie déjà d'autres programmes")
                score += 1
            if score and set(p.actors[a].needs) & set(needs):
                reasons.append("exprime le besoin")
                score += 1
            if score:
                closeness = max((LEVEL_RANK.get(t[0], 0) for t in p.zone.get(a, ())), default=0)
                scored.append((-score, -closeness, p.actors[a].name, a, ", ".join(reasons)))
        return evidence, [(a, why) for _s, _c, _n, a, why in sorted(scored)]

    def _placed(self, actors: list[str]) -> str:
        p = self.p
        parts = []
        for a in actors[:4]:
            zone = p.zone.get(a, ())
            place = join_fr(p.name(t) for t in zone[:2]) if zone else "territoire inconnu ou présumé"
            parts.append(f"{p.actors[a].name} ({place})" if a in p.actors else a)
        rest = len(actors) - 4
        return join_fr(parts) + (f" et {count_fr(rest, 'autre')}" if rest > 0 else "")

    def _worlds(self, w1: str, w2: str, ref: TerritoryRef, also) -> tuple[list[str], list[tuple[str, str]]]:
        p = self.p
        where = p.name(ref)
        present = p.actors_present(ref)
        a1 = [a for a in present if p.world(a) == w1]
        a2 = [a for a in present if p.world(a) == w2]
        evidence = [
            f"Sur {where}, {count_fr(len(a1), 'acteur')} du monde {quote(label('monde', w1))} "
            f"({join_fr(p.names(a1), 4)}) et {count_fr(len(a2), 'acteur')} du monde {quote(label('monde', w2))} "
            f"({join_fr(p.names(a2), 4)}) sont présents ; aucun ne rencontre un acteur de l'autre monde (aucune "
            "relation entre eux, aucun programme porté ensemble)."]
        evidence += self._also(also, "Vrai")
        leads = [(a, "catalyseur présent : peut les faire se rencontrer") for a in self._catalysts(present, ref)]
        for x, y in ((a1, a2), (a2, a1)):
            for b in y:
                wanted = set(p.actors[b].needs)
                if not wanted:
                    continue
                for a in x:
                    offer = sorted(pid for pid, ans in p.programme_answers.items() if ans & wanted
                                   and a in p.carriers.get(pid, set()) | p.relays.get(pid, set()))
                    if offer:
                        need = sorted(p.programme_answers[offer[0]] & wanted)[0]
                        leads.append((a, f"porte ou relaie {quote(p.programmes[offer[0]].name)}, qui répond au "
                                         f"besoin {quote(p.needs[need].label)} {de(p.actors[b].name)}"))
        return evidence, _unique(leads)

    def _nature(self, nature: str, ref: TerritoryRef, also) -> tuple[list[str], list[tuple[str, str]]]:
        p = self.p
        where = p.name(ref)
        present = p.actors_present(ref)
        counts = Counter(n for a in present for n in p.natures(a))
        undeclared = [a for a in present if not p.natures(a)]
        declared = len(present) - len(undeclared)
        brought = join_fr(f"{label('nature', n)} : {c}" for n, c in sorted(counts.items()))
        evidence = [
            f"Sur {where}, {count_fr(declared, 'acteur présent', 'acteurs présents')} "
            f"{'déclarent' if declared > 1 else 'déclare'} une nature d'ingénierie ({brought}) ; aucun ne déclare "
            f"{quote(label('nature', nature))}."]
        if undeclared:
            evidence.append(f"{count_fr(len(undeclared), 'acteur présent', 'acteurs présents')} sans nature déclarée : "
                            f"{join_fr(p.names(undeclared), 4)} (à qualifier : l'un d'eux l'apporte peut-être).")
        evidence += self._also(also, "Vrai")
        parents = set(p.territories.parents(*ref)) if ref in p.territories else set()
        leads = []
        for a in p.model.actors:
            if nature not in p.natures(a) or p.present(a, ref):
                continue
            near = [t for t in p.zone[a] if t in p.territories and parents & set(p.territories.parents(*t))]
            if near:
                leads.append((a, f"apporte {quote(label('nature', nature))} sur {p.name(near[0])}, tout près"))
        leads += [(a, "présent sans nature déclarée : à qualifier") for a in undeclared]
        return evidence, _unique(leads)

    def _empty(self, ref: TerritoryRef) -> tuple[list[str], list[tuple[str, str]]]:
        p = self.p
        where = p.name(ref)
        present = p.actors_present(ref)
        evidence = [f"Aucun acteur de l'écosystème n'a {where} parmi ses territoires."]
        if present:
            evidence.append(f"{count_fr(len(present), 'acteur')} y {'sont' if len(present) > 1 else 'est'} présent"
                            f"{'s' if len(present) > 1 else ''} par un territoire plus large (EPCI, département, "
                            "région ou France).")
        ordered = self._catalysts(present, ref) + [a for a in present if p.actors[a].type == "reseau"]
        leads = []
        for a in ordered:
            zone = p.zone.get(a, ())
            leads.append((a, f"présent sur {where} par {join_fr(p.name(t) for t in zone[:2])} : peut y chercher "
                             "des relais"))
        return evidence, _unique(leads)

    def _catalysts(self, actors: Iterable[str], near: TerritoryRef | None = None, limit: int = 2) -> list[str]:
        """The catalysts among ``actors``, the closest to ``near`` first (its own level, then the next ones)."""
        p = self.p
        found = [a for a in actors if "catalyse" in p.natures(a) or p.actors[a].type == "catalyseur"]
        if near is not None:
            rank = LEVEL_RANK.get(near[0], 0)
            found.sort(key=lambda a: (min((0 if t == near else 1 + abs(LEVEL_RANK.get(t[0], 0) - rank)
                                           for t in p.zone.get(a, ())), default=9), p.actors[a].name))
        return found[:limit]


def _unique(leads: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for a, why in leads:
        if a not in seen:
            seen.add(a)
            out.append((a, why))
    return out


# --------------------------------------------------------------------------------------------------
# Data gaps
# --------------------------------------------------------------------------------------------------

def _data_gaps(p: Presence, analysed: list[TerritoryRef]) -> list[DataGap]:
    model = p.model
    out: list[DataGap] = []

    def add(kind: str, title: str, ids: list[str], what: str, names: list[str] | None = None) -> None:
        if ids:
            shown = names if names is not None else p.names(ids)
            out.append(DataGap(kind, title, tuple(ids), f"{what} : {join_fr(shown, 8)}."))

    empty = [t for t in analysed if not p.actors_present(t)]
    add("territoire_sans_acteur_connu", "Territoires sans acteur connu", [format_ref(t) for t in empty],
        f"{count_fr(len(empty), 'territoire cité', 'territoires cités')} sans aucun acteur présent : rien n'y "
        "peut être analysé (mondes, natures, relais)", [p.name(t) for t in empty])
    presumed: dict[str, list[str]] = defaultdict(list)
    for a in model.actors.values():
        for column in a.presumed:
            presumed[column].append(a.id)
    for column, ids in sorted(presumed.items()):
        add(f"acteur_{column}_presume", f"Acteurs : « {column} » présumé", ids,
            f"{count_fr(len(ids), 'acteur')} dont la colonne « {column} » est présumée (remplie par défaut, la source "
            "ne la dit pas) : elle ne compte pas dans les constats")
    presumed_p: dict[str, list[str]] = defaultdict(list)
    for prog in model.programmes.values():
        for column in prog.presumed:
            presumed_p[column].append(prog.id)
    for column, ids in sorted(presumed_p.items()):
        add(f"programme_{column}_presume", f"Programmes : « {column} » présumé", ids,
            f"{count_fr(len(ids), 'programme')} dont la colonne « {column} » est présumée")
    add("acteur_sans_territoire", "Acteurs sans territoire", [a for a in model.actors if not p.zone[a]],
        "Acteurs sans territoire connu (vide ou présumé) : présents nulle part")
    add("acteur_sans_monde", "Acteurs sans monde", [a for a in model.actors if not p.world(a)],
        "Acteurs sans monde connu : absents de la recherche des mondes qui ne se rencontrent pas")
    add("acteur_sans_nature", "Acteurs sans nature d'ingénierie", [a for a in model.actors if not p.natures(a)],
        "Acteurs sans nature d'ingénierie déclarée")
    add("programme_sans_porteur", "Programmes sans porteur connu",
        [x for x in model.programmes if not p.carriers.get(x)],
        "Programmes dont aucun porteur n'est connu : qui les porte ?")
    add("besoin_sans_lieu", "Besoins exprimés nulle part", [n for n in model.needs if not p.expressed.get(n)],
        "Besoins sans territoire et qu'aucun acteur situé n'exprime : ils ne peuvent être rapportés nulle part")
    quiet = [t for t in analysed if p.actors_present(t) and not any(p.natures(a) for a in p.actors_present(t))]
    add("natures_non_declarees", "Territoires sans nature déclarée", [format_ref(t) for t in quiet],
        "Territoires où aucun acteur présent ne déclare de nature d'ingénierie : l'ingénierie absente n'y est pas "
        "cherchée", [p.name(t) for t in quiet])
    return out

