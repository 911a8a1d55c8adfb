"""Read the spreadsheets French users really have into raw tables.

A folder of CSV files (``acteurs.csv``…) or one XLSX workbook (one sheet per
table). CSV (:mod:`ecosysteme.io.csvfile`): ``;``, ``,`` or tab separators,
UTF-8, UTF-8 with BOM, UTF-16 or a legacy encoding decided per file, stray
spaces, empty trailing lines. XLSX (:mod:`ecosysteme.io.xlsx`): every row that
exists, whatever the workbook's stored dimension says. Cells stay strings
(XLSX numbers and dates are kept typed); parsing and checking belong to
:mod:`ecosysteme.io.validate`. Row numbers are the spreadsheet's own (header = row 1).

Nothing is skipped without a word: a sheet or file whose name is no table's
is named in the report, and one whose name is close to a table's
(``relation.csv``, ``Acteurs 2021``) is an error that names the table meant.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ecosysteme.errors import InputError
from ecosysteme.io.report import ERROR, WARNING, Issue

__all__ = ["HELP_SHEETS", "TABLES", "TEMPLATE_MARK", "RawTable", "TableSet", "normalise_header", "read_tables",
           "table_for"]

#: Tables of the input format, in load order.
TABLES = ("jeu", "territoires", "acteurs", "besoins", "programmes", "relations", "indicateurs")

#: Sheets the blank workbook (``ecosysteme modele``, :mod:`ecosysteme.io.template`) adds for the reader:
#: instructions, vocabularies, the EPCI's communes. They hold no table and are passed over without a
#: warning, but only in a workbook carrying :data:`TEMPLATE_MARK` (its « mots-clés » property).
HELP_SHEETS = ("Lisez-moi", "listes", "communes")
TEMPLATE_MARK = "ecosysteme:modele"

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
    header_row: int = 1  # blank rows may come before the header


class TableSet(dict[str, RawTable]):
    """The tables read from one source, by name, and what reading them found.

    ``issues``: findings of the reading itself (sheets or files ignored or
    misnamed, mixed encodings, a cell that swallowed rows), for the report.
    ``unused``: the sheets or files that hold no table, as the user names
    them (``feuille « Feuil1 »``), to say what was found when a table is missing.
    """

    def __init__(self, *args: object, **kwargs: RawTable) -> None:
        super().__init__(*args, **kwargs)
        self.issues: list[Issue] = []
        self.unused: list[str] = []

    def note(self, severity: str, code: str, file: str, row: int | None, column: str | None, value: object,
             message: str, fix: str) -> None:
        self.issues.append(Issue(severity, code, file, row, column, None if value is None else str(value),
                                 message, fix))


#: Bounds of what is read, with clear messages past them (a hostile or broken file must not exhaust the machine).
MAX_COLUMNS = 1000
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
MAX_FILE_BYTES = 1 << 30
MAX_UNZIPPED_BYTES = 2 << 30

#: Characters XML 1.0 forbids (GraphML, GEXF, RDF/XML would not be well-formed): stripped with a warning.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: At most this many findings of one kind per table; the last one says how many more.
MAX_NOTES = 20


def note_control(found: TableSet, file: str, row: int, column: str, value: str, count: int) -> None:
    """Report the control characters stripped from one cell (``count`` such cells so far in this table)."""
    if count == MAX_NOTES:
        found.note(WARNING, "caractere_de_controle", file, None, None, None,
                   "d'autres cellules contenaient des caractères de contrôle, retirés aussi", "même correction")
    if count >= MAX_NOTES:
        return
    found.note(WARNING, "caractere_de_controle", file, row, column, CONTROL.sub("", value)[:60],
               "caractère(s) de contrôle invisible(s) retiré(s) de la cellule (ils rendraient les exports "
               "XML illisibles)", "retirez-les du tableur (souvent un copier-coller depuis un PDF ou un logiciel)")


#: Files that may hold a table; any other file (README.md, a PDF…) is documentation.
TABULAR = (".csv", ".tsv", ".txt")
WORKBOOKS = (".xlsx", ".xlsm")
OTHER_SHEETS = (".xls", ".ods", ".numbers")


def table_for(name: str) -> tuple[str | None, str | None]:
    """``(table, None)`` when ``name`` (a file stem or a sheet title) is a table's, else ``(None, near)``.

    ``near`` is the table a near-miss name most likely means (``relation``,
    ``Relations partenaires``, ``Acteurs 2021``), or None.

    >>> table_for("Actéurs"), table_for("Relations partenaires"), table_for("Feuil1")
    (('acteurs', None), (None, 'relations'), (None, None))
    """
    key = normalise_header(name)
    if key in TABLES:
        return key, None
    words = [w for w in re.split(r"[_\d]+", key) if w]
    for table in TABLES:
        if table in words or table.removesuffix("s") in words:
            return None, table
    close = difflib.get_close_matches(key, TABLES, n=1, cutoff=0.75)
    return None, close[0] if close else None


def near_miss_fix(near: str, what: str) -> str:
    """The fix for a sheet or file named close to the table ``near``."""
    if what == "feuille":
        return (f"vouliez-vous dire « {near} » ? renommez la feuille « {near} » ; si une feuille « {near} » "
                "existe déjà, copiez-y ses lignes puis supprimez celle-ci")
    return (f"vouliez-vous dire « {near} » ? renommez le fichier « {near}.csv » ; si un fichier « {near}.csv » "
            "existe déjà, copiez-y ses lignes puis supprimez celui-ci")


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


def read_tables(source: Path) -> TableSet:
    """Read a folder of CSV files or one XLSX workbook.

    The tables come with what reading found (``issues``: ignored or misnamed
    sheets and files, mixed encodings, swallowed rows…), which
    :func:`ecosysteme.io.validate.validate_tables` puts first in its report.

    Raises
    ------
    InputError
        When the source is missing, of an unknown kind, or a file is unreadable; when two
        sheets or files are candidates for one table; past the bounds on size and columns.
    """
    with gc_paused():
        return _read_tables(Path(source))



def _read_tables(source: Path) -> TableSet:
    from ecosysteme.io.csvfile import read_csv
    from ecosysteme.io.xlsx import read_xlsx

    if not source.exists():
        raise InputError(f"{source} : introuvable. Indiquez un dossier de fichiers CSV ou un classeur .xlsx.")
    if source.is_file():
        if source.suffix.lower() in WORKBOOKS:
            return read_xlsx(source)
        raise InputError(
            f"{source.name} : format non pris en charge. Donnez un dossier de fichiers CSV "
            "(acteurs.csv, relations.csv…) ou un classeur .xlsx avec une feuille par table."
        )
    tables = TableSet()
    workbooks: list[Path] = []
    others: list[tuple[Path, str | None]] = []  # tabular files that are no table, with the table they may mean
    for path in sorted(source.iterdir()):
        if path.name.startswith((".", "~$")):  # hidden files, Excel's lock files
            continue
        suffix = path.suffix.lower()
        if suffix in WORKBOOKS and path.is_file():
            workbooks.append(path)
            continue
        if suffix not in TABULAR + OTHER_SHEETS:
            continue
        table, near = table_for(path.stem)
        if path.is_dir():
            raise InputError(f"{path} : c'est un dossier, pas un fichier. Renommez ce dossier ou remplacez-le "
                             f"par le fichier {path.name}.")
        if table is None or suffix in OTHER_SHEETS:
            others.append((path, near if table is None else table))
            continue
        if table in tables:
            raise InputError(f"{source} : deux fichiers pour la table « {table} » ({tables[table].source} et "
                             f"{path.name}). Gardez-en un seul.")
        tables[table] = read_csv(path, table, tables)
    if not tables:
        from ecosysteme.io.kumu import kumu_pair, read_kumu

        pair = kumu_pair([path for path, _near in others])
        if pair is not None:
            return read_kumu(*pair)
    if not tables and len(workbooks) == 1:
        book = read_xlsx(workbooks[0])
        _note_unused_files(book, others, [])
        return book
    if not tables:
        found = [p.name for p, _ in others] + [p.name for p in workbooks]
        hints = [f"« {p.name} » (vouliez-vous dire « {near}.csv » ?)" for p, near in others if near]
        raise InputError(
            f"{source} : aucune table reconnue"
            + (f" (fichiers trouvés : {', '.join(found)})" if found else "")
            + (f" ; renommez {', '.join(hints)}" if hints else "")
            + ". Nommez vos fichiers d'après les tables : " + ", ".join(f"{t}.csv" for t in TABLES)
            + " (seul acteurs.csv est obligatoire)."
        )
    _note_unused_files(tables, others, workbooks)
    return tables


def _note_unused_files(tables: TableSet, others: list[tuple[Path, str | None]], workbooks: list[Path]) -> None:
    for path, near in others:
        tables.unused.append(f"fichier « {path.name} »")
        if path.suffix.lower() in OTHER_SHEETS:
            tables.note(ERROR if near else WARNING, "format_non_lu", path.name, None, None, None,
                        f"fichier ignoré : le format {path.suffix} n'est pas lu",
                        "enregistrez-le en CSV (ou en classeur .xlsx) depuis votre tableur")
        elif near:
            tables.note(ERROR, "nom_de_table_approchant", path.name, None, None, None,
                        "fichier ignoré : son nom est proche de celui d'une table sans l'être",
                        near_miss_fix(near, "fichier"))
        else:
            tables.note(WARNING, "fichier_ignore", path.name, None, None, None,
                        "fichier ignoré : son nom n'est celui d'aucune table",
                        "s'il contient des données à charger, nommez-le d'après sa table ("
                        + ", ".join(f"{t}.csv" for t in TABLES) + ") ; sinon, rien à faire")
    for path in workbooks:
        tables.unused.append(f"classeur « {path.name} »")
        tables.note(WARNING, "fichier_ignore", path.name, None, None, None,
                    "classeur ignoré : le dossier contient déjà des fichiers CSV de tables",
                    "gardez soit les fichiers CSV, soit un seul classeur .xlsx avec une feuille par table")
