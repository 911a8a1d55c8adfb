"""What changed between two versions of an ecosystem: records, relations, gaps and data quality.

:func:`diff_ecosystems` compares two validated versions (pure, no I/O):

- actors, programmes and needs by id: added, removed, modified (each changed
  column with its old and new value, named as in the input tables);
- ids that look renamed (a removed id and an added one with the same website or
  very close names, by the duplicate detector of :mod:`ecosysteme.io.duplicates`)
  are listed as renames *to confirm*, not as a removal plus an addition; the
  comparison of the other records reads old ids through these renames;
- relations identified by ``(source, cible, type)``: added, removed, and
  modified when their amount, dates or provenance changed;
- gaps (:func:`~ecosysteme.analysis.gaps.find_gaps`, used as is) opened and
  closed, a finding being its kind, territory and key (:attr:`Finding.key`);
- data quality: completeness per table (from the validation reports) and
  actors qualified (monde, échelon and territoires known).

Records are compared on a tuple of their columns first (one comparison per
unchanged record); only records that differ are compared column by column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from ecosysteme.analysis.gaps import KINDS, Finding, GapSettings, find_gaps
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Actor, Model, Need, PartialDate, Programme, Relation, TerritoryRef, format_ref

__all__ = ["ACTOR_COLUMNS", "NEED_COLUMNS", "PROGRAMME_COLUMNS", "RELATION_COLUMNS", "Diff", "GapDiff",
           "Modified", "QualityDiff", "RecordDiff", "RelationChange", "RelationDiff", "Rename", "diff_ecosystems",
           "is_qualified"]

#: Compared columns of each table: ``(column of the input table, attribute of the model)``.
ACTOR_COLUMNS = (("nom", "name"), ("type", "type"), ("monde", "world"), ("echelon", "level"),
                 ("natures", "natures"), ("territoires", "territories"), ("besoins", "needs"), ("odd", "sdgs"),
                 ("site_web", "website"), ("description", "description"), ("alias", "aliases"),
                 ("provenance", "provenance"))
PROGRAMME_COLUMNS = (("nom", "name"), ("porteurs", "carriers"), ("themes", "themes"), ("besoins", "needs"),
                     ("axe", "axis"), ("echelon", "level"), ("territoires", "territories"),
                     ("sous_section", "subsection"), ("description", "description"), ("lien", "link"),
                     ("provenance", "provenance"))
NEED_COLUMNS = (("libelle", "label"), ("theme", "theme"), ("domaine", "domain"), ("territoires", "territories"),
                ("description", "description"), ("provenance", "provenance"))
RELATION_COLUMNS = (("montant", "amount"), ("date_debut", "start"), ("date_fin", "end"), ("provenance", "provenance"))
#: Columns holding ids of other records (read through the renames).
_REFERENCES = {"needs", "carriers"}

RelationKey = tuple[str, str, str]


@dataclass(frozen=True)
class Modified:
    """A record present in both versions whose columns changed: ``{column: (old, new)}`` (JSON values)."""

    id: str
    fields: Mapping[str, tuple[Any, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "champs": {c: {"avant": o, "apres": n} for c, (o, n) in self.fields.items()}}


@dataclass(frozen=True)
class Rename:
    """A removed id and an added one that look like the same record: to confirm by the user."""

    old: str
    new: str
    score: float
    reason: str
    fields: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"ancien": self.old, "nouveau": self.new, "score": self.score, "raison": self.reason,
                "champs": {c: {"avant": o, "apres": n} for c, (o, n) in self.fields.items()}}


@dataclass(frozen=True)
class RecordDiff:
    """Changes of one table of records (actors, programmes or needs)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[Modified, ...] = ()
    renamed: tuple[Rename, ...] = ()

    def __len__(self) -> int:
        return len(self.added) + len(self.removed) + len(self.modified) + len(self.renamed)

    def to_json(self, feminine: bool = False) -> dict[str, Any]:
        e = "e" if feminine else ""
        return {f"ajoute{e}s": list(self.added), f"retire{e}s": list(self.removed),
                f"modifie{e}s": [m.to_json() for m in self.modified],
                f"renomme{e}s": [r.to_json() for r in self.renamed]}


@dataclass(frozen=True)
class RelationChange:
    """A relation of both versions whose amount, dates or provenance changed."""

    key: RelationKey
    fields: Mapping[str, tuple[Any, Any]]

    def to_json(self) -> dict[str, Any]:
        return {**_relation_json(self.key),
                "champs": {c: {"avant": o, "apres": n} for c, (o, n) in self.fields.items()}}


