"""The gap report as one standalone HTML page: offline, French, sortable and filterable tables.

No external resource of any kind (styles and a few lines of script are
inline); every string that comes from the data goes through
:func:`html.escape`, so an actor named ``<img src=x onerror=alert(1)>`` shows
as text. Tables sort by clicking a header (or Enter on it) and filter with the
box above them. The page sets ``window.ecoReady = true`` once its script ran.
"""

from __future__ import annotations

import re
from html import escape

from ecosysteme.report.gaps import Finding, GapReport, Matrix, Section
from ecosysteme.text import number_fr

__all__ = ["render_html"]

_NUMERIC = re.compile(r"^\(?-?\d")

_CSS = """
:root { --fond:#fafaf7; --texte:#1d2330; --doux:#5b6475; --ligne:#d9dce3; --accent:#1f5f8b; --trou:#fde2e0;
        --trou-texte:#8a1c12; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--texte);
       background:var(--fond); }
header { background:var(--accent); color:#fff; padding:1.2rem 2rem; }
header h1 { margin:0 0 .2rem; font-size:1.6rem; }
header p { margin:0; opacity:.9; }
nav { display:flex; flex-wrap:wrap; gap:.2rem 1rem; padding:.6rem 2rem; border-bottom:1px solid var(--ligne);
      background:#fff; position:sticky; top:0; z-index:2; }
nav a { color:var(--accent); text-decoration:none; white-space:nowrap; }
nav a:hover, nav a:focus { text-decoration:underline; }
main { padding:1rem 2rem 3rem; max-width:1400px; }
section, .matrice { margin-top:2rem; scroll-margin-top:5rem; }
h2 { border-bottom:2px solid var(--accent); padding-bottom:.2rem; }
h2 .nb { color:var(--doux); font-weight:normal; font-size:1rem; }
.intro { color:var(--doux); max-width:75ch; }
.cartes { display:flex; flex-wrap:wrap; gap:.8rem; padding:0; margin:0; }
.cartes div { background:#fff; border:1px solid var(--ligne); border-radius:6px; padding:.6rem 1rem; min-width:11rem; }
.cartes dt { color:var(--doux); font-size:.85rem; }
.cartes dd { margin:0; font-size:1.5rem; font-weight:600; }
.filtre { margin:.4rem 0; padding:.35rem .6rem; width:min(28rem, 100%); border:1px solid var(--ligne);
          border-radius:4px; font:inherit; }
table { border-collapse:collapse; width:100%; background:#fff; margin:.5rem 0 1rem; font-size:.92rem; }
th, td { border:1px solid var(--ligne); padding:.35rem .5rem; vertical-align:top; text-align:left; }
th { background:#eef2f7; cursor:pointer; user-select:none; position:relative; padding-right:1.4rem; }
th:focus { outline:2px solid var(--accent); outline-offset:-2px; }
th::after { content:"⇅"; position:absolute; right:.4rem; color:var(--doux); font-size:.8rem; }
th[aria-sort="ascending"]::after { content:"▲"; color:var(--accent); }
th[aria-sort="descending"]::after { content:"▼"; color:var(--accent); }
td ul { margin:0; padding-left:1.1rem; }
td.nombre { text-align:right; white-space:nowrap; }
td.trou { background:var(--trou); color:var(--trou-texte); font-weight:600; }
.vide { color:var(--doux); font-style:italic; }
.compteur { color:var(--doux); font-size:.85rem; }
footer { color:var(--doux); font-size:.85rem; padding:1rem 2rem; border-top:1px solid var(--ligne); }
.fictif { background:#fff3cd; color:#5c4400; border-bottom:2px solid #c99a00; padding:.6rem 2rem; font-weight:600; }
@page { size: A4; margin: 1.5cm; }
@media print { nav, .filtre { display:none; } th::after { content:""; } body { background:#fff; font-size:10pt; }
  header { background:#fff; color:var(--texte); padding:0 0 .5rem; border-bottom:2px solid var(--accent); }
  section, .matrice { break-inside:auto; } tr { break-inside:avoid; } main { max-width:none; padding:0; }
  .fictif { border:2px solid #c99a00; } }
"""

