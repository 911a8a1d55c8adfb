"""The geographic view: the studied territory drawn with its real boundaries, actors on their commune.

:func:`geo_data` turns a model into the payload the page's ``_geo.js`` draws
as inline SVG (no tiles, no request): the places (communes of an EPCI or a
département, départements of a région, régions for a national ecosystem) with
their boundaries from :mod:`ecosysteme.contours`, each actor on its place
(spread inside it, deterministically), actors of a wider level in side
groups, links aggregated per pair of places, and per place the number of
actors and of gaps (« trous dans la raquette », :func:`ecosysteme.analysis.find_gaps`).
:func:`geo_html` is the stand-alone page of ``ecosysteme carte --vue geographique``;
the network map page embeds the same payload as a tab.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from ecosysteme.contours import Contours, Polygon, load_contours
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.fs import atomic_write
from ecosysteme.model import Model, TerritoryRef
from ecosysteme.territories import Territories
from ecosysteme.viz._html import asset, esc, fictional_banner, json_script, page
from ecosysteme.viz.style import CATEGORIES, category_of

__all__ = ["GEO_SIZE", "MAX_COMMUNES", "gap_findings", "gaps_per_place", "geo_data", "geo_html", "geo_tab",
           "read_gap_json", "write_geo_map"]

#: Width and height of the drawing's box (SVG user units).
GEO_SIZE = (1000, 760)
_MARGIN = 16
_LEVEL_LABELS = {"pays": "National", "region": "Région", "departement": "Département", "epci": "EPCI",
                 "commune": "Commune"}
#: Beyond this many communes, the view draws their départements instead.
MAX_COMMUNES = 1500
#: Zones drawn in the national view (régions de métropole); the others are listed apart.
_OVERSEAS = {"01", "02", "03", "04", "06"}


def _widest(refs: Iterable[TerritoryRef], territories: Territories) -> list[TerritoryRef]:
    refs = [r for r in dict.fromkeys(refs) if r[0] == "pays" or r in territories]
    out = []
    for r in refs:
        if r[0] == "pays":
            out.append(r)
            continue
        above = territories.ancestors(*r)
        if not any(o != r and (o in above or o[0] == "pays") for o in refs):
            out.append(r)
    return out


def _studied(model: Model, territories: Territories) -> list[TerritoryRef]:
    """The studied territories: the perimeter's widest, else those the actors name."""
    roots = _widest(model.perimeter, territories)
    if not roots:
        roots = _widest((r for a in model.actors.values() for r in a.territories), territories)
    return sorted(roots)


def _places(roots: list[TerritoryRef], territories: Territories) -> tuple[str, list[str]]:
    """``(level, codes)`` of the places drawn for the studied territories."""
    if any(level == "pays" for level, _ in roots):
        codes = [t.code for t in territories.all("region") if t.code not in _OVERSEAS and len(t.code) == 2
                 and int(t.code) < 100]
        return "region", codes
    if roots and all(level == "region" for level, _ in roots):
        codes = sorted({c for r in roots for lvl, c in territories.children(*r) if lvl == "departement"})
        return "departement", codes
    codes: set[str] = set()
    for level, code in roots:
        if level == "commune":
            codes.add(code)
        else:
            codes.update(c for lvl, c in territories.descendants(level, code) if lvl == "commune")
    if len(codes) > MAX_COMMUNES:
        deps = {d for c in codes for lvl, d in territories.parents("commune", c) if lvl == "departement"}
        return "departement", sorted(deps)
    return "commune", sorted(codes)


def _place_of(ref: TerritoryRef, level: str, drawn: set[str], territories: Territories) -> str | None:
    if ref[0] == level:
        return ref[1] if ref[1] in drawn else None
    if ref[0] == "pays" or ref not in territories:
        return None
    if LEVEL_ORDER[ref[0]] < LEVEL_ORDER[level]:
        return None  # wider than a place
    return next((c for lvl, c in sorted(territories.ancestors(*ref)) if lvl == level and c in drawn), None)


LEVEL_ORDER = {"pays": 0, "region": 1, "departement": 2, "epci": 3, "commune": 4}


