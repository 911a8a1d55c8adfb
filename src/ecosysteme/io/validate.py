"""Check raw tables and build the canonical :class:`~ecosysteme.model.Model`.

Every problem is collected in one pass into a :class:`~ecosysteme.io.report.Report`:
file (or sheet), spreadsheet row, column, offending value, what was expected
and how to fix it, in French. Nothing is dropped silently: a row with an error
is reported, and the build refuses to go on while errors remain.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ecosysteme import vocab
from ecosysteme.io.columns import COLUMNS, PRESUMABLE
from ecosysteme.io.dates import DATE_FORMATS, date_bounds, parse_date
from ecosysteme.io.report import ERROR, WARNING, Report
from ecosysteme.io.tables import TABLES, RawTable, gc_paused, read_tables
from ecosysteme.model import (
    Actor,
    DatasetInfo,
    Indicator,
    Model,
    Need,
    Observation,
    Programme,
    Provenance,
    Relation,
    TerritoryRef,
    format_ref,
)
from ecosysteme.territories import Territories, load_territories
from ecosysteme.text import fold

__all__ = [
    "COLUMNS",
    "add_duplicate_warnings",
    "load",
    "parse_date",
    "parse_number",
    "parse_territory",
    "validate_tables",
]

Progress = Callable[[str, int, int], None]


_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_LEVEL_ALIASES = {
    "region": "region", "reg": "region", "r": "region",
    "departement": "departement", "dep": "departement", "dept": "departement", "d": "departement",
    "epci": "epci", "interco": "epci", "e": "epci",
    "commune": "commune", "com": "commune", "c": "commune",
    "pays": "pays",
}


_fold = fold  # one folding rule for input values, labels and names (ecosysteme.text)


def _closest(value: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(_fold(value), choices, n=1, cutoff=0.5)
    return found[0] if found else None


def _cell_text(value: object) -> str:
    if type(value) is str:  # the common case, first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_number(value: object) -> float | None:
    """Parse ``12,5``, ``1 234,5``, ``1.234,5``, ``-3,6%`` or a spreadsheet number.

    >>> parse_number("1 234,5")
    1234.5
    >>> parse_number("-2,2%")
    -2.2
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if type(value) is str:  # cells repeat: parse each distinct text once
        return _parse_number_cached(value)
    return _parse_number(value)


def _parse_number(value: object) -> float | None:
    text = _cell_text(value)
    if not text:
        return None
    text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").rstrip("%")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(value) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(value)
    return number


_parse_number_cached = functools.lru_cache(maxsize=1 << 14)(_parse_number)


def parse_territory(text: str, territories: Territories) -> tuple[TerritoryRef | None, str | None, str | None]:
    """Parse a territory reference: ``(ref, error message, fix)``.

    ``commune:35238``, ``reg:53``, ``epci:243500139``, ``france``; a bare
    5-character code is a commune and a 9-digit one an EPCI.
    """
    raw = text.strip()
    folded = _fold(raw)
    if folded in ("france", "pays_fr", "fr", "national", "france_metropole", "france_metropolitaine"):
        return ("pays", "FR"), None, None
    if ":" in raw:
        prefix, code = raw.split(":", 1)
        level = _LEVEL_ALIASES.get(_fold(prefix))
        code = code.strip().upper()
        if level is None:
            return None, f"niveau de territoire « {prefix} » inconnu", (
                "préfixez le code par region:, departement:, epci: ou commune: (ex. commune:35238)")
    elif re.fullmatch(r"\d{9}", raw):
        level, code = "epci", raw
    elif re.fullmatch(r"(\d[0-9AB]\d{3})", raw.upper()):
        level, code = "commune", raw.upper()
    elif re.fullmatch(r"\d[0-9AB]\d?", raw.upper()):
        return None, f"code « {raw} » ambigu (région ou département ?)", (
            f"écrivez region:{raw} ou departement:{raw}")
    else:
        return None, "référence de territoire illisible", (
            "écrivez niveau:code avec un code INSEE réel, ex. commune:35238, epci:243500139, "
            "departement:35, region:53 ou france")
    if level == "pays":
        if code in ("FR", "FRANCE"):
            return ("pays", "FR"), None, None
        return None, f"pays « {code} » inconnu", "seule la France (france) est prise en charge"
    if level == "commune" and len(code) == 4 and code.isdigit():
        code = "0" + code  # Excel drops the leading zero of 01001
    if level == "departement" and len(code) == 1 and code.isdigit():
        code = "0" + code
    if territories.get(level, code) is None:
        attached = territories.attached_commune(code) if level == "commune" else None
        if attached is not None:
            kind, name, commune = attached
            found = territories.get("commune", commune)
            what = _ATTACHED.get(kind, kind) + (f" ({name})" if name else "")
            return None, f"le code {code} est {what}, pas une commune actuelle", (
                f"écrivez commune:{commune} ({found.name if found else commune}), la commune dont il fait partie")
        return None, f"{level} de code « {code} » absent du référentiel officiel (Etalab 6.0.0)", (
            "vérifiez le code INSEE (ou le SIREN pour un EPCI) sur le Code officiel géographique")
    return (level, code), None, None


