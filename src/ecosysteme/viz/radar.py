"""Regional fragility radars, the IMPACT way (as in the network's deck).

For each index whose direction is known, among the regions observed: the
most critical region scores 10 and the most favourable 0, the others in
proportion::

    score = 10 × (value − best) / (worst − best)

where ``worst`` is the most fragile value (the highest when a rise makes a
territory more fragile, ``hausse_fragilise``; the lowest for
``baisse_fragilise``). The national value (France métropolitaine) is placed
on the same scale and drawn over each region's radar. An index whose
direction is unknown, or whose regions all have the same value, gets no
score: it is listed apart, never given an invented direction.

The scale is computed once, by :mod:`ecosysteme.analysis.impact` (the gap
rankings use the same); :func:`radar_svg`,
:func:`radar_page` and :func:`write_radars` draw it (inline SVG pages, no
script; PNG with matplotlib).
"""

from __future__ import annotations

import math
from pathlib import Path

from ecosysteme.analysis.impact import NATIONAL, IndexScore, RegionalFragility, regional_fragility
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.errors import RadarError
from ecosysteme.fs import atomic_path, atomic_write
from ecosysteme.model import Model
from ecosysteme.territories import Territories, load_territories
from ecosysteme.viz._html import FICTIONAL_CSS, esc, fictional_banner, page

__all__ = [
    "NATIONAL",
    "ImpactScores",
    "IndexScore",
    "RadarError",
    "impact_scores",
    "perimeter_region",
    "radar_page",
    "radar_panel",
    "radar_png",
    "radar_svg",
    "write_radars",
]

_NATIONAL_LABEL = "France métropolitaine"
_REGION_COLOR = "#0072B2"
_NATIONAL_COLOR = "#D55E00"


#: The scores a radar draws: the one IMPACT scale of :mod:`ecosysteme.analysis.impact`.
ImpactScores = RegionalFragility


def impact_scores(data: Ecosystem | Model) -> RegionalFragility:
    """IMPACT scores of every region observed (see :func:`~ecosysteme.analysis.impact.regional_fragility`).

    Parameters
    ----------
    data : Ecosystem or Model
        With ``indicators`` and ``observations`` (e.g. ``data/reseau``).

    Raises
    ------
    RadarError
        When the model has no regional observation.
    """
    fragility = data.fragility if isinstance(data, Ecosystem) else regional_fragility(data)
    if not fragility.regions:
        raise RadarError("aucune valeur d'indice par région dans ces données : les radars IMPACT demandent la table "
                         "« indicateurs » avec des territoires « region:CODE » (voir data/reseau/indicateurs.csv)")
    return fragility


def _region_name(code: str, territories: Territories) -> str:
    t = territories.get("region", code)
    return t.name if t else f"région {code}"


def _check_region(scores: ImpactScores, region: str, territories: Territories) -> str:
    region = str(region).strip().upper()
    if not scores.has_region(region):
        names = ", ".join(f"{c} ({_region_name(c, territories)})" for c in scores.regions)
        raise RadarError(f"région « {region} » absente des indices : codes INSEE possibles : {names}")
    return region


def _wrap(text: str, width: int = 20) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:5]


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n.d."
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def _fmt_value(value: float | None) -> str:
    if value is None:
        return "n.d."
    if float(value).is_integer():
        return _fmt(value, 0)
    return f"{value:g}".replace(".", ",")


