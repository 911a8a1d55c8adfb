"""Read an XLSX workbook: one sheet per table, every row that exists.

Sheets are matched to tables by name (accents, case and spaces aside). Two
sheets for one table are an error, a hidden one included (a hidden
``Actéurs`` must not replace the visible ``acteurs``). A sheet whose name is
close to a table's is an error; any other sheet with content is named in the
report. The stored dimension of a sheet (``<dimension ref="A1:K40"/>``) is
ignored: programs that write it stale would otherwise lose the rows past it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecosysteme.errors import InputError
from ecosysteme.io.report import ERROR, WARNING
from ecosysteme.io.tables import TABLES, Cell, RawTable, TableSet, near_miss_fix, normalise_header, table_for

__all__ = ["read_xlsx"]


def read_xlsx(path: Path) -> TableSet:
    """Read the workbook at ``path``; findings go to the returned set's ``issues``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputError(
            f"{path.name} : classeur XLSX illisible ({type(exc).__name__}). "
            "Ouvrez-le dans votre tableur et enregistrez-le au format « Classeur Excel (.xlsx) »."
        ) from None
    tables = TableSet()
    try:
        candidates: dict[str, list[Any]] = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # a stale <dimension> would cut the rows past it
            table, near = table_for(sheet.title)
            if table is not None:
                candidates.setdefault(table, []).append(sheet)
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


def _hidden(sheet: Any) -> bool:
    return getattr(sheet, "sheet_state", "visible") != "visible"


def _source(path: Path, sheet: Any) -> str:
    return f"{path.name}, feuille {sheet.title}"


def _note_unused(tables: TableSet, path: Path, sheet: Any, near: str | None) -> None:
    filled = sum(1 for values in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in values))
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
    rows: list[tuple[int, list[Cell]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [v.strip() if isinstance(v, str) else ("" if v is None else v) for v in values]
        if header is None:
            if any(c != "" for c in cells):
                header = [normalise_header(c) for c in cells]
            continue
        if any(c != "" for c in cells):
            rows.append((number, cells))
    return RawTable(name, _source(path, sheet), header or [], rows)
