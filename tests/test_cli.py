"""The CLI as a user runs it: a real subprocess, French messages, exit codes, no traceback."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_help_is_french():
    result = run("--help")
    assert result.returncode == 0
    assert "Vérifier les tableaux" in result.stdout and "Construire le graphe" in result.stdout


def test_validate_ok_exits_zero():
    result = run("validate", FIXTURES / "excel_cp1252")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tableaux valides." in result.stdout


def test_validate_errors_exit_one_with_csv_report(tmp_path):
    (tmp_path / "acteurs.csv").write_text("id;nom;type\na1;X;banque\n", encoding="utf-8")
    result = run("validate", tmp_path, "--format", "csv")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("erreur;valeur_hors_vocabulaire;acteurs.csv;2;type;banque;")
    assert "Traceback" not in result.stderr


def test_build_refuses_bad_input_and_writes_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "acteurs.csv").write_text("id;nom;type\na1;X;banque\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", src, "--out", out)
    assert result.returncode == 1
    assert "ERREUR — acteurs.csv, ligne 2, colonne « type »" in result.stdout
    assert "Erreur : 1 erreur dans les tableaux" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_missing_input_is_a_clean_error(tmp_path):
    result = run("build", tmp_path / "absent", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "\nErreur : " in result.stderr and "introuvable" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_writes_the_usual_formats_and_the_heavy_ones_on_request(tmp_path):
    result = run("build", FIXTURES / "classeur.xlsx", "--out", tmp_path / "a", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["graphe.gexf", "graphe.ttl", "liens.csv", "manifeste.json", "noeuds.csv"]
    result = run("build", FIXTURES / "classeur.xlsx", "--out", tmp_path / "b", "--quiet",
                 "--format", "nt,ttl,jsonld,graphml,gexf,csv")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["graphe.gexf", "graphe.graphml", "graphe.jsonld", "graphe.nt", "graphe.ttl", "liens.csv",
                     "manifeste.json", "noeuds.csv"]
    for name in ("graphe.gexf", "graphe.ttl", "liens.csv", "noeuds.csv"):  # the same bytes either way
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_export_single_format(tmp_path):
    result = run("export", FIXTURES / "tabulation", "--format", "gexf", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphe.gexf", "manifeste.json"]
