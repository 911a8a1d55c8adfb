"""The interactive ecosystem map: one self-contained HTML file.

The page embeds vis-network (vendored, inline), its own script and style, and
the map's data as JSON in a ``<script type="application/json">`` element. It
makes no request at all: it can be e-mailed, opened from a USB stick or put
on any website. Every string of the data is turned into DOM text by the
page's script (``textContent``), never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.fs import atomic_write
from ecosysteme.model import Model
from ecosysteme.viz._html import asset, esc, fictional_banner, json_script, page, vis_network_js
from ecosysteme.viz.geo import geo_tab
from ecosysteme.viz.logo import logo_data_uri
from ecosysteme.viz.mapdata import MapOptions, map_data
from ecosysteme.viz.radar import perimeter_region, radar_panel

__all__ = ["map_html", "write_map"]

_BODY = """<header class="eco-top">
{logo}<h1 id="eco-title">{title}</h1>
{subtitle}<p class="eco-sub" id="eco-counts"></p>
{banner}
</header>
<div class="eco-main">
<aside class="eco-side" aria-label="Recherche, filtres et légende">
<label for="eco-search"><strong>Rechercher un nom</strong></label>
<input id="eco-search" type="search" placeholder="nom ou identifiant…" autocomplete="off">
<ul id="eco-results" class="eco-results" aria-live="polite"></ul>
<div id="eco-status" class="eco-status" hidden><span id="eco-status-text"></span>
<div id="eco-status-buttons"></div></div>
<details open><summary>Filtres</summary>
<fieldset id="f-cat"><legend>Monde</legend></fieldset>
<fieldset id="f-level"><legend>Échelon</legend></fieldset>
<label for="f-terr"><strong>Territoire</strong></label>
<select id="f-terr"></select>
<label><input type="checkbox" id="f-cover"> inclure les acteurs d'échelon plus large qui le couvrent</label>
<label for="f-theme"><strong>Thème de besoin</strong></label>
<select id="f-theme"></select>
<fieldset id="f-edge"><legend>Types de liens</legend></fieldset>
<fieldset id="f-period" hidden><legend>Période des liens</legend>
<div class="eco-period-slider"><label for="f-from-range">Début</label>
<input type="range" id="f-from-range" step="1" aria-describedby="f-period-value">
<label for="f-to-range">Fin</label>
<input type="range" id="f-to-range" step="1" aria-describedby="f-period-value"></div>
<p class="eco-note" id="f-period-value" aria-live="polite"></p>
<label for="f-from">de l'année</label> <input type="number" id="f-from" step="1" style="width:5em">
<label for="f-to">à l'année</label> <input type="number" id="f-to" step="1" style="width:5em">
<p class="eco-note" id="f-period-note"></p></fieldset>
<button type="button" class="eco-btn" id="f-reset">Réinitialiser les filtres</button>
</details>
<details open><summary>Légende</summary><div id="eco-legend" class="eco-legend"></div></details>
<details id="eco-finance-box" hidden><summary>Qui finance qui</summary><p class="eco-note" id="eco-finance-total"></p>
<ol id="eco-finance" class="eco-finance"></ol></details>
<details id="eco-since-box" open hidden><summary id="eco-since-title"></summary>
<p class="eco-note" id="eco-since-note"></p>
<p><strong>Disparus</strong> <small>(absents des données actuelles)</small></p>
<ul id="eco-gone" class="eco-results"></ul></details>
{radar}
<p class="eco-help">Cliquer sur un nœud ouvre sa fiche ; double-cliquer montre son voisinage.
Molette : zoom ; glisser : déplacer. Adresse <code>#centre=ID&amp;rayon=2</code> : ouvrir centré sur un acteur.</p>
<p class="eco-help">Carte produite par ecosysteme. Données : {dataset}.</p>
</aside>
<div class="eco-canvas"><div class="eco-tools"><button type="button" class="eco-btn" id="eco-png"
 title="Enregistrer la vue actuelle de la carte en image PNG">Image PNG</button><button type="button" class="eco-btn"
 id="eco-svg" title="Enregistrer la vue actuelle de la carte en image SVG (vectorielle)">Image SVG</button></div>
<div id="eco-network" role="img"
 aria-label="Carte interactive de l'écosystème : nœuds colorés par monde, reliés par type de lien"></div></div>
<aside id="eco-card" class="eco-card" aria-label="Fiche" hidden>
<button type="button" id="card-close" class="eco-close" aria-label="Fermer la fiche">×</button>
<h2 id="card-title"></h2>
<p><small id="card-kind"></small></p>
<dl id="card-fields"></dl>
<p id="card-site"></p>
<p><button type="button" class="eco-btn" id="card-focus">Voir son voisinage</button>
<label style="display:inline">rayon <input type="number" id="card-radius" min="0" max="10" value="2"
 style="width:3.5em"></label></p>
