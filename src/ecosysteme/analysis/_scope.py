"""Shared indexes of a model over the real territory hierarchy (private).

:class:`Scope` answers the three territorial predicates of
``docs/questions.md`` once and caches them:

- a programme *reaches* ``T`` if it intervenes on a territory of ``T*↑``;
- an actor *is present on* ``T`` if it intervenes on a territory of ``T*↓``
  (equivalently: ``T`` is in the upward closure of one of its territories);
- a need *concerns* ``T`` if it concerns a territory of ``T*↑`` (a need
  without territory concerns France).

It also indexes what programmes answer (``repond_a`` or their ``besoins``
column: explicit answers only, never a shared theme), who carries
or relays what, and the ecosystem's actor links. Everything is derived from
the model only; nothing is printed or written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ecosysteme.model import Model, TerritoryRef
from ecosysteme.territories import FRANCE, LEVEL_RANK, as_ref, sort_key
from ecosysteme.vocab import ECOSYSTEM_LINKS

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.ecosystem import Ecosystem

__all__ = ["FRANCE", "LEVEL_RANK", "Scope", "as_ref"]



class Scope:
    """Indexes of one ecosystem for territorial questions (built once: :attr:`Ecosystem.scope`).

    Parameters
    ----------
    ecosystem : Ecosystem
        A validated ecosystem; its model and territory hierarchy are used.
    """

    def __init__(self, ecosystem: Ecosystem | Model) -> None:
        from ecosysteme.ecosystem import as_ecosystem

        ecosystem = as_ecosystem(ecosystem)
        model = ecosystem.model
        self.model = model
        self.territories = ecosystem.territories
        #: Derived indexes an analysis computes once per model (keyed by the analysis).
        self.cache: dict[str, object] = {}

        # --- territorial indexes ------------------------------------------------
        self.actor_zone: dict[str, frozenset[TerritoryRef]] = {
            a.id: self.closure(a.territories) for a in model.actors.values()
        }
        self.actors_on: dict[TerritoryRef, list[str]] = defaultdict(list)
        for aid, zone in self.actor_zone.items():
            for ref in zone:
                self.actors_on[ref].append(aid)
        self.programmes_at: dict[TerritoryRef, list[str]] = defaultdict(list)
        for p in model.programmes.values():
            for ref in dict.fromkeys(p.territories):
                self.programmes_at[ref].append(p.id)
        self.need_refs: dict[str, tuple[TerritoryRef, ...]] = {
            n.id: (n.territories or (FRANCE,)) for n in model.needs.values()
        }
        self.needs_at: dict[TerritoryRef, list[str]] = defaultdict(list)
        for nid, refs in self.need_refs.items():
            for ref in dict.fromkeys(refs):
                self.needs_at[ref].append(nid)

        # --- what answers what ----------------------------------------------------
        self.answers: dict[str, set[str]] = {p: set() for p in model.programmes}
        self.actor_answers: dict[str, set[str]] = {a: set() for a in model.actors}
        self.answers_by_relation: dict[str, set[str]] = {p: set() for p in model.programmes}
        self.carriers: dict[str, set[str]] = {p: set() for p in model.programmes}
        self.relays: dict[str, set[str]] = {p: set() for p in model.programmes}
        self.funders: dict[str, set[str]] = {p: set() for p in model.programmes}
        #: (a, b, type) for every actor-to-actor or actor-to-programme link of the ecosystem.
        self.ecosystem_links: list[tuple[str, str, str]] = []
        for source, target, kind, _prov in ecosystem.links:
            if kind == "repond_a":
                if source in self.answers and target in model.needs:
                    self.answers[source].add(target)
                    self.answers_by_relation[source].add(target)
                elif source in self.actor_answers and target in model.needs:
                    self.actor_answers[source].add(target)
                continue
            if kind not in ECOSYSTEM_LINKS:
                continue
            if source not in model.actors and source not in model.programmes:
                continue
            if target not in model.actors and target not in model.programmes:
                continue
            self.ecosystem_links.append((source, target, kind))
            if target in model.programmes and source in model.actors:
                role = {"porte": self.carriers, "relais": self.relays, "financement": self.funders}.get(kind)
                if role is not None:
                    role[target].add(source)
        # answering is explicit only (a repond_a relation or the programme's besoins column): a shared theme
        # is never an answer (see ecosysteme.analysis.presence)
        self.answered_by: dict[str, set[str]] = {n: set() for n in model.needs}
        for pid, needs in self.answers.items():
            for nid in needs:
                self.answered_by[nid].add(pid)

    # --- hierarchy --------------------------------------------------------------

    def up(self, ref: TerritoryRef) -> frozenset[TerritoryRef]:
        """``T*↑``: the territory and every territory containing it (:meth:`Territories.up`)."""
        return self.territories.up(ref)

    def closure(self, refs: Iterable[TerritoryRef]) -> frozenset[TerritoryRef]:
        """Union of ``T*↑`` over ``refs``."""
        out: set[TerritoryRef] = set()
        for ref in refs:
            out |= self.up(ref)
        return frozenset(out)

    def is_within(self, ref: TerritoryRef, container: TerritoryRef) -> bool:
        """True if ``ref`` is ``container`` or one of its descendants."""
        return container in self.up(ref)

    # --- the three predicates ---------------------------------------------------------

    def reaches(self, programme: str, territory: TerritoryRef) -> bool:
        up = self.up(territory)
        return any(ref in up for ref in self.model.programmes[programme].territories)

    def present(self, actor: str, territory: TerritoryRef) -> bool:
        return territory in self.actor_zone[actor]

    def concerns(self, need: str, territory: TerritoryRef) -> bool:
        up = self.up(territory)
        return any(ref in up for ref in self.need_refs[need])

    def programmes_reaching(self, territory: TerritoryRef) -> list[str]:
        """Programmes reaching ``territory``, in model order."""
        found: set[str] = set()
        for ref in self.up(territory):
            found.update(self.programmes_at.get(ref, ()))
        return [p for p in self.model.programmes if p in found]

    def actors_present(self, territory: TerritoryRef) -> list[str]:
        """Actors present on ``territory``, in model order."""
        found = set(self.actors_on.get(territory, ()))
        return [a for a in self.model.actors if a in found]

    def needs_concerning(self, territory: TerritoryRef) -> list[str]:
        """Needs concerning ``territory``, in model order."""
        found: set[str] = set()
        for ref in self.up(territory):
            found.update(self.needs_at.get(ref, ()))
        return [n for n in self.model.needs if n in found]

    # --- which territories to analyse ----------------------------------------------------

    def referenced(self) -> set[TerritoryRef]:
        """Territories named by actors, programmes, needs and the perimeter (not indicators)."""
        return self.model.territories(observations=False)

    def analysed(self, territory: TerritoryRef | str | None = None) -> list[TerritoryRef]:
        """The territories a report looks at, widest first.

        With ``territory``: it and every referenced territory inside it.
        Without: the perimeter and the referenced territories inside it when a
        perimeter is given, else every referenced territory.
        """
        refs = self.referenced()
        if territory is not None:
            root = as_ref(territory)
            chosen = {root} | {r for r in refs if self.is_within(r, root)}
        elif self.model.perimeter:
            roots = set(self.model.perimeter)
            chosen = roots | {r for r in refs if any(self.is_within(r, root) for root in roots)}
        else:
            chosen = refs
        return sorted(chosen, key=self.sort_key)

    # --- presentation helpers ------------------------------------------------------------

    sort_key = staticmethod(sort_key)

    def name(self, ref: TerritoryRef) -> str:
        """Official name, ``"France"`` for the country, the key when unknown."""
        return self.territories.name_of(ref)

    def population(self, ref: TerritoryRef) -> int | None:
        if ref[0] not in LEVEL_RANK:
            return None
        return self.territories.population(*ref)

    def region_of(self, ref: TerritoryRef) -> str | None:
        if ref[0] not in LEVEL_RANK:
            return None
        return self.territories.region_of(*ref)

    def finest_common(self, refs_a: Iterable[TerritoryRef], refs_b: Iterable[TerritoryRef]) -> TerritoryRef | None:
        """The most local territory in both upward closures (smallest population on ties)."""
        common = self.closure(refs_a) & self.closure(refs_b)
        if not common:
            return None
        return max(common, key=lambda r: (LEVEL_RANK.get(r[0], -1), -(self.population(r) or 0), r[1]))
