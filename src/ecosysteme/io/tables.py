"""Read the spreadsheets French users really have into raw tables.

A folder of CSV files (``acteurs.csv``…) or one XLSX workbook (one sheet per
table). CSV: ``;``, ``,`` or tab separators, UTF-8, UTF-8 with BOM or cp1252,
stray spaces, empty trailing lines. Cells stay strings (XLSX numbers and dates
are kept typed); parsing and checking belong to :mod:`ecosysteme.io.validate`.
Row numbers are the spreadsheet's own (header = row 1).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ecosysteme.errors import InputError

__all__ = ["TABLES", "RawTable", "normalise_header", "read_tables"]

#: Tables of the input format, in load order.
TABLES = ("jeu", "territoires", "acteurs", "besoins", "programmes", "relations", "indicateurs")

Cell = str | float | int | date | datetime | None


@dataclass(slots=True)
class RawTable:
    """One table as read: normalised header and ``(row_number, cells)`` rows."""

    name: str
    source: str  # file name, or "classeur.xlsx, feuille acteurs"
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    encoding: str | None = None
    separator: str | None = None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of objects are built.

    Building large tables, models and graphs allocates millions of
    containers; each allocation burst triggers collections that rescan
    every live object, which made reading, validating and projecting
    100k-actor inputs several times slower. Nothing here creates reference
    cycles that must be reclaimed meanwhile; collection resumes on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def normalise_header(name: object) -> str:
    """Lower-case, strip accents and spaces: ``" Échelon "`` -> ``"echelon"``."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return "_".join(text.strip().lower().replace("-", " ").split())


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} : encodage illisible (ni UTF-8 ni Windows-1252, octet {exc.start}). "
            "Enregistrez le fichier en « CSV UTF-8 » depuis votre tableur."
        ) from None


def _sniff_separator(header_line: str) -> str:
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, sep: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            n += 1
    return n


def _read_csv(path: Path, name: str) -> RawTable:
    text, encoding = _decode(path)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return RawTable(name, path.name, [], [], encoding, None)
    sep = _sniff_separator(lines[first])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            header=None,
            keep_default_na=False,
            skip_blank_lines=False,
            quotechar='"',
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError(
            f"{path.name} : structure CSV illisible ({exc}). Vérifiez que chaque ligne a le même "
            f"nombre de colonnes que l'en-tête, séparées par « {sep} », et que les guillemets sont fermés."
        ) from None
    values = _stripped_rows(frame)
    first = next(i for i, record in enumerate(values) if any(record))
    header = [normalise_header(h) for h in values[first]]
    while header and header[-1] == "":
        header.pop()
    # every cell is a str here, so "any non-empty cell" is any(record) (what _drop_blank checks)
    rows: list[tuple[int, list[Cell]]] = [(index + 1, values[index]) for index in range(first + 1, len(values))
                                          if any(values[index])]
    return RawTable(name, path.name, header, rows, encoding, sep)


def _stripped_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Rows of cells as stripped strings ("" for a missing cell), column by column for speed."""
    columns = []
    for j in range(frame.shape[1]):
        cells = frame.iloc[:, j].to_numpy(dtype=object).tolist()
        try:
            columns.append(list(map(str.strip, cells)))
        except TypeError:  # a short row left a missing value (NaN) in this column
            columns.append([c.strip() if isinstance(c, str) else "" for c in cells])
    return list(map(list, zip(*columns, strict=True))) if columns else [[] for _ in range(frame.shape[0])]


def _drop_blank(rows: list[tuple[int, list[Cell]]]) -> list[tuple[int, list[Cell]]]:
    return [(n, cells) for n, cells in rows if any(c not in ("", None) for c in cells)]


def _read_xlsx(path: Path) -> dict[str, RawTable]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputError(
            f"{path.name} : classeur XLSX illisible ({type(exc).__name__}). "
            "Ouvrez-le dans votre tableur et enregistrez-le au format « Classeur Excel (.xlsx) »."
        ) from None
    tables: dict[str, RawTable] = {}
    try:
        for sheet in book.worksheets:
            name = normalise_header(sheet.title)
            if name not in TABLES:
                continue
            header: list[str] | None = None
            rows: list[tuple[int, list[Cell]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [v.strip() if isinstance(v, str) else ("" if v is None else v) for v in values]
                if header is None:
                    if any(c != "" for c in cells):
                        header = [normalise_header(c) for c in cells]
                    continue
                rows.append((number, cells))
            tables[name] = RawTable(name, f"{path.name}, feuille {sheet.title}", header or [], _drop_blank(rows))
    finally:
        book.close()
    return tables


def read_tables(source: Path) -> dict[str, RawTable]:
    """Read a folder of CSV files or one XLSX workbook.

    Raises
    ------
    InputError
        When the source is missing, of an unknown kind, or a file is unreadable.
    """
    with gc_paused():
        return _read_tables(Path(source))


def _read_tables(source: Path) -> dict[str, RawTable]:
    if not source.exists():
        raise InputError(f"{source} : introuvable. Indiquez un dossier de fichiers CSV ou un classeur .xlsx.")
    if source.is_file():
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(source)
        raise InputError(
            f"{source.name} : format non pris en charge. Donnez un dossier de fichiers CSV "
            "(acteurs.csv, relations.csv…) ou un classeur .xlsx avec une feuille par table."
        )
    tables: dict[str, RawTable] = {}
    for path in sorted(source.iterdir()):
        stem = normalise_header(path.stem)
        if stem in TABLES and path.suffix.lower() in (".csv", ".tsv", ".txt"):
            if stem in tables:
                raise InputError(f"{source} : deux fichiers pour la table « {stem} ». Gardez-en un seul.")
            tables[stem] = _read_csv(path, stem)
    if not tables:
        workbooks = sorted(p for p in source.iterdir() if p.suffix.lower() == ".xlsx")
        if len(workbooks) == 1:
            return _read_xlsx(workbooks[0])
        raise InputError(
            f"{source} : aucune table reconnue. Nommez vos fichiers d'après les tables : "
            + ", ".join(f"{t}.csv" for t in TABLES)
            + " (seul acteurs.csv est obligatoire)."
        )
    return tables
