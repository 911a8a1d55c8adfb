"""The gap report: one prioritised list, the data gaps, every finding, in HTML, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from html import escape

import pytest
from markdown_it import MarkdownIt

from ecosysteme.analysis import KINDS, find_gaps
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from ecosysteme.report import build_gap_report, write_gap_report
from ecosysteme.report.markdown import md_escape
from tests.analysis import regles
from tests.analysis.mini import XSS_NAME


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    return Ecosystem(load_valid(regles.write(tmp_path_factory.mktemp("regles"))))


@pytest.fixture(scope="module")
def local_report(local):
    return build_gap_report(local, regles.EPCI, suggestions=0)


def test_sections_in_order_and_every_finding_once(local, local_report):
    assert [s.key for s in local_report.sections] == [
        "actions", "donnees", *KINDS, "fragilite", "complementarites"]
    gaps = find_gaps(local, regles.EPCI)
    sections = {s.key: s for s in local_report.sections}
    for kind in KINDS:
        assert [f.title for f in sections[kind].findings] == [f.title for f in gaps.of_kind(kind)]
    assert [f.title for f in sections["actions"].findings] == [f.title for f in gaps.actions]
    # a finding among the actions is detailed there only, and its section points to it
    first = gaps.actions[0]
    row = next(f for f in sections[first.kind].findings if f.title == first.title)
    assert row.evidence == ("Détaillé dans les actions prioritaires (n° 1).",) and not row.leads
    assert [f.title for f in sections["donnees"].findings][:2] == [
        "Acteurs : « echelon » présumé (1)", "Acteurs : « territoires » présumé (1)"]


def test_a_local_report_says_who_it_is_for_and_the_rules(local_report, tmp_path, local):
    assert local_report.audience.startswith("Rapport local — CA Morlaix Communauté")
    assert any(n.startswith("Règle — Répondre est explicite") for n in local_report.notes)
    assert any(n.startswith("Priorité = poids du genre") for n in local_report.notes)
    assert any(n.startswith("Réglage — Points de rupture") for n in local_report.notes)
    md = write_gap_report(local, tmp_path, regles.EPCI, formats=["md"], report=local_report)[0]
    text = md.read_text(encoding="utf-8")
    assert "Rapport local — CA Morlaix Communauté" in text and "Rapport du secrétariat" not in text


def test_network_report_is_the_secretariats(reseau):
    report = build_gap_report(reseau, suggestions=0)
    assert report.audience == "Rapport du secrétariat du Réseau"
    actions = next(s for s in report.sections if s.key == "actions").findings
    # the programmes with no known carrier come first, not after hundreds of national rows
    assert actions and len(actions) <= 15


def test_files_escape_and_agree(hostile, tmp_path):
    report = build_gap_report(hostile, suggestions=0)
    paths = write_gap_report(hostile, tmp_path, report=report)
    assert [p.name for p in paths] == ["trous.html", "trous.md", "trous.csv", "trous.json", "fiches.html"]
    html, md, raw = paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8"), paths[2].read_bytes()
    assert XSS_NAME not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script>") == 1  # only our own script
    assert "http://" not in html and "https://" not in html and "src=" not in html.replace("src=x", "")
    assert md_escape(XSS_NAME) in md and "&lt;" not in md  # escaped by a backslash, no HTML entity
    rendered = MarkdownIt("commonmark").render(md)  # a real CommonMark renderer, raw HTML allowed
    assert "<img" not in rendered and escape(XSS_NAME) in rendered
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["avertissement", "section", "rang", "code_territoire", "territoire", "constat", "priorite",
                       "preuves", "pistes", "identifiants"]
    assert len(rows) - 1 == len(report.findings)
    assert any(XSS_NAME in cell for r in rows[1:] for cell in r)  # the CSV keeps the text as it is
    for finding in report.findings:  # every finding is on the page
        assert escape(finding.title) in html
    data = json.loads(paths[3].read_text(encoding="utf-8"))
    assert len(data["constats"]) == len(report.gaps.findings) and data["jeu"] == "mini"
    sheets = paths[4].read_text(encoding="utf-8")
    assert sheets.count("class='fiche' id=") == len(report.gaps.analysed) and "@page" in sheets
    assert XSS_NAME not in sheets


def test_markdown_has_no_html_entities_and_says_ampersands_plainly(tmp_path):
    tables = dict(regles.TABLES)
    tables["acteurs"] = tables["acteurs"].replace("Asso de Morlaix", "Asso A & B de Morlaix")
    model = load_valid(regles.write(tmp_path / "amp", tables))
    md = write_gap_report(model, tmp_path / "out", regles.EPCI, formats=["md"], suggestions=0)[0]
    text = md.read_text(encoding="utf-8")
    assert "Asso A & B de Morlaix" in text and "&amp;" not in text


def test_a_fictional_dataset_says_so_at_the_top_of_every_file(tmp_path):
    tables = dict(regles.TABLES, jeu="titre;fictif\nExemple;oui\n")
    model = load_valid(regles.write(tmp_path / "fictif", tables))
    paths = write_gap_report(model, tmp_path / "out", regles.EPCI, suggestions=0)
    html, md, csv_text, js, sheets = (p.read_text(encoding="utf-8-sig") for p in paths)
    assert html.index("DONNÉES FICTIVES") < html.index("<header>")
    assert md.splitlines()[2].startswith("> **DONNÉES FICTIVES")
    first = next(iter(csv.DictReader(io.StringIO(csv_text), delimiter=";")))
    assert first["avertissement"].startswith("DONNÉES FICTIVES")
    assert json.loads(js)["fictif"] is True and json.loads(js)["avertissement"].startswith("DONNÉES FICTIVES")
    assert sheets.count("DONNÉES FICTIVES") == len(find_gaps(model, regles.EPCI).analysed)


def test_csv_cells_cannot_be_formulas(tmp_path):
    tables = dict(regles.TABLES)
    tables["acteurs"] = tables["acteurs"].replace("Le Catalyseur", "=1+2")
    model = load_valid(regles.write(tmp_path / "f", tables))
    text = write_gap_report(model, tmp_path / "out", regles.EPCI, formats=["csv"], suggestions=0)[0].read_text(
        "utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert any(cell.startswith("'=1+2 : catalyseur") for cell in cells)


def test_territory_file_names(hostile, tmp_path):
    paths = write_gap_report(hostile, tmp_path, "epci:243500139", formats=["md", "html"], suggestions=0)
    assert [p.name for p in paths] == ["trous-epci-243500139.md", "trous-epci-243500139.html",
                                       "fiches-epci-243500139.html"]
    assert paths[0].read_text(encoding="utf-8").startswith(
        "# Trous dans la raquette — mini — Rennes Métropole (epci:243500139)")


def test_fragility_leaves_out_programme_leaves_and_data_producers(reseau):
    report = build_gap_report(reseau, suggestions=0)
    fragility = next(s for s in report.sections if s.key == "fragilite")
    titles = [f.title for f in fragility.findings]
    # Without the Observatoire: four programmes it carries alone (ARPEA, PHARE, IMPACT, the practices base) hang
    # as leaves and do not count; the MEDEF (1) and the CFF group (5 resources) are cut off: 6.
    observatoire = next(t for t in titles if "Observatoire des partenariats" in t)
    assert "couperait 6 ressources" in observatoire
    isolated = next((f for f in fragility.findings if "isolé" in f.title), None)
    assert isolated is None or "INSEE" not in isolated.evidence[0]


def test_report_on_the_network_data(reseau, tmp_path):
    paths = write_gap_report(reseau, tmp_path, suggestions=5, formats=["html"])
    html = paths[0].read_text(encoding="utf-8")
    assert "Liens suggérés par la prédiction (5)" in html
    assert "Réseau des pionniers des alliances en territoire" in html


def test_write_suggestions(tmp_path):
    from ecosysteme.report import write_suggestions
    from tests.analysis.mini import write_cliques

    model = load_valid(write_cliques(tmp_path / "c"))
    path = write_suggestions(model, tmp_path / "s.csv", top=3)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["rang"] for r in rows] == ["1", "2", "3"]
    assert {rows[0]["source"], rows[0]["cible"]} == {"c0-1", "c0-2"}
    text = write_suggestions(model, tmp_path / "s.txt", top=1, fmt="tableau").read_text(encoding="utf-8")
    assert text.startswith("Rang  Score") and "· 3 partenaires communs" in text