<h3>Liens</h3>
<div id="card-links"></div>
</aside>
</div>
{data}"""


def since_data(old: Model, new: Model) -> dict:
    """What the map of ``new`` says about ``old`` (``--depuis``): actors added, and those gone (id, name).

    Ids come from :func:`~ecosysteme.analysis.diff.diff_ecosystems`: a renamed actor is neither new nor gone.
    """
    from ecosysteme.analysis.diff import diff_ecosystems

    actors = diff_ecosystems(old, new, gaps=False).actors
    return {"label": old.dataset, "new": list(actors.added),
            "gone": [[i, old.actors[i].name] for i in actors.removed],
            "renamed": [[r.old, r.new] for r in actors.renamed]}


def map_html(ecosystem: Ecosystem | Model, options: MapOptions | None = None, *,
             radar_region: str | None = "auto", since: Model | None = None, subtitle: str | None = None,
             logo: str | Path | None = None, progress: Callable[[str], None] | None = None) -> str:
    """The map page of an ecosystem as a string (see :func:`write_map`)."""
    logo_uri = logo_data_uri(logo) if logo is not None else None
    e = as_ecosystem(ecosystem)
    model = e.model
    data = map_data(e, options, progress=progress)
    if since is not None:
        if progress:
            progress(f"Comparaison avec « {since.dataset} »")
        data["since"] = since_data(since, model)
    radar = ""
    region = perimeter_region(e) if radar_region == "auto" else radar_region
    if region:
        radar = radar_panel(e, region)
    logo_tag = f'<img class="eco-logo" id="eco-logo" src="{esc(logo_uri)}" alt="Logo">' if logo_uri else ""
    subtitle_tag = f'<p class="eco-subtitle" id="eco-subtitle">{esc(subtitle)}</p>' if subtitle else ""
    body = _BODY.format(title=esc(data["meta"]["title"]), dataset=esc(model.dataset), radar=radar,
                        logo=logo_tag, subtitle=subtitle_tag,
                        banner=fictional_banner(model.info.fictional), data=json_script("eco-data", data))
    geo = geo_tab(e)
    if geo is not None:  # the « Carte géographique » tab, when the studied perimeter resolves to communes
        body += "\n" + json_script("eco-geo-data", geo)
    return page(title=data["meta"]["title"], body=body, css=asset("_map.css") + (asset("_geo.css") if geo else ""),
                scripts=[vis_network_js(), asset("_map.js"), asset("_export.js"), *([asset("_geo.js")] if geo else [])])


def write_map(ecosystem: Ecosystem | Model, path: str | Path, *, centre: str | None = None, radius: int = 2,
              importance: str = "degre", aggregate: str = "auto", title: str | None = None,
              radar_region: str | None = "auto", physics: bool | None = None, hide: tuple[str, ...] = (),
              since: Model | None = None, subtitle: str | None = None,
              logo: str | Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Write the interactive map of an ecosystem to ``path`` (one HTML file, no outside request).

    Parameters
    ----------
    ecosystem : Ecosystem or Model
        A validated ecosystem (its territories are the Ecosystem's).
    path : str or pathlib.Path
        Output file (written atomically).
    centre : str, optional
        Id of an actor, programme or need: the page opens on its neighbourhood.
    radius : int
        Number of hops of that neighbourhood.
    importance : str
        Node size: ``degre``, ``intermediarite`` or ``pagerank``.
    aggregate : str
        Aggregated view: ``auto`` (by département, or by community, from
        8,000 nodes), ``region``, ``departement``, ``epci``, ``communaute`` or ``aucune``.
    title : str, optional
        Page title (default: « Écosystème « dataset » »).
    radar_region : str or None
        INSEE code of a region whose IMPACT fragility radar the page shows;
        ``"auto"``: the region holding the model's whole perimeter, if any; ``None``: no radar.
    physics : bool, optional
        Let vis-network's physics settle the drawing in the browser, then freeze it (default: off; the
        precomputed layout is used as is).
    hide : tuple of str
        Fields left out of the file itself, not only of the view: ``montants`` (amounts of relations),
        ``contacts`` (websites).
    since : Model, optional
        An older version of the ecosystem: actors added since are drawn with a green ring (« nouveau » in
        their card), actors gone are listed in the side panel.
    subtitle : str, optional
        A line under the title (escaped; shown in the page and in its image exports).
    logo : str or pathlib.Path, optional
        A PNG, JPEG or SVG file shown in the header, embedded in the page (``data:`` URI, at most 512 KB).
    progress : callable, optional
        Called with a French description of each step.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    MapError
        Unknown ``centre``, importance measure, aggregation or hidden field; unreadable or oversized ``logo``.
    """
    options = MapOptions(title=title, centre=centre, radius=radius, importance=importance, aggregate=aggregate,
                         physics=physics, hide=tuple(hide))
    text = map_html(ecosystem, options, radar_region=radar_region, since=since,
                    subtitle=subtitle, logo=logo, progress=progress)
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(text)
    return path
