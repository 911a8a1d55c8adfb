"""The secretariat's commands as a user runs them: real subprocess, real files, French messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.analysis import regles
from tests.analysis.mini import write_cliques
from tests.conftest import FIXTURES, ROOT


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_gaps_writes_every_format(hostile_dir, tmp_path):
    out = tmp_path / "rapport"
    result = run("gaps", hostile_dir, "--out", out, "--suggestions", "0", "--sans-reference")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["fiches.html", "trous.csv", "trous.html", "trous.json",
                                                     "trous.md"]
    assert "écrit : " in result.stderr and "Traceback" not in result.stderr
    assert "Jeu de référence" not in result.stderr
    data = json.loads((out / "trous.json").read_text(encoding="utf-8"))
    assert data["jeu"] == hostile_dir.name and data["references"] == [] and data["constats"]


def test_trous_alias_territory_format_and_the_default_reference(tmp_path):
    folder = regles.write(tmp_path / "regles")
    result = run("trous", folder, "-o", tmp_path / "out", "--territoire", "242900835", "--format", "json,csv",
                 "--suggestions", "0")
    assert result.returncode == 0, result.stderr
    assert "Jeu de référence : " in result.stderr and "reseau" in result.stderr
    data = json.loads((tmp_path / "out" / "trous-epci-242900835.json").read_text(encoding="utf-8"))
    assert data["territoire"] == "epci:242900835" and data["references"] == ["reseau"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["trous-epci-242900835.csv",
                                                                   "trous-epci-242900835.json"]
    kinds = {c["genre"] for c in data["constats"]}
    assert {"besoin_non_couvert", "mondes_sans_rencontre", "territoire_sans_acteur"} <= kinds


def test_a_given_reference_and_a_direction(tmp_path):
    folder = regles.write(tmp_path / "regles")
    reference = regles.write(tmp_path / "ref", regles.REFERENCE)
    result = run("trous", folder, "-o", tmp_path / "out", "-t", "epci:242900835", "--reference", reference,
                 "--sens", "L1=baisse", "--format", "json", "--suggestions", "0", "-q")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "trous-epci-242900835.json").read_text(encoding="utf-8"))
    assert data["references"] == ["ref"]
    assert all(c["besoin"] != "n-logement" for c in data["constats"])  # the reference's programme answers it
    assert any("L1 : une baisse fragilise" in r for r in data["reglages"])


@pytest.mark.parametrize(("args", "message"), [
    (["--sens", "L1=monte"], "écrivez CODE=hausse ou CODE=baisse"),
    (["--sans-reference", "--reference", "."], "s'excluent"),
])
def test_gaps_bad_settings(hostile_dir, tmp_path, args, message):
    result = run("gaps", hostile_dir, "-o", tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--territoire", "35"], "code « 35 » ambigu"),
    (["--territoire", "commune:99999"], "absent du référentiel officiel"),
])
def test_gaps_bad_territory_is_a_clean_error(hostile_dir, tmp_path, args, message):
    result = run("gaps", hostile_dir, "-o", tmp_path, *args)
    assert result.returncode == 2
    assert "Erreur : --territoire" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_gaps_bad_format(hostile_dir, tmp_path):
    result = run("gaps", hostile_dir, "-o", tmp_path, "--format", "pdf")
    assert result.returncode == 2 and "format(s) inconnu(s) : pdf" in result.stderr and "json" in result.stderr


@pytest.fixture(scope="module")
def cliques_dir(tmp_path_factory):
    return write_cliques(tmp_path_factory.mktemp("cliques"))


def test_suggest_table_with_evaluation(cliques_dir):
    result = run("suggest", cliques_dir, "--top", "3", "--evaluate", "--repetitions", "2", "--k", "4", "-q")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "ROC AUC" in out and "préc. moyenne" in out and "précision@4" in out and "rappel@4" in out
    assert "2 tirages aléatoires (graines 0 à 1)" in out
    for method in ("modèle", "Adamic-Adar", "allocation de ressources", "Jaccard", "attachement préférentiel",
                   "hasard"):
        assert any(line.startswith(method + " ") for line in out.splitlines()), method
    assert "Liens acteur–acteur : le modèle" in out
    lines = out.splitlines()
    first = next(line for line in lines if line.strip().startswith("1  "))
    assert "Acteur c0-1" in first and "Acteur c0-2" in first and "acteur-acteur" in first
    assert "· 3 partenaires communs : Acteur c0-0, Acteur c0-3 et Acteur c0-4." in out


def test_suggerer_csv_to_file(cliques_dir, tmp_path):
    target = tmp_path / "suggestions.csv"
    result = run("suggerer", cliques_dir, "--top", "4", "--format", "csv", "--out", target)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["rang"] for r in rows] == ["1", "2", "3", "4"]
    assert {rows[0]["source"], rows[0]["cible"]} == {"c0-1", "c0-2"}
    assert rows[0]["voisins_communs"] == "c0-0|c0-3|c0-4"


def test_suggerer_cap_per_actor(cliques_dir):
    from collections import Counter

    result = run("suggerer", cliques_dir, "--top", "30", "--max-par-acteur", "1", "--format", "csv", "-q")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))
    assert rows and max(Counter(x for r in rows for x in (r["source"], r["cible"])).values()) == 1
    assert {r["type"] for r in rows} == {"acteur-acteur"}


def test_suggest_too_few_links_is_a_clean_error():
    result = run("suggest", FIXTURES / "excel_cp1252")
    assert result.returncode == 2
    assert "Erreur : trop peu de liens pour apprendre" in result.stderr
    assert "Traceback" not in result.stderr


def test_suggest_on_the_network_data():
    result = run("suggest", ROOT / "data" / "reseau", "--top", "2", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["Rang", "Score", "Acteur", "Lien", "suggéré", "avec", "Type"]