_ATTACHED = {"arrondissement-municipal": "un arrondissement municipal", "commune-deleguee": "une commune déléguée",
             "commune-associee": "une commune associée", "ancien-code": "l'ancien code d'une commune fusionnée"}


class _TableChecker:
    """Row-level helpers bound to one table, writing into the report."""

    def __init__(self, table: RawTable, report: Report,
                 places: dict[str, tuple[TerritoryRef | None, str | None, str | None]] | None = None) -> None:
        self.table = table
        self.report = report
        self.index = {name: i for i, name in enumerate(table.header) if name}
        self.row = 0
        self.cells: list[object] = []
        self.places = {} if places is None else places  # parse_territory results by text (same referential)

    def start(self, row: int, cells: list[object]) -> None:
        self.row, self.cells = row, cells

    def raw(self, column: str) -> object:
        i = self.index.get(column)
        if i is None or i >= len(self.cells):
            return ""
        return self.cells[i]

    def text(self, column: str) -> str:
        i = self.index.get(column)
        if i is None or i >= len(self.cells):
            return ""
        value = self.cells[i]
        return value.strip() if type(value) is str else _cell_text(value)

    def error(self, code: str, column: str | None, value: object, message: str, fix: str) -> None:
        self.report.add(ERROR, code, self.table.source, self.row, column, value, message, fix)

    def warn(self, code: str, column: str | None, value: object, message: str, fix: str) -> None:
        self.report.add(WARNING, code, self.table.source, self.row, column, value, message, fix)

    def required(self, column: str) -> str | None:
        value = self.text(column)
        if not value:
            self.error("valeur_manquante", column, None, "valeur obligatoire absente",
                       f"remplissez la colonne « {column} » de cette ligne")
            return None
        return value

    def ident(self, column: str) -> str | None:
        value = self.required(column)
        if value is None:
            return None
        if not _ID_RE.match(value):
            self.error("identifiant_invalide", column, value,
                       "identifiant invalide (lettres, chiffres, « - », « _ », « . » seulement, sans espace)",
                       f"remplacez-le, par exemple par « {_suggest_id(value)} », ici et dans les tables "
                       "qui s'y réfèrent")
            return None
        return value

    def items(self, column: str) -> list[str]:
        value = self.text(column)
        return [v.strip() for v in value.split("|") if v.strip()] if value else []

    def vocab_value(self, column: str, scheme: str, value: str) -> str | None:
        known = _VOCAB_HITS.get((scheme, value))
        if known is not None:
            return known
        key = self._vocab_value(column, scheme, value)
        if key is not None:
            _VOCAB_HITS[(scheme, value)] = key
        return key

    def _vocab_value(self, column: str, scheme: str, value: str) -> str | None:
        concepts = vocab.SCHEMES[scheme]
        folded = _fold(value)
        for candidate in (folded, folded + "s", folded.removesuffix("s")):
            if candidate in concepts:
                return candidate
        for key, c in concepts.items():
            if folded in (_fold(c.label_fr), _fold(c.label_en)):
                return key
        keys = sorted(concepts)
        close = _closest(value, keys + [_fold(c.label_fr) for c in concepts.values()])
        if close and close not in concepts:
            close = next(k for k, c in concepts.items() if _fold(c.label_fr) == close)
        hint = f"vouliez-vous dire « {close} » ? " if close else ""
        self.error("valeur_hors_vocabulaire", column, value, f"valeur inconnue pour « {column} »",
                   f"{hint}valeurs possibles : {', '.join(keys)}")
        return None

    def scheme(self, column: str) -> str:
        """The concept scheme of a coded column of this table (declared in :data:`COLUMNS`)."""
        scheme = COLUMNS[self.table.name][column].vocabulary
        assert scheme is not None, (self.table.name, column)
        return scheme

    def vocab_one(self, column: str) -> str | None:
        value = self.text(column)
        return self.vocab_value(column, self.scheme(column), value) if value else None

    def vocab_many(self, column: str) -> tuple[str, ...]:
        out = []
        scheme = self.scheme(column)
        for v in self.items(column):
            key = self.vocab_value(column, scheme, v)
            if key is not None and key not in out:
                out.append(key)
        return tuple(out)

    def territories(self, column: str, territories: Territories) -> tuple[TerritoryRef, ...]:
        out: list[TerritoryRef] = []
        for v in self.items(column):
            parsed = self.places.get(v)
            if parsed is None:
                parsed = self.places[v] = parse_territory(v, territories)
            ref, message, fix = parsed
            if ref is None:
                self.error("territoire_inconnu", column, v, message or "", fix or "")
            elif ref not in out:
                out.append(ref)
        return tuple(out)

    def provenance(self) -> Provenance:
        quote = self.text("provenance") or None
        return Provenance(self.table.source, self.row, quote)


