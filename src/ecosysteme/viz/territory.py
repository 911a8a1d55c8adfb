"""The ecosystem seen by territory: who is where, and which links cross territories.

:func:`territory_summary` aggregates the model at one level of the real
French hierarchy (région, département, EPCI, commune; INSEE codes, SIREN
for EPCI): actors of each world, programmes and needs per territory, and the
links between actors (partnership, relay, funding, membership, carrying,
support) whose two ends sit in different territories. An entity counts in
every territory of that level that holds one of its own territories (a
commune's actor counts in its EPCI, département and région); an entity
placed only at a wider level (a national network in a view by département)
is counted apart, never spread over territories it did not name.

:func:`write_territory_view` writes all levels as one self-contained page
(tables and small SVG graphs, no script).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import MapError
from ecosysteme.fs import atomic_write
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.territories import LEVELS, Territories
from ecosysteme.viz._html import FICTIONAL_CSS, esc, fictional_banner, page
from ecosysteme.viz.style import CATEGORIES, EDGE_STYLES, category_of, level_label
from ecosysteme.vocab import ECOSYSTEM_LINKS

__all__ = [
    "VIEW_LEVELS",
    "CrossLink",
    "TerritoryRow",
    "TerritorySummary",
    "territory_page",
    "territory_summary",
    "write_territory_view",
]

#: Levels of the territory view, widest first.
VIEW_LEVELS: tuple[str, ...] = ("region", "departement", "epci", "commune")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
#: Category keys counted per territory: the six worlds and actors without one.
WORLD_KEYS: tuple[str, ...] = tuple(c.key for c in CATEGORIES if c.shape == "dot")


@dataclass(frozen=True, slots=True)
class TerritoryRow:
    """Counts of one territory (``ref`` is ``None`` for the « wider level » row)."""

    ref: TerritoryRef | None
    name: str
    population: int | None
    worlds: dict[str, int]
    actors: int
    programmes: int
    needs: int


@dataclass(frozen=True, slots=True)
class CrossLink:
    """Links between actors (or an actor and a programme) of two different territories."""

    a: TerritoryRef
    b: TerritoryRef
    count: int
    types: dict[str, int]


@dataclass(frozen=True, slots=True)
class TerritorySummary:
    """The ecosystem aggregated at ``level``."""

    level: str
    rows: list[TerritoryRow]
    wider: TerritoryRow
    cross: list[CrossLink]
    internal_links: int
    vertical_links: int
    names: dict[TerritoryRef, str] = field(default_factory=dict)


def _at_level(ref: TerritoryRef, level: str, territories: Territories,
              cache: dict[tuple[TerritoryRef, str], frozenset[TerritoryRef]]) -> frozenset[TerritoryRef]:
    key = (ref, level)
    if key not in cache:
        if ref[0] == level:
            out = frozenset({ref})
        elif _RANK[ref[0]] < _RANK[level] or ref not in territories:
            out = frozenset()
        else:
            out = frozenset(a for a in territories.ancestors(*ref) if a[0] == level)
        cache[key] = out
    return cache[key]


def territory_summary(ecosystem: Ecosystem | Model, level: str = "departement") -> TerritorySummary:
    """Aggregate an ecosystem at ``level`` (``region``, ``departement``, ``epci`` or ``commune``).

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    level : str
        Territory level of the rows.

    Returns
    -------
    TerritorySummary
        Rows sorted by number of actors (then code); cross-territory links
        sorted by count. ``internal_links`` counts links whose ends share a
        territory, ``vertical_links`` those with an end placed only at a wider
        level (or nowhere).

    Raises
    ------
    MapError
        Unknown level.
    """
    if level not in VIEW_LEVELS:
        raise MapError(f"niveau de territoire inconnu : « {level} » ; possibles : {', '.join(VIEW_LEVELS)}")
    e = as_ecosystem(ecosystem)
    model, territories = e.model, e.territories
    cache: dict[tuple[TerritoryRef, str], frozenset[TerritoryRef]] = {}

    def places(refs: tuple[TerritoryRef, ...]) -> frozenset[TerritoryRef]:
        out: set[TerritoryRef] = set()
        for ref in refs:
            out |= _at_level(ref, level, territories, cache)
        return frozenset(out)

    where: dict[str, frozenset[TerritoryRef]] = {}
    worlds: dict[TerritoryRef | None, Counter] = defaultdict(Counter)
    programmes: Counter = Counter()
    needs: Counter = Counter()
    for a in model.actors.values():
        where[a.id] = places(a.territories)
        key = CATEGORIES[category_of("acteur", a.world)].key
        for ref in where[a.id] or (None,):
            worlds[ref][key] += 1
    for p in model.programmes.values():
        where[p.id] = places(p.territories)
        for ref in where[p.id] or (None,):
            programmes[ref] += 1
    for n in model.needs.values():
        for ref in places(n.territories) or (None,):
            needs[ref] += 1

    cross: dict[tuple[TerritoryRef, TerritoryRef], Counter] = defaultdict(Counter)
    internal = vertical = 0
    for source, target, kind, _prov in e.links:
        if kind not in ECOSYSTEM_LINKS:
            continue
        s, t = where.get(source, frozenset()), where.get(target, frozenset())
        if not s or not t:
            vertical += 1
        elif s & t:
            internal += 1
        else:
            for a in s:
                for b in t:
                    cross[(min(a, b), max(a, b))][kind] += 1

    def name_of(ref: TerritoryRef) -> str:
        t = territories.get(*ref)
        return t.name if t else format_ref(ref)

    keys = set(worlds) | set(programmes) | set(needs)
    keys.discard(None)
    rows = []
    for ref in keys:
        counts = worlds.get(ref, Counter())
        rows.append(TerritoryRow(ref=ref, name=name_of(ref), population=territories.population(*ref),
                                 worlds={k: counts.get(k, 0) for k in WORLD_KEYS}, actors=sum(counts.values()),
                                 programmes=programmes.get(ref, 0), needs=needs.get(ref, 0)))
    rows.sort(key=lambda r: (-r.actors, -r.programmes, r.ref))
    wider_counts = worlds.get(None, Counter())
    wider_name = f"Placés à un échelon plus large que le {level_label(level)} (ou sans territoire)"
    wider = TerritoryRow(ref=None, name=wider_name,
                         population=None, worlds={k: wider_counts.get(k, 0) for k in WORLD_KEYS},
                         actors=sum(wider_counts.values()), programmes=programmes.get(None, 0),
                         needs=needs.get(None, 0))
    links = [CrossLink(a=a, b=b, count=sum(c.values()), types=dict(sorted(c.items())))
             for (a, b), c in cross.items()]
    links.sort(key=lambda c: (-c.count, c.a, c.b))
    names = {r.ref: r.name for r in rows if r.ref is not None}
    for link in links:
        names.setdefault(link.a, name_of(link.a))
        names.setdefault(link.b, name_of(link.b))
    return TerritorySummary(level=level, rows=rows, wider=wider, cross=links, internal_links=internal,
                            vertical_links=vertical, names=names)


# --- page ------------------------------------------------------------------------------------------------

_CSS = """body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d1d1b;
  margin: 0 auto; max-width: 1200px; padding: 12px 18px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 30px; border-top: 1px solid #ddd; padding-top: 12px; }
