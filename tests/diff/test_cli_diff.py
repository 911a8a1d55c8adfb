"""``ecosysteme diff`` as a user runs it: real subprocess, files written, French errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.diff.versions import copy_example, make_versions


def run(*args):
    return subprocess.run([sys.executable, "-m", "ecosysteme", "diff", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return make_versions(tmp_path_factory.mktemp("cli"))


def test_json_file_has_the_issue_shape(versions, tmp_path):
    out = tmp_path / "diff.json"
    result = run(*versions, "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["acteurs"]) >= {"ajoutes", "retires", "modifies"}
    assert set(data["relations"]) >= {"ajoutees", "retirees"}
    assert set(data["trous"]) == {"ouverts", "fermes"}
    assert data["acteurs"]["renommes"][0]["nouveau"] == "brasserie-hamon-morlaix"
    assert [g["territoire"] for g in data["trous"]["fermes"]] == ["commune:29023", "commune:29188"]
    assert f"écrit : {out}" in result.stderr


def test_markdown_on_screen_and_every_format_in_a_folder(versions, tmp_path):
    result = run(*versions, "--sans-trous", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[2] == "- Acteurs : 1 ajouté, 1 retiré, 1 modifié, 1 renommage à confirmer"
    assert "Trous dans la raquette" not in result.stdout
    folder = tmp_path / "rapport"
    result = run(*versions, "--sans-trous", "--format", "html,md,csv,json", "-o", folder, "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["diff.csv", "diff.html", "diff.json", "diff.md"]


def test_invalid_version_is_named_and_nothing_is_written(versions, tmp_path):
    broken = copy_example(tmp_path / "casse")
    path = broken / "acteurs.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(";", 3)
    lines[5] = ";".join([*cells[:2], "banque", cells[3]])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "diff.md"
    result = run(versions[0], broken, "--sans-trous", "-o", out)
    assert result.returncode == 1
    assert "ERREUR — acteurs.csv, ligne 6, colonne « type » (valeur : « banque »)" in result.stdout
    assert "Erreur : version nouvelle (" in result.stderr and "erreurs dans les tableaux" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_version_and_bad_options_are_french_errors(versions, tmp_path):
    result = run(tmp_path / "absent", versions[1], "--sans-trous")
    assert result.returncode == 2
    assert "Erreur : version ancienne (" in result.stderr and "introuvable" in result.stderr
    assert "Traceback" not in result.stderr
    result = run(*versions, "--format", "pdf")
    assert result.returncode == 2 and "format(s) inconnu(s) : pdf ; possibles : html, md, csv, json" in result.stderr
    result = run(*versions, "--format", "md,json")
    assert result.returncode == 2 and "donnez un dossier avec -o DOSSIER" in result.stderr
    result = run(*versions, "--territoire", "commune:00000")
    assert result.returncode == 2 and "--territoire « commune:00000 »" in result.stderr