#: Other spellings of the relation types (``skos:altLabel`` in the ontology), folded.
_RELATION_ALIASES = {_fold(alias): lt.entry for lt in vocab.RELATION_TYPES.values() for alias in lt.aliases}

#: Vocabulary values already recognised: (scheme, cell text) -> key. Only successes are kept,
#: so every unknown value is still reported on its own row.
_VOCAB_HITS: dict[tuple[str, str], str] = {}


def _suggest_id(value: str) -> str:
    folded = _fold(value).replace("_", "-")
    return folded or "acteur-1"


def _check_columns(table: RawTable, report: Report) -> bool:
    spec = COLUMNS[table.name]
    present = set(table.header)
    ok = True
    for col in spec.values():
        if col.required and col.name not in present:
            close = _closest(col.name, [h for h in table.header if h and h not in spec])
            hint = f" (la colonne « {close} » est-elle mal orthographiée ?)" if close else ""
            report.add(ERROR, "colonne_manquante", table.source, table.header_row, col.name, None,
                       f"colonne obligatoire « {col.name} » absente{hint}",
                       f"ajoutez une colonne « {col.name} » à l'en-tête (ligne {table.header_row})")
            ok = False
    seen: set[str] = set()
    for position, name in enumerate(table.header, start=1):
        if not name:
            continue
        if name in seen:
            report.add(ERROR, "colonne_dupliquee", table.source, table.header_row, name, None,
                       f"la colonne « {name} » apparaît deux fois", "supprimez ou renommez l'une des deux")
            ok = False
        seen.add(name)
        if name not in spec:
            close = _closest(name, list(spec))
            hint = f"vouliez-vous dire « {close} » ? " if close else ""
            fate = "gardée comme attribut de chaque acteur" if table.name == "acteurs" else "elle sera ignorée"
            report.add(WARNING, "colonne_inconnue", table.source, table.header_row, name, None,
                       f"colonne {position} « {name} » inconnue : {fate}",
                       f"{hint}colonnes possibles : {', '.join(spec)}")
    return ok


def _completeness(table: RawTable) -> float:
    spec = COLUMNS[table.name]
    wanted = [c.name for c in spec.values() if c.required or c.recommended]
    index = {name: i for i, name in enumerate(table.header)}
    total = len(table.rows) * len(wanted)
    filled = 0
    for name in wanted:  # column by column: same count, fewer lookups
        i = index.get(name)
        if i is None:
            continue
        for _, cells in table.rows:
            if i < len(cells):
                value = cells[i]
                if value.strip() if type(value) is str else _cell_text(value):
                    filled += 1
    return round(filled / total, 4) if total else 1.0


def validate_tables(
    tables: dict[str, RawTable],
    *,
    dataset: str,
    territories: Territories | None = None,
    duplicates: bool = True,
    progress: Progress | None = None,
) -> tuple[Model, Report]:
    """Check every table and build the model; never raises on bad data.

    Returns the model of the valid rows and the report of every problem.
    Callers must refuse to use the model when ``report.ok`` is false.
    """
    with gc_paused():
        return _validate_tables(tables, dataset=dataset, territories=territories, duplicates=duplicates,
                                progress=progress)


def _validate_tables(tables: dict[str, RawTable], *, dataset: str, territories: Territories | None,
                     duplicates: bool, progress: Progress | None) -> tuple[Model, Report]:
    territories = territories or load_territories()
    places: dict[str, tuple[TerritoryRef | None, str | None, str | None]] = {}
    report = Report()
    report.issues.extend(getattr(tables, "issues", ()))  # what reading found (ignored sheets, encodings…)
    model = Model(dataset=dataset)
    if "acteurs" not in tables:
        found = list(getattr(tables, "unused", ()))
        found += [f"table « {name} »" for name in tables]
        seen = f" ; trouvé : {', '.join(found)}" if found else " ; aucune autre table trouvée"
        report.add(ERROR, "table_manquante", "acteurs", None, None, None,
                   f"la table obligatoire « acteurs » est absente{seen}",
                   "ajoutez un fichier acteurs.csv (ou une feuille « acteurs » au classeur), ou renommez celui "
                   "qui décrit les acteurs")
    usable = {}
    for name in TABLES:
        if name in tables:
            table = tables[name]
            report.row_counts[name] = len(table.rows)
            if _check_columns(table, report):
                usable[name] = table
            report.completeness[name] = _completeness(table)
    owners: dict[str, tuple[str, int]] = {}

    def claim(chk: _TableChecker, ident: str) -> bool:
        if ident in owners:
            where, row = owners[ident]
            chk.error("identifiant_duplique", "id", ident, f"identifiant déjà utilisé ({where}, ligne {row})",
                      "donnez un identifiant unique à chaque ligne (les identifiants sont partagés entre "
                      "acteurs, programmes et besoins)")
            return False
        owners[ident] = (chk.table.source, chk.row)
        return True

    def tick(name: str, i: int, total: int) -> None:
        if progress is not None and total >= 20000 and (i % 5000 == 0 or i == total):
            progress(name, i, total)

    if "jeu" in usable:
        model.info = _dataset_info(_TableChecker(usable["jeu"], report, places))

    if "territoires" in usable:
        chk = _TableChecker(usable["territoires"], report, places)
        for row, cells in chk.table.rows:
            chk.start(row, cells)
            code = chk.required("code")
            if code is None:
                continue
            refs = chk.territories("code", territories)
            if refs:
                expected = chk.text("nom")
                found = territories.get(*refs[0])
                if expected and found is not None and _fold(expected) != _fold(found.name):
                    chk.warn("nom_territoire_different", "nom", expected,
                             f"le référentiel nomme ce territoire « {found.name} »",
                             "vérifiez le code ou corrigez le nom")
                model.perimeter.extend(r for r in refs if r not in model.perimeter)

    if "besoins" in usable:
        chk = _TableChecker(usable["besoins"], report, places)
        for row, cells in chk.table.rows:
            chk.start(row, cells)
            ident, label = chk.ident("id"), chk.required("libelle")
            theme, domain = chk.vocab_one("theme"), chk.vocab_one("domaine")
            refs = chk.territories("territoires", territories)
            if ident is None or label is None or not claim(chk, ident):
                continue
            model.needs[ident] = Need(ident, label, theme, domain, refs, chk.text("description") or None,
                                      chk.provenance())

    pending_actor_needs: list[tuple[_TableChecker, int, list[object], str, list[str]]] = []
    if "acteurs" in usable:
        chk = _TableChecker(usable["acteurs"], report, places)
        total = len(chk.table.rows)
        others = [(name, i) for i, name in enumerate(chk.table.header) if name and name not in COLUMNS["acteurs"]]
        for i, (row, cells) in enumerate(chk.table.rows, 1):
            tick("acteurs", i, total)
            chk.start(row, cells)
            ident, name = chk.ident("id"), chk.required("nom")
            kind = chk.text("type")
            actor_type = None
            if not kind:
                chk.error("valeur_manquante", "type", None, "type d'acteur absent",
                          f"indiquez l'un de : {', '.join(sorted(vocab.ACTOR_TYPES))}")
            else:
                folded = _fold(kind)
                if folded in vocab.ACTOR_TYPES:
                    actor_type = folded
                else:
                    close = _closest(kind, sorted(vocab.ACTOR_TYPES))
                    hint = f"vouliez-vous dire « {close} » ? " if close else ""
                    chk.error("valeur_hors_vocabulaire", "type", kind, "type d'acteur inconnu",
                              f"{hint}valeurs possibles : {', '.join(sorted(vocab.ACTOR_TYPES))}")
            world = chk.vocab_one("monde")
            level = chk.vocab_one("echelon")
            natures = chk.vocab_many("natures")
            refs = chk.territories("territoires", territories)
            sdgs = []
            for v in chk.items("odd"):
                digits = re.sub(r"(?i)^(odd|sdg)\s*", "", v)
                if re.fullmatch(r"[0-9]{1,2}", digits) and 1 <= int(digits) <= 17:  # not « ² » nor « ١ »
                    sdgs.append(str(int(digits)))
                else:
                    chk.error("valeur_hors_vocabulaire", "odd", v, "ODD inconnu",
                              "écrivez le numéro de l'objectif, de 1 à 17 (ex. 17)")
            website = chk.text("site_web") or None
            if website and not re.match(r"^https?://[^\s/]+\.[^\s]+$", website):
                chk.warn("lien_invalide", "site_web", website, "adresse web illisible",
                         "écrivez une adresse complète commençant par https://")
            if ident is None or name is None or actor_type is None or not claim(chk, ident):
                continue
            if world is None:
                world = vocab.default_world(actor_type)
            missing = [c for c in ("monde", "echelon", "territoires") if not chk.text(c)]
            if world is not None and "monde" in missing:
                missing.remove("monde")
            if missing:
                chk.warn("fiche_incomplete", missing[0], None,
                         f"fiche incomplète : {', '.join(missing)} non renseigné(s)",
                         "complétez la fiche pour qu'elle apparaisse dans les analyses par monde et territoire")
            presumed = _presumed(chk, "acteurs")
            model.actors[ident] = Actor(
                ident, name, actor_type, world, level, natures, refs, (), tuple(sdgs), website,
                chk.text("description") or None, tuple(chk.items("alias")), chk.provenance(), presumed,
                tuple((name, str(cells[i]).strip()) for name, i in others
                      if i < len(cells) and cells[i] is not None and str(cells[i]).strip()))
            needs = chk.items("besoins")
            if needs:
                pending_actor_needs.append((chk, row, cells, ident, needs))
        for chk, row, cells, ident, needs in pending_actor_needs:
            chk.start(row, cells)
            known = []
            for n in needs:
                if n in model.needs:
                    known.append(n)
                else:
                    _unknown_ref(chk, "besoins", n, model, "besoin")
            actor = model.actors[ident]
            model.actors[ident] = Actor(*(getattr(actor, f) if f != "needs" else tuple(known)
                                          for f in Actor.__slots__))

    if "programmes" in usable:
        chk = _TableChecker(usable["programmes"], report, places)
        for row, cells in chk.table.rows:
            chk.start(row, cells)
            ident, name = chk.ident("id"), chk.required("nom")
            carriers = []
            for c in chk.items("porteurs"):
                if c in model.actors:
                    carriers.append(c)
                else:
                    _unknown_ref(chk, "porteurs", c, model, "acteur")
            needs = []
            for n in chk.items("besoins"):
                if n in model.needs:
                    needs.append(n)
                else:
                    _unknown_ref(chk, "besoins", n, model, "besoin")
            themes = chk.vocab_many("themes")
            axis, level = chk.vocab_one("axe"), chk.vocab_one("echelon")
            refs = chk.territories("territoires", territories)
            link = chk.text("lien") or None
            if link and not re.match(r"^https?://\S+$", link):
                chk.warn("lien_invalide", "lien", link, "adresse web illisible",
                         "écrivez une adresse complète commençant par https://")
            presumed = _presumed(chk, "programmes")
            if ident is None or name is None or not claim(chk, ident):
                continue
            model.programmes[ident] = Programme(
                ident, name, tuple(carriers), themes, tuple(needs), axis, level, refs,
                chk.text("sous_section") or None, chk.text("description") or None, link, chk.provenance(), presumed)

    if "relations" in usable:
        chk = _TableChecker(usable["relations"], report, places)
        total = len(chk.table.rows)
        kinds = {"Acteur": "acteur", "Programme": "programme", "Besoin": "besoin"}
        allowed_kinds = {key: ({kinds[a] for a in rt.domain}, {kinds[a] for a in rt.range})
                         for key, rt in vocab.RELATION_TYPES.items()}
        for i, (row, cells) in enumerate(chk.table.rows, 1):
            tick("relations", i, total)
            chk.start(row, cells)
            source, target, kind = chk.required("source"), chk.required("cible"), chk.required("type")
            rtype = None
            if kind is not None:
                folded = _fold(kind)
                folded = _RELATION_ALIASES.get(folded, folded)
                if folded in vocab.RELATION_TYPES:
                    rtype = vocab.RELATION_TYPES[folded]
                else:
                    close = _closest(kind, sorted(vocab.RELATION_TYPES))
                    hint = f"vouliez-vous dire « {close} » ? " if close else ""
                    chk.error("valeur_hors_vocabulaire", "type", kind, "type de relation inconnu",
                              f"{hint}valeurs possibles : {', '.join(sorted(vocab.RELATION_TYPES))}")
            amount = start = end = None
            try:
                number = parse_number(chk.raw("montant"))
                amount = None if number is None else Decimal(str(number))
                if amount is not None and amount < 0:
                    chk.error("nombre_invalide", "montant", chk.text("montant"), "montant négatif",
                              "indiquez un montant positif en euros")
            except (ValueError, InvalidOperation):
                chk.error("nombre_invalide", "montant", chk.text("montant"), "montant illisible",
                          "écrivez un nombre en euros, ex. 15000 ou 1 500,50")
            for column in ("date_debut", "date_fin"):
                try:
                    value = parse_date(chk.raw(column))
                except ValueError:
                    raw = chk.raw(column)
                    serial = type(raw) is str and re.fullmatch(r"\d{5}", raw.strip())
                    chk.error("date_invalide", column, chk.text(column), "date illisible",
                              f"écrivez {DATE_FORMATS}"
                              + (" ; un numéro de série Excel n'est lu comme date que dans une cellule "
                                 "XLSX : formatez la colonne en date avant d'enregistrer le CSV" if serial else ""))
                    continue
                if column == "date_debut":
                    start = value
                else:
                    end = value
            if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
                chk.error("date_invalide", "date_fin", chk.text("date_fin"), "date de fin antérieure au début",
                          "vérifiez l'ordre des dates")
            ok = rtype is not None
            accepted = allowed_kinds[rtype.key] if rtype is not None else (set(), set())
            for column, ident, allowed, accepts in (
                    ("source", source, rtype.domain if rtype else (), accepted[0]),
                    ("cible", target, rtype.range if rtype else (), accepted[1])):
                if ident is None:
                    ok = False
                    continue
                found = model.kind_of(ident)
                if found is None:
                    _unknown_ref(chk, column, ident, model, "acteur, programme ou besoin")
                    ok = False
                elif rtype is not None and found not in accepts:
                    expected = " ou ".join(kinds[a] for a in allowed)
                    chk.error("relation_incoherente", column, ident,
                              f"une relation « {rtype.key} » attend un(e) {expected} en {column}, "
                              f"« {ident} » est un(e) {found}",
                              "corrigez l'identifiant ou le type de relation")
                    ok = False
            if ok and source == target:
                chk.warn("relation_boucle", "cible", target, "relation d'un acteur vers lui-même",
                         "vérifiez la cible")
            if ok:
                assert source is not None and target is not None and rtype is not None
                model.relations.append(Relation(source, target, rtype.key, amount, start, end, chk.provenance()))

    if "indicateurs" in usable:
        chk = _TableChecker(usable["indicateurs"], report, places)
        seen_obs: dict[tuple[str, TerritoryRef, str | None], int] = {}
        for row, cells in chk.table.rows:
            chk.start(row, cells)
            code, label = chk.required("indicateur"), chk.required("libelle")
            refs = chk.territories("territoire", territories) if chk.required("territoire") else ()
            domain, direction = chk.vocab_one("domaine"), chk.vocab_one("sens")
            try:
                value = parse_number(chk.raw("valeur"))
            except ValueError:
                chk.error("nombre_invalide", "valeur", chk.text("valeur"), "valeur illisible",
                          "écrivez un nombre (virgule décimale acceptée) ou laissez la case vide si la "
                          "valeur manque")
                continue
            if code is None or label is None or not refs:
                continue
            period = chk.text("annee") or None
            if code not in model.indicators:
                model.indicators[code] = Indicator(code, label, chk.text("unite") or None, domain, direction,
                                                   chk.text("source") or None, chk.provenance())
            elif _fold(model.indicators[code].label) != _fold(label):
                first = model.indicators[code]
                chk.error("indicateur_incoherent", "libelle", label,
                          f"l'indicateur {code} a un autre libellé ligne {first.provenance.row} "
                          f"(« {first.label} »)", "donnez le même libellé à toutes les lignes d'un indicateur")
            key = (code, refs[0], period)
            if key in seen_obs:
                chk.error("observation_dupliquee", "valeur", chk.text("valeur"),
                          f"déjà une valeur pour {code}, {format_ref(refs[0])}, {period or 'sans période'} "
                          f"(ligne {seen_obs[key]})", "gardez une seule valeur par indicateur, territoire et année")
                continue
            seen_obs[key] = row
            if value is None:
                chk.warn("valeur_manquante", "valeur", None,
                         f"valeur manquante pour {code} sur {format_ref(refs[0])} : conservée comme manquante",
                         "complétez-la si la source la donne")
            model.observations.append(Observation(code, refs[0], period, value, chk.provenance()))

    if "acteurs" not in usable:
        _fold_unknown_refs(report)
    if duplicates:
        add_duplicate_warnings(model, report)
    return model, report


