"""Reading the spreadsheets French users really have."""

from __future__ import annotations

import pytest

from ecosysteme.errors import InputError
from ecosysteme.io import read_tables
from ecosysteme.io.tables import normalise_header
from tests.conftest import FIXTURES, VALID_INPUTS


def test_excel_cp1252_semicolon_crlf_is_read_with_spreadsheet_rows():
    tables = read_tables(FIXTURES / "excel_cp1252")
    acteurs = tables["acteurs"]
    assert acteurs.encoding == "cp1252"
    assert acteurs.separator == ";"
    assert "echelon" in acteurs.header  # "Échelon" normalised
    numbers = [row for row, _ in acteurs.rows]
    assert numbers == [2, 3, 4, 5, 6]  # trailing ";;;;" and blank lines dropped
    first = dict(zip(acteurs.header, acteurs.rows[0][1], strict=False))
    assert first["nom"] == "Le RAMEAU"  # stray spaces stripped
    labo = dict(zip(acteurs.header, acteurs.rows[4][1], strict=False))
    assert labo["nom"] == "Chaire InterActions"
    societe = dict(zip(acteurs.header, acteurs.rows[3][1], strict=False))
    assert societe["nom"] == "Fondation Élan"  # cp1252 accents decoded


def test_utf8_bom_comma_with_quoted_cells():
    tables = read_tables(FIXTURES / "utf8_bom_virgule")
    acteurs = tables["acteurs"]
    assert acteurs.encoding == "utf-8-sig"
    assert acteurs.separator == ","
    assert acteurs.header[0] == "id"  # no BOM left in the first header
    rameau = dict(zip(acteurs.header, acteurs.rows[0][1], strict=False))
    assert rameau["description"] == "Laboratoire de recherche empirique, co-fondateur du Réseau"


def test_tab_separated():
    tables = read_tables(FIXTURES / "tabulation")
    assert tables["relations"].separator == "\t"
    assert len(tables["relations"].rows) == 5


def test_xlsx_sheets_keep_typed_cells_and_rows():
    tables = read_tables(FIXTURES / "classeur.xlsx")
    assert set(tables) == {"acteurs", "relations", "programmes", "besoins", "indicateurs"}
    relations = tables["relations"]
    assert relations.source == "classeur.xlsx, feuille Relations"
    row, cells = relations.rows[1]
    assert row == 3
    record = dict(zip(relations.header, cells, strict=False))
    assert record["montant"] == pytest.approx(1500.5)
    assert record["date_debut"].year == 2020


@pytest.mark.parametrize("name", VALID_INPUTS)
def test_every_flavour_gives_the_same_tables(name):
    reference = read_tables(FIXTURES / "tabulation")
    tables = read_tables(FIXTURES / name)
    for table, raw in reference.items():
        assert len(tables[table].rows) == len(raw.rows), table


def test_missing_source_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        read_tables(tmp_path / "absent")


def test_folder_without_tables_names_the_expected_files(tmp_path):
    (tmp_path / "notes.txt").write_text("rien")
    with pytest.raises(InputError, match=r"acteurs\.csv"):
        read_tables(tmp_path)


def test_undecodable_file_is_a_clear_error(tmp_path):
    (tmp_path / "acteurs.csv").write_bytes(b"id;nom\n\x81\x8d\x8f\x90;x\n")
    with pytest.raises(InputError, match="CSV UTF-8"):
        read_tables(tmp_path)


def test_corrupt_xlsx_is_a_clear_error(tmp_path):
    bad = tmp_path / "classeur.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="XLSX illisible"):
        read_tables(bad)


@pytest.mark.parametrize(("raw", "expected"), [(" Échelon ", "echelon"), ("Site web", "site_web"),
                                               ("DATE-DEBUT", "date_debut"), ("Libellé", "libelle")])
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected
