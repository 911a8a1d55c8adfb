"""The gap report: same findings in HTML, Markdown and CSV; every data string escaped."""

from __future__ import annotations

import csv
import io
from html import escape

from ecosysteme.analysis import coverage, engineering_gaps, relay_gaps, world_gaps
from ecosysteme.report import build_gap_report, write_gap_report
from tests.analysis.mini import XSS_NAME


def test_sections_hold_every_finding(hostile, hostile_report):
    sections = {s.key: s for s in hostile_report.sections}
    assert list(sections) == ["couverture", "relais", "mondes", "ingenierie", "fragilite", "complementarites"]
    assert len(sections["couverture"].findings) == len(coverage(hostile).gaps) == 9
    assert len(sections["relais"].findings) == len(relay_gaps(hostile))
    assert len(sections["mondes"].findings) == len(world_gaps(hostile)) == 7
    assert len(sections["ingenierie"].findings) == len(engineering_gaps(hostile))
    assert len(sections["complementarites"].findings) == 5
    first = sections["couverture"].findings[0]
    assert first.title == "Besoin « Santé » non couvert sur Paris" and first.priority == 10.0
    # Fragility: 4 cut vertices, 3 structural bridges, the isolated actor.
    frag = sections["fragilite"].findings
    assert [f.title.split(" :")[0] for f in frag] == ["Point de défaillance unique"] * 4 + [
        "Lien unique entre deux groupes"] * 3 + ["1 acteur isolé (aucun lien)"]
    assert XSS_NAME in frag[-1].evidence[0]
    assert "Indices IMPACT écartés du classement : X1 (sens inconnu" in hostile_report.notes[0]


def test_relay_digest_sums_up_each_territory_before_the_details(hostile, hostile_report, tmp_path):
    digest = next(m for m in hostile_report.matrices if m.key == "synthese-relais")
    assert digest.section == "relais" and digest.first
    # Finistère and Brest miss both national programmes (p-nat for b-all, p-mob for b-mob); the only actor
    # there (the isolated one) is no possible relay. In Rennes, the network member and the city could be.
    assert digest.rows == (
        ("Finistère", "2", "2", "1", "—"),
        ("Brest", "2", "2", "1", "—"),
        ("Bretagne", "1", "1", "4", "Asso Rennes (1 programme) et Ville de Rennes (1 programme)"),
        ("Paris", "1", "1", "2", "—"),
        ("Rennes Métropole", "1", "1", "2", "Asso Rennes (1 programme) et Ville de Rennes (1 programme)"),
        ("Rennes", "1", "1", "2", "Asso Rennes (1 programme) et Ville de Rennes (1 programme)"),
    )
    assert digest.highlight == {(0, 4), (1, 4), (3, 4)}
    assert sum(int(row[1]) for row in digest.rows) == len(relay_gaps(hostile))
    html, md = (p.read_text(encoding="utf-8") for p in write_gap_report(hostile, tmp_path, report=hostile_report,
                                                                        formats=["html", "md"]))
    for text, start, first_finding in ((html, '<section id="relais">', 'id="t-relais"'),
                                       (md, "## Programmes sans relais", "\n### 1. ")):
        section = text[text.index(start):]
        assert section.index("Synthèse : programmes sans relais par territoire") < section.index(first_finding)


def test_world_gap_leads_point_to_complementarities(hostile_report):
    section = next(s for s in hostile_report.sections if s.key == "mondes")
    bretagne = section.findings[0]
    assert bretagne.territory == "region:53"
    assert bretagne.leads and bretagne.leads[0].startswith("Entreprise Ouest ↔ Asso Brest")


def test_territory_focus(hostile):
    report = build_gap_report(hostile, "commune:29019", suggestions=0)
    assert report.territories == ("commune:29019",)
    assert {f.territory for s in report.sections if s.key != "fragilite" and s.key != "complementarites"
            for f in s.findings} == {"commune:29019"}
    fragility = next(s for s in report.sections if s.key == "fragilite")
    # Only Asso Brest is present in Brest; it is isolated once the Paris funder is out of scope.
    assert [f.title for f in fragility.findings] == ["1 acteur isolé (aucun lien)"]