h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #d0d0cc; padding: 3px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.wider td { background: #f4f4f0; font-style: italic; }
.eco-note { color: #555; font-size: 13px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px;
  vertical-align: middle; }
.graph svg { width: 100%; max-width: 760px; height: auto; border: 1px solid #eee; }
nav a { margin-right: 10px; }
.eco-radar svg { width: 100%; max-width: 520px; height: auto; }
"""


def _fmt_int(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", "\u202f")


def _ref_text(ref: TerritoryRef) -> str:
    return ref[1]


def _table(summary: TerritorySummary, limit: int) -> str:
    head = ("<tr><th>Territoire</th><th>Code</th><th class='n'>Population</th>"
            + "".join(f"<th class='n'><span class='swatch' style='background:{c.color}'></span>{esc(c.label)}</th>"
                      for c in CATEGORIES if c.key in WORLD_KEYS)
            + "<th class='n'>Acteurs</th><th class='n'>Programmes</th><th class='n'>Besoins</th></tr>")
    body = []
    shown = summary.rows[:limit]
    for row in [*shown, summary.wider]:
        if row.ref is None and not (row.actors or row.programmes or row.needs):
            continue
        cls = " class='wider'" if row.ref is None else f" data-code='{esc(format_ref(row.ref))}'"
        body.append(
            f"<tr{cls}><td>{esc(row.name)}</td><td>{esc(_ref_text(row.ref) if row.ref else '')}</td>"
            f"<td class='n'>{_fmt_int(row.population)}</td>"
            + "".join(f"<td class='n'>{row.worlds[k] or ''}</td>" for k in WORLD_KEYS)
            + f"<td class='n'>{row.actors}</td><td class='n'>{row.programmes}</td><td class='n'>{row.needs}</td></tr>")
    more = (f"<p class='eco-note'>{len(summary.rows) - limit} autres territoires non affichés "
            f"(les {limit} qui comptent le plus d'acteurs sont listés).</p>" if len(summary.rows) > limit else "")
    return f"<table class='territoires'><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>{more}"


def _cross_table(summary: TerritorySummary, limit: int) -> str:
    if not summary.cross:
        return "<p>Aucun lien entre acteurs de territoires différents à ce niveau.</p>"
    rows = "".join(
        f"<tr><td>{esc(summary.names[c.a])} ({esc(c.a[1])})</td><td>{esc(summary.names[c.b])} ({esc(c.b[1])})</td>"
        f"<td class='n'>{c.count}</td><td>"
        + esc(", ".join(f"{EDGE_STYLES[k].label} : {v}" for k, v in c.types.items())) + "</td></tr>"
        for c in summary.cross[:limit])
    more = (f"<p class='eco-note'>… et {len(summary.cross) - limit} autres paires de territoires.</p>"
            if len(summary.cross) > limit else "")
    return ("<table class='liens'><thead><tr><th>Territoire</th><th>Territoire</th><th class='n'>Liens</th>"
            f"<th>Types</th></tr></thead><tbody>{rows}</tbody></table>{more}")


def _pie(cx: float, cy: float, r: float, worlds: dict[str, int]) -> str:
    total = sum(worlds.values())
    colours = {c.key: c.color for c in CATEGORIES}
    if total == 0:
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="#eeeeee" stroke="#444444"/>'
    parts = []
    angle = -math.pi / 2
    for key, value in worlds.items():
        if not value:
            continue
        if value == total:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colours[key]}"/>')
            break
        end = angle + 2 * math.pi * value / total
        large = 1 if end - angle > math.pi else 0
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
        parts.append(f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} '
                     f'A{r:.1f},{r:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} Z" fill="{colours[key]}"/>')
        angle = end
    parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="#444444"/>')
    return "".join(parts)


def _graph_svg(summary: TerritorySummary, limit: int = 30) -> str:
    """Territories on a circle (most actors first), discs as pies of worlds, cross links as lines."""
    rows = [r for r in summary.rows if r.actors > 0][:limit]
    if len(rows) < 2:
        return ""
    size = 760
    centre = size / 2
    ring = size / 2 - 120
    top = max(r.actors for r in rows)
    pos = {}
    for i, row in enumerate(sorted(rows, key=lambda r: r.ref)):
        angle = -math.pi / 2 + 2 * math.pi * i / len(rows)
        pos[row.ref] = (centre + ring * math.cos(angle), centre + ring * math.sin(angle), angle, row)
    links = [c for c in summary.cross if c.a in pos and c.b in pos][:3 * len(rows)]
    strongest = max((c.count for c in links), default=1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
           f'aria-label="Liens entre territoires ({esc(level_label(summary.level))})">']
    for c in links:
        x1, y1, _a, _r = pos[c.a]
        x2, y2, _b, _s = pos[c.b]
        width = 1 + 7 * math.sqrt(c.count / strongest)
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#4477AA" '
                   f'stroke-opacity="0.55" stroke-width="{width:.1f}"><title>{esc(summary.names[c.a])} — '
                   f'{esc(summary.names[c.b])} : {c.count} lien(s)</title></line>')
    for x, y, angle, row in pos.values():
        r = 6 + 16 * math.sqrt(row.actors / top)
        out.append(f"<g><title>{esc(row.name)} : {row.actors} acteur(s)</title>{_pie(x, y, r, row.worlds)}</g>")
        lx = x + (r + 6) * math.cos(angle)
        ly = y + (r + 6) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.05 else ("end" if math.cos(angle) < -0.05 else "middle")
        label = row.name if len(row.name) <= 28 else row.name[:27] + "…"
        out.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def territory_page(ecosystem: Ecosystem | Model, *, levels: tuple[str, ...] = VIEW_LEVELS, limit: int = 200,
                   radar_region: str | None = "auto") -> str:
    """The territory view of an ecosystem as a self-contained HTML page (no script)."""
    e = as_ecosystem(ecosystem)
    model = e.model
    sections, nav = [], []
    for level in levels:
        summary = territory_summary(e, level)
        label = level_label(level)
        nav.append(f"<a href='#niveau-{level}'>par {esc(label)}</a>")
        sections.append(
            f"<section id='niveau-{level}' data-level='{level}'><h2>Par {esc(label)} ({len(summary.rows)})</h2>"
            f"{_table(summary, limit)}"
            f"<h3>Liens entre territoires</h3>"
            f"<p class='eco-note'>Liens entre acteurs (partenariat, relais, financement, adhésion, portage, "
            f"accompagnement) : {len(summary.cross)} paires de territoires reliées ; {summary.internal_links} liens "
            f"à l'intérieur d'un même territoire ; {summary.vertical_links} liens avec un acteur placé à un échelon "
            f"plus large.</p>"
            + (f"<p class='eco-note'>Graphe : les {min(30, len(summary.rows))} territoires qui comptent le plus "
               "d'acteurs (disques : part de chaque monde), reliés par leurs liens les plus nombreux.</p>"
               f"<div class='graph'>{_graph_svg(summary)}</div>" if len(summary.rows) >= 2 else "")
            + f"{_cross_table(summary, limit)}</section>")
    radar = ""
    if radar_region:
        from ecosysteme.viz.radar import perimeter_region, radar_panel

        region = perimeter_region(e) if radar_region == "auto" else radar_region
        if region:
            radar = radar_panel(e, region).replace("<details", "<details open", 1)
    legend = " ".join(f"<span><span class='swatch' style='background:{c.color}'></span>{esc(c.label)}</span>"
                      for c in CATEGORIES if c.key in WORLD_KEYS)
    body = (f"<h1>Vue territoriale — {esc(model.dataset)}</h1>{fictional_banner(model.info.fictional)}"
            f"<p>{len(model.actors)} acteurs, {len(model.programmes)} programmes, {len(model.needs)} besoins, "
            "regroupés par territoire (codes INSEE réels ; SIREN pour les EPCI). Un acteur compte dans chaque "
            "territoire qui contient l'un des siens (une association d'une commune compte dans son EPCI, son "
            "département et sa région) ; un acteur placé seulement à un échelon plus large est compté à part.</p>"
            f"<p class='eco-note'>Mondes : {legend}</p>"
            f"<nav>{' '.join(nav)}</nav>{radar}{''.join(sections)}")
    return page(title=f"Vue territoriale — {model.dataset}", body=body, css=_CSS + FICTIONAL_CSS)


def write_territory_view(ecosystem: Ecosystem | Model, path: str | Path, *, levels: tuple[str, ...] = VIEW_LEVELS,
                         radar_region: str | None = "auto") -> Path:
    """Write the territory view of an ecosystem (one HTML file, no script, no outside request).

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    path : str or pathlib.Path
        Output file (written atomically).
    levels : tuple of str
        Levels shown, among ``region``, ``departement``, ``epci``, ``commune``.
    radar_region : str or None
        Region whose IMPACT radar is shown (``"auto"``: the one holding the whole perimeter, if any).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    for level in levels:
        if level not in VIEW_LEVELS:
            raise MapError(f"niveau de territoire inconnu : « {level} » ; possibles : {', '.join(VIEW_LEVELS)}")
    text = territory_page(ecosystem, levels=levels, radar_region=radar_region)
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(text)
    return path
