"""The rules of the gap analysis, in one place: who is present where, what answers what, who meets whom.

Every gap finding, the shipped SPARQL and Cypher questions (``docs/questions.md``)
and the maps' territorial filters follow these rules; :data:`RULES` states
them in French for the reports' method notes. For a studied territory *T*:

- **présent sur T**: an actor whose (stated) territories include *T*, a
  territory containing *T* (its EPCI, département, région, ``france``), or,
  *T* being an aggregate, a territory *T* contains;
- **situé sur T**: its territories name *T* itself;
- a need is **exprimé sur T** when its row names *T*, or an actor situé sur
  *T* lists it;
- **répondre** is explicit only: a ``repond_a`` relation (programme or actor
  → need) or a programme's ``besoins`` column. A shared theme is never an
  answer (it may be shown as a hint);
- two actors **se rencontrent** when a relation links them (``eco:lienDeRencontre``)
  or when both carry the same programme.

A value marked presumed (``presume``: filled by default, the source does not
say it) counts for none of these: an actor whose territories are presumed is
situé nowhere and présent nowhere known; a presumed ``monde`` or ``natures``
is unknown. Such values are data gaps, never coverage.

The reference datasets (by default the network's inventory, ``data/reseau``)
bring their programmes, their carriers and relays, what they answer, and
their IMPACT indices; worlds, natures and communes without actors concern
the studied ecosystem only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ecosysteme.model import Actor, Model, Need, Programme, TerritoryRef
from ecosysteme.territories import FRANCE, LEVEL_RANK, sort_key
from ecosysteme.vocab import MEETING_LINKS

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.ecosystem import Ecosystem

__all__ = ["FRANCE", "LEVEL_RANK", "RULES", "Presence"]


#: The rules, as the reports state them (French).
RULES: tuple[tuple[str, str], ...] = (
    ("présent", "Un acteur est présent sur un territoire T quand ses territoires comprennent T, un territoire "
                "qui contient T (son EPCI, son département, sa région, la France) ou, si T est un EPCI, un "
                "département ou une région, un territoire que T contient."),
    ("situé", "Un acteur est situé sur T quand ses territoires nomment T lui-même."),
    ("exprimé", "Un besoin est exprimé sur T quand sa ligne nomme T, ou qu'un acteur situé sur T l'exprime."),
    ("répond", "Répondre est explicite : une relation « répond à » (d'un programme ou d'un acteur vers le besoin) "
               "ou la colonne « besoins » d'un programme. Un thème commun n'est jamais une réponse : il est "
               "seulement signalé comme piste."),
    ("rencontre", "Deux acteurs se rencontrent quand une relation les relie (partenariat, relais, financement, "
                  "adhésion, accompagnement) ou quand ils portent tous deux le même programme."),
    ("présumé", "Une valeur présumée (colonne « presume » : remplie par défaut, la source ne la dit pas) ne compte "
                "jamais : un acteur dont le territoire est présumé n'est présent nulle part ; c'est une donnée "
                "manquante, pas une couverture."),
    ("référence", "Le jeu de référence (par défaut l'inventaire du Réseau, data/reseau) apporte ses programmes, "
                  "leurs porteurs et relais, ce à quoi ils répondent et les indices IMPACT ; les mondes, les "
                  "natures d'ingénierie et les communes sans acteur ne regardent que l'écosystème étudié."),
)


def _stated(values: tuple, column: str, presumed: tuple[str, ...]) -> tuple:
    return () if column in presumed else values


class Presence:
    """The rules above, indexed once for an ecosystem and its references (:attr:`Ecosystem.presence`).

    Parameters
    ----------
    ecosystem : Ecosystem
        The studied ecosystem; its ``references`` add programmes, carriers,
        relays and answers.
    """

    def __init__(self, ecosystem: Ecosystem) -> None:
        self.ecosystem = ecosystem
        self.model: Model = ecosystem.model
        self.territories = ecosystem.territories
        models = [*ecosystem.references, self.model]  # the studied ecosystem last: its rows win
        self.actors: dict[str, Actor] = {}
        self.programmes: dict[str, Programme] = {}
        self.needs: dict[str, Need] = {}
        for m in models:
            self.actors.update(m.actors)
            self.programmes.update(m.programmes)
            self.needs.update(m.needs)

        # --- where each actor is (stated territories only) -------------------------------
        #: actor -> its stated territories (empty when presumed or missing)
        self.zone: dict[str, tuple[TerritoryRef, ...]] = {
            a.id: _stated(a.territories, "territoires", a.presumed) for a in self.actors.values()}
        #: territory -> actors situés there (every dataset)
        self.located_on: dict[TerritoryRef, list[str]] = defaultdict(list)
        #: territory T -> actors with a stated territory inside T or equal to T (every dataset)
        self.inside: dict[TerritoryRef, set[str]] = defaultdict(set)
        for aid, zone in self.zone.items():
            for ref in zone:
                self.located_on[ref].append(aid)
                for above in self.up(ref):
                    self.inside[above].add(aid)
        #: the studied ecosystem's own actors
        self.own = frozenset(self.model.actors)

        # --- what answers what, who carries and relays what ------------------------------
        self.programme_answers: dict[str, set[str]] = defaultdict(set)  # programme -> needs
        self.actor_answers: dict[str, set[str]] = defaultdict(set)  # actor -> needs
        self.carriers: dict[str, set[str]] = defaultdict(set)  # programme -> actors
        self.relays: dict[str, set[str]] = defaultdict(set)  # programme -> actors
        self.meeting: set[frozenset[str]] = set()
        #: network -> its members (``membre_de``), every dataset
        self.members: dict[str, set[str]] = defaultdict(set)
        for m in models:
            for p in m.programmes.values():
                self.programme_answers[p.id].update(p.needs)
                self.carriers[p.id].update(p.carriers)
            for r in m.relations:
                if r.type == "repond_a":
                    if r.source in self.programmes:
                        self.programme_answers[r.source].add(r.target)
                    elif r.source in self.actors:
                        self.actor_answers[r.source].add(r.target)
                elif r.type == "porte" and r.target in self.programmes:
                    self.carriers[r.target].add(r.source)
                elif r.type == "relais" and r.target in self.programmes:
                    self.relays[r.target].add(r.source)
                elif r.type == "membre_de":
                    self.members[r.target].add(r.source)
                if r.type in MEETING_LINKS and r.source in self.actors and r.target in self.actors \
                        and r.source != r.target:
                    self.meeting.add(frozenset((r.source, r.target)))
        for carriers in self.carriers.values():
            ordered = sorted(carriers)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    self.meeting.add(frozenset((a, b)))
        #: actor -> the actors it meets
        self.met: dict[str, set[str]] = defaultdict(set)
        for pair in self.meeting:
            a, b = tuple(pair)
            self.met[a].add(b)
            self.met[b].add(a)
        #: need -> programmes answering it (every dataset)
        self.answering_programmes: dict[str, set[str]] = defaultdict(set)
        for pid, needs in self.programme_answers.items():
            for n in needs:
                self.answering_programmes[n].add(pid)
        #: need -> actors answering it (every dataset)
        self.answering_actors: dict[str, set[str]] = defaultdict(set)
        for aid, needs in self.actor_answers.items():
            for n in needs:
                self.answering_actors[n].add(aid)

        # --- where the studied ecosystem's needs are expressed --------------------------
        #: need -> territories where it is expressed (studied ecosystem)
        self.expressed: dict[str, list[TerritoryRef]] = {}
        for n in self.model.needs.values():
            places = list(dict.fromkeys(n.territories))
            for a in self.model.actors.values():
                if n.id in a.needs:
                    places.extend(ref for ref in self.zone[a.id] if ref not in places)
            self.expressed[n.id] = places
        self.expressed_on: dict[TerritoryRef, list[str]] = defaultdict(list)
        for nid, places in self.expressed.items():
            for ref in places:
                self.expressed_on[ref].append(nid)

    # --- the hierarchy ---------------------------------------------------------------------

    def up(self, ref: TerritoryRef) -> frozenset[TerritoryRef]:
        """``T*↑``: the territory and every territory containing it (:meth:`Territories.up`)."""
        return self.territories.up(ref)

    def contains(self, outer: TerritoryRef, inner: TerritoryRef) -> bool:
        """True when ``inner`` is ``outer`` or lies inside it."""
        return outer in self.up(inner)

    # --- the rules ---------------------------------------------------------------------------

    def present(self, actor: str, territory: TerritoryRef) -> bool:
        """Présent sur T: a stated territory in ``T*↑`` or inside *T*."""
        up = self.up(territory)
        return any(ref in up or territory in self.up(ref) for ref in self.zone.get(actor, ()))

    def actors_present(self, territory: TerritoryRef, *, own: bool = True) -> list[str]:
        """Actors présents sur T, in input order; ``own``: the studied ecosystem's only."""
        found = set(self.inside.get(territory, ()))
        for ref in self.up(territory):
            found.update(self.located_on.get(ref, ()))
        if own:
            return [a for a in self.model.actors if a in found]
        return [a for a in self.actors if a in found]

    def located(self, territory: TerritoryRef) -> list[str]:
        """The studied ecosystem's actors situés sur T, in input order."""
        found = set(self.located_on.get(territory, ()))
        return [a for a in self.model.actors if a in found]

    def needs_expressed(self, territory: TerritoryRef) -> list[str]:
        """The studied ecosystem's needs exprimés sur T, in input order."""
        found = set(self.expressed_on.get(territory, ()))
        return [n for n in self.model.needs if n in found]

    def answered_at(self, need: str, territory: TerritoryRef) -> tuple[list[str], list[str]]:
        """``(programmes answering the need anywhere, actors présents sur T answering it)``."""
        programmes = sorted(self.answering_programmes.get(need, ()))
        actors = sorted(a for a in self.answering_actors.get(need, ()) if self.present(a, territory))
        return programmes, actors

    def relayed_at(self, programme: str, territory: TerritoryRef) -> list[str]:
        """Carriers and relays of a programme présents sur T."""
        return sorted(a for a in self.carriers.get(programme, set()) | self.relays.get(programme, set())
                      if self.present(a, territory))

    def meets(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.meeting

    def world(self, actor: str) -> str | None:
        """The actor's monde, unless presumed."""
        a = self.actors[actor]
        return None if "monde" in a.presumed else a.world

    def natures(self, actor: str) -> tuple[str, ...]:
        """The actor's natures of engineering, unless presumed."""
        a = self.actors[actor]
        return _stated(a.natures, "natures", a.presumed)

    # --- which territories a report looks at ----------------------------------------------

    def referenced(self) -> set[TerritoryRef]:
        """Territories named by the studied ecosystem (perimeter, actors, programmes, needs)."""
        return self.model.territories(observations=False)

    def roots(self, territory: TerritoryRef | None = None) -> list[TerritoryRef]:
        """The studied territories: the one asked, else the perimeter's widest, else none."""
        if territory is not None:
            return [territory]
        perimeter = set(self.model.perimeter)
        return sorted((r for r in perimeter if not any(o != r and self.contains(o, r) for o in perimeter)),
                      key=sort_key)

    def analysed(self, territory: TerritoryRef | None = None) -> list[TerritoryRef]:
        """The territories a report looks at, widest first: the studied ones and the referenced ones inside."""
        refs = self.referenced()
        roots = self.roots(territory)
        if roots:
            chosen = set(roots) | {r for r in refs if any(self.contains(root, r) for root in roots)}
        else:
            chosen = refs
        return sorted(chosen, key=sort_key)

    # --- presentation ---------------------------------------------------------------------

    def name(self, ref: TerritoryRef) -> str:
        return self.territories.name_of(ref)

    def population(self, ref: TerritoryRef) -> int | None:
        return self.territories.population(*ref) if ref[0] in LEVEL_RANK else None

    def region_of(self, ref: TerritoryRef) -> str | None:
        return self.territories.region_of(*ref) if ref[0] in LEVEL_RANK else None

    def actor_name(self, actor: str) -> str:
        return self.actors[actor].name if actor in self.actors else actor

    def names(self, ids: Iterable[str]) -> list[str]:
        out = []
        for i in ids:
            if i in self.actors:
                out.append(self.actors[i].name)
            elif i in self.programmes:
                out.append(self.programmes[i].name)
            elif i in self.needs:
                out.append(self.needs[i].label)
            else:
                out.append(i)
        return out


