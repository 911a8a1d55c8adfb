"""The blank workbook a catalyst fills in: one sheet per input table, drop-down lists, a « Lisez-moi » sheet.

Everything comes from the declaration of the input format
(:data:`ecosysteme.io.columns.COLUMNS`) and the ontology's vocabularies
(:func:`ecosysteme.io.columns.values`): the headers are the columns the
validator reads, the drop-down lists the values it accepts. With an EPCI, a
sheet lists its communes (code, nom, population, référence to write) and the
``territoires`` columns offer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ecosysteme.errors import InputError
from ecosysteme.io.columns import COLUMNS, values
from ecosysteme.io.tables import HELP_SHEETS, TABLES, TEMPLATE_MARK

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

    from ecosysteme.territories import Territories, Territory

__all__ = ["COMMUNES_SHEET", "LISTS_SHEET", "README_SHEET", "epci_communes", "template_workbook", "write_template"]

README_SHEET, LISTS_SHEET, COMMUNES_SHEET = HELP_SHEETS
#: Rows of a table sheet that carry the drop-down lists (header excluded).
LAST_ROW = 5000

_REQUIRED_FILL, _RECOMMENDED_FILL, _OPTIONAL_FILL = "1F4E79", "9DC3E6", "E7E6E6"
_TERRITORY_COLUMNS = frozenset({"territoires", "territoire", "code"})


def epci_communes(epci: str, territories: Territories) -> tuple[Territory, list[Territory]]:
    """The EPCI of SIREN ``epci`` (``epci:`` prefix allowed) and its communes, by code.

    Raises
    ------
    InputError
        When no EPCI of the referential has this SIREN; the message suggests EPCIs whose name
        contains the text given, and says where to find a SIREN.
    """
    text = epci.strip()
    code = text.split(":", 1)[1].strip() if text.lower().startswith("epci:") else text
    found = territories.get("epci", code)
    if found is None:
        from ecosysteme.territories import normalize_name

        wanted = normalize_name(text)
        near = [t for t in territories.all("epci") if wanted and wanted in normalize_name(t.name)][:5]
        hint = ("EPCI dont le nom contient ce texte : " + ", ".join(f"{t.code} ({t.name})" for t in near) + ". "
                if near else "")
        raise InputError(
            f"EPCI « {epci} » absent du référentiel officiel (Etalab 6.0.0). {hint}Donnez le SIREN à 9 chiffres "
            "de l'EPCI (ex. 242900835 pour CA Morlaix Communauté) ; la base nationale de l'intercommunalité "
            "(BANATIC) le donne pour chaque EPCI."
        )
    communes = [c for level, c_code in territories.children("epci", found.code) if level == "commune"
                for c in [territories.get("commune", c_code)] if c is not None]
    return found, sorted(communes, key=lambda c: c.code)


def template_workbook(epci: str | None = None, territories: Territories | None = None) -> Workbook:
    """Build the blank workbook (not saved); with ``epci``, add the EPCI's communes sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    place = None
    if epci is not None:
        if territories is None:
            from ecosysteme.territories import load_territories

            territories = load_territories()
        place = epci_communes(epci, territories)

    book = Workbook()
    book.properties.keywords = TEMPLATE_MARK  # the reader passes over our help sheets only in our workbook
    readme = book.active
    readme.title = README_SHEET

    lists = book.create_sheet(LISTS_SHEET)
    ranges: dict[str, str] = {}  # vocabulary -> absolute range of its keys on the lists sheet
    vocabularies = sorted({c.vocabulary for cols in COLUMNS.values() for c in cols.values() if c.vocabulary})
    for i, name in enumerate(vocabularies):
        key_col, label_col = get_column_letter(2 * i + 1), get_column_letter(2 * i + 2)
        lists[f"{key_col}1"], lists[f"{label_col}1"] = name, f"{name} (libellé)"
        pairs = values(name)
        for row, (key, label) in enumerate(pairs, 2):
            lists[f"{key_col}{row}"], lists[f"{label_col}{row}"] = key, label
        ranges[name] = f"'{LISTS_SHEET}'!${key_col}$2:${key_col}${len(pairs) + 1}"
        lists.column_dimensions[label_col].width = 40
        for cell in lists[1]:
            cell.font = Font(bold=True)
    lists.freeze_panes = "A2"

    places_range = None
    if place is not None:
        found, communes = place
        sheet = book.create_sheet(COMMUNES_SHEET)
        sheet.append(["code", "nom", "population", "reference"])
        sheet.append([found.code, found.name, found.population, f"epci:{found.code}"])
        for commune in communes:
            sheet.append([commune.code, commune.name, commune.population, f"commune:{commune.code}"])
        places_range = f"'{COMMUNES_SHEET}'!$D$2:$D${len(communes) + 2}"
        _style_header(sheet, {c: _OPTIONAL_FILL for c in range(1, 5)})
        for letter, width in zip("ABCD", (10, 36, 12, 18), strict=True):
            sheet.column_dimensions[letter].width = width

    for table in TABLES:
        columns = list(COLUMNS[table].values())
        sheet = book.create_sheet(table, index=book.index(lists))
        sheet.append([c.name for c in columns])
        fills = {}
        for index, column in enumerate(columns, 1):
            letter = get_column_letter(index)
            fills[index] = (_REQUIRED_FILL if column.required else _RECOMMENDED_FILL if column.recommended
                            else _OPTIONAL_FILL)
            sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
            note = _column_note(column)
            sheet.cell(1, index).comment = Comment(note, "ecosysteme", width=320, height=120)
            source = ranges.get(column.vocabulary or "")
            if source is None and places_range is not None and column.name in _TERRITORY_COLUMNS:
                source = places_range
            if source is None:
                continue
            strict = not column.multiple and column.name not in _TERRITORY_COLUMNS
            check = DataValidation(type="list", formula1=source, allow_blank=True,
                                   showErrorMessage=True, errorStyle="stop" if strict else "information",
                                   showInputMessage=True, promptTitle=column.name[:32], prompt=note[:255],
                                   errorTitle="Valeur hors liste",
                                   error=("Choisissez une valeur de la liste (feuille « listes »)." if strict else
                                          "Valeur hors liste : vérifiez-la, ou séparez plusieurs valeurs par |."))
            check.add(f"{letter}2:{letter}{LAST_ROW + 1}")
            sheet.add_data_validation(check)
        _style_header(sheet, fills)
    if place is not None:
        found, _communes = place
        book["territoires"].append([f"epci:{found.code}", found.name])

    _write_readme(readme, place)
    book.active = 0
    return book


