"""What changed between two versions, in French: Markdown, one standalone HTML page, CSV and JSON.

:func:`build_diff_report` turns a :class:`~ecosysteme.analysis.diff.Diff` into
counts and sections of items (pure); the ``render_*`` functions write them;
:func:`write_diff_report` writes the requested formats atomically. Data strings
are escaped in HTML (:func:`html.escape`) and Markdown (:func:`md_escape`);
CSV cells a spreadsheet would read as a formula get an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from ecosysteme.analysis.diff import Diff, RecordDiff
from ecosysteme.analysis.gaps import KIND_TITLES
from ecosysteme.model import Model
from ecosysteme.report.markdown import md_escape
from ecosysteme.text import count_fr, sheet_cell

__all__ = [
    "DIFF_FORMATS",
    "DiffReport",
    "Item",
    "build_diff_report",
    "render_diff",
    "render_diff_csv",
    "render_diff_html",
    "render_diff_markdown",
    "write_diff_report",
]

#: Formats of :func:`write_diff_report`: file suffix per format key.
DIFF_FORMATS = {"html": ".html", "md": ".md", "csv": ".csv", "json": ".json"}

_REL_TYPES = {"partenariat": "partenariat", "relaie": "relaie", "finance": "finance", "membre_de": "membre de",
              "porte": "porte", "repond_a": "répond à", "exprime": "exprime"}


@dataclass(frozen=True)
class Item:
    """One line of the report: a change of one thing, with its changed columns ``(column, old, new)``."""

    change: str
    ident: str
    name: str
    details: tuple[tuple[str, str, str], ...] = ()
    territory: str = ""
    note: str = ""

    def text(self) -> str:
        head = f"{self.ident} — {self.name}" if self.name and self.name != self.ident else self.ident
        if self.note:
            head += f" ({self.note})"
        if not self.details:
            return head
        return head + " : " + " ; ".join(f"{c} : {o} → {n}" for c, o, n in self.details)


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    items: tuple[Item, ...]
    empty: str
    intro: str = ""


@dataclass(frozen=True)
class DiffReport:
    old: str
    new: str
    counts: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    quality: tuple[tuple[str, str, str, str, str], ...]
    notes: tuple[str, ...]
    data: dict[str, Any]


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(vide)"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return " / ".join(", ".join(f"{k} {_value(v)}" for k, v in row.items()) for row in value)
        return " | ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _details(fields) -> tuple[tuple[str, str, str], ...]:
    return tuple((c, _value(o), _value(n)) for c, (o, n) in fields.items())


def _name(model: Model, ident: str) -> str:
    r = model.actors.get(ident) or model.programmes.get(ident)
    if r is not None:
        return r.name
    need = model.needs.get(ident)
    return need.label if need is not None else ident


def _record_sections(key: str, noun: str, plural: str, d: RecordDiff, old: Model, new: Model
                     ) -> list[ReportSection]:
    sections = []
    if d.renamed:
        sections.append(ReportSection(
            f"{key}-renommes", f"{plural} renommés — à confirmer",
            tuple(Item("renommage", f"{r.old} → {r.new}", _name(new, r.new), _details(r.fields),
                       note=f"{r.reason}, similarité {_value(r.score)}") for r in d.renamed),
            "", "Un identifiant retiré et un identifiant ajouté qui désignent sans doute la même fiche (même site "
                "web ou noms très proches). Confirmez chaque ligne ; sinon, lisez-la comme un retrait et un ajout."))
    sections.append(ReportSection(f"{key}-ajoutes", f"{plural} ajoutés",
                                  tuple(Item("ajout", i, _name(new, i)) for i in d.added), f"Aucun {noun} ajouté."))
    sections.append(ReportSection(f"{key}-retires", f"{plural} retirés",
                                  tuple(Item("retrait", i, _name(old, i)) for i in d.removed),
                                  f"Aucun {noun} retiré."))
    sections.append(ReportSection(f"{key}-modifies", f"{plural} modifiés",
                                  tuple(Item("modification", m.id, _name(new, m.id), _details(m.fields))
                                        for m in d.modified), f"Aucun {noun} modifié."))
    return sections


def _record_count(label: str, d: RecordDiff, feminine: bool = False) -> str:
    e = "e" if feminine else ""
    parts = [count_fr(len(d.added), f"ajouté{e}"), count_fr(len(d.removed), f"retiré{e}"),
             count_fr(len(d.modified), f"modifié{e}")]
    if d.renamed:
        parts.append(count_fr(len(d.renamed), "renommage") + " à confirmer")
    return f"{label} : {', '.join(parts)}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


def build_diff_report(diff: Diff, old: Model, new: Model) -> DiffReport:
    """Counts (first), sections and the quality table of a diff, in French."""
    rel = diff.relations

    def rel_item(change: str, key: tuple[str, str, str], details=()) -> Item:
        source, target, kind = key
        return Item(change, f"{source} → {target} ({_REL_TYPES.get(kind, kind)})",
                    f"{_name(new if change != 'retrait' else old, source)} → "
                    f"{_name(new if change != 'retrait' else old, target)}", details)

    counts = [_record_count("Acteurs", diff.actors),
              "Relations : " + ", ".join([count_fr(len(rel.added), "ajoutée"), count_fr(len(rel.removed), "retirée"),
                                          count_fr(len(rel.modified), "modifiée")]),
              _record_count("Programmes", diff.programmes), _record_count("Besoins", diff.needs)]
    if diff.gaps is not None:
        counts.append("Trous dans la raquette : " + count_fr(len(diff.gaps.opened), "ouvert") + ", "
                      + count_fr(len(diff.gaps.closed), "fermé"))
    q = diff.quality
    share = [q.qualified[i] / q.actors[i] if q.actors[i] else None for i in (0, 1)]
    counts.append(f"Acteurs qualifiés (monde, échelon et territoire connus) : {q.qualified[0]} → {q.qualified[1]} "
                  f"({_percent(share[0])} → {_percent(share[1])})")
    sections = _record_sections("acteurs", "acteur", "Acteurs", diff.actors, old, new)
    sections += [
        ReportSection("relations-ajoutees", "Relations ajoutées",
                      tuple(rel_item("ajout", k) for k in rel.added), "Aucune relation ajoutée."),
        ReportSection("relations-retirees", "Relations retirées",
                      tuple(rel_item("retrait", k) for k in rel.removed), "Aucune relation retirée."),
        ReportSection("relations-modifiees", "Relations modifiées (montant, dates, provenance)",
                      tuple(rel_item("modification", c.key, _details(c.fields)) for c in rel.modified),
                      "Aucune relation modifiée."),
    ]
    sections += _record_sections("programmes", "programme", "Programmes", diff.programmes, old, new)
    sections += _record_sections("besoins", "besoin", "Besoins", diff.needs, old, new)
    if diff.gaps is not None:
        for key, title, findings, change in (("trous-fermes", "Trous fermés", diff.gaps.closed, "fermé"),
                                             ("trous-ouverts", "Trous ouverts", diff.gaps.opened, "ouvert")):
            sections.append(ReportSection(
                key, title, tuple(Item(change, f.key[2], f.title, (), f"{f.territory_name} ({f.territory_key})",
                                       KIND_TITLES.get(f.kind, f.kind)) for f in findings),
                f"Aucun trou {change}.", "Par territoire, avec les règles de `ecosysteme trous`."))
    quality = []
    for t in q.tables:
        c0, c1 = t.completeness
        gap = "—" if c0 is None or c1 is None else f"{(c1 - c0) * 100:+.1f} pt".replace(".", ",")
        quality.append((t.table, f"{t.rows[0]} → {t.rows[1]}", _percent(c0), _percent(c1), gap))
    notes = ("Une relation est identifiée par sa source, sa cible et son type ; un changement de montant, de dates "
             "ou de provenance en fait une relation modifiée.",
             "La complétude d'une table est la part des cases obligatoires et recommandées remplies.")
    shown = tuple(s for s in sections if s.items)  # the counts at the top say what is empty
    return DiffReport(diff.old, diff.new, tuple(counts), shown, tuple(quality), notes, diff.to_json())


# -------------------------------------------------------------------------------------------------- Markdown

def render_diff_markdown(report: DiffReport) -> str:
    lines = [f"# Ce qui a changé : {md_escape(report.old)} → {md_escape(report.new)}", ""]
    lines += [f"- {md_escape(c)}" for c in report.counts] + [""]
    previous = ""
    for s in report.sections:
        lines += [f"## {md_escape(s.title)} ({len(s.items)})", ""]
        if s.intro:
            lines += [md_escape(s.intro), ""]
        if not s.items:
            lines += [f"*{md_escape(s.empty)}*", ""]
            continue
        for item in s.items:
            if item.territory and item.territory != previous:
                lines += ([""] if lines[-1] else []) + [f"### {md_escape(item.territory)}", ""]
                previous = item.territory
            lines.append(f"- {md_escape(item.text())}")
        previous = ""
        lines.append("")
    lines += ["## Qualité des données", "", "| Table | Lignes | Complétude avant | Complétude après | Écart |",
              "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in report.quality]
    lines += ["", "## Notes", ""] + [f"- {md_escape(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------------------- HTML

_CSS = """
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1d2330;
       background:#fafaf7; }
