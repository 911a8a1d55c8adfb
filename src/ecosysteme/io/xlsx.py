"""Read an XLSX workbook: one sheet per table, every row that exists.

Sheets are matched to tables by name (accents, case and spaces aside). Two
sheets for one table are an error, a hidden one included (a hidden
``Actéurs`` must not replace the visible ``acteurs``). A sheet whose name is
close to a table's is an error; any other sheet with content is named in the
report. The stored dimension of a sheet (``<dimension ref="A1:K40"/>``) is
ignored: programs that write it stale would otherwise lose the rows past it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ecosysteme.errors import InputError
from ecosysteme.io.report import ERROR, WARNING
from ecosysteme.io.tables import (
    CONTROL,
    HELP_SHEETS,
    MAX_COLUMNS,
    MAX_UNZIPPED_BYTES,
    TABLES,
    TEMPLATE_MARK,
    Cell,
    RawTable,
    TableSet,
    near_miss_fix,
    normalise_header,
    note_control,
    table_for,
)

__all__ = ["read_xlsx"]


def read_xlsx(path: Path) -> TableSet:
    """Read the workbook at ``path``; findings go to the returned set's ``issues``."""
    _check_unzipped_size(path)
    with path.open("rb") as handle:  # closed here even when openpyxl fails half-way
        return _read_book(path, handle)


def _read_book(path: Path, handle: Any) -> TableSet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputError(
            f"{path.name} : classeur XLSX illisible ({type(exc).__name__}). "
            "Ouvrez-le dans votre tableur et enregistrez-le au format « Classeur Excel (.xlsx) »."
        ) from None
    tables = TableSet()
    try:
        candidates: dict[str, list[Any]] = {}
        others: list[tuple[Any, str | None]] = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # a stale <dimension> would cut the rows past it
            table, near = table_for(sheet.title)
            if table is not None:
                candidates.setdefault(table, []).append(sheet)
            else:
                others.append((sheet, near))
        kumu = {normalise_header(sheet.title): sheet for sheet, _near in others}
        if not candidates and "elements" in kumu and "connections" in kumu:  # a workbook exported by Kumu
            from ecosysteme.io.kumu import kumu_tables

            return kumu_tables(_read_sheet(tables, path, kumu["elements"], "elements"),
                               _read_sheet(tables, path, kumu["connections"], "connections"), tables)
        # the help sheets of our blank workbook, recognised by its mark: another workbook's « communes »
        # sheet may hold the user's data and is named like any other unused sheet
        ours = (getattr(book.properties, "keywords", None) or "") == TEMPLATE_MARK
        help_sheets = {normalise_header(name) for name in HELP_SHEETS} if ours else set()
        for sheet, near in others:
            if normalise_header(sheet.title) in help_sheets:
                tables.unused.append(f"feuille d'aide du modèle « {sheet.title} »")
            else:
                _note_unused(tables, path, sheet, near)
        for table, sheets in candidates.items():
            if len(sheets) > 1:
                names = ", ".join(f"« {s.title} »" + (" (masquée)" if _hidden(s) else "") for s in sheets)
                raise InputError(
                    f"{path.name} : {len(sheets)} feuilles pour la table « {table} » : {names}. Gardez-en une "
                    "seule (pour voir les feuilles masquées : clic droit sur un onglet, « Afficher »), ou "
                    "renommez les autres."
                )
        for table in TABLES:
            if table in candidates:
                tables[table] = _read_sheet(tables, path, candidates[table][0], table)
    finally:
        book.close()
    return tables