@dataclass(frozen=True)
class RelationDiff:
    added: tuple[RelationKey, ...] = ()
    removed: tuple[RelationKey, ...] = ()
    modified: tuple[RelationChange, ...] = ()

    def __len__(self) -> int:
        return len(self.added) + len(self.removed) + len(self.modified)

    def to_json(self) -> dict[str, Any]:
        return {"ajoutees": [_relation_json(k) for k in self.added],
                "retirees": [_relation_json(k) for k in self.removed],
                "modifiees": [c.to_json() for c in self.modified]}


@dataclass(frozen=True)
class GapDiff:
    """Findings of the gap analysis that appear (opened) or disappear (closed), by territory then kind."""

    opened: tuple[Finding, ...] = ()
    closed: tuple[Finding, ...] = ()
    territory: TerritoryRef | None = None

    def __len__(self) -> int:
        return len(self.opened) + len(self.closed)

    def to_json(self) -> dict[str, Any]:
        return {"ouverts": [_finding_json(f) for f in self.opened], "fermes": [_finding_json(f) for f in self.closed]}


@dataclass(frozen=True)
class TableQuality:
    table: str
    rows: tuple[int, int]
    completeness: tuple[float | None, float | None]

    def to_json(self) -> dict[str, Any]:
        return {"table": self.table, "lignes": {"avant": self.rows[0], "apres": self.rows[1]},
                "completude": {"avant": _round(self.completeness[0]), "apres": _round(self.completeness[1])}}


@dataclass(frozen=True)
class QualityDiff:
    """Completeness per table (share of required and recommended cells filled) and actors qualified."""

    tables: tuple[TableQuality, ...]
    qualified: tuple[int, int]
    actors: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {"tables": [t.to_json() for t in self.tables],
                "acteurs_qualifies": {"avant": self.qualified[0], "apres": self.qualified[1]},
                "acteurs": {"avant": self.actors[0], "apres": self.actors[1]}}


@dataclass(frozen=True)
class Diff:
    """Result of :func:`diff_ecosystems`; :meth:`to_json` gives the shape of ``ecosysteme diff --format json``."""

    old: str
    new: str
    actors: RecordDiff
    programmes: RecordDiff
    needs: RecordDiff
    relations: RelationDiff
    gaps: GapDiff | None
    quality: QualityDiff

    @property
    def renames(self) -> dict[str, str]:
        """Every rename to confirm, old id -> new id (actors, programmes and needs)."""
        return {r.old: r.new for d in (self.actors, self.programmes, self.needs) for r in d.renamed}

    @property
    def empty(self) -> bool:
        return not (len(self.actors) or len(self.programmes) or len(self.needs) or len(self.relations)
                    or (self.gaps is not None and len(self.gaps)))

    def to_json(self) -> dict[str, Any]:
        return {"ancien": self.old, "nouveau": self.new,
                "acteurs": self.actors.to_json(), "relations": self.relations.to_json(),
                "programmes": self.programmes.to_json(), "besoins": self.needs.to_json(),
                "trous": self.gaps.to_json() if self.gaps is not None else None,
                "qualite": self.quality.to_json()}


# --------------------------------------------------------------------------------------------------

def diff_ecosystems(old: Ecosystem | Model, new: Ecosystem | Model, *, renames: bool = True, gaps: bool = True,
                    territory: TerritoryRef | str | None = None, settings: GapSettings | None = None,
                    rename_threshold: float = 0.8) -> Diff:
    """Compare two versions of an ecosystem.

    Parameters
    ----------
    old, new : Ecosystem (or Model)
        The two versions; gaps are found with each one's reference datasets.
    renames : bool
        Look for renamed ids (a removed id and an added one with the same
        website or names at least ``rename_threshold`` similar).
    gaps : bool
        Compare the findings of the gap analysis (``territory``, ``settings``: see
        :func:`~ecosysteme.analysis.gaps.find_gaps`).

    Returns
    -------
    Diff
    """
    a, b = as_ecosystem(old), as_ecosystem(new)
    ma, mb = a.model, b.model
    found: dict[str, list[tuple[str, str, float, str]]] = {}
    mapping: dict[str, str] = {}
    for kind, table_a, table_b, named in (("actors", ma.actors, mb.actors, _actor_named),
                                          ("programmes", ma.programmes, mb.programmes, _programme_named),
                                          ("needs", ma.needs, mb.needs, _need_named)):
        found[kind] = _renames(table_a, table_b, named, rename_threshold) if renames else []
        mapping.update((o, n) for o, n, _s, _w in found[kind])
    actors = _records(ma.actors, mb.actors, ACTOR_COLUMNS, mapping, found["actors"])
    programmes = _records(ma.programmes, mb.programmes, PROGRAMME_COLUMNS, mapping, found["programmes"])
    needs = _records(ma.needs, mb.needs, NEED_COLUMNS, mapping, found["needs"])
    relations = _relations(ma.relations, mb.relations, mapping)
    gap_diff = _gaps(a, b, territory, settings, mapping) if gaps else None
    return Diff(ma.dataset, mb.dataset, actors, programmes, needs, relations, gap_diff, _quality(a, b))


