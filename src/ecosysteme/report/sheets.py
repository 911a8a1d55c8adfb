"""One printable page per territory: who is there (by monde and nature), the region's radar, its top holes.

``fiches.html`` beside the gap report: an A4 page per analysed territory
(``@page`` and page breaks), no script, every data string escaped, the
fictional banner on every page when the data is fictional.
"""

from __future__ import annotations

from collections import Counter

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, format_ref
from ecosysteme.report.gaps import GapReport
from ecosysteme.text import count_fr, label, number_fr
from ecosysteme.viz._html import esc, page

__all__ = ["render_sheets"]

_CSS = """
body { font:11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1d2330; margin:0; }
.fiche, .titre { max-width:48rem; margin:1.5rem auto; padding:0 1rem; }
.titre h1 { font-size:1rem; color:#5b6475; }
.fiche + .fiche { border-top:3px solid #1f5f8b; padding-top:1rem; }
h1 { font-size:1.4rem; margin:.2rem 0; } h2 { font-size:1.05rem; margin:1rem 0 .3rem; color:#1f5f8b; }
.meta { color:#5b6475; margin:0; }
.fictif { background:#fff3cd; color:#5c4400; border:2px solid #c99a00; padding:.3rem .6rem; font-weight:600; }
table { border-collapse:collapse; width:100%; font-size:.92rem; }
th, td { border:1px solid #d9dce3; padding:.2rem .4rem; text-align:left; vertical-align:top; }
td.n, th.n { text-align:right; }
.cols { display:flex; gap:1rem; flex-wrap:wrap; } .cols > div { flex:1 1 20rem; }
ol { padding-left:1.2rem; margin:.2rem 0; } li { margin:.15rem 0; }
.radar svg { max-width:100%; height:auto; }
@page { size: A4; margin: 1.2cm; }
@media print { .fiche, .titre { margin:0; max-width:none; } .fiche { break-after:page; }
  .fiche + .fiche { border-top:0; padding-top:0; } }
"""


def render_sheets(ecosystem: Ecosystem | Model, report: GapReport, *, top: int = 6) -> str:
    """The territory sheets of a gap report as one HTML page."""
    e = as_ecosystem(ecosystem)
    p = e.presence
    gaps = report.gaps
    if gaps is None:  # pragma: no cover - built by build_gap_report
        raise ValueError("the report holds no gap analysis")
    findings_at: dict[str, list] = {}
    for f in gaps.findings:
        findings_at.setdefault(f.territory_key, []).append(f)
    banner = f'<p class="fictif">{esc(report.banner)}</p>' if report.banner else ""
    radars: dict[str, str] = {}
    sheets = []
    for ref in gaps.analysed:
        key = format_ref(ref)
        present = p.actors_present(ref)
        located = set(p.located(ref))
        worlds = Counter(label("monde", p.world(a), "monde inconnu") for a in present)
        natures = Counter(label("nature", n) for a in present for n in p.natures(a))
        population = p.population(ref)
        meta = [f"{count_fr(len(located), 'acteur situé', 'acteurs situés')}, "
                f"{count_fr(len(present), 'acteur présent', 'acteurs présents')}",
                f"{count_fr(len(p.needs_expressed(ref)), 'besoin exprimé', 'besoins exprimés')}"]
        if population:
            meta.append(f"{population:,} habitants".replace(",", "\u202f"))
        rows_w = "".join(f"<tr><td>{esc(w)}</td><td class='n'>{n}</td></tr>" for w, n in worlds.most_common())
        rows_n = "".join(f"<tr><td>{esc(w)}</td><td class='n'>{n}</td></tr>" for w, n in natures.most_common())
        holes = findings_at.get(key, [])[:top]
        items = "".join(f"<li>{esc(f.title)} <small>(priorité {number_fr(f.score, 2)})</small></li>" for f in holes)
        region = p.region_of(ref)
        radar = ""
        if region and region in gaps.fragility.scores and gaps.fragility.scored:
            if region not in radars:
                from ecosysteme.viz.radar import radar_svg

                radars[region] = radar_svg(gaps.fragility, region, territories=e.territories, size=360,
                                           compact=True)
            radar = (f"<h2>Fragilités de la région {esc(p.name(('region', region)))} (IMPACT, 10 = la plus "
                     f"critique)</h2><div class='radar'>{radars[region]}</div>")
        sheets.append(
            f"<section class='fiche' id='fiche-{esc(key.replace(':', '-'))}'>{banner}"
            f"<h1>{esc(p.name(ref))}</h1><p class='meta'>{esc(key)} — {esc(' ; '.join(meta))}</p>"
            "<div class='cols'><div><h2>Acteurs présents par monde</h2>"
            + (f"<table><tbody>{rows_w}</tbody></table>" if rows_w else "<p>Aucun acteur présent.</p>")
            + "</div><div><h2>Natures d'ingénierie déclarées</h2>"
            + (f"<table><tbody>{rows_n}</tbody></table>" if rows_n else "<p>Aucune nature déclarée.</p>")
            + "</div></div>"
            + f"<h2>Trous rapportés sur ce territoire ({len(findings_at.get(key, []))})</h2>"
            + (f"<ol>{items}</ol>" if items else "<p>Aucun trou rapporté ici (voir aussi les territoires qui le "
                                                 "contiennent).</p>")
            + radar + "</section>")
    title = f"Fiches des territoires — {report.dataset}"
    body = (f"<header class='titre'><h1>{esc(title)}</h1><p class='meta'>{esc(report.audience)} ; une page par "
            "territoire, à imprimer (A4).</p></header>" + "".join(sheets))
    return page(title=title, body=body, css=_CSS)
