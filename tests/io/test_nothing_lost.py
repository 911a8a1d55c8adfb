"""Nothing lost on input (issue 13): every sheet, file, row and accent is read or reported.

Each case is a real file built here (CSV bytes, or an XLSX written by
openpyxl and, for the stale dimension, edited in its zip), read by the real
readers, and checked for the French message (file, row, column, fix) and for
the row count in against the count out.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from ecosysteme.errors import InputError
from ecosysteme.io import load, read_tables
from ecosysteme.model import PartialDate
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import to_ntriples

ACTORS = [["id", "nom", "type"], ["a1", "Alpha", "association"], ["a2", "Beta", "entreprise"],
          ["a3", "Gamma", "association"]]
LINKS = [["source", "cible", "type"], ["a1", "a2", "partenariat"], ["a2", "a3", "partenariat"]]


def csv_text(rows, sep=";"):
    return "".join(sep.join(row) + "\n" for row in rows)


def workbook(path, sheets, hidden=()):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def by_code(report, code):
    return [i for i in report.issues if i.code == code]


def validate_cli(source):
    return subprocess.run([sys.executable, "-m", "ecosysteme", "validate", str(source)], capture_output=True,
                          text=True, timeout=300)


# --- 1. sheets and files whose names are near a table's, or no table's ---

def test_near_miss_file_is_an_error_naming_the_table_and_unused_files_are_named(tmp_path):
    (tmp_path / "acteurs.csv").write_text(csv_text(ACTORS), encoding="utf-8")
    (tmp_path / "relations.csv").write_text(csv_text(LINKS[:2]), encoding="utf-8")
    (tmp_path / "relation.csv").write_text(csv_text(LINKS[:1] + LINKS[2:]), encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Nos données\n", encoding="utf-8")
    model, report = load(tmp_path)
    [near] = by_code(report, "nom_de_table_approchant")
    assert near.severity == "erreur" and near.file == "relation.csv"
    assert near.fix.startswith("vouliez-vous dire « relations » ?") and "relations.csv" in near.fix
    [unused] = by_code(report, "fichier_ignore")
    assert unused.severity == "avertissement" and unused.file == "notes.csv" and "aucune table" in unused.message
    assert not any("README" in i.file for i in report.issues)  # documentation is not a table
    assert not report.ok and len(model.relations) == 1
    result = validate_cli(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "vouliez-vous dire « relations » ?" in result.stdout and "Traceback" not in result.stderr


def test_near_miss_sheets_are_errors_other_sheets_are_named_empty_ones_are_not(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {
        "Acteurs": ACTORS, "Relations": LINKS[:2], "Relations partenaires": LINKS[:1] + LINKS[2:],
        "Feuil1": [["n'importe quoi"], ["à relire"]], "Feuil2": []})
    model, report = load(path)
    assert len(model.relations) == 1  # the near-miss sheet's row is not loaded: hence the error
    [near] = by_code(report, "nom_de_table_approchant")
    assert near.file == "carto.xlsx, feuille Relations partenaires" and near.severity == "erreur"
    assert near.fix.startswith("vouliez-vous dire « relations » ?")
    [unused] = by_code(report, "feuille_ignoree")
    assert unused.file == "carto.xlsx, feuille Feuil1" and "2 ligne(s)" in unused.message
    assert not report.ok
    assert validate_cli(path).returncode == 1


def test_missing_actors_table_says_what_was_found(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {"Acteurs 2021": ACTORS, "Feuil1": [["x"]], "Relations": LINKS})
    _, report = load(path)
    [missing] = by_code(report, "table_manquante")
    assert "feuille « Acteurs 2021 »" in missing.message and "feuille « Feuil1 »" in missing.message
    assert "table « relations »" in missing.message
    [near] = by_code(report, "nom_de_table_approchant")
    assert near.fix.startswith("vouliez-vous dire « acteurs » ?")
    # the links name actors nobody loaded: one error says why, not one "identifiant inconnu" per cell
    assert not by_code(report, "reference_inconnue")
    [folded] = by_code(report, "references_non_verifiees")
    assert folded.file == "carto.xlsx, feuille Relations" and folded.message.startswith("4 référence(s)")


def test_folder_of_near_miss_files_only_names_them(tmp_path):
    (tmp_path / "Acteurs 2021.csv").write_text(csv_text(ACTORS), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_tables(tmp_path)
    assert "Acteurs 2021.csv" in str(caught.value) and "vouliez-vous dire « acteurs.csv » ?" in str(caught.value)


# --- 2. a hidden sheet competing with a visible one ---

def test_hidden_sheet_for_the_same_table_is_an_error(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {"acteurs": ACTORS, "Actéurs": ACTORS[:2]}, hidden={"Actéurs"})
    with pytest.raises(InputError) as caught:
        read_tables(path)
    message = str(caught.value)
    assert "« acteurs »" in message and "« Actéurs » (masquée)" in message and "Gardez-en une seule" in message
    result = validate_cli(path)
    assert result.returncode != 0 and "masquée" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_lone_hidden_sheet_is_read_and_said(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {"Lisez-moi": [["Carte 2021"]], "acteurs": ACTORS},
                    hidden={"acteurs"})
    model, report = load(path)
    assert len(model.actors) == 3
    [hidden] = by_code(report, "feuille_masquee")
    assert hidden.file == "carto.xlsx, feuille acteurs" and hidden.severity == "avertissement"


# --- 3. a stale <dimension> in the sheet XML ---

def test_stale_dimension_does_not_drop_rows(tmp_path):
    rows = [ACTORS[0]] + [[f"a{i}", f"Acteur {i}", "association"] for i in range(1, 51)]
    path = workbook(tmp_path / "fait.xlsx", {"acteurs": rows})
    stale = tmp_path / "perime.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="A1:C51"\s*/>', b'<dimension ref="A1:C3"/>', data)
                assert n == 1
            dst.writestr(item, data)
    naive = load_workbook(stale, read_only=True)
    assert len(list(naive["acteurs"].iter_rows())) == 3  # what trusting the dimension reads
    naive.close()
    model, report = load(stale)
    assert report.ok, [str(i) for i in report.errors]
    assert len(model.actors) == 50


# --- 4. an unclosed quote swallowing rows ---

def test_cell_swallowing_rows_is_a_warning_with_the_rows(tmp_path):
    (tmp_path / "acteurs.csv").write_text(
        "id;nom;type;description\n"
        'a1;Alpha;association;"Début de texte\n'
        "a2;Beta;association;suite\n"
        'a3;Gamma;association;fin" du texte\n'
        "a4;Delta;association;rien\n"
        'a5;Epsilon;association;"Une adresse\nsur deux lignes"\n', encoding="utf-8")
    model, report = load(tmp_path)
    assert list(model.actors) == ["a1", "a4", "a5"]  # what was read: the warning says where the rest went
    [swallowed] = by_code(report, "cellule_multiligne")
    assert (swallowed.file, swallowed.row, swallowed.column) == ("acteurs.csv", 2, "description")
    assert "lignes 2 à 4 du fichier texte" in swallowed.message and "guillemet" in swallowed.fix
    assert str(swallowed).startswith("AVERTISSEMENT — acteurs.csv, ligne 2, colonne « description »")
    # the row after the swallowed ones is numbered as a spreadsheet numbers it
    assert model.actors["a4"].provenance.row == 3


def test_quote_never_closed_names_its_line(tmp_path):
    (tmp_path / "acteurs.csv").write_text(
        'id;nom;type\na1;Alpha;association\na2;"Beta;association\na3;Gamma;association\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"acteurs\.csv : un guillemet « \" » ouvert ligne 3 n'est jamais fermé"):
        read_tables(tmp_path)


# --- 5. dates at their precision ---

def test_year_and_month_are_kept_at_their_precision_in_every_projection(tmp_path):
    (tmp_path / "acteurs.csv").write_text(csv_text(ACTORS), encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        "source;cible;type;date_debut;date_fin\n"
        "a1;a2;partenariat;2021;03/2022\n"
        "a2;a3;partenariat;mars 2021;17/04/2021\n"
        "a1;a3;partenariat;2022;2021\n", encoding="utf-8")
    model, report = load(tmp_path)
    assert [(r.start, r.end) for r in model.relations[:2]] == [
        (PartialDate(2021), PartialDate(2022, 3)), (PartialDate(2021, 3), date(2021, 4, 17))]
    [backwards] = by_code(report, "date_invalide")
    assert backwards.row == 4 and "antérieure" in backwards.message
    nt = to_ntriples(model, with_territories=False)
    assert '"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>' in nt
    assert '"2022-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in nt
    assert '"2021-04-17"^^<http://www.w3.org/2001/XMLSchema#date>' in nt
    graph = to_networkx(model, with_territories=False)
    starts = sorted(d["start"] for _, _, d in graph.edges(data=True) if "start" in d)
    assert starts == ["2021", "2021-03", "2022"]


def test_text_serial_is_refused_with_the_accepted_formats(tmp_path):
    (tmp_path / "acteurs.csv").write_text(csv_text(ACTORS), encoding="utf-8")
    (tmp_path / "relations.csv").write_text("source;cible;type;date_debut\na1;a2;partenariat;43938\n",
                                            encoding="utf-8")
    _, report = load(tmp_path)
    [bad] = by_code(report, "date_invalide")
    assert (bad.file, bad.row, bad.column, bad.value) == ("relations.csv", 2, "date_debut", "43938")
    assert "MM/AAAA (03/2021)" in bad.fix and "AAAA (2021)" in bad.fix and "numéro de série Excel" in bad.fix


def test_typed_xlsx_numbers_are_a_year_or_a_serial(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {
        "acteurs": ACTORS,
        "relations": [["source", "cible", "type", "date_debut", "date_fin"], ["a1", "a2", "partenariat", 2021, 44561],
                      ["a2", "a3", "partenariat", date(2020, 4, 17), None]]})
    model, report = load(path)
    assert report.ok, [str(i) for i in report.errors]
    assert [(r.start, r.end) for r in model.relations] == [(PartialDate(2021), date(2021, 12, 31)),
                                                           (date(2020, 4, 17), None)]


# --- 6. encodings decided per file, mixed files said line by line ---

def test_utf8_file_with_one_windows_1252_line_keeps_every_accent(tmp_path):
    data = ("id;nom;type\na1;Fondation Élan;association\n".encode()
            + "a2;Café des Sciences;association\n".encode("cp1252")
            + "a3;Réseau Pionniers;reseau\n".encode())
    (tmp_path / "acteurs.csv").write_bytes(data)
    model, report = load(tmp_path)
    assert [a.name for a in model.actors.values()] == ["Fondation Élan", "Café des Sciences", "Réseau Pionniers"]
    [mixed] = by_code(report, "encodage_mixte")
    assert (mixed.file, mixed.row, mixed.severity) == ("acteurs.csv", 3, "avertissement")
    assert "Windows-1252" in mixed.message and "CSV UTF-8" in mixed.fix
    assert mixed.value == "a2;Café des Sciences;association"


@pytest.mark.parametrize(("encoding", "label"), [("cp1252", "cp1252"), ("mac_roman", "mac_roman"),
                                                 ("cp850", "cp850")])
def test_legacy_encodings_are_told_apart(tmp_path, encoding, label):
    text = "id;nom;type;description\na1;Fondation Élan;association;Réseau d'été à Orléans, quartier Gênes\n"
    (tmp_path / "acteurs.csv").write_bytes(text.encode(encoding))
    tables = read_tables(tmp_path)
    assert tables["acteurs"].encoding == label
    assert tables["acteurs"].rows[0][1][1] == "Fondation Élan"


# --- 7. UTF-16, Excel's « Texte Unicode » ---

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_tab_separated_text_is_read(tmp_path, encoding):
    text = csv_text([["id", "nom", "type"], ["a1", "Fondation Élan", "association"],
                     ["a2", "Beta", "entreprise"]], sep="\t").replace("\n", "\r\n")
    (tmp_path / "acteurs.txt").write_bytes(text.encode(encoding))  # "utf-16" writes a BOM, the others do not
    model, report = load(tmp_path)
    assert report.ok, [str(i) for i in report.errors]
    assert [a.name for a in model.actors.values()] == ["Fondation Élan", "Beta"]
    assert read_tables(tmp_path)["acteurs"].header == ["id", "nom", "type"]


# --- 8. formulas never calculated ---

def test_formula_without_cached_value_is_an_error_naming_the_cell(tmp_path):
    path = workbook(tmp_path / "carto.xlsx", {"acteurs": [
        ["id", "nom", "type"], ["a1", "Alpha", "association"], ["a2", '=CONCATENATE("Be","ta")', "entreprise"]]})
    _, report = load(path)
    [formula] = by_code(report, "formule_sans_valeur")
    assert (formula.file, formula.row, formula.column) == ("carto.xlsx, feuille acteurs", 3, "nom")
    assert "ouvrez et enregistrez le classeur dans Excel" in formula.fix and formula.severity == "erreur"
    assert not report.ok


# --- 10. no traceback: odd files get French errors ---

def test_blank_lines_before_the_header_are_skipped_and_rows_keep_their_numbers(tmp_path):
    (tmp_path / "acteurs.csv").write_text("\n\nid;nom;type;odd\na1;Alpha;association;17\na2;Beta;entreprise;²\n",
                                          encoding="utf-8")
    model, report = load(tmp_path)
    assert model.actors["a1"].provenance.row == 4
    [odd] = [i for i in report.errors if i.column == "odd"]
    assert (odd.row, odd.value) == (5, "²") and "de 1 à 17" in odd.fix


def test_folder_named_like_a_table_is_a_clear_error(tmp_path):
    (tmp_path / "acteurs.csv").write_text(csv_text(ACTORS), encoding="utf-8")
    (tmp_path / "relations.csv").mkdir()
    with pytest.raises(InputError, match=r"relations\.csv : c'est un dossier, pas un fichier"):
        read_tables(tmp_path)


def test_header_past_the_column_bound_is_refused_fast(tmp_path):
    (tmp_path / "acteurs.csv").write_text(";".join(f"c{i}" for i in range(200_000)) + "\na1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"acteurs\.csv, ligne 1 : en-tête de 200000 colonnes, au-delà de la limite"):
        read_tables(tmp_path)


def test_cell_past_excel_length_is_refused(tmp_path):
    (tmp_path / "acteurs.csv").write_text(f"id;nom;type\na1;{'x' * 40_000};association\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"acteurs\.csv, ligne 2 : la cellule de la colonne « nom » a 40000 caract"):
        read_tables(tmp_path)


def test_zip_bomb_workbook_is_refused_before_inflating(tmp_path):
    """A bomb's sizes are in its zip directory: this one says 3 GiB for 1 MiB of zeros, as a crafted one would."""
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (1 << 20))
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at:at + 4] = (3 << 30).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).infolist()[0].file_size == 3 << 30
    with pytest.raises(InputError, match=r"bombe\.xlsx : le classeur se décompresse en 3072 Mo, au-delà de la limite"):
        read_tables(path)


