"""The canonical model: what a validated set of tables says, with provenance.

Built by :func:`ecosysteme.io.load`; every projection (networkx, RDF, Neo4j,
maps) and every analysis starts from a :class:`Model`. Ids are the users' own
ids; IRIs derive from them (:mod:`ecosysteme.vocab`), so the same input always
gives the same graph.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = [
    "Actor",
    "DatasetInfo",
    "Indicator",
    "Model",
    "Need",
    "Observation",
    "PartialDate",
    "Programme",
    "Provenance",
    "Relation",
    "TerritoryRef",
    "When",
    "format_ref",
]

#: A real territory: ``(level, code)`` with level in pays, region, departement, epci, commune.
TerritoryRef = tuple[str, str]


def format_ref(ref: TerritoryRef) -> str:
    """Write a territory reference the way the input tables do (``commune:35238``)."""
    return "france" if ref == ("pays", "FR") else f"{ref[0]}:{ref[1]}"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known only to the year (``2021``) or the month (``03/2021``), kept at that precision.

    ``isoformat()`` gives ``2021`` or ``2021-03`` (xsd:gYear / xsd:gYearMonth in RDF).

    >>> PartialDate(2021, 3).isoformat(), PartialDate(2021).last_day()
    ('2021-03', datetime.date(2021, 12, 31))
    """

    year: int
    month: int | None = None

    def isoformat(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    @property
    def xsd_type(self) -> str:
        return "gYear" if self.month is None else "gYearMonth"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


#: A relation's date: a day, or a month or a year when that is all the source says.
When = date | PartialDate


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: a file (or sheet) and row, and the source's quote."""

    file: str
    row: int | None = None
    quote: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}, ligne {self.row}" if self.row is not None else self.file
        return f"{where} — {self.quote}" if self.quote else where


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    world: str | None
    level: str | None
    natures: tuple[str, ...]
    territories: tuple[TerritoryRef, ...]
    needs: tuple[str, ...]
    sdgs: tuple[str, ...]
    website: str | None
    description: str | None
    aliases: tuple[str, ...]
    provenance: Provenance
    #: Columns whose value is presumed (filled by default, not stated by the source): never counted as coverage.
    presumed: tuple[str, ...] = ()
    #: ``(column, value)`` of the source's other columns (a Kumu map's own fields): kept, never dropped.
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Programme:
    id: str
    name: str
    carriers: tuple[str, ...]
    themes: tuple[str, ...]
    needs: tuple[str, ...]
    axis: str | None
    level: str | None
    territories: tuple[TerritoryRef, ...]
    subsection: str | None
    description: str | None
    link: str | None
    provenance: Provenance
    #: Columns whose value is presumed (filled by default, not stated by the source).
    presumed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Need:
    id: str
    label: str
    theme: str | None
    domain: str | None
    territories: tuple[TerritoryRef, ...]
    description: str | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two resources (the ``relations`` table)."""

    source: str
    target: str
    type: str
    amount: Decimal | None
    start: When | None
    end: When | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    label: str
    unit: str | None
    domain: str | None
    direction: str | None
    producer: str | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Observation:
    indicator: str
    territory: TerritoryRef
    period: str | None
    value: float | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """What the optional ``jeu`` table says about the dataset as a whole.

    ``fictional`` is declared by the dataset's authors (column ``fictif``),
    never guessed: every output built from a fictional dataset says so.
    """

    title: str | None = None
    description: str | None = None
    fictional: bool = False
    licence: str | None = None
    source: str | None = None
    producer: str | None = None
    provenance: Provenance | None = None


@dataclass(slots=True)
class Model:
    """A validated ecosystem. Dicts keep the input order (deterministic outputs)."""

    dataset: str
    actors: dict[str, Actor] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    perimeter: list[TerritoryRef] = field(default_factory=list)
    info: DatasetInfo = field(default_factory=DatasetInfo)

    def kind_of(self, ident: str) -> str | None:
        """``"acteur"``, ``"programme"``, ``"besoin"`` or None for an unknown id."""
        if ident in self.actors:
            return "acteur"
        if ident in self.programmes:
            return "programme"
        if ident in self.needs:
            return "besoin"
        return None

    def territories(self, *, observations: bool = True) -> set[TerritoryRef]:
        """Every territory the model refers to (not their ancestors).

        ``observations=False`` leaves out the territories only indicator
        values name: those the ecosystem itself (perimeter, actors,
        programmes, needs) names, which the gap analyses look at.
        """
        refs: set[TerritoryRef] = set(self.perimeter)
        for a in self.actors.values():
            refs.update(a.territories)
        for p in self.programmes.values():
            refs.update(p.territories)
        for n in self.needs.values():
            refs.update(n.territories)
        if observations:
            refs.update(o.territory for o in self.observations)
        return refs

    def links(self) -> list[tuple[str, str, str, Provenance]]:
        """Every edge between resources, explicit or implied by a column.

        Returns ``(source, target, type, provenance)`` with types of
        ``relations`` plus ``porte`` (from ``programmes.porteurs``),
        ``exprime`` (``acteurs.besoins``) and ``repond_a`` (``programmes.besoins``).
        """
        out: list[tuple[str, str, str, Provenance]] = [
            (r.source, r.target, r.type, r.provenance) for r in self.relations
        ]
        for p in self.programmes.values():
            out.extend((c, p.id, "porte", p.provenance) for c in p.carriers)
            out.extend((p.id, n, "repond_a", p.provenance) for n in p.needs)
        for a in self.actors.values():
            out.extend((a.id, n, "exprime", a.provenance) for n in a.needs)
        return out
