"""The researcher's commands: build --magasin, sparql, magasin."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecosysteme.cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def built(base_store, tmp_path, runner, bord_dir):
    """``ecosysteme build bord --magasin`` into a copy of the base store."""
    store = tmp_path / "magasin"
    shutil.copytree(base_store, store)
    result = runner.invoke(cli, ["build", str(bord_dir), "-o", str(tmp_path / "sortie"), "--formats", "nt",
                                 "--magasin", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def test_build_writes_a_store_that_sparql_opens(built, runner, tmp_path):
    assert (tmp_path / "sortie" / "graphe.nt").is_file()
    result = runner.invoke(cli, ["sparql", "-m", str(built),
                                 "SELECT ?nom WHERE { ?a a eco:Acteur ; rdfs:label ?nom } ORDER BY ?nom"])
    assert result.exit_code == 0, result.output
    assert "Association d'Aire" in result.output and "7 lignes" in result.output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_result_formats(built, runner, fmt):
    query = "SELECT ?id WHERE { ?a a eco:Acteur ; dcterms:identifier ?id } ORDER BY ?id"
    result = runner.invoke(cli, ["sparql", "-m", str(built), "--format", fmt, query])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        ids = [r[0] for r in csv.reader(io.StringIO(result.output))][1:]
    elif fmt == "tsv":
        ids = [line.strip('"') for line in result.output.splitlines()[1:]]
    elif fmt == "json":
        ids = [b["id"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    else:
        import xml.etree.ElementTree as ET

        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        ids = [e.text for e in ET.fromstring(result.output).findall(".//s:literal", ns)]
    assert ids[0] == "asso-aire" and len(ids) == 7


def test_graph_results_and_output_file(built, runner, tmp_path):
    out = tmp_path / "financeurs.ttl"
    result = runner.invoke(cli, ["sparql", "-m", str(built), "-o", str(out),
                                 "CONSTRUCT WHERE { ?a a eco:Financeur ; rdfs:label ?nom }"])
    assert result.exit_code == 0, result.output
    import pyoxigraph as ox

    triples = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2
    result = runner.invoke(cli, ["sparql", "-m", str(built), "--format", "csv", "DESCRIBE eco:Acteur"])
    assert result.exit_code != 0 and "graphe" in result.output


def test_shipped_query_with_parameters(built, runner):
    result = runner.invoke(cli, ["sparql", "-m", str(built), "-f", "q4_voisinage", "-p", "acteur=asso-aire",
                                 "-p", "k=1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    ids = {r["ressource_id"] for r in csv.DictReader(io.StringIO(result.output))}
    assert ids == {"entreprise-adour", "p-barcelonne", "etat-hors-sol"}
    result = runner.invoke(cli, ["sparql", "-m", str(built), "-f", "q1_besoins_non_couverts",
                                 "-p", "territoire=commune:32027"])
    assert result.exit_code == 0 and "b-barcelonne" in result.output  # see tests/stores/test_questions.py
    listing = runner.invoke(cli, ["sparql", "--liste"])
    assert "q3_mondes_sans_rencontre" in listing.output and "-p territoire=" in listing.output


def test_malformed_query_gets_a_clean_message(built, runner):
    result = runner.invoke(cli, ["sparql", "-m", str(built), "SELECT ?a WHERE { ?a a }"])
    assert result.exit_code == 2
    assert "Erreur : Requête SPARQL invalide, ligne 1, colonne 25" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["sparql", "-m", str(built), "-f", "q1_besoins_non_couverts",
                                 "-p", "territoire=region:99"])
    assert result.exit_code == 2 and "region de code « 99 »" in result.output
    result = runner.invoke(cli, ["sparql", "-m", str(built.parent / "absent"), "SELECT * { ?s ?p ?o }"])
    assert result.exit_code == 2 and "n'est pas un magasin" in result.output


def test_query_tables_directly(runner, fixtures_dir):
    result = runner.invoke(cli, ["sparql", "--source", str(fixtures_dir / "utf8_bom_virgule"), "-q",
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?a a eco:Acteur }", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "5"


def test_store_commands(built, runner, tmp_path, fixtures_dir):
    info = runner.invoke(cli, ["magasin", "info", "-m", str(built)])
    assert info.exit_code == 0 and "bord" in info.output and "territoires" in info.output
    load = runner.invoke(cli, ["magasin", "charger", str(fixtures_dir / "utf8_bom_virgule"), "--jeu", "petit",
                               "-m", str(built), "-q"])
    assert load.exit_code == 0, load.output
    out = tmp_path / "petit.nt"
    export = runner.invoke(cli, ["magasin", "exporter", "petit", "--format", "nt", "-o", str(out), "-m", str(built)])
    assert export.exit_code == 0 and out.read_text(encoding="utf-8").count("\n") > 100
    removed = runner.invoke(cli, ["magasin", "retirer", "petit", "-m", str(built), "-q"])
    assert removed.exit_code == 0
    info = runner.invoke(cli, ["magasin", "info", "-m", str(built)])
    assert "petit" not in info.output
    missing = runner.invoke(cli, ["magasin", "retirer", "territoires", "-m", str(built)])
    assert missing.exit_code == 2 and "pas de jeu" in missing.output