# --- 11. characters XML forbids ---

def test_control_characters_are_stripped_with_a_warning(tmp_path):
    (tmp_path / "acteurs.csv").write_text("id;nom;type\na1;Al\x00pha\x07;association\na2;Beta;entreprise\n",
                                          encoding="utf-8")
    model, report = load(tmp_path)
    assert model.actors["a1"].name == "Alpha"
    [stripped] = by_code(report, "caractere_de_controle")
    assert (stripped.file, stripped.row, stripped.column, stripped.value) == ("acteurs.csv", 2, "nom", "Alpha")


# --- 9. real COG codes that are not current communes ---

@pytest.mark.parametrize(("code", "kind", "fix"), [
    ("75101", "arrondissement municipal (Paris 1er Arrondissement)", "commune:75056 (Paris)"),
    ("commune:69383", "arrondissement municipal (Lyon 3e Arrondissement)", "commune:69123 (Lyon)"),
    ("13201", "arrondissement municipal (Marseille 1er Arrondissement)", "commune:13055 (Marseille)"),
    ("01039", "commune déléguée (Béon)", "commune:01138 (Culoz-Béon)")])
def test_arrondissements_and_delegated_communes_name_the_commune_to_write(tmp_path, code, kind, fix):
    (tmp_path / "acteurs.csv").write_text(f"id;nom;type;territoires\na1;Alpha;association;{code}\n",
                                          encoding="utf-8")
    _, report = load(tmp_path)
    [bad] = by_code(report, "territoire_inconnu")
    assert (bad.file, bad.row, bad.column, bad.value) == ("acteurs.csv", 2, "territoires", code)
    assert kind in bad.message and "absent du référentiel" not in bad.message
    assert bad.fix.startswith(f"écrivez {fix}")


def test_byte_undefined_in_the_file_encoding_names_its_line(tmp_path):
    text = "id;nom;type\n" + "".join(f"a{i};Réseau d'été {i};association\n" for i in range(1, 40))
    (tmp_path / "acteurs.csv").write_bytes(text.encode("cp1252") + b"a40;Caf\x81;association\n")
    with pytest.raises(InputError, match=r"acteurs\.csv, ligne 41 : l'octet 0x81 n'existe pas en Windows-1252"):
        read_tables(tmp_path)