def _fold_unknown_refs(report: Report) -> None:
    """Without a usable ``acteurs`` table every reference to an actor is unknown: one error says so, not hundreds."""
    unknown = [i for i in report.issues if i.code == "reference_inconnue"]
    if not unknown:
        return
    report.issues[:] = [i for i in report.issues if i.code != "reference_inconnue"]
    files = sorted({i.file for i in unknown})
    report.add(ERROR, "references_non_verifiees", ", ".join(files), None, None, None,
               f"{len(unknown)} référence(s) à des identifiants inconnus, non détaillées : la table « acteurs » "
               "est absente ou inutilisable, donc aucun acteur n'est connu",
               "corrigez d'abord la table « acteurs » (voir l'erreur ci-dessus), puis revalidez")


_PRESUMABLE = PRESUMABLE


def _presumed(chk: _TableChecker, table: str) -> tuple[str, ...]:
    """The columns the row's ``presume`` cell names, checked: each must be presumable and filled."""
    out: list[str] = []
    for value in chk.items("presume"):
        column = _fold(value)
        if column not in _PRESUMABLE[table]:
            close = _closest(value, list(_PRESUMABLE[table]))
            hint = f"vouliez-vous dire « {close} » ? " if close else ""
            chk.error("valeur_hors_vocabulaire", "presume", value, "colonne inconnue pour « presume »",
                      f"{hint}nommez les colonnes dont la valeur est présumée : {', '.join(_PRESUMABLE[table])}")
        elif not chk.text(column):
            chk.warn("presume_vide", "presume", value, f"« {column} » est déclarée présumée mais elle est vide",
                     f"remplissez « {column} » avec la valeur présumée, ou retirez-la de « presume »")
        elif column not in out:
            out.append(column)
    return tuple(out)