def write_template(path: Path, epci: str | None = None, territories: Territories | None = None) -> Path:
    """Write the blank workbook to ``path`` (an ``.xlsx``), atomically; return ``path``."""
    from ecosysteme.fs import atomic_path

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path} : le modèle est un classeur Excel ; donnez un nom qui finit par .xlsx "
                         f"(ex. {path.with_suffix('.xlsx').name}).")
    book = template_workbook(epci, territories)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


def _column_note(column) -> str:
    status = "obligatoire" if column.required else "recommandée" if column.recommended else "facultative"
    parts = [f"Colonne {status}."]
    if column.vocabulary:
        parts.append(f"Valeurs : liste « {column.vocabulary} » (feuille « {LISTS_SHEET} »).")
    if column.multiple:
        parts.append("Plusieurs valeurs : séparez-les par | (ex. a|b).")
    if column.name in _TERRITORY_COLUMNS:
        parts.append("Territoire : niveau:code INSEE, ex. commune:29151, epci:242900835, france.")
    return " ".join(parts)


def _style_header(sheet, fills: dict[int, str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for index, colour in fills.items():
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True, color="FFFFFF" if colour == _REQUIRED_FILL else "000000")
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"


def _write_readme(sheet, place) -> None:
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, ...]] = [
        ("Modèle de saisie d'un écosystème territorial (ecosysteme)",),
        (),
        ("Une feuille par table : " + ", ".join(TABLES) + ". Seule la feuille « acteurs » est obligatoire ;",),
        ("laissez vides les feuilles dont vous n'avez pas besoin. Ne renommez ni les feuilles ni les en-têtes.",),
        ("En-têtes bleu foncé : colonnes obligatoires ; bleu clair : recommandées ; gris : facultatives.",),
        ("Un commentaire sur chaque en-tête dit ce qu'il attend ; les colonnes codées ont une liste déroulante",),
        (f"(valeurs et libellés dans la feuille « {LISTS_SHEET} », tirés de l'ontologie du projet).",),
        ("Plusieurs valeurs dans une cellule : séparez-les par | (ex. gestion|catalyse).",),
        ("Identifiants (id) : uniques dans acteurs + programmes + besoins ; lettres, chiffres, - _ . sans espace.",),
        ("Territoires : niveau:code officiel, ex. commune:29151, epci:242900835, departement:29, region:53, france.",),
        ("Relations : source et cible sont des id ; montant en euros ; dates JJ/MM/AAAA, MM/AAAA ou AAAA.",),
    ]
    if place is not None:
        found, communes = place
        lines.append((f"Territoire étudié : {found.name} (epci:{found.code}), {len(communes)} communes : "
                      f"voir la feuille « {COMMUNES_SHEET} » (colonne « reference » à recopier).",))
    lines += [
        (),
        ("Ensuite :",),
        ("  ecosysteme validate mon-ecosysteme.xlsx      (tout ce qui ne va pas, ligne par ligne)",),
        ("  ecosysteme carte mon-ecosysteme.xlsx -o carte.html",),
        (),
        ("feuille", "colonne", "statut", "liste", "plusieurs valeurs"),
    ]
    header_row = len(lines)
    for table in TABLES:
        for column in COLUMNS[table].values():
            status = "obligatoire" if column.required else "recommandée" if column.recommended else "facultative"
            lines.append((table, column.name, status, column.vocabulary or "", "oui (|)" if column.multiple else ""))
    for line in lines:
        sheet.append(list(line))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (16, 16, 14, 16, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A1"].alignment = Alignment(vertical="center")