def is_qualified(actor: Actor) -> bool:
    """An actor is qualified when its monde, its échelon and at least one territory are known."""
    return bool(actor.world and actor.level and actor.territories)


# -------------------------------------------------------------------------------------------------- records

def _json(value: Any, column: str = "") -> Any:
    """A model value as JSON, written the way the input tables mean it (territories as ``commune:29151``)."""
    if column == "territoires":
        return [format_ref(ref) for ref in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date | PartialDate):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(x) for x in value]
    return getattr(value, "quote", str(value))  # Provenance: the source's own words


def _getter(columns: tuple[tuple[str, str], ...], mapping: Mapping[str, str], split: bool
            ) -> tuple[Callable[[Any], tuple], tuple[tuple[str, str], ...]]:
    """The compared values of a record (one C-level ``attrgetter`` for the plain columns) and their columns.

    With ``split``, the columns holding ids come after the plain ones, read
    through ``mapping``; the provenance (the source's words) comes last.
    """
    refs = [(c, a) for c, a in columns if split and a in _REFERENCES]
    plain = [(c, a) for c, a in columns if a != "provenance" and (c, a) not in refs]
    provenance = [(c, a) for c, a in columns if a == "provenance"]
    get = attrgetter(*(a for _c, a in plain))
    if len(plain) == 1:  # attrgetter of one name gives the value, not a tuple
        one = get
        get = lambda record: (one(record),)  # noqa: E731
    ref_attrs = [a for _c, a in refs]

    def values(record: Any) -> tuple:
        out = get(record)
        if ref_attrs:
            out += tuple(tuple(mapping.get(x, x) for x in getattr(record, a)) for a in ref_attrs)
        if provenance:
            out += (record.provenance.quote,)
        return out

    return values, (*plain, *refs, *provenance)


def _changes(columns, old: tuple, new: tuple, order: Mapping[str, int] | None = None) -> dict[str, tuple[Any, Any]]:
    found = [(c, (_json(o, c), _json(n, c))) for (c, _attr), o, n in zip(columns, old, new, strict=True) if o != n]
    if order is not None:
        found.sort(key=lambda item: order[item[0]])
    return dict(found)


def _records(old: Mapping[str, Any], new: Mapping[str, Any], columns, mapping: Mapping[str, str],
             renames: list[tuple[str, str, float, str]]) -> RecordDiff:
    split = bool(mapping)
    old_values, layout = _getter(columns, mapping, split)
    new_values, _same = _getter(columns, {}, split)
    order = {c: i for i, (c, _a) in enumerate(columns)}
    renamed_old = {o for o, _n, _s, _w in renames}
    renamed_new = {n for _o, n, _s, _w in renames}
    added = tuple(i for i in new if i not in old and i not in renamed_new)
    removed = tuple(i for i in old if i not in new and i not in renamed_old)
    modified = []
    for ident, record in new.items():
        before = old.get(ident)
        if before is None:
            continue
        o, n = old_values(before), new_values(record)
        if o != n:
            modified.append(Modified(ident, _changes(layout, o, n, order)))
    renamed = tuple(Rename(o, n, s, why, _changes(layout, old_values(old[o]), new_values(new[n]), order))
                    for o, n, s, why in renames)
    return RecordDiff(added, removed, tuple(modified), renamed)


class _Named:
    """What the duplicate detector reads of a record: id, name, aliases, website."""

    __slots__ = ("aliases", "id", "name", "website")

    def __init__(self, ident: str, name: str, aliases: tuple[str, ...] = (), website: str | None = None) -> None:
        self.id, self.name, self.aliases, self.website = ident, name, aliases, website


def _actor_named(a: Actor) -> _Named:
    return _Named(a.id, a.name, a.aliases, a.website)


def _programme_named(p: Programme) -> _Named:
    return _Named(p.id, p.name)  # programmes of one carrier share its website: names only


def _need_named(n: Need) -> _Named:
    return _Named(n.id, n.label)


def _renames(old: Mapping[str, Any], new: Mapping[str, Any], named, threshold: float
             ) -> list[tuple[str, str, float, str]]:
    """``(old id, new id, score, reason)``, each id at most once, best pairs first, in the new input order."""
    from ecosysteme.io.duplicates import find_duplicate_actors

    gone = [named(r) for i, r in old.items() if i not in new]
    came = [named(r) for i, r in new.items() if i not in old]
    if not gone or not came:
        return []
    gone_ids = {g.id for g in gone}
    came_ids = {c.id for c in came}
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    pairs = []
    for x, y, score, reason in find_duplicate_actors([*gone, *came], threshold=threshold):  # type: ignore[list-item]
        o, n = (x, y) if x in gone_ids else (y, x)
        if o not in gone_ids or n not in came_ids or o in taken_old or n in taken_new:
            continue
        taken_old.add(o)
        taken_new.add(n)
        pairs.append((o, n, score, reason))
    order = {i: k for k, i in enumerate(new)}
    return sorted(pairs, key=lambda p: order[p[1]])