_YES = frozenset({"oui", "o", "vrai", "yes", "y", "true", "1", "x"})
_NO = frozenset({"non", "n", "faux", "no", "false", "0", ""})


def _dataset_info(chk: _TableChecker) -> DatasetInfo:
    """The one row of the ``jeu`` table (title, licence, source, fictional flag…)."""
    rows = chk.table.rows
    if not rows:
        return DatasetInfo()
    for row, cells in rows[1:]:
        chk.start(row, cells)
        chk.error("ligne_en_trop", None, None, "la table « jeu » décrit le jeu entier en une seule ligne",
                  "gardez une seule ligne (titre, description, fictif, licence, source, producteur)")
    row, cells = rows[0]
    chk.start(row, cells)
    flag = _fold(chk.text("fictif")).replace("_", "")
    fictional = flag in _YES
    if not fictional and flag not in _NO:
        chk.error("valeur_hors_vocabulaire", "fictif", chk.text("fictif"), "valeur illisible pour « fictif »",
                  "écrivez « oui » si les données sont inventées (exemple, démonstration), sinon « non »")
    return DatasetInfo(chk.text("titre") or None, chk.text("description") or None, fictional,
                       chk.text("licence") or None, chk.text("source") or None, chk.text("producteur") or None,
                       chk.provenance())


