"""Validation: every message kind names file, row, column, value and the fix, in French."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ecosysteme.io import load, parse_date, parse_number, parse_territory
from ecosysteme.model import PartialDate
from ecosysteme.territories import load_territories
from tests.conftest import FIXTURES, VALID_INPUTS

HEADER = "id;nom;type;monde;echelon;natures;territoires;besoins;odd;site_web\n"


def write(tmp_path, **tables):
    for name, text in tables.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def issues_of(tmp_path, code):
    _, report = load(tmp_path)
    return [i for i in report.issues if i.code == code]


@pytest.mark.parametrize("name", VALID_INPUTS)
def test_valid_inputs_give_the_same_model(name):
    model, report = load(FIXTURES / name, dataset="petit")
    assert report.ok, [str(i) for i in report.errors]
    assert list(model.actors) == ["rameau", "cc-rennes", "asso-quartier", "fondation-x", "labo"]
    assert model.actors["asso-quartier"].territories == (("commune", "35238"),)
    assert model.actors["cc-rennes"].world == "collectivites"  # default world of the type
    assert model.actors["rameau"].natures == ("catalyse", "management_projets")
    funding = next(r for r in model.relations if r.type == "financement")
    assert funding.amount == Decimal("1500.5")
    assert funding.start == date(2020, 4, 17)
    assert funding.end == date(2021, 12, 31)
    assert [o.value for o in model.observations] == [8.4, 7.2, 7.6]
    assert model.programmes["prog-kit"].carriers == ("rameau",)
    assert report.completeness["acteurs"] > 0.5


def test_missing_required_column_suggests_the_misspelt_one(tmp_path):
    write(tmp_path, acteurs="id;nome;type\na1;X;association\n")
    [issue] = issues_of(tmp_path, "colonne_manquante")
    assert (issue.file, issue.row, issue.column) == ("acteurs.csv", 1, "nom")
    assert "nome" in issue.message and "ajoutez une colonne « nom »" in issue.fix


def test_unknown_column_is_a_warning_with_suggestion(tmp_path):
    write(tmp_path, acteurs="id;nom;type;echelons\na1;X;association;local\n")
    [issue] = issues_of(tmp_path, "colonne_inconnue")
    assert issue.severity == "avertissement" and "echelon" in issue.fix


def test_missing_value_and_invalid_id(tmp_path):
    write(tmp_path, acteurs="id;nom;type\nmon acteur;X;association\na2;;association\n")
    [bad_id] = issues_of(tmp_path, "identifiant_invalide")
    assert (bad_id.row, bad_id.column, bad_id.value) == (2, "id", "mon acteur")
    assert "mon-acteur" in bad_id.fix
    [missing] = issues_of(tmp_path, "valeur_manquante")
    assert (missing.row, missing.column) == (3, "nom")


def test_duplicate_id_names_the_first_row(tmp_path):
    write(tmp_path, acteurs="id;nom;type\na1;X;association\na1;Y;entreprise\n")
    [issue] = issues_of(tmp_path, "identifiant_duplique")
    assert issue.row == 3 and "ligne 2" in issue.message


def test_vocabulary_value_suggests_the_closest(tmp_path):
    write(tmp_path, acteurs="id;nom;type;monde;echelon\na1;X;asociation;Entreprise;Régional\n")
    _, report = load(tmp_path)
    bad = {i.column: i for i in report.issues if i.code == "valeur_hors_vocabulaire"}
    assert set(bad) == {"type"}  # "Entreprise" -> entreprises (plural), "Régional" -> regional
    assert "« association »" in bad["type"].fix


def test_vocabulary_accepts_labels_and_accents(tmp_path):
    write(tmp_path, acteurs="id;nom;type;monde;echelon;natures\n"
                            "a1;X;Collectivité;Collectivités territoriales;Départemental;Catalyse|Gestion\n")
    model, report = load(tmp_path)
    assert report.ok, [str(i) for i in report.issues]
    a = model.actors["a1"]
    assert (a.type, a.world, a.level, a.natures) == ("collectivite", "collectivites", "departemental",
                                                     ("catalyse", "gestion"))


def test_unknown_and_ambiguous_territories(tmp_path):
    write(tmp_path, acteurs="id;nom;type;territoires\na1;X;association;commune:99999|53|canton:1|2A004\n")
    issues = issues_of(tmp_path, "territoire_inconnu")
    values = {i.value: i for i in issues}
    assert set(values) == {"commune:99999", "53", "canton:1"}  # 2A004 (Ajaccio) is real
    assert "region:53 ou departement:53" in values["53"].fix
    assert "référentiel officiel" in values["commune:99999"].message


def test_relations_unknown_ids_types_amounts_dates(tmp_path):
    write(tmp_path,
          acteurs="id;nom;type\na1;Alpha;association\na2;Beta;entreprise\nalpha-1;Gamma;association\n",
          programmes="id;nom;porteurs\np1;Programme;a1\n",
          relations="source;cible;type;montant;date_debut;date_fin\n"
                    "a1;alpha-2;partenariat;;;\n"
                    "a1;a2;financment;;;\n"
                    "a1;a2;financement;beaucoup;;\n"
                    "a1;a2;financement;;32/13/2020;\n"
                    "a1;a2;financement;;01/02/2021;01/01/2021\n"
                    "a1;a2;porte;;;\n")
    _, report = load(tmp_path)
    by_code = {}
    for i in report.errors:
        by_code.setdefault(i.code, []).append(i)
    assert by_code["reference_inconnue"][0].value == "alpha-2"
    assert "« alpha-1 »" in by_code["reference_inconnue"][0].fix
    assert by_code["valeur_hors_vocabulaire"][0].fix.startswith("vouliez-vous dire « financement »")
    assert by_code["nombre_invalide"][0].row == 4
    assert [i.row for i in by_code["date_invalide"]] == [5, 6]
    incoherent = by_code["relation_incoherente"][0]
    assert incoherent.row == 7 and "programme" in incoherent.message


def test_indicator_rules(tmp_path):
    write(tmp_path, acteurs="id;nom;type\na1;X;association\n",
          indicateurs="indicateur;libelle;territoire;valeur;annee;sens\n"
                      "I1;Chômage;region:53;7,2;2019;hausse_fragilise\n"
                      "I1;Chomage bis;region:11;7,6;2019;\n"
                      "I1;Chômage;region:53;7,3;2019;\n"
                      "I1;Chômage;region:94;;2019;\n"
                      "I1;Chômage;region:24;#VALEUR!;2019;\n")
    model, report = load(tmp_path)
    codes = [(i.code, i.row) for i in report.issues]
    assert ("indicateur_incoherent", 3) in codes
    assert ("observation_dupliquee", 4) in codes
    assert ("valeur_manquante", 5) in codes  # kept as missing, said so
    assert ("nombre_invalide", 6) in codes
    assert [o.value for o in model.observations if o.territory == ("region", "94")] == [None]


def test_missing_actors_table(tmp_path):
    write(tmp_path, relations="source;cible;type\n")
    _, report = load(tmp_path)
    assert [i.code for i in report.errors] == ["table_manquante"]


def test_incomplete_record_warning_and_completeness(tmp_path):
    write(tmp_path, acteurs="id;nom;type;monde;echelon;territoires\na1;X;reseau;;;\na2;Y;association;;local;france\n")
    model, report = load(tmp_path)
    [warn] = [i for i in report.issues if i.code == "fiche_incomplete"]
    assert warn.row == 2 and "monde" in warn.message and "echelon" in warn.message
    assert 0 < report.completeness["acteurs"] < 1
    assert len(model.actors) == 2  # a warning never drops a row


def test_all_errors_reported_in_one_pass(tmp_path):
    write(tmp_path, acteurs="id;nom;type;echelon\na1;;bad;nul\nb b;Y;association;local\n")
    _, report = load(tmp_path)
    assert len(report.errors) == 4
    text = report.to_csv().splitlines()
    assert text[0] == "gravite;code;fichier;ligne;colonne;valeur;message;correction"
    assert len(text) == 1 + len(report.issues)


@pytest.mark.parametrize(("raw", "expected"), [("12,5", 12.5), ("1 234,5", 1234.5), ("1.234,5", 1234.5),
                                               ("-2,2%", -2.2), ("20\u202f751 €", 20751.0), (3, 3.0), ("", None)])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "nan"])
def test_parse_number_rejects(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("17/04/2020", date(2020, 4, 17)), ("2020-04-17", date(2020, 4, 17)), ("17 avril 2020", date(2020, 4, 17)),
    ("1er mars 2021", date(2021, 3, 1)), (43938, date(2020, 4, 17)), (43938.0, date(2020, 4, 17)),
    ("2021", PartialDate(2021)), (2021, PartialDate(2021)), ("03/2021", PartialDate(2021, 3)),
    ("3/2021", PartialDate(2021, 3)), ("2021-03", PartialDate(2021, 3)), ("mars 2021", PartialDate(2021, 3)),
    ("Févr. 2021", PartialDate(2021, 2)), ("août 2020", PartialDate(2020, 8)), ("", None)])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["43938", "13/2021", "31/02/2021", "brumaire 2021", "2021.5", 2021.5, "20210"])
def test_parse_date_refuses_text_serials_and_nonsense(raw):
    """An Excel serial is a date only in a typed XLSX cell: as text it is any number."""
    with pytest.raises(ValueError):
        parse_date(raw)


@pytest.mark.parametrize(("raw", "expected"), [("commune:35238", ("commune", "35238")), ("35238", ("commune", "35238")),
                                               ("reg:53", ("region", "53")), ("243500139", ("epci", "243500139")),
                                               ("France", ("pays", "FR")), ("dep:2A", ("departement", "2A")),
                                               ("commune:1001", ("commune", "01001"))])
def test_parse_territory(raw, expected):
    ref, message, _ = parse_territory(raw, load_territories())
    assert ref == expected, message


def test_dataset_table_declares_title_licence_and_fictional_flag(tmp_path):
    write(tmp_path, acteurs=HEADER + "a1;X;association;;;;;;;\n",
          jeu="titre;fictif;licence;source\nÉcosystème de démonstration;oui;CC0;inventé\n")
    model, report = load(tmp_path)
    assert report.ok, [str(i) for i in report.errors]
    assert model.info.title == "Écosystème de démonstration"
    assert model.info.fictional and model.info.licence == "CC0"
    assert model.info.provenance.file == "jeu.csv" and model.info.provenance.row == 2


def test_dataset_without_table_is_not_fictional(tmp_path):
    write(tmp_path, acteurs=HEADER + "a1;X;association;;;;;;;\n")
    model, _ = load(tmp_path)
    assert not model.info.fictional and model.info.title is None


def test_dataset_table_refuses_an_unreadable_flag_and_a_second_row(tmp_path):
    write(tmp_path, acteurs=HEADER + "a1;X;association;;;;;;;\n", jeu="titre;fictif\nA;peut-être\nB;non\n")
    _, report = load(tmp_path)
    flag = next(i for i in report.errors if i.column == "fictif")
    assert (flag.file, flag.row, flag.value) == ("jeu.csv", 2, "peut-être") and "« oui »" in flag.fix
    extra = next(i for i in report.errors if i.code == "ligne_en_trop")
    assert extra.row == 3


def test_presumed_columns_are_kept_apart(tmp_path):
    write(tmp_path, acteurs="id;nom;type;echelon;territoires;presume\n"
                            "a1;X;association;national;france;territoires|echelon\n"
                            "a2;Y;association;;;territoires\n"
                            "a3;Z;association;;france;lieu\n")
    model, report = load(tmp_path)
    assert model.actors["a1"].presumed == ("territoires", "echelon")
    assert model.actors["a1"].territories == (("pays", "FR"),)  # the value stays, marked
    empty = next(i for i in report.warnings if i.code == "presume_vide")
    assert (empty.row, empty.column) == (3, "presume")
    wrong = next(i for i in report.errors if i.column == "presume")
    assert wrong.row == 4 and "territoires" in wrong.fix