def _rows(path: Path, sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a sheet; a damaged sheet (XML cut, bad compression…) is an :class:`InputError`."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception as exc:  # openpyxl and the XML parser raise many types for a damaged part
        raise InputError(
            f"{path.name}, feuille « {sheet.title} » : feuille endommagée ({type(exc).__name__}). Ouvrez le "
            "classeur dans votre tableur et enregistrez-le à nouveau au format « Classeur Excel (.xlsx) »."
        ) from None


def _check_unzipped_size(path: Path) -> None:
    """Refuse a workbook that would decompress past the bound (a "zip bomb") before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # load_workbook says it is unreadable
    if unzipped > MAX_UNZIPPED_BYTES:
        raise InputError(f"{path.name} : le classeur se décompresse en {unzipped // 2**20} Mo, au-delà de la limite "
                         f"de {MAX_UNZIPPED_BYTES // 2**20} Mo. Retirez les feuilles, images ou colonnes inutiles.")


def _hidden(sheet: Any) -> bool:
    return getattr(sheet, "sheet_state", "visible") != "visible"


def _source(path: Path, sheet: Any) -> str:
    return f"{path.name}, feuille {sheet.title}"


def _note_unused(tables: TableSet, path: Path, sheet: Any, near: str | None) -> None:
    filled = sum(1 for values in _rows(path, sheet) if any(v not in (None, "") for v in values))
    if not filled:
        return  # an empty sheet (Excel's Feuil2) holds nothing to lose
    hidden = " masquée" if _hidden(sheet) else ""
    tables.unused.append(f"feuille{hidden} « {sheet.title} »")
    if near:
        tables.note(ERROR, "nom_de_table_approchant", _source(path, sheet), None, None, None,
                    f"feuille{hidden} ignorée ({filled} ligne(s) remplie(s)) : son nom est proche de celui "
                    "d'une table sans l'être", near_miss_fix(near, "feuille"))
    else:
        tables.note(WARNING, "feuille_ignoree", _source(path, sheet), None, None, None,
                    f"feuille{hidden} ignorée ({filled} ligne(s) remplie(s)) : son nom n'est celui d'aucune table",
                    "si elle contient des données à charger, renommez-la d'après sa table ("
                    + ", ".join(TABLES) + ") ; sinon, rien à faire")


def _read_sheet(tables: TableSet, path: Path, sheet: Any, name: str) -> RawTable:
    if _hidden(sheet):
        tables.note(WARNING, "feuille_masquee", _source(path, sheet), None, None, None,
                    f"la feuille masquée « {sheet.title} » est lue comme table « {name} »",
                    "vérifiez que c'est bien la bonne feuille (clic droit sur un onglet, « Afficher »)")
    header: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list[Cell]]] = []
    controls = 0
    for number, values in enumerate(_rows(path, sheet), start=1):
        cells = [v.strip() if isinstance(v, str) else ("" if v is None else v) for v in values]
        if header is None:
            if any(c != "" for c in cells):
                header, header_row = [normalise_header(c) for c in cells], number
                if len(header) > MAX_COLUMNS:
                    raise InputError(f"{_source(path, sheet)}, ligne {number} : en-tête de {len(header)} colonnes, "
                                     f"au-delà de la limite de {MAX_COLUMNS}. Retirez les colonnes inutiles.")
            continue
        for j, c in enumerate(cells):
            if type(c) is str and not c.isprintable() and CONTROL.search(c):
                column = header[j] if j < len(header) and header[j] else f"colonne {j + 1}"
                note_control(tables, _source(path, sheet), number, column, c, controls)
                controls += 1
                cells[j] = CONTROL.sub("", c).strip()
        if any(c != "" for c in cells):
            rows.append((number, cells))
    for row, j in _formulas_without_value(sheet):
        column = header[j] if header and j < len(header) and header[j] else f"colonne {j + 1}"
        tables.note(ERROR, "formule_sans_valeur", _source(path, sheet), row, column, None,
                    "formule sans valeur calculée : la cellule est lue vide",
                    "ouvrez et enregistrez le classeur dans Excel (ou LibreOffice) pour que ses formules soient "
                    "calculées, ou remplacez la formule par sa valeur")
    return RawTable(name, _source(path, sheet), header or [], rows, header_row=header_row)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _formulas_without_value(sheet: Any) -> list[tuple[int, int]]:
    """``(row, column index)`` of the formula cells that have no cached value (a workbook never calculated).

    With ``data_only`` those read as empty, so the sheet XML is looked at: a
    quick scan first (most sheets have no formula), then a streaming parse.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    with sheet._get_source() as src:
        tail = b""
        while chunk := src.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                break
            tail = chunk[-16:]
        else:
            return []
    found: list[tuple[int, int]] = []
    with sheet._get_source() as src:
        for _event, element in iterparse(src, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "row":
                element.clear()  # its cells are done: keep memory flat on large sheets
            if tag != "c":
                continue
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children.get("v")
            if "f" in children and (value is None or not (value.text or "").strip()) and element.get("r"):
                letters, row = coordinate_from_string(element.get("r"))
                found.append((row, column_index_from_string(letters) - 1))
            element.clear()
    return found