# -------------------------------------------------------------------------------------------------- relations

def _relation_json(key: RelationKey) -> dict[str, str]:
    return {"source": key[0], "cible": key[1], "type": key[2]}


def _relation_rows(relations: list[Relation], mapping: Mapping[str, str]) -> dict[RelationKey, tuple]:
    """``{(source, cible, type): (montant, debut, fin, provenance)}``; a key on several rows maps to a list of them."""
    if mapping:
        keys = [(mapping.get(r.source, r.source), mapping.get(r.target, r.target), r.type) for r in relations]
    else:
        keys = [(r.source, r.target, r.type) for r in relations]
    values = [(r.amount, r.start, r.end, r.provenance.quote) for r in relations]
    rows: dict[RelationKey, Any] = dict(zip(keys, values, strict=True))
    if len(rows) != len(keys):  # a few keys on several rows: keep them all, in a list, order-free
        several = [k for k, n in Counter(keys).items() if n > 1]
        grouped: dict[RelationKey, list[tuple]] = {k: [] for k in several}
        for k, v in zip(keys, values, strict=True):
            if k in grouped:
                grouped[k].append(v)
        for k, vs in grouped.items():
            rows[k] = sorted(vs, key=repr)
    return rows


def _relations(old: list[Relation], new: list[Relation], mapping: Mapping[str, str]) -> RelationDiff:
    before, after = _relation_rows(old, mapping), _relation_rows(new, {})
    added = tuple(k for k in after if k not in before)
    removed = tuple(k for k in before if k not in after)
    modified = []
    for key, rows in after.items():
        previous = before.get(key)
        if previous is None or previous == rows:
            continue
        if isinstance(previous, tuple) and isinstance(rows, tuple):
            fields = _changes(RELATION_COLUMNS, previous, rows)
        else:  # several rows with the same (source, cible, type), in one version or both
            previous, rows = _as_rows(previous), _as_rows(rows)
            if sorted(map(repr, previous)) == sorted(map(repr, rows)):
                continue
            fields = {"lignes": ([_row_json(r) for r in previous], [_row_json(r) for r in rows])}
        if fields:
            modified.append(RelationChange(key, fields))
    return RelationDiff(added, removed, tuple(modified))


def _as_rows(value: tuple | list[tuple]) -> list[tuple]:
    return value if isinstance(value, list) else [value]


def _row_json(row: tuple) -> dict[str, Any]:
    return {c: _json(v) for (c, _a), v in zip(RELATION_COLUMNS, row, strict=True)}


# -------------------------------------------------------------------------------------------------- gaps

def _finding_json(f: Finding) -> dict[str, Any]:
    return {"genre": f.kind, "territoire": f.territory_key, "territoire_nom": f.territory_name, "cle": f.key[2],
            "titre": f.title}


def _gaps(a: Ecosystem, b: Ecosystem, territory, settings, mapping: Mapping[str, str]) -> GapDiff:
    before = find_gaps(a, territory, settings=settings)
    after = find_gaps(b, territory, settings=settings)

    def key(f: Finding) -> tuple[str, ...]:
        kind, where, value = f.key
        return (kind, where, mapping.get(value, value))

    old_keys = {key(f) for f in before.findings}
    new_keys = {f.key for f in after.findings}
    rank = {k: i for i, k in enumerate(KINDS)}

    def order(f: Finding) -> tuple:
        return (f.territory_key, rank.get(f.kind, len(rank)), f.key[2])

    opened = tuple(sorted((f for f in after.findings if f.key not in old_keys), key=order))
    closed = tuple(sorted((f for f in before.findings if key(f) not in new_keys), key=order))
    return GapDiff(opened, closed, after.territory)


# -------------------------------------------------------------------------------------------------- quality

def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _quality(a: Ecosystem, b: Ecosystem) -> QualityDiff:
    ra, rb = a.report, b.report
    tables = []
    names = list(dict.fromkeys([*(ra.completeness if ra else {}), *(rb.completeness if rb else {})]))
    for name in names:
        rows = ((ra.row_counts.get(name, 0) if ra else 0), (rb.row_counts.get(name, 0) if rb else 0))
        tables.append(TableQuality(name, rows, (ra.completeness.get(name) if ra else None,
                                                rb.completeness.get(name) if rb else None)))
    qualified = (sum(map(is_qualified, a.model.actors.values())), sum(map(is_qualified, b.model.actors.values())))
    return QualityDiff(tuple(tables), qualified, (len(a.model.actors), len(b.model.actors)))