def add_duplicate_warnings(model: Model, report: Report) -> None:
    """Append the likely duplicate actors of ``model`` to ``report`` (pairs and warnings).

    This is what ``validate_tables(..., duplicates=True)`` does last; a caller
    that validated without it can add it afterwards (the report is then the
    same), e.g. only when the report has errors and will be shown.
    """
    if not model.actors:
        return
    from ecosysteme.io.duplicates import find_duplicate_actors

    with gc_paused():
        pairs = find_duplicate_actors(model.actors.values())
    for a, b, score, reason in pairs:
        report.duplicates.append((a, b, score, reason))
        first, second = model.actors[a], model.actors[b]
        report.add(WARNING, "doublon_probable", second.provenance.file, second.provenance.row, "nom",
                   second.name,
                   f"doublon probable de « {first.name} » (id {a}, ligne {first.provenance.row}) : "
                   f"{reason}, similarité {score:.2f}",
                   "si c'est le même acteur, fusionnez les deux lignes et gardez l'autre nom dans « alias » ; "
                   "rien n'est fusionné automatiquement")


def _unknown_ref(chk: _TableChecker, column: str, ident: str, model: Model, expected: str) -> None:
    known = list(model.actors) + list(model.programmes) + list(model.needs)
    close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
    hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
    chk.error("reference_inconnue", column, ident, f"identifiant inconnu (attendu : {expected})",
              f"{hint}ajoutez la ligne correspondante ou corrigez l'identifiant")


def dataset_name(source: Path) -> str:
    """Default dataset name: the folder (or workbook) name, slugged."""
    stem = source.stem if source.is_file() else source.name
    return _fold(stem).replace("_", "-") or "jeu"


def load(source: Path, *, dataset: str | None = None, duplicates: bool = True,
         progress: Progress | None = None) -> tuple[Model, Report]:
    """Read and validate a folder of CSV files or an XLSX workbook."""
    source = Path(source)
    tables = read_tables(source)
    return validate_tables(tables, dataset=dataset or dataset_name(source.resolve()),
                           duplicates=duplicates, progress=progress)