def radar_svg(scores: ImpactScores, region: str, *, territories: Territories | None = None, size: int = 560,
              compact: bool = False) -> str:
    """Inline SVG radar of one region, national values overlaid (no script, labels escaped).

    Parameters
    ----------
    scores : ImpactScores
        From :func:`impact_scores`.
    region : str
        INSEE code of the region.
    territories : Territories, optional
        For the region's name.
    size : int
        Width and height of the drawing (user units).
    compact : bool
        Smaller labels (index of all regions).

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    territories = territories or load_territories()
    region = _check_region(scores, region, territories)
    items = scores.scored
    k = len(items)
    cx = cy = size / 2
    radius = size * (0.30 if not compact else 0.34)
    font = 11 if not compact else 9
    name = _region_name(region, territories)

    def point(i: int, score: float | None) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / max(k, 1)
        r = radius * max(0.0, min(10.0, score or 0.0)) / 10.0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pad = size * 0.14
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad:.0f} 0 {size + 2 * pad:.0f} {size}" role="img" '
             f'aria-labelledby="radar-{esc(region)}-t" class="eco-radar-svg">',
             f'<title id="radar-{esc(region)}-t">Radar des fragilités relatives — {esc(name)} '
             f'(IMPACT : 10 = région la plus fragile, 0 = la plus favorable)</title>']
    for level in (2, 4, 6, 8, 10):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(k)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#cccccc" stroke-width="1"/>')
        x, y = point(0, level)
        parts.append(f'<text x="{x + 3:.1f}" y="{y + 3:.1f}" font-size="{font - 2}" fill="#777777">{level}</text>')
    for i, item in enumerate(items):
        x, y = point(i, 10)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#dddddd"/>')
        angle = -math.pi / 2 + 2 * math.pi * i / max(k, 1)
        lx = cx + (radius + 14) * math.cos(angle)
        ly = cy + (radius + 14) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        missing = item.scores.get(region) is None
        lines = _wrap(item.label + (" (n.d.)" if missing else ""), 18 if not compact else 16)
        dy0 = -(len(lines) - 1) * font * 0.55 if abs(math.sin(angle)) < 0.5 else (
            0 if math.sin(angle) > 0 else -(len(lines) - 1) * font * 1.1)
        tspans = "".join(f'<tspan x="{lx:.1f}" dy="{(dy0 if j == 0 else font * 1.1):.1f}">{esc(line)}</tspan>'
                         for j, line in enumerate(lines))
        parts.append(f'<text x="{lx:.1f}" y="{ly + font * 0.35:.1f}" font-size="{font}" text-anchor="{anchor}" '
                     f'fill="#222222">{tspans}</text>')
    nat = [point(i, item.national_score) for i, item in enumerate(items)]
    reg = [point(i, item.scores.get(region)) for i, item in enumerate(items)]
    parts.append('<polygon points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in nat)
                 + f'" fill="none" stroke="{_NATIONAL_COLOR}" stroke-width="2" stroke-dasharray="6 4" '
                 'class="radar-national"/>')
    parts.append('<polygon points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in reg)
                 + f'" fill="{_REGION_COLOR}" fill-opacity="0.25" stroke="{_REGION_COLOR}" stroke-width="2" '
                 'class="radar-region"/>')
    for (x, y), item in zip(reg, items, strict=True):
        s = item.scores.get(region)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{_REGION_COLOR}">'
                     f'<title>{esc(item.label)} : {esc(_fmt_value(item.values.get(region)))} '
                     f'(score {esc(_fmt(s))})</title></circle>')
    ly = size - 34
    parts.append(f'<rect x="12" y="{ly}" width="16" height="10" fill="{_REGION_COLOR}" fill-opacity="0.4" '
                 f'stroke="{_REGION_COLOR}"/><text x="34" y="{ly + 9}" font-size="{font}">{esc(name)}</text>')
    parts.append(f'<line x1="12" y1="{ly + 24}" x2="28" y2="{ly + 24}" stroke="{_NATIONAL_COLOR}" stroke-width="2" '
                 f'stroke-dasharray="6 4"/><text x="34" y="{ly + 28}" font-size="{font}">{_NATIONAL_LABEL}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _attribution(name: str) -> str:
    return (f"Etude IMPACT – {name} – Comisis-Le RAMEAU pour l'Observatoire des partenariats "
            "(indices repris de la présentation 2020 du Réseau des pionniers des alliances en territoire).")


_METHOD = ("Méthode IMPACT : pour chaque indice, parmi les {n} régions, la région la plus critique vaut 10 "
           "(le plus à l'extérieur) et la plus favorable 0 (le plus à l'intérieur) ; les autres en proportion, "
           "score = 10 × (valeur − meilleure) / (plus fragile − meilleure). La valeur nationale "
           "(France métropolitaine) est placée sur la même échelle (tirets).")

_CSS = """body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d1d1b;
  margin: 0 auto; max-width: 1100px; padding: 12px 18px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 26px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #d0d0cc; padding: 3px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.eco-note { color: #555; font-size: 13px; }
