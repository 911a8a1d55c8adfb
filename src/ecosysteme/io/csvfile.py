"""Read one CSV file into a raw table, saying what looks wrong in its text.

The encoding is decided per file (:mod:`ecosysteme.io.encoding`), the
separator from the first non-blank line. Two things are read but reported:
lines in another encoding than the rest of the file, and a cell holding a
line break followed by what looks like more rows, which is what one
unclosed quote does (the rows after it become text of that cell).
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ecosysteme.errors import InputError
from ecosysteme.io.encoding import decode_text, encoding_label
from ecosysteme.io.report import WARNING
from ecosysteme.io.tables import (
    CONTROL,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_NOTES,
    Cell,
    RawTable,
    TableSet,
    normalise_header,
    note_control,
)

__all__ = ["read_csv"]

def read_csv(path: Path, name: str, found: TableSet) -> RawTable:
    """Read ``path`` as the table ``name``; findings go to ``found.issues``."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path.name} : fichier de {size // 2**20} Mo, au-delà de la limite de "
                         f"{MAX_FILE_BYTES // 2**20} Mo. Découpez-le ou retirez les colonnes inutiles.")
    data = path.read_bytes()
    decoded = decode_text(data, path.name)
    blank = re.match(r"(?:[ \t\r\f\v]*\n)*", decoded.text)
    assert blank is not None
    lead = blank.group().count("\n")  # blank lines before the header: pandas cannot start on one
    text = decoded.text[blank.end():]
    if not text or text.isspace():
        return RawTable(name, path.name, [], [], decoded.encoding, None)
    header_line = text.partition("\n")[0]
    sep = _sniff_separator(header_line[:65536])
    if header_line.count(sep) >= MAX_COLUMNS:
        raise InputError(f"{path.name}, ligne {lead + 1} : en-tête de {header_line.count(sep) + 1} colonnes, "
                         f"au-delà de la limite de {MAX_COLUMNS}. Vérifiez le séparateur et retirez les colonnes "
                         "vides ou inutiles.")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, header=None, keep_default_na=False,
                            skip_blank_lines=False, quotechar='"', engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise InputError(_structure_message(path.name, str(exc), sep, lead)) from None
    # a cell holds a line break only when the text has more lines than records (cheap to tell)
    multiline = frame.shape[0] < text.count("\n") + (not text.endswith("\n"))
    breaks = np.zeros(frame.shape[0], dtype=np.int64) if multiline else None
    values = _stripped_rows(frame, breaks)
    first = next((i for i, record in enumerate(values) if any(record)), None)
    if first is None:  # separators and spaces only
        return RawTable(name, path.name, [], [], decoded.encoding, sep)
    header = [normalise_header(h) for h in values[first]]
    while header and header[-1] == "":
        header.pop()
    # every cell is a str here, so "any non-empty cell" is any(record)
    rows: list[tuple[int, list[Cell]]] = [(lead + index + 1, values[index])
                                          for index in range(first + 1, len(values)) if any(values[index])]
    longest, control = _scan(data, decoded.text, decoded.encoding)
    if longest > MAX_CELL_CHARS or (breaks is not None and len(text) > MAX_CELL_CHARS):
        _check_lengths(frame, header, path.name, lead, first)
    if control:
        _strip_control(found, path.name, header, rows)
    if decoded.legacy_lines or breaks is not None:
        starts = [lead + start for start in _record_lines(breaks, len(values))]
        if decoded.legacy_lines:
            _note_mixed(found, path.name, decoded.legacy_lines, decoded.encoding, decoded.text.split("\n"),
                        starts, lead)
        if breaks is not None and breaks.any():
            _note_swallowed(found, path.name, frame, breaks, starts, header, sep, first, lead)
    return RawTable(name, path.name, header, rows, decoded.encoding, sep, lead + first + 1)


def _scan(data: bytes, text: str, encoding: str) -> tuple[int, bool]:
    """Bytes of the longest line, and whether a character XML forbids is there: vectorised passes over the bytes.

    No cell can be longer than the longest line unless it holds a quoted
    line break. Control characters are the bytes below 32 but tab, CR and LF
    in every encoding read here but UTF-16, looked for in the text then.
    """
    octets = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(octets == 10)
    longest = int(np.diff(np.concatenate(([-1], newlines, [len(data)]))).max())
    if encoding == "utf-16":
        return longest, CONTROL.search(text) is not None
    allowed = len(newlines) + np.count_nonzero(octets == 13) + np.count_nonzero(octets == 9)
    return longest, bool(np.count_nonzero(octets < 32) > allowed)


def _structure_message(name: str, detail: str, sep: str, lead: int) -> str:
    m = re.search(r"EOF inside string starting at row (\d+)", detail)
    if m:
        return (f"{name} : un guillemet « \" » ouvert ligne {lead + int(m.group(1)) + 1} n'est jamais fermé, "
                "si bien que tout le reste du fichier serait lu comme une seule cellule. Fermez ce guillemet "
                "(ou retirez-le), puis revalidez.")
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if m:
        expected, line, saw = m.groups()
        return (f"{name}, ligne {lead + int(line)} : {saw} colonnes au lieu de {expected}. Vérifiez les « {sep} » "
                "de cette ligne (un séparateur en trop dans un texte doit être entre guillemets) et que les guillemets "
                "des lignes précédentes sont fermés.")
    return (f"{name} : structure CSV illisible ({detail}). Vérifiez que chaque ligne a le même nombre de "
            f"colonnes que l'en-tête, séparées par « {sep} », et que les guillemets sont fermés.")


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


