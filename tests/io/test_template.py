"""The blank workbook (``ecosysteme modele``): filled by a script, it validates; its lists are the ontology's."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from ecosysteme import vocab
from ecosysteme.cli import cli
from ecosysteme.io import load
from ecosysteme.io.columns import COLUMNS
from ecosysteme.io.tables import TABLES
from ecosysteme.territories import load_territories

MORLAIX = "242900835"


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("modele") / "mon-ecosysteme.xlsx"
    result = CliRunner().invoke(cli, ["modele", "-o", str(path), "--epci", MORLAIX])
    assert result.exit_code == 0, result.output
    assert "ecosysteme validate" in result.output
    return path


def _dropdowns(book, table: str) -> dict[str, list[str]]:
    """Column name -> the values its drop-down list offers, read from the range the workbook points to."""
    sheet = book[table]
    header = [c.value for c in sheet[1]]
    out = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        first = str(check.sqref).split(":")[0]
        column = header[openpyxl.utils.column_index_from_string(first.rstrip("0123456789")) - 1]
        where, cells = check.formula1.lstrip("=").split("!")
        values = book[where.strip("'")][cells.replace("$", "")]
        out[column] = [row[0].value for row in values]
    return out


def test_one_sheet_per_table_with_the_columns_the_validator_reads(blank):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames[0] == "Lisez-moi"
    assert set(TABLES) <= set(book.sheetnames)
    for table in TABLES:
        sheet = book[table]
        assert [c.value for c in sheet[1]] == list(COLUMNS[table]), table
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        required = [c.value for c in sheet[1] if COLUMNS[table][c.value].required]
        fills = {c.value: c.fill.start_color.rgb for c in sheet[1]}
        assert len({fills[name] for name in required}) <= 1
        if required and len(required) < len(fills):
            assert fills[required[0]] not in {fills[n] for n in fills if n not in required}
    readme = "\n".join(" ".join(str(v) for v in row if v) for row in book["Lisez-moi"].iter_rows(values_only=True))
    assert "Seule la feuille « acteurs » est obligatoire" in readme
    assert "ecosysteme validate" in readme and "séparez-les par |" in readme


def test_dropdown_lists_are_the_ontology_vocabularies(blank):
    book = openpyxl.load_workbook(blank)
    actors = _dropdowns(book, "acteurs")
    assert actors["type"] == sorted(vocab.ACTOR_TYPES)
    assert set(actors["monde"]) == set(vocab.SCHEMES["monde"])
    assert set(actors["echelon"]) == set(vocab.SCHEMES["echelon"])
    assert set(actors["natures"]) == set(vocab.SCHEMES["nature"])
    assert actors["odd"] == [str(n) for n in range(1, 18)]
    assert _dropdowns(book, "relations")["type"] == sorted(lt.entry for lt in vocab.LINK_TYPES.values() if lt.entry)
    programmes = _dropdowns(book, "programmes")
    assert set(programmes["themes"]) == set(vocab.SCHEMES["theme"]) and set(programmes["axe"]) == {"urgence", "relance"}
    needs = _dropdowns(book, "besoins")
    assert set(needs["domaine"]) == set(vocab.SCHEMES["domaine"]) and set(needs["theme"]) == set(vocab.SCHEMES["theme"])
    assert set(_dropdowns(book, "indicateurs")["sens"]) == set(vocab.SCHEMES["sens"])
    assert _dropdowns(book, "jeu")["fictif"] == ["oui", "non"]
    # a single-valued coded column refuses other values; a list column (a|b) only warns
    checks = {str(c.sqref).split(":")[0][0]: c for c in book["acteurs"].data_validations.dataValidation}
    assert checks["C"].errorStyle == "stop"  # type
    assert checks["F"].errorStyle == "information"  # natures: gestion|catalyse is valid


def test_epci_sheet_lists_its_communes_and_territory_columns_offer_them(blank):
    territories = load_territories()
    expected = sorted(code for level, code in territories.children("epci", MORLAIX) if level == "commune")
    book = openpyxl.load_workbook(blank)
    rows = list(book["communes"].iter_rows(values_only=True))
    assert rows[0] == ("code", "nom", "population", "reference")
    assert rows[1][0] == MORLAIX and rows[1][3] == f"epci:{MORLAIX}"
    assert [r[0] for r in rows[2:]] == expected and len(expected) == 26
    morlaix = territories.get("commune", "29151")
    assert ("29151", morlaix.name, morlaix.population, "commune:29151") in rows
    assert _dropdowns(book, "acteurs")["territoires"] == [f"epci:{MORLAIX}"] + [f"commune:{c}" for c in expected]
    perimeter = list(book["territoires"].iter_rows(min_row=2, values_only=True))
    assert perimeter == [(f"epci:{MORLAIX}", "CA Morlaix Communauté")]


def test_filled_template_validates_with_no_error(blank, tmp_path):
    """Filled by script with values taken from its own drop-down lists, the workbook validates."""
    book = openpyxl.load_workbook(blank)
    lists = {t: _dropdowns(book, t) for t in ("acteurs", "relations", "programmes", "besoins")}
    places = lists["acteurs"]["territoires"]
    types = {t: t for t in lists["relations"]["type"]}

    def fill(table: str, *rows: dict) -> None:
        sheet = book[table]
        header = [c.value for c in sheet[1]]
        for row in rows:
            assert set(row) <= set(header), set(row) - set(header)
            sheet.append([row.get(name) for name in header])

    fill("jeu", {"titre": "Écosystème de Morlaix", "fictif": "oui", "licence": "Licence Ouverte 2.0"})
    fill("besoins",
         {"id": "b-tresorerie", "libelle": "Trésorerie des associations", "theme": lists["besoins"]["theme"][0],
          "domaine": "emploi", "territoires": places[1]})
    fill("acteurs",
         {"id": "maillon", "nom": "Le Maillon", "type": "catalyseur", "monde": "associations",
          "echelon": "intercommunal", "natures": "catalyse|gestion", "territoires": places[0], "odd": "17|8"},
         {"id": "ville", "nom": "Ville de Morlaix", "type": "collectivite", "monde": "collectivites",
          "echelon": "local", "territoires": "commune:29151", "besoins": "b-tresorerie"},
         {"id": "fonds", "nom": "Fonds solidaire", "type": "financeur", "echelon": "regional",
          "territoires": "region:53", "site_web": "https://fonds.example.fr/"})
    fill("programmes",
         {"id": "p-relance", "nom": "Relance locale", "porteurs": "maillon", "themes": "continuite_activite",
          "axe": "relance", "echelon": "intercommunal", "territoires": places[0], "besoins": "b-tresorerie"})
    fill("relations",
         {"source": "fonds", "cible": "maillon", "type": types["financement"], "montant": 12500.5,
          "date_debut": "2021", "date_fin": "12/2022"},
         {"source": "maillon", "cible": "ville", "type": types["partenariat"]},
         {"source": "maillon", "cible": "p-relance", "type": types["porte"]})
    filled = tmp_path / "rempli.xlsx"
    book.save(filled)

    result = CliRunner().invoke(cli, ["validate", str(filled)])
    assert result.exit_code == 0, result.output
    assert "0 erreur(s), 0 avertissement(s)" in result.output

    model, report = load(filled)
    assert report.ok and not report.issues
    assert (len(model.actors), len(model.relations), len(model.programmes), len(model.needs)) == (3, 3, 1, 1)
    assert model.actors["maillon"].natures == ("catalyse", "gestion")
    assert model.actors["fonds"].world == "investisseurs_societaux"  # deduced from the type
    assert model.info.fictional and model.perimeter == [("epci", MORLAIX)]


def test_help_sheet_names_in_another_workbook_are_not_passed_over(blank, tmp_path):
    """Only our workbook's help sheets are skipped quietly: a user's own « communes » sheet is named."""
    book = openpyxl.load_workbook(blank)
    book.properties.keywords = None  # as if the sheets had been copied into another workbook
    book["jeu"].append(["Écosystème de Morlaix"])
    book["communes"].append(["29999", "Commune ajoutée", 12, "commune:29999"])
    other = tmp_path / "autre.xlsx"
    book.save(other)
    _, report = load(other)
    ignored = [i.file for i in report.issues if i.code == "feuille_ignoree"]
    assert len(ignored) == 3 and any("communes" in f for f in ignored), ignored  # Lisez-moi, listes, communes


def test_unknown_siren_is_a_french_error_naming_the_option(tmp_path):
    out = tmp_path / "modele.xlsx"
    result = CliRunner().invoke(cli, ["modele", "-o", str(out), "--epci", "Morlaix"])
    assert result.exit_code != 0
    assert "--epci" in result.output and "SIREN à 9 chiffres" in result.output
    assert f"{MORLAIX} (CA Morlaix Communauté)" in result.output  # the EPCI whose name holds the text
    result = CliRunner().invoke(cli, ["modele", "-o", str(out), "--epci", "123456789"])
    assert result.exit_code != 0 and "« 123456789 » absent du référentiel" in result.output
    assert not list(tmp_path.iterdir())  # nothing written, not even a temporary file


def test_template_without_epci_and_a_wrong_extension(tmp_path):
    result = CliRunner().invoke(cli, ["modele", "-o", str(tmp_path / "vierge.xlsx")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "vierge.xlsx")
    assert "communes" not in book.sheetnames
    assert "territoires" not in _dropdowns(book, "acteurs")
    assert book["territoires"].max_row == 1
    result = CliRunner().invoke(cli, ["modele", "-o", str(tmp_path / "vierge.csv")])
    assert result.exit_code != 0 and "finit par .xlsx" in result.output
    assert not (tmp_path / "vierge.csv").exists()