class _Projection:
    """Equirectangular projection (longitudes scaled by the cosine of the mean latitude) fitted to the box."""

    def __init__(self, shapes: Iterable[list[Polygon]]) -> None:
        xs, ys = [], []
        for polys in shapes:
            for poly in polys:
                for lon, lat in poly[0]:
                    xs.append(lon)
                    ys.append(lat)
        if not xs:
            xs, ys = [0.0, 1.0], [0.0, 1.0]
        self.k = math.cos(math.radians((min(ys) + max(ys)) / 2))
        self.x0, self.y1 = min(xs), max(ys)
        w, h = (max(xs) - self.x0) * self.k or 1e-6, (self.y1 - min(ys)) or 1e-6
        width, height = GEO_SIZE[0] - 2 * _MARGIN, GEO_SIZE[1] - 2 * _MARGIN
        self.scale = min(width / w, height / h)
        self.dx = _MARGIN + (width - w * self.scale) / 2
        self.dy = _MARGIN + (height - h * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round(self.dx + (lon - self.x0) * self.k * self.scale, 1),
                round(self.dy + (self.y1 - lat) * self.scale, 1))


def _path(polys: list[list[list[tuple[float, float]]]]) -> str:
    parts = []
    for poly in polys:
        for ring in poly:
            pts = [f"{x:g} {y:g}" for x, y in ring]
            parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _inside(x: float, y: float, polys: list[list[list[tuple[float, float]]]]) -> bool:
    inside = False
    for poly in polys:
        for ring in poly:
            for i, (x1, y1) in enumerate(ring):
                x0, y0 = ring[i - 1]
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def _halton(i: int, base: int) -> float:
    f, r = 1.0, 0.0
    while i > 0:
        f /= base
        r += f * (i % base)
        i //= base
    return r


def _spread(polys: list[list[list[tuple[float, float]]]], n: int) -> list[tuple[float, float]]:
    """``n`` points inside the polygons, evenly spread (Halton sequence), the same on every run."""
    if not polys or n <= 0:
        return []
    outer = [p for poly in polys for p in poly[0]]
    xmin, xmax = min(p[0] for p in outer), max(p[0] for p in outer)
    ymin, ymax = min(p[1] for p in outer), max(p[1] for p in outer)
    points: list[tuple[float, float]] = []
    i = 1
    while len(points) < n and i < 4000 + 40 * n:
        x, y = xmin + _halton(i, 2) * (xmax - xmin), ymin + _halton(i, 3) * (ymax - ymin)
        if _inside(x, y, polys):
            points.append((round(x, 1), round(y, 1)))
        i += 1
    centre = (round((xmin + xmax) / 2, 1), round((ymin + ymax) / 2, 1))
    return points + [centre] * (n - len(points))


def _anchor(polys: list[list[list[tuple[float, float]]]]) -> tuple[float, float]:
    """A point inside the largest polygon, near its centroid: where links of the place start."""
    def area(ring):
        return sum(ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1] for i, p in enumerate(ring)) / 2
    ring = max((poly[0] for poly in polys), key=lambda r: abs(area(r)))
    a = area(ring) or 1e-9
    cx = sum((ring[i - 1][0] + p[0]) * (ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1])
             for i, p in enumerate(ring)) / (6 * a)
    cy = sum((ring[i - 1][1] + p[1]) * (ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1])
             for i, p in enumerate(ring)) / (6 * a)
    if _inside(cx, cy, polys):
        return round(cx, 1), round(cy, 1)
    return _spread(polys, 1)[0]


Holds = tuple[TerritoryRef, tuple[TerritoryRef, ...]]


def gap_findings(ecosystem: Ecosystem | Model) -> list[Holds]:
    """Where each gap finding holds, ``(territory, territories « aussi »)``, as ``ecosysteme trous`` finds them
    by default: read beside the ecosystem's references, or else the bundled network inventory (``data/reseau``)."""
    from ecosysteme.analysis.gaps import find_gaps
    from ecosysteme.datasets import bundled
    from ecosysteme.io import load_valid

    e = as_ecosystem(ecosystem)
    if not e.references:
        try:
            e = e.with_references([load_valid(bundled("reseau"), dataset="reseau")])
        except FileNotFoundError:  # pragma: no cover - the package ships it
            pass
    found = find_gaps(e).findings
    return [(f.territory, tuple(f.also)) for f in found]


def read_gap_json(path: str | Path) -> list[Holds]:
    """Where each finding of a saved gap report holds (the JSON of ``ecosysteme trous --format json``).

    Raises
    ------
    MapError
        The file is missing, not JSON, or not a gap report (French message naming the file).
    """
    import json

    from ecosysteme.territories import as_ref
    from ecosysteme.viz.mapdata import MapError

    path = Path(path)
    fix = "donnez le fichier .json écrit par « ecosysteme trous --format json »"
    try:
        report = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MapError(f"{path} : fichier introuvable ; {fix}") from None
    except UnicodeDecodeError:
        raise MapError(f"{path} : ce n'est pas un fichier texte UTF-8 ; {fix}") from None
    except json.JSONDecodeError as exc:
        raise MapError(f"{path} : JSON illisible (ligne {exc.lineno}, colonne {exc.colno}) ; {fix}") from None
    if not isinstance(report, dict) or not isinstance(report.get("constats"), list):
        raise MapError(f"{path} : pas de liste « constats », ce n'est pas un rapport de trous ; {fix}")
    holds = []
    for i, c in enumerate(report["constats"], start=1):
        try:
            holds.append((as_ref(c["territoire"]), tuple(as_ref(a) for a in c.get("aussi") or ())))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise MapError(f"{path} : constat n° {i} sans territoire lisible (champs « territoire », « aussi ») ; "
                           f"{fix}") from None
    return holds