def _stripped_rows(frame: pd.DataFrame, breaks: np.ndarray | None) -> list[list[str]]:
    """Rows of cells as stripped strings ("" for a missing cell), column by column for speed.

    With ``breaks``, add to it the line breaks each record holds inside its cells.
    """
    columns = []
    for j in range(frame.shape[1]):
        series = frame.iloc[:, j]
        if breaks is not None:
            counts = series.str.count("\n").fillna(0).to_numpy(dtype=np.int64)
            if counts.any():
                breaks += counts
        cells = series.to_numpy(dtype=object).tolist()
        try:
            columns.append(list(map(str.strip, cells)))
        except TypeError:  # a short row left a missing value (NaN) in this column
            columns.append([c.strip() if isinstance(c, str) else "" for c in cells])
    return list(map(list, zip(*columns, strict=True))) if columns else [[] for _ in range(frame.shape[0])]


def _record_lines(breaks: np.ndarray | None, n: int) -> list[int]:
    """The line of the text file where each record starts (1-based)."""
    if breaks is None or not breaks.any():
        return list(range(1, n + 1))
    starts = np.ones(n, dtype=np.int64)
    starts[1:] += np.cumsum(breaks[:-1] + 1)
    return starts.tolist()


def _row_of_line(starts: list[int], line: int, lead: int) -> int:
    """The spreadsheet row holding a line of the text file (``lead`` blank lines before the header)."""
    return lead + max(bisect.bisect_right(starts, line), 1)


def _note_mixed(found: TableSet, file: str, legacy_lines: list[int], encoding: str, lines: list[str],
                starts: list[int], lead: int) -> None:
    legacy = encoding.split("+")[1]
    label = encoding_label(legacy)
    for k, line in enumerate(legacy_lines):
        if k == MAX_NOTES:
            found.note(WARNING, "encodage_mixte", file, None, None, None,
                       f"et {len(legacy_lines) - k} autre(s) ligne(s) en {label}", "même correction")
            break
        row = _row_of_line(starts, line, lead)
        where = "" if row == line else f" (ligne {line} du fichier texte)"
        excerpt = lines[line - 1].rstrip("\r")[:80] if line - 1 < len(lines) else None
        found.note(WARNING, "encodage_mixte", file, row, None, excerpt,
                   f"cette ligne est en {label} alors que le reste du fichier est en UTF-8{where} : "
                   f"elle a été lue en {label}, vérifiez ses accents",
                   "corrigez la ligne si besoin, puis enregistrez tout le fichier en « CSV UTF-8 »")


def _note_swallowed(found: TableSet, file: str, frame: pd.DataFrame, breaks: np.ndarray, starts: list[int],
                    header: list[str], sep: str, first: int, lead: int) -> None:
    wanted = max(1, (len(header) - 1) // 2)  # separators that make a line look like a row
    notes = 0
    for i in np.flatnonzero(breaks).tolist():
        if i <= first:
            continue
        for j, value in enumerate(frame.iloc[i].tolist()):
            if not isinstance(value, str) or "\n" not in value:
                continue
            rest = [line for line in value.split("\n")[1:] if line.count(sep) >= wanted]
            if not rest:
                continue
            if notes == MAX_NOTES:
                found.note(WARNING, "cellule_multiligne", file, None, None, None,
                           "d'autres cellules contiennent des lignes du tableau", "même correction")
                return
            notes += 1
            column = header[j] if j < len(header) and header[j] else f"colonne {j + 1}"
            begin, end = starts[i], starts[i] + int(breaks[i])
            found.note(WARNING, "cellule_multiligne", file, lead + i + 1, column, value.split("\n")[0][:60] + "…",
                       f"cette cellule contient un saut de ligne suivi de {len(rest)} ligne(s) qui ressemblent à "
                       f"des lignes du tableau (lignes {begin} à {end} du fichier texte) : un guillemet « \" » "
                       "n'est sans doute pas fermé, et ces lignes sont lues comme du texte de la cellule",
                       "fermez le guillemet ouvert dans cette cellule (ou retirez-le), puis revalidez")


def _check_lengths(frame: pd.DataFrame, header: list[str], file: str, lead: int, first: int) -> None:
    for j in range(frame.shape[1]):
        lengths = frame.iloc[:, j].str.len()
        if lengths.max() > MAX_CELL_CHARS:
            i = int(lengths.to_numpy().argmax())
            column = header[j] if j < len(header) and header[j] else f"colonne {j + 1}"
            where = "l'en-tête" if i <= first else f"la cellule de la colonne « {column} »"
            raise InputError(f"{file}, ligne {lead + i + 1} : {where} a {int(lengths.iloc[i])} caractères, au-delà "
                             f"de la limite de {MAX_CELL_CHARS} (celle d'Excel). Un guillemet non fermé peut en être "
                             "la cause ; sinon, raccourcissez ce texte.")


def _strip_control(found: TableSet, file: str, header: list[str], rows: list[tuple[int, list[Cell]]]) -> None:
    count = 0
    for row, cells in rows:
        for j, value in enumerate(cells):
            if isinstance(value, str) and CONTROL.search(value):
                column = header[j] if j < len(header) and header[j] else f"colonne {j + 1}"
                note_control(found, file, row, column, value, count)
                count += 1
                cells[j] = CONTROL.sub("", value).strip()