_JS = """
(function () {
  "use strict";
  function valeur(cell, numeric) {
    var v = cell.getAttribute("data-sort");
    if (v === null) { v = cell.textContent.trim(); }
    if (numeric) {
      var n = parseFloat(String(v).replace(/^\\(/, "").replace(",", "."));
      return isNaN(n) ? -Infinity : n;
    }
    return v.toLocaleLowerCase("fr");
  }
  function trier(table, index, th) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var numeric = th.getAttribute("data-type") === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = valeur(a.cells[index], numeric), y = valeur(b.cells[index], numeric);
      var c = x === y ? 0 : (numeric ? (x < y ? -1 : 1) : x.localeCompare(y, "fr"));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.triable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.title = "Trier par cette colonne";
      th.addEventListener("click", function () { trier(table, index, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); trier(table, index, th); }
      });
    });
  });
  document.querySelectorAll("input.filtre").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    var compteur = document.getElementById(input.getAttribute("data-compteur"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLocaleLowerCase("fr");
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = !q || row.textContent.toLocaleLowerCase("fr").indexOf(q) !== -1;
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (compteur) {
        compteur.textContent = shown + " ligne" + (shown > 1 ? "s affichées" : " affichée");
      }
    });
  });
  window.ecoReady = true;
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _list(items: tuple[str, ...]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _is_count(f: Finding) -> bool:
    """Counts (resources cut off, isolated actors) read better without decimals."""
    return f.section == "fragilite"


def _finding_row(f: Finding) -> str:
    if f.priority is None:
        prio = ""
    elif float(f.priority).is_integer() and _is_count(f):
        prio = str(int(f.priority))
    else:
        prio = number_fr(f.priority, 2 if f.priority < 10 else 1)
    sort = "" if f.priority is None else repr(float(f.priority))
    territory = f"{_e(f.territory_name)}" if f.territory_name else "—"
    return (f'<tr data-ids="{_e(" ".join(f.ids))}"><td class="nombre" data-sort="{f.rank}">{f.rank}</td>'
            f'<td data-sort="{_e(f.territory_name)}">{territory}</td><td>{_e(f.title)}</td>'
            f'<td class="nombre" data-sort="{_e(sort)}">{_e(prio) or "—"}</td>'
            f"<td>{_list(f.evidence)}</td><td>{_list(f.leads)}</td></tr>")


def _section(s: Section, digests: list[Matrix]) -> str:
    n = len(s.findings)
    out = [f'<section id="{_e(s.key)}"><h2>{_e(s.title)} <span class="nb">({n})</span></h2>',
           f'<p class="intro">{_e(s.intro)}</p>']
    out.extend(_matrix(m) for m in digests)
    if not s.findings:
        out.append(f'<p class="vide">{_e(s.empty)}</p>')
    else:
        tid = f"t-{s.key}"
        out.append(f'<input type="search" class="filtre" data-table="{_e(tid)}" data-compteur="c-{_e(s.key)}" '
                   f'placeholder="Filtrer (territoire, nom, besoin…)" aria-label="Filtrer le tableau {_e(s.title)}">'
                   f' <span class="compteur" id="c-{_e(s.key)}">{n} ligne{"s" if n > 1 else ""}</span>')
        out.append(f'<table class="triable" id="{_e(tid)}"><thead><tr><th data-type="num">Rang</th>'
                   f'<th>Territoire</th><th>Constat</th><th data-type="num">Priorité ({_e(s.priority_label)})</th>'
                   f"<th>Preuves</th><th>Pistes</th></tr></thead><tbody>")
        out.extend(_finding_row(f) for f in s.findings)
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _matrix(m: Matrix) -> str:
    numeric = [bool(m.rows) and c > 0 and all(_NUMERIC.match(r[c]) or r[c] in ("", "—") for r in m.rows)
               for c in range(len(m.columns))]
    num_attr = ' data-type="num"'
    head = "".join(f"<th{num_attr if numeric[c] else ''}>{_e(col)}</th>" for c, col in enumerate(m.columns))
    body = []
    for r, row in enumerate(m.rows):
        cells = []
        for c, cell in enumerate(row):
            classes = [k for k, on in (("nombre", numeric[c]), ("trou", (r, c) in m.highlight)) if on]
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="matrice" id="{_e(m.key)}"><h3>{_e(m.title)}</h3><p class="intro">{_e(m.intro)}</p>'
            f'<table class="triable"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def render_html(report: GapReport) -> str:
    """The whole page as a string."""
    where = f" — {report.territory_name}" if report.territory_name else ""
    title = f"Trous dans la raquette — {report.dataset}{where}"
    nav = ['<a href="#synthese">Synthèse</a>'] + [
        f'<a href="#{_e(s.key)}">{_e(s.title)} ({len(s.findings)})</a>' for s in report.sections]
    if report.notes:
        nav.append('<a href="#notes">Notes</a>')
    cards = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in report.summary)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        (f'<div class="fictif" role="note">{_e(report.banner)}</div>' if report.banner else "")
        + f"<header><h1>Trous dans la raquette</h1><p>{_e(report.audience)} — jeu de données "
        f"« {_e(report.dataset)} »"
        + (f" — territoire : {_e(report.territory_name)} ({_e(report.territory)})" if report.territory else "")
        + f" — {len(report.territories)} territoire{'s' if len(report.territories) > 1 else ''} étudié"
        f"{'s' if len(report.territories) > 1 else ''}</p></header>",
        f"<nav aria-label=\"Sommaire\">{''.join(nav)}</nav>",
        "<main>",
        f'<section id="synthese"><h2>Synthèse</h2><dl class="cartes">{cards}</dl></section>',
    ]
    for s in report.sections:
        parts.append(_section(s, [m for m in report.matrices if m.section == s.key and m.first]))
        parts.extend(_matrix(m) for m in report.matrices if m.section == s.key and not m.first)
    if report.notes:
        parts.append('<section id="notes"><h2>Notes de méthode</h2><ul>'
                     + "".join(f"<li>{_e(n)}</li>" for n in report.notes) + "</ul></section>")
    parts.append("</main><footer>Produit par ecosysteme à partir des tableaux du jeu de données ; chaque constat "
                 "renvoie aux acteurs, programmes et besoins de l'inventaire (identifiants dans le CSV).</footer>")
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts) + "\n"