def gaps_per_place(level: str, codes: Iterable[str], holds: Iterable[Holds]) -> dict[str, int]:
    """Number of findings holding on each place: on the place itself, or with it among the « aussi »."""
    codes = set(codes)
    counts: Counter[str] = Counter()
    for territory, also in holds:
        for ref in {territory, *also}:
            if ref[0] == level and ref[1] in codes:
                counts[ref[1]] += 1
    return {c: counts.get(c, 0) for c in sorted(codes)}


def geo_data(ecosystem: Ecosystem | Model, *, contours: Contours | None = None,
             gaps: bool | Iterable[Holds] = True, title: str | None = None) -> dict:
    """The payload of the geographic view (JSON-ready; strings are the user's, unescaped).

    Parameters
    ----------
    ecosystem : Ecosystem or Model
        A validated ecosystem (its territories are the Ecosystem's).
    contours : Contours, optional
        Boundaries (the bundled ones by default).
    gaps : bool or iterable of (territory, territories « aussi »)
        Where the gap findings hold (:func:`read_gap_json` of a saved report), or ``True``: found here as
        ``ecosysteme trous`` does by default (:func:`gap_findings`); ``False``: no « trous » choropleth.
    title : str, optional
        Page title.

    Returns
    -------
    dict
        ``level`` of the places; ``places`` (code, name, SVG path, anchor, actors, gaps, links);
        ``actors`` (name, category, place index or side group, position); ``sides``; ``links`` (place
        index pairs and counts); ``categories``; ``missing`` (places without contour); ``size``.
    """
    e = as_ecosystem(ecosystem)
    model, territories = e.model, e.territories
    contours = contours or load_contours(territories)
    roots = _studied(model, territories)
    level, codes = _places(roots, territories)
    shapes: dict[str, list[Polygon]] = {}
    missing: list[str] = []
    if contours.available:
        for code in codes:
            shape = contours.shape(level, code)
            if shape:
                shapes[code] = shape
            else:
                missing.append(code)
    else:
        missing = list(codes)
    project = _Projection(shapes.values())
    drawn = list(shapes)
    index = {code: i for i, code in enumerate(drawn)}
    projected = {code: [[[project(lon, lat) for lon, lat in ring] for ring in poly] for poly in polys]
                 for code, polys in shapes.items()}

    actor_place: dict[str, int] = {}
    side_of: dict[str, TerritoryRef | None] = {}
    drawn_set = set(drawn)
    for actor in model.actors.values():
        place = next((p for p in (_place_of(r, level, drawn_set, territories) for r in actor.territories)
                      if p is not None), None)
        if place is not None:
            actor_place[actor.id] = index[place]
        else:
            side_of[actor.id] = min(actor.territories, key=lambda r: (LEVEL_ORDER.get(r[0], 9), r)) \
                if actor.territories else None
    per_place: dict[int, list[str]] = defaultdict(list)
    for aid, i in actor_place.items():
        per_place[i].append(aid)
    positions: dict[str, tuple[float, float]] = {}
    for i, ids in per_place.items():
        for aid, xy in zip(ids, _spread(projected[drawn[i]], len(ids)), strict=True):
            positions[aid] = xy

    def side_key(ref: TerritoryRef | None) -> tuple:
        if ref is None:
            return (9, "")
        return (-LEVEL_ORDER.get(ref[0], -8), ref[1])  # the closest level first: EPCI, département, …
    side_refs = sorted({side_of[a] for a in side_of}, key=side_key)
    side_index = {ref: i for i, ref in enumerate(side_refs)}
    sides = []
    for ref in side_refs:
        if ref is None:
            label = "Sans territoire renseigné"
        elif ref[0] == "pays":
            label = "National"
        else:
            t = territories.get(*ref)
            inside = _place_of(ref, level, drawn_set, territories) is not None
            label = f"{_LEVEL_LABELS[ref[0]]} : {t.name if t else ref[1]}" + ("" if inside or ref[0] != level
                                                                             else " (hors du territoire dessiné)")
        sides.append({"label": label, "level": ref[0] if ref else "", "n": 0})
    actors = []
    for actor in model.actors.values():
        row = {"id": actor.id, "name": actor.name, "cat": category_of("acteur", actor.world)}
        if actor.id in actor_place:
            row["place"] = actor_place[actor.id]
            row["x"], row["y"] = positions[actor.id]
        else:
            row["side"] = side_index[side_of[actor.id]]
            sides[row["side"]]["n"] += 1
        actors.append(row)

    where: dict[str, int] = dict(actor_place)
    pair_counts: Counter[tuple[int, int]] = Counter()
    inner: Counter[int] = Counter()
    outward: Counter[int] = Counter()
    for source, target, _kind, _prov in model.links():
        a, b = where.get(source), where.get(target)
        if a is None and b is None:
            continue
        if a is None or b is None:
            outward[a if b is None else b] += 1
        elif a == b:
            inner[a] += 1
        else:
            pair_counts[(min(a, b), max(a, b))] += 1
    gap_counts = None
    if gaps is not False and drawn:
        holds = gap_findings(e) if gaps is True else gaps
        gap_counts = gaps_per_place(level, drawn_set, holds)
    places = []
    for i, code in enumerate(drawn):
        t = territories.get(level, code)
        x, y = _anchor(projected[code])
        places.append({"code": code, "name": t.name if t else code, "d": _path(projected[code]), "x": x, "y": y,
                       "actors": len(per_place.get(i, [])), "gaps": gap_counts.get(code, 0) if gap_counts else None,
                       "inner": inner.get(i, 0), "outer": outward.get(i, 0),
                       "population": t.population if t else None})
    title = title or model.info.title or f"Écosystème « {model.dataset} »"
    return {
        "title": title, "level": level, "levelLabel": _LEVEL_LABELS[level].lower(),
        "studied": [territories.name_of(r) for r in roots],
        "size": list(GEO_SIZE), "places": places, "actors": actors, "sides": sides,
        "links": [[a, b, n] for (a, b), n in sorted(pair_counts.items())],
        "categories": [{"label": c.label, "color": c.color, "border": c.border} for c in CATEGORIES],
        "hasGaps": gap_counts is not None,
        "missing": [(territories.get(level, c).name if territories.get(level, c) else c) for c in missing],
    }


