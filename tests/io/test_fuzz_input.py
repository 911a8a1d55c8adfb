"""Seeded fuzzing of the input: random bytes, random CSV structure, damaged XLSX parts.

Whatever the file, reading and validating either gives a report or raises a
French :class:`~ecosysteme.errors.EcosystemeError`; never another exception
(a traceback for the user), never a long hang. The seeds are fixed so a
failure replays; the CLI is run on a sample to check its exit codes.
"""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import Workbook

from ecosysteme.errors import EcosystemeError
from ecosysteme.io import load

CELLS = ["a1", "Alpha", "association", "", " ", "Réseau", "Fondation Élan", '"', '""', "x;y", "a,b", "\t", "\n",
         "\r\n", "2021", "03/2021", "43938", "17/04/2020", "commune:75101", "35238", "region:53", "²", "\x00",
         "\x07", "=1+1", "-3", "1 234,5", "|", "a1|a2", "partenariat", "financement", "id", "nom", "type",
         "\ufeff", "\u00a0", "é", "\ufffe", "😀", "ⅷ", "١٢", "monde", "echelon", "x" * 300]
HEADERS = [["id", "nom", "type"], ["id", "nom", "type", "territoires", "odd", "description"],
           ["source", "cible", "type", "montant", "date_debut", "date_fin"], ["Identifiant", "Nom"], []]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "mac_roman", "latin-1"]
NAMES = ["acteurs.csv", "relations.csv", "relation.csv", "Acteurs 2021.csv", "acteurs.txt", "notes.csv",
         "programmes.tsv", "jeu.csv"]


def _csv_case(rng: random.Random) -> bytes:
    sep = rng.choice([";", ",", "\t", "|"])
    header = rng.choice(HEADERS)
    lines = [sep.join(header)] if header else []
    for _ in range(rng.randint(0, 12)):
        row = [rng.choice(CELLS) for _ in range(rng.randint(0, len(header) + 2))]
        if rng.random() < 0.3:
            row = [f'"{c}"' if rng.random() < 0.5 else c for c in row]
        lines.append(sep.join(row))
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n", "\n\n", sep * 3])
    encoding = rng.choice(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.2:  # splice bytes of another encoding in
        data += rng.choice(CELLS).encode(rng.choice(ENCODINGS), errors="replace")
    return data


def _xlsx_case(rng: random.Random) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title in rng.sample(["acteurs", "Actéurs", "relations", "Relations partenaires", "Feuil1", "jeu"],
                            rng.randint(2, 3)):  # openpyxl cannot hide a workbook's only sheet
        sheet = book.create_sheet(title)
        header = rng.choice(HEADERS)
        if header:
            sheet.append(header)
        for _ in range(rng.randint(0, 8)):
            sheet.append([rng.choice([c for c in CELLS if c.isprintable() or c in "\t\n"]
                                     + [2021, 43938, 1.5, -1, None, True]) for _ in range(len(header) + 1)])
        if rng.random() < 0.2 and len(book.worksheets) > 1:  # one sheet at least stays visible
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    damage = rng.random()
    if damage < 0.2:
        return data[: rng.randint(0, len(data))]  # truncated download
    if damage < 0.5:  # one part rewritten: random bytes, or its XML cut or its dimension wrong
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            victim = rng.choice(src.namelist())
            for item in src.infolist():
                part = src.read(item.filename)
                if item.filename == victim:
                    part = rng.choice([rng.randbytes(rng.randint(0, 200)), part[: len(part) // 2],
                                       part.replace(b'<dimension ref="', b'<dimension ref="A1:B1" x="')])
                dst.writestr(item, part)
        return out.getvalue()
    return data


def _case(rng: random.Random, folder) -> object:
    kind = rng.random()
    if kind < 0.15:
        path = folder / rng.choice(NAMES)
        path.write_bytes(rng.randbytes(rng.randint(0, 400)))
        return folder
    if kind < 0.75:
        for name in rng.sample(NAMES, rng.randint(1, 3)):
            (folder / name).write_bytes(_csv_case(rng))
        return folder
    path = folder / "classeur.xlsx"
    path.write_bytes(_xlsx_case(rng))
    return path


@pytest.mark.parametrize("seed", range(8))
def test_random_inputs_give_a_report_or_a_french_error(tmp_path, seed):
    rng = random.Random(seed)
    for i in range(40):
        folder = tmp_path / f"cas{i}"
        folder.mkdir()
        source = _case(rng, folder)
        started = time.perf_counter()
        try:
            _, report = load(source, duplicates=False)
        except EcosystemeError as exc:
            message = str(exc)
            assert " : " in message and re.search(r"[éèàêç«]|\b(le|la|les|un|une|de|du)\b", message), message
        else:
            assert all(issue.message and issue.fix for issue in report.issues)
        assert time.perf_counter() - started < 20, f"graine {seed}, cas {i} : trop lent"


def test_cli_exit_codes_on_random_inputs(tmp_path):
    rng = random.Random(1234)
    for i in range(4):
        folder = tmp_path / f"cas{i}"
        folder.mkdir()
        source = _case(rng, folder)
        result = subprocess.run([sys.executable, "-m", "ecosysteme", "validate", str(source)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr, result.stderr