def test_files_escape_and_agree(hostile, tmp_path, hostile_report):
    paths = write_gap_report(hostile, tmp_path, report=hostile_report)
    assert [p.name for p in paths] == ["trous.html", "trous.md", "trous.csv"]
    html, md = paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8")
    raw = paths[2].read_bytes()
    assert XSS_NAME not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" in html and html.count("<script>") == 1  # only our own script
    assert "http://" not in html and "https://" not in html and "src=" not in html.replace("src=x", "")
    assert XSS_NAME not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["section", "rang", "code_territoire", "territoire", "constat", "priorite", "preuves",
                       "pistes", "identifiants"]
    total = sum(len(s.findings) for s in hostile_report.sections)
    assert len(rows) - 1 == total
    assert rows[1][:6] == ["couverture", "1", "commune:75056", "Paris", "Besoin « Santé » non couvert sur Paris",
                           "10,000"]
    assert any(XSS_NAME in r[6] for r in rows[1:])  # the CSV keeps the text as it is
    for finding in hostile_report.findings:  # every finding is on the page
        assert escape(finding.title) in html
    assert md.count("\n### ") == total


def test_territory_file_names(hostile, tmp_path):
    paths = write_gap_report(hostile, tmp_path, "epci:243500139", formats=["md"], suggestions=0)
    assert [p.name for p in paths] == ["trous-epci-243500139.md"]
    assert paths[0].read_text(encoding="utf-8").startswith(
        "# Trous dans la raquette — mini — Rennes Métropole (epci:243500139)")


def test_csv_cells_cannot_be_formulas(tmp_path):
    from ecosysteme.io import load_valid
    from tests.analysis.mini import write_mini

    # Asso Rennes starts a cell: it leads the relay candidates ("Asso Rennes : membre d'un réseau").
    model = load_valid(write_mini(tmp_path / "f", rename={"Asso Rennes": "=1+2"}))
    text = write_gap_report(model, tmp_path / "out", formats=["csv"], suggestions=0)[0].read_text("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert any(cell.startswith("'=1+2 : membre d'un réseau") for cell in cells)


def test_report_on_the_network_data(reseau, tmp_path):
    paths = write_gap_report(reseau, tmp_path, suggestions=5)
    html = paths[0].read_text(encoding="utf-8")
    assert "Liens suggérés par la prédiction (5)" in html
    assert "Réseau des pionniers des alliances en territoire" in html


def test_relay_digest_on_the_network_data(reseau):
    digest = next(m for m in build_gap_report(reseau, suggestions=0).matrices if m.key == "synthese-relais")
    rows = {row[0]: row[1:] for row in digest.rows}
    # Every region studied misses the same 55 programmes of the inventory (10 needs), with 0 or 1 member there.
    regions = [name for name in rows if name not in ("France", "Marseille", "Nord")]
    assert len(regions) == 10 and all(rows[r][:2] == ("55", "10") and rows[r][2] in ("0", "1") for r in regions)
    assert rows["Bretagne"] == ("55", "10", "0", "—")
    assert rows["Grand Est"][3] == "Labo des Partenariats d'Alsace (55 programmes)"
    # 25 possible relays on France for each of its 2 gaps, three named (not only the 5 listed per gap)
    assert rows["France"][3].endswith("et 22 autres") and "(2 programmes)" in rows["France"][3]
    assert {digest.rows[r][0] for r, _c in digest.highlight} == {
        "Nord", "Centre-Val de Loire", "Normandie", "Île-de-France", "Nouvelle-Aquitaine", "Auvergne-Rhône-Alpes",
        "Bretagne"}


def test_write_suggestions(tmp_path):
    from ecosysteme.io import load_valid
    from ecosysteme.report import write_suggestions
    from tests.analysis.mini import write_cliques

    model = load_valid(write_cliques(tmp_path / "c"))
    path = write_suggestions(model, tmp_path / "s.csv", top=3)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["rang"] for r in rows] == ["1", "2", "3"]
    assert {rows[0]["source"], rows[0]["cible"]} == {"c0-1", "c0-2"}
    text = write_suggestions(model, tmp_path / "s.txt", top=1, fmt="tableau").read_text(encoding="utf-8")
    assert text.startswith("Rang  Score") and "· 3 voisins communs" in text