def geo_tab(ecosystem: Ecosystem | Model) -> dict | None:
    """The geographic payload of the network map's tab, or ``None`` when the studied perimeter is not
    made of communes (a national or regional ecosystem) or no commune has a contour.

    It holds names and counts only (no amount, no website): ``--masquer`` has nothing to remove from it.
    """
    e = as_ecosystem(ecosystem)
    territories = e.territories
    level, codes = _places(_studied(e.model, territories), territories)
    if level != "commune" or not codes or not load_contours(territories).available:
        return None
    data = geo_data(e)
    return data if data["places"] else None


_BODY = """<header class="eco-top">
<h1 id="eco-title">{title}</h1>
<p class="eco-sub">Carte géographique — {sub}</p>
{banner}
</header>
<main class="eco-geo-page"><div id="eco-geo" class="eco-geo"></div></main>
<p class="eco-help eco-geo-foot">Carte produite par ecosysteme. Données : {dataset}. Contours : IGN Admin Express
COG 2018 via france-geojson (Licence Ouverte), simplifiés.</p>
{data}"""


def geo_html(ecosystem: Ecosystem | Model, *, title: str | None = None,
             gaps: bool | Iterable[Holds] = True) -> str:
    """The stand-alone geographic page of an ecosystem (one HTML file, no outside request)."""
    model = as_ecosystem(ecosystem).model
    data = geo_data(ecosystem, title=title, gaps=gaps)
    sub = (f"{len(data['places'])} {data['levelLabel']}s sur la carte ({', '.join(data['studied'])}), "
           f"{len(data['actors'])} acteurs")
    body = _BODY.format(title=esc(data["title"]), sub=esc(sub), banner=fictional_banner(model.info.fictional),
                        dataset=esc(model.dataset), data=json_script("eco-geo-data", data))
    return page(title=data["title"], body=body, css=asset("_map.css") + asset("_geo.css"),
                scripts=[asset("_geo.js")])


def write_geo_map(ecosystem: Ecosystem | Model, path: str | Path, *, title: str | None = None,
                  gaps: bool | Iterable[Holds] = True, progress: Callable[[str], None] | None = None) -> Path:
    """Write the geographic view of an ecosystem to ``path`` (written atomically); return the path."""
    if progress:
        progress("Carte géographique : contours, acteurs par commune, trous")
    text = geo_html(ecosystem, title=title, gaps=gaps)
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(text)
    return path