.radar { max-width: 620px; }
.radar svg { width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
.grid figure { margin: 0; border: 1px solid #e0e0dc; padding: 6px; }
.grid svg { width: 100%; height: auto; }
nav a { margin-right: 8px; }
"""


def _table(scores: ImpactScores, region: str, name: str) -> str:
    rows = []
    for item in scores.scored:
        rows.append(
            "<tr>"
            f"<td>{esc(item.label)}<br><small>{esc(item.code)}</small></td>"
            f"<td>{esc(item.domain_label)}</td><td>{esc(item.period or '')}</td>"
            f"<td>{esc(item.direction_label)}</td>"
            f"<td class='n'>{esc(_fmt_value(item.values.get(region)))}</td>"
            f"<td class='n'>{esc(_fmt_value(item.national))}</td>"
            f"<td class='n'>{esc(_fmt_value(item.best))}</td><td class='n'>{esc(_fmt_value(item.worst))}</td>"
            f"<td class='n' data-score='{esc(item.code)}'>{esc(_fmt(item.scores.get(region)))}</td>"
            f"<td class='n'>{esc(_fmt(item.national_score))}</td>"
            "</tr>")
    head = ("<tr><th>Indice</th><th>Domaine</th><th>Année</th><th>Sens</th>"
            f"<th class='n'>{esc(name)}</th><th class='n'>{_NATIONAL_LABEL}</th>"
            "<th class='n'>Valeur la plus favorable</th><th class='n'>Valeur la plus fragile</th>"
            f"<th class='n'>Score {esc(name)}</th><th class='n'>Score national</th></tr>")
    return f"<table class='scores'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _unscored(scores: ImpactScores, region: str | None) -> str:
    if not scores.unscored:
        return ""
    # the reason is shown as a column only when some index is left out for another reason than its direction
    direction_only = all(i.direction not in ("hausse_fragilise", "baisse_fragilise") for i in scores.unscored)
    rows = "".join(
        f"<tr><td>{esc(i.label)}<br><small>{esc(i.code)}</small></td><td>{esc(i.domain_label)}</td>"
        f"<td>{esc(i.period or '')}</td>"
        + (f"<td class='n'>{esc(_fmt_value(i.values.get(region)))}</td>" if region else "")
        + f"<td class='n'>{esc(_fmt_value(i.national))}</td>"
        + ("" if direction_only else f"<td>{esc(i.reason or '')}</td>") + "</tr>"
        for i in scores.unscored)
    head = ("<tr><th>Indice</th><th>Domaine</th><th>Année</th>"
            + (f"<th class='n'>{esc(_region_name_cached(region))}</th>" if region else "")
            + f"<th class='n'>{_NATIONAL_LABEL}</th>" + ("" if direction_only else "<th>Raison</th>") + "</tr>")
    why = ("les données ne disent pas si une hausse ou une baisse fragilise le territoire (colonne « sens » vide), "
           "et nous n'inventons pas de sens" if direction_only else
           "soit les données ne disent pas si une hausse ou une baisse fragilise le territoire (colonne « sens » "
           "vide : nous n'inventons pas de sens), soit toutes les régions ont la même valeur (aucune n'est plus "
           "fragile qu'une autre)")
    return (f"<h2>Indices hors radar ({len(scores.unscored)})</h2>"
            f"<p class='eco-note'>Ces indices ne sont pas placés sur le radar : {why}. "
            f"Leurs valeurs sont données telles quelles.</p>"
            f"<table class='unscored'><thead>{head}</thead><tbody>{rows}</tbody></table>")


def _region_name_cached(code: str) -> str:
    return _region_name(code, load_territories())


def radar_page(scores: ImpactScores, region: str, *, territories: Territories | None = None,
               dataset: str = "", fictional: bool = False) -> str:
    """A self-contained HTML page: one region's radar, its table, the indices left out.

    ``fictional``: the dataset is declared fictional; the page says so in a banner under its title.
    """
    territories = territories or load_territories()
    region = _check_region(scores, region, territories)
    name = _region_name(region, territories)
    nav = " ".join(
        f'<a href="radar-{esc(c)}.html">{esc(_region_name(c, territories))}</a>' for c in scores.regions)
    body = (
        f"<h1>Fragilités relatives — {esc(name)} (région {esc(region)})</h1>{fictional_banner(fictional)}"
        f"<p>{esc(_METHOD.format(n=len(scores.regions)))}</p>"
        f"<div class='radar'>{radar_svg(scores, region, territories=territories)}</div>"
        f"<p class='eco-note'>{len(scores.scored)} indices sur le radar"
        + (f", {len(scores.unscored)} hors radar (sens inconnu, voir plus bas)" if scores.unscored else "")
        + ".</p>"
        f"<h2>Valeurs et scores</h2>{_table(scores, region, name)}"
        f"{_unscored(scores, region)}"
        f"<h2>Source</h2><p class='eco-note'>{esc(_attribution(name))}"
        + (f" Jeu de données : {esc(dataset)}." if dataset else "") + "</p>"
        f"<nav><p><strong>Autres régions :</strong> {nav} · <a href='radars.html'>toutes les régions</a></p></nav>")
    return page(title=f"Fragilités relatives — {name}", body=body, css=_CSS + FICTIONAL_CSS)


def _index_page(scores: ImpactScores, territories: Territories, dataset: str, fictional: bool = False) -> str:
    figures = "".join(
        f"<figure><figcaption><a href='radar-{esc(c)}.html'>{esc(_region_name(c, territories))} ({esc(c)})</a>"
        f"</figcaption>{radar_svg(scores, c, territories=territories, size=420, compact=True)}</figure>"
        for c in scores.regions)
    body = (f"<h1>Fragilités relatives des {len(scores.regions)} régions (IMPACT)</h1>{fictional_banner(fictional)}"
            f"<p>{esc(_METHOD.format(n=len(scores.regions)))}</p>"
            f"<div class='grid'>{figures}</div>{_unscored(scores, None)}"
            f"<h2>Source</h2><p class='eco-note'>{esc(_attribution('[région]'))}"
            + (f" Jeu de données : {esc(dataset)}." if dataset else "") + "</p>")
    return page(title="Fragilités relatives des régions (IMPACT)", body=body, css=_CSS + FICTIONAL_CSS)


def radar_png(scores: ImpactScores, region: str, path: str | Path, *, territories: Territories | None = None) -> Path:
    """Write one region's radar as a PNG (matplotlib, Agg backend), French labels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    territories = territories or load_territories()
    region = _check_region(scores, region, territories)
    name = _region_name(region, territories)
    items = scores.scored
    k = len(items)
    angles = [2 * math.pi * i / k for i in range(k)]
    closed = [*angles, angles[0]]
    reg = [max(0.0, min(10.0, it.scores.get(region) or 0.0)) for it in items]
    nat = [max(0.0, min(10.0, it.national_score or 0.0)) for it in items]
    fig = plt.figure(figsize=(9.5, 9.5), dpi=100)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # first index at the top, then clockwise, as in the SVG
    ax.set_theta_direction(-1)
    ax.plot(closed, [*nat, nat[0]], color=_NATIONAL_COLOR, linestyle="--", linewidth=2, label=_NATIONAL_LABEL)
    ax.plot(closed, [*reg, reg[0]], color=_REGION_COLOR, linewidth=2, label=name)
    ax.fill(closed, [*reg, reg[0]], color=_REGION_COLOR, alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels(["\n".join(_wrap(it.label + (" (n.d.)" if it.scores.get(region) is None else ""), 20))
                        for it in items], fontsize=8.5)
    ax.set_rlabel_position(0)
    ax.set_ylim(0, 10)
    ax.set_yticks([2, 4, 6, 8, 10])
    ax.set_yticklabels(["2", "4", "6", "8", "10"], fontsize=7, color="#777777")
    ax.tick_params(axis="x", pad=14)
    ax.set_title(f"Fragilités relatives — {name}\n(IMPACT : 10 = région la plus fragile, 0 = la plus favorable)",
                 fontsize=12, pad=28)
    ax.legend(loc="lower left", bbox_to_anchor=(-0.12, -0.14), fontsize=9, frameon=False)
    note = f"{len(items)} indices au sens connu"
    if scores.unscored:
        note += f" ; {len(scores.unscored)} indices hors radar (sens inconnu)"
    fig.text(0.99, 0.015, note + ".\n" + "\n".join(_wrap(_attribution(name), 95)), ha="right", va="bottom",
             fontsize=7, color="#555555")
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight")
    plt.close(fig)
    return path


def radar_panel(ecosystem: Ecosystem | Model, region: str) -> str:
    """A ``<details>`` block with a region's radar for the map page; empty when no indices are available.

    Uses the ecosystem's own IMPACT indices if it has regional ones, else the
    network's bundled ones (``data/reseau``).
    """
    e = as_ecosystem(ecosystem)
    territories = e.territories
    try:
        scores = impact_scores(e.model)
    except RadarError:
        try:
            scores = impact_scores(_bundled_indices())
        except (FileNotFoundError, RadarError):
            return ""
    if not scores.has_region(str(region)):
        return ""
    name = _region_name(str(region), territories)
    return ("<details class='eco-radar' id='eco-radar'><summary>Fragilités de la région : "
            f"{esc(name)}</summary>{radar_svg(scores, str(region), territories=territories, size=480, compact=True)}"
            f"<p class='eco-note'>{esc(_METHOD.format(n=len(scores.regions)))}"
            + (f" {len(scores.unscored)} indices au sens inconnu ne sont pas placés." if scores.unscored else "")
            + f"</p><p class='eco-note'>{esc(_attribution(name))}</p></details>")


def perimeter_region(ecosystem: Ecosystem | Model) -> str | None:
    """INSEE code of the one region holding the ecosystem's whole perimeter (table ``territoires``), if any.

    A local ecosystem (an EPCI, a few communes) has one; a national one, or a
    model without perimeter, has none.
    """
    e = as_ecosystem(ecosystem)
    territories = e.territories
    refs = list(e.model.perimeter)
    if not refs or any(ref[0] == "pays" for ref in refs):
        return None
    regions = {territories.region_of(*ref) for ref in refs}
    if len(regions) == 1 and None not in regions:
        return regions.pop()
    return None


def _bundled_indices() -> Model:
    from ecosysteme.datasets import bundled
    from ecosysteme.io import load_valid

    return load_valid(bundled("reseau"), dataset="reseau")


def write_radars(model: Model | None, out_dir: str | Path, region: str | None = None, *,
                 formats: tuple[str, ...] = ("html", "png"), territories: Territories | None = None) -> list[Path]:
    """Write the radars of every region (or of ``region``) into ``out_dir``.

    Parameters
    ----------
    model : Model or None
        A model with IMPACT indices; ``None``: the network's bundled indices (``data/reseau``).
    out_dir : str or pathlib.Path
        Output folder (created).
    region : str, optional
        INSEE code of one region (``"53"``); all regions by default, plus an
        index page ``radars.html``.
    formats : tuple of str
        ``html`` and/or ``png``.
    territories : Territories, optional
        Territory reference data.

    Returns
    -------
    list of pathlib.Path
        Written files: ``radar-<code>.html``, ``radar-<code>.png``, and ``radars.html``.

    Raises
    ------
    RadarError
        No regional indices, or ``region`` not among them.
    """
    territories = territories or load_territories()
    model = model if model is not None else _bundled_indices()
    scores = impact_scores(model)
    regions = [_check_region(scores, region, territories)] if region else scores.regions
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for code in regions:
        if "html" in formats:
            target = out / f"radar-{code}.html"
            with atomic_write(target) as fh:
                fh.write(radar_page(scores, code, territories=territories, dataset=model.dataset,
                                    fictional=model.info.fictional))
            written.append(target)
        if "png" in formats:
            written.append(radar_png(scores, code, out / f"radar-{code}.png", territories=territories))
    if region is None and "html" in formats:
        target = out / "radars.html"
        with atomic_write(target) as fh:
            fh.write(_index_page(scores, territories, model.dataset, model.info.fictional))
        written.append(target)
    return written
