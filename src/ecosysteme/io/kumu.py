"""Read a Kumu export (``Elements`` and ``Connections``, CSV files or XLSX sheets) as the input tables.

A catalyst that already maps its ecosystem in Kumu moves it in one command:
``ecosysteme validate SOURCE`` (and ``build``, ``carte``) on the workbook Kumu
exports (sheets ``Elements`` and ``Connections``, see :mod:`.xlsx`) or on a
folder holding Kumu's CSV pair, ``elements.csv`` and ``connections.csv`` (or
the ``kumu-elements.csv`` and ``kumu-connexions.csv`` that ``ecosysteme
export --format kumu`` writes).

Elements: ``Label``, ``Type`` (``Acteur``, ``Programme``, ``Besoin``,
``Territoire``, or an actor type such as ``Association``), ``Description``,
``ID`` (else the label, as an identifier), and the columns of the input format
under their own names (``monde``, ``echelon``, ``territoires``…). Any other
field of an actor (Kumu's ``Tags``, a custom field) is kept as an attribute of
the actor, never dropped. Territories are the real ones, named by code: their
elements are skipped.

Connections: ``From``, ``To``, ``Type`` (a relation type of the format),
``Direction``, and ``montant``, ``debut``, ``fin``, ``provenance``. The links
the format derives from columns (``intervient_sur``, ``concerne``,
``exprime``, ``inclus_dans``, and ``porte`` / ``repond_a`` already stated by a
programme's ``porteurs`` / ``besoins``) are skipped: they come back from the
columns. The rows keep their numbers in the Kumu file, so every error names
the Kumu file, its row and the column.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ecosysteme.io.tables import Cell, RawTable, TableSet, normalise_header
from ecosysteme.vocab import LINK_TYPES

__all__ = ["CONNECTION_FILES", "ELEMENT_FILES", "kumu_pair", "kumu_tables", "read_kumu"]

#: Normalised file stems of the two halves of a Kumu export.
ELEMENT_FILES = ("elements", "kumu_elements")
CONNECTION_FILES = ("connections", "connexions", "kumu_connections", "kumu_connexions")

#: Input column -> the Kumu element columns that fill it, first non-empty wins.
_ACTOR = {"id": ("id",), "nom": ("label",), "type": ("type_acteur",), "monde": ("monde",), "echelon": ("echelon",),
          "natures": ("natures_ingenierie", "natures"), "territoires": ("territoires",), "besoins": ("besoins",),
          "odd": ("odd",), "site_web": ("site_web",), "description": ("description",),
          "alias": ("autres_noms", "alias"), "provenance": ("provenance",), "presume": ("presume",)}
_PROGRAMME = {"id": ("id",), "nom": ("label",), "porteurs": ("porteurs",), "themes": ("themes",),
              "besoins": ("besoins",), "axe": ("axe",), "echelon": ("echelon",), "territoires": ("territoires",),
              "sous_section": ("sous_section",), "description": ("description",), "lien": ("lien", "site_web"),
              "provenance": ("provenance",), "presume": ("presume",)}
_NEED = {"id": ("id",), "libelle": ("label",), "theme": ("theme",), "domaine": ("domaine",),
         "territoires": ("territoires",), "description": ("description",), "provenance": ("provenance",)}
_RELATION = {"source": ("from",), "cible": ("to",), "type": ("type",), "montant": ("montant",),
             "date_debut": ("debut", "date_debut"), "date_fin": ("fin", "date_fin"), "provenance": ("provenance",)}
#: Element columns that are never an actor's own attribute: Kumu's element type, and what our exports derive.
_NOT_ATTRIBUTES = frozenset({"type", "categorie", "niveau_territorial", "code_insee", "population", "axe", "themes",
                             "theme", "domaine", "porteurs", "sous_section", "lien"})
#: Links the input format states as columns (no ``relations`` row type in the ontology), re-derived from them.
_DERIVED = frozenset(k for k, lt in LINK_TYPES.items() if not lt.entry)


def kumu_pair(paths: list[Path]) -> tuple[Path, Path] | None:
    """The elements and connections files among ``paths``, when both are there."""
    stems = {normalise_header(p.stem): p for p in paths if p.suffix.lower() == ".csv"}
    elements = next((stems[s] for s in ELEMENT_FILES if s in stems), None)
    connections = next((stems[s] for s in CONNECTION_FILES if s in stems), None)
    return (elements, connections) if elements and connections else None


def _identifier(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _text(cell: Cell) -> Cell:
    """A text cell stripped, a typed XLSX cell (number, date) as it is, an empty one as ``""``."""
    if cell is None:
        return ""
    if not isinstance(cell, str):
        return cell
    cell = cell.strip()
    # the apostrophe our CSV exports put before a cell a spreadsheet would run as a formula (text.sheet_cell)
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _string(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()


class _Table:
    def __init__(self, name: str, source: str, columns: dict[str, tuple[str, ...]]) -> None:
        self.columns = columns
        self.raw = RawTable(name, source, list(columns), [])

    def add(self, number: int, get, extra: list[tuple[str, str]] | tuple = ()) -> None:
        cells: list[Cell] = []
        for sources in self.columns.values():
            cells.append(next((v for v in (get(s) for s in sources) if v != ""), ""))
        for name, value in extra:
            if name not in self.raw.header:
                self.raw.header.append(name)
                for _number, row in self.raw.rows:
                    row.append("")
            cells.append("")
            cells[self.raw.header.index(name)] = value
        cells.extend([""] * (len(self.raw.header) - len(cells)))
        self.raw.rows.append((number, cells))


def read_kumu(elements_path: Path, connections_path: Path) -> TableSet:
    """The ``acteurs``, ``programmes``, ``besoins`` and ``relations`` tables of a Kumu CSV pair."""
    from ecosysteme.io.csvfile import read_csv

    found = TableSet()
    elements = read_csv(elements_path, "elements", found)
    connections = read_csv(connections_path, "connections", found)
    return kumu_tables(elements, connections, found)


def kumu_tables(elements: RawTable, connections: RawTable, found: TableSet) -> TableSet:
    """Add to ``found`` the input tables of Kumu's ``Elements`` and ``Connections`` (CSV files or XLSX sheets)."""
    actors = _Table("acteurs", elements.source, _ACTOR)
    programmes = _Table("programmes", elements.source, _PROGRAMME)
    needs = _Table("besoins", elements.source, _NEED)
    relations = _Table("relations", connections.source, _RELATION)
    consumed = {s for spec in (_ACTOR, _PROGRAMME, _NEED) for sources in spec.values() for s in sources}
    stated: set[tuple[str, str, str]] = set()  # (type, from, to) already given by a programme's columns

    index = {name: i for i, name in enumerate(elements.header) if name}
    by_label: dict[str, str] = {}  # Kumu names the ends of a connection by label when elements have no ID
    ids: set[str] = set()
    for number, cells in elements.rows:
        def get(column: str, cells: list[Cell] = cells) -> Cell:
            i = index.get(column)
            return _text(cells[i]) if i is not None and i < len(cells) else ""

        label = _string(get("label"))
        ident = _string(get("id")) or _identifier(label)
        kind = normalise_header(get("type"))
        by_label.setdefault(label, ident)
        ids.add(ident)

        def fill(column: str, ident: str = ident) -> Cell:
            return ident if column == "id" else get(column)

        if kind == "territoire":
            continue
        if kind == "programme":
            programmes.add(number, fill)
            for carrier in re.split(r"[|;,]", _string(get("porteurs"))):
                stated.add(("porte", carrier.strip(), ident))
            for need in re.split(r"[|;,]", _string(get("besoins"))):
                stated.add(("repond_a", ident, need.strip()))
        elif kind == "besoin":
            needs.add(number, fill)
        else:
            extra = [(name, _string(get(name))) for name in index
                     if name not in consumed and name not in _NOT_ATTRIBUTES and _string(get(name))]
            actors.add(number, lambda column, ident=ident, kind=kind, get=get: (
                ident if column == "id" else get(column) or (kind if column == "type_acteur" and kind != "acteur"
                                                             else "")), extra)

    index_c = {name: i for i, name in enumerate(connections.header) if name}
    for number, cells in connections.rows:
        def get_c(column: str, cells: list[Cell] = cells) -> Cell:
            i = index_c.get(column)
            return _text(cells[i]) if i is not None and i < len(cells) else ""

        kind = normalise_header(get_c("type"))
        ends = {end: value if value in ids else by_label.get(value, value)
                for end, value in (("from", _string(get_c("from"))), ("to", _string(get_c("to"))))}
        if kind in _DERIVED or (kind, ends["from"], ends["to"]) in stated:
            continue
        relations.add(number, lambda column, get_c=get_c, ends=ends: ends.get(column) or get_c(column))

    for table in (actors, programmes, needs, relations):
        if table.raw.rows or table is actors:
            found[table.raw.name] = table.raw
    return found