header { background:#1f5f8b; color:#fff; padding:1.2rem 2rem; } header h1 { margin:0; font-size:1.6rem; }
main { padding:1rem 2rem 3rem; max-width:1200px; }
h2 { border-bottom:2px solid #1f5f8b; padding-bottom:.2rem; } h2 .nb { color:#5b6475; font-weight:normal; }
.compte li { font-size:1.05rem; } .vide { color:#5b6475; font-style:italic; } .intro { color:#5b6475; }
table { border-collapse:collapse; background:#fff; } th, td { border:1px solid #d9dce3; padding:.3rem .5rem;
  text-align:left; vertical-align:top; } th { background:#eef2f7; }
.avant { color:#8a1c12; text-decoration:line-through; } .apres { color:#185c2b; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _html_item(item: Item) -> str:
    head = f"<code>{_e(item.ident)}</code>"
    if item.name and item.name != item.ident:
        head += f" — {_e(item.name)}"
    if item.note:
        head += f' <span class="intro">({_e(item.note)})</span>'
    if not item.details:
        return f"<li>{head}</li>"
    rows = "".join(f'<li>{_e(c)} : <span class="avant">{_e(o)}</span> → <span class="apres">{_e(n)}</span></li>'
                   for c, o, n in item.details)
    return f"<li>{head}<ul>{rows}</ul></li>"


def render_diff_html(report: DiffReport) -> str:
    title = f"Ce qui a changé : {report.old} → {report.new}"
    parts = ["<!DOCTYPE html>", '<html lang="fr"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
             f"<header><h1>{_e(title)}</h1></header><main>",
             '<section id="synthese"><h2>Synthèse</h2><ul class="compte">'
             + "".join(f"<li>{_e(c)}</li>" for c in report.counts) + "</ul></section>"]
    for s in report.sections:
        parts.append(f'<section id="{_e(s.key)}"><h2>{_e(s.title)} <span class="nb">({len(s.items)})</span></h2>')
        if s.intro:
            parts.append(f'<p class="intro">{_e(s.intro)}</p>')
        if not s.items:
            parts.append(f'<p class="vide">{_e(s.empty)}</p></section>')
            continue
        territory = None
        parts.append("<ul>")
        for item in s.items:
            if item.territory and item.territory != territory:
                if territory is not None:
                    parts.append("</ul></li>")
                parts.append(f"<li><strong>{_e(item.territory)}</strong><ul>")
                territory = item.territory
            parts.append(_html_item(item))
        if territory is not None:
            parts.append("</ul></li>")
        parts.append("</ul></section>")
    parts.append('<section id="qualite"><h2>Qualité des données</h2><table><thead><tr><th>Table</th><th>Lignes</th>'
                 "<th>Complétude avant</th><th>Complétude après</th><th>Écart</th></tr></thead><tbody>"
                 + "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in report.quality)
                 + "</tbody></table></section>")
    parts.append('<section id="notes"><h2>Notes</h2><ul>' + "".join(f"<li>{_e(n)}</li>" for n in report.notes)
                 + "</ul></section></main></body></html>")
    return "\n".join(parts) + "\n"


# -------------------------------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("section", "changement", "id", "nom", "territoire", "note", "champ", "avant", "apres")


def render_diff_csv(report: DiffReport) -> str:
    """One row per change and per changed column (``;``, for Excel; the BOM is added when written)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in report.sections:
        for item in s.items:
            base = [s.title, item.change, item.ident, item.name, item.territory, item.note]
            for column, old, new in item.details or (("", "", ""),):
                writer.writerow([sheet_cell(x) for x in (*base, column, old, new)])
    for table, rows, before, after, _gap in report.quality:
        row = ("Qualité des données", "complétude", table, "", "", "", rows, before, after)
        writer.writerow([sheet_cell(x) for x in row])
    return buf.getvalue()


# -------------------------------------------------------------------------------------------------- files

def write_diff_report(report: DiffReport, target: Path | str, formats: Sequence[str] = ("md",)) -> list[Path]:
    """Write ``formats`` atomically: into ``target`` as a file (one format, a name with a suffix) or a folder.

    In a folder the files are ``diff.html``, ``diff.md``, ``diff.csv``, ``diff.json``.
    """
    from ecosysteme.fs import atomic_write

    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in DIFF_FORMATS]
    if unknown or not formats:
        raise ValueError(f"format(s) inconnu(s) : {', '.join(unknown) or '(aucun)'} ; possibles : "
                         f"{', '.join(DIFF_FORMATS)}")
    target = Path(target)
    as_file = len(formats) == 1 and target.suffix and not target.is_dir()
    written = []
    for fmt in formats:
        path = target if as_file else target / f"diff{DIFF_FORMATS[fmt]}"
        text, encoding = render_diff(report, fmt), ("utf-8-sig" if fmt == "csv" else "utf-8")
        with atomic_write(path, encoding=encoding) as fh:
            fh.write(text)
        written.append(path)
    return written


def render_diff(report: DiffReport, fmt: str) -> str:
    """The report in one format (``html``, ``md``, ``csv`` or ``json``)."""
    if fmt == "html":
        return render_diff_html(report)
    if fmt == "csv":
        return render_diff_csv(report)
    if fmt == "json":
        return json.dumps(report.data, ensure_ascii=False, indent=1) + "\n"
    return render_diff_markdown(report)
