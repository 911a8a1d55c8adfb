#!/usr/bin/env python3
"""Build the simplified boundary files in ``data/territoires/contours/``.

The contours come from the public repository ``gregoiredavid/france-geojson``
(IGN Admin Express COG 2018 boundaries, INSEE 2018 codes, Licence Ouverte),
commit pinned below. The script reads a checkout of that commit:

    git clone https://github.com/gregoiredavid/france-geojson /tmp/france-geojson
    git -C /tmp/france-geojson checkout 5d34ee6d0140c29f785fdb047d9329f1aab58833
    python scripts/build_contours.py --from /tmp/france-geojson

What it does, with the standard library only:

1. quantises every coordinate to 10⁻⁴ degree (≈ 11 m);
2. maps the 2018 commune codes onto the current ones of ``data/territoires``
   (``communes_rattachees.csv``: a commune merged since 2018 is the union of
   its former communes, dissolved by removing the edges they share);
3. simplifies every file with a topology-preserving Douglas-Peucker: rings are
   cut at the points where the set of rings sharing a vertex changes, and each
   piece is simplified once, in a canonical direction, so two neighbours keep
   exactly the same border (no gap, no overlap); every piece keeps at least
   one inner point, so no ring collapses;
4. writes compact JSON: each ring is a string in Google's *encoded polyline*
   format (longitude, latitude, in 10⁻⁴ degree, closing point implied).

The output holds no timestamp: re-running on the same inputs writes
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

SOURCE_REPO = "https://github.com/gregoiredavid/france-geojson"
SOURCE_COMMIT = "5d34ee6d0140c29f785fdb047d9329f1aab58833"
#: Coordinates are stored as integers in this unit of degree.
SCALE = 10_000
#: Douglas-Peucker tolerance (in degrees of latitude; longitudes are scaled by cos(latitude)).
TOLERANCES = {"communes": 0.001, "departements": 0.004, "regions": 0.008}

REPO = Path(__file__).resolve().parents[1]

Point = tuple[int, int]
Ring = list[Point]
Polygon = list[Ring]


# --- geometry ---------------------------------------------------------------------------------------

def quantise_ring(coords: list[list[float]]) -> Ring:
    """Integer ring (10⁻⁴ degree), without the closing point nor consecutive duplicates."""
    ring: Ring = []
    for lon, lat in ((c[0], c[1]) for c in coords):
        p = (round(lon * SCALE), round(lat * SCALE))
        if not ring or ring[-1] != p:
            ring.append(p)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def signed_area(ring: Ring) -> float:
    """Twice the signed area (positive: counter-clockwise)."""
    return float(sum(ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1] for i, p in enumerate(ring)))


def geometry_polygons(geometry: dict) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon/MultiPolygon, quantised; rings of < 3 points dropped."""
    kind, coords = geometry["type"], geometry["coordinates"]
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    out: list[Polygon] = []
    for poly in polys:
        rings = [r for r in (quantise_ring(c) for c in poly) if len(r) >= 3]
        if rings:
            out.append(rings)
    return out


def _inside(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for i, (x1, y1) in enumerate(ring):
        x0, y0 = ring[i - 1]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def dissolve(polygons: list[Polygon]) -> list[Polygon]:
    """Union of adjacent polygons whose shared borders have the same vertices (edges cancel out)."""
    edges: dict[tuple[Point, Point], int] = defaultdict(int)
    for poly in polygons:
        for k, ring in enumerate(poly):
            oriented = ring if (signed_area(ring) > 0) == (k == 0) else ring[::-1]
            for i, p in enumerate(oriented):
                edges[(oriented[i - 1], p)] += 1
    for (a, b), n in list(edges.items()):
        back = edges.get((b, a), 0)
        if n and back:
            common = min(n, back)
            edges[(a, b)] -= common
            edges[(b, a)] -= common
    outgoing: dict[Point, list[Point]] = defaultdict(list)
    for (a, b), n in sorted(edges.items()):
        outgoing[a].extend([b] * n)
    rings: list[Ring] = []
    for start in sorted(outgoing):
        while outgoing[start]:
            ring, p = [start], outgoing[start].pop(0)
            while p != start:
                ring.append(p)
                p = outgoing[p].pop(0)
            if len(ring) >= 3:
                rings.append(ring)
    shells = [r for r in rings if signed_area(r) > 0]
    holes = [r for r in rings if signed_area(r) <= 0]
    result: list[Polygon] = [[s] for s in shells]
    for hole in holes:
        owner = next((poly for poly in sorted(result, key=lambda q: abs(signed_area(q[0])))
                      if _inside(hole[0], poly[0])), None)
        if owner is not None:
            owner.append(hole)
    return result


def _xy(p: Point) -> tuple[float, float]:
    lat = p[1] / SCALE
    return p[0] / SCALE * math.cos(math.radians(lat)), lat


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = _xy(p), _xy(a), _xy(b)
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _farthest(chain: list[Point], i: int, j: int) -> tuple[int, float]:
    best, far = -1, -1.0
    for k in range(i + 1, j):
        d = _distance(chain[k], chain[i], chain[j])
        if d > far:
            best, far = k, d
    return best, far


def douglas_peucker(chain: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an open chain; keeps both ends and at least one inner point if there is one.

    A closed chain (same first and last point) is first cut at its point farthest from the ends.
    """
    if len(chain) <= 2:
        return list(chain)
    last = len(chain) - 1
    first, _ = _farthest(chain, 0, last)
    keep = {0, first, last}
    closed = chain[0] == chain[-1]  # then each half keeps an inner point too: at least 3 distinct points
    stack = [(0, first, closed), (first, last, closed)]
    while stack:
        i, j, force = stack.pop()
        k, d = _farthest(chain, i, j)
        if k >= 0 and (force or d > tolerance):
            keep.add(k)
            stack.extend([(i, k, False), (k, j, False)])
    return [chain[i] for i in sorted(keep)]


def _canonical(chain: list[Point]) -> tuple[tuple[Point, ...], bool]:
    forward = tuple(chain)
    backward = forward[::-1]
    return (forward, False) if forward <= backward else (backward, True)


class Simplifier:
    """Topology-preserving simplification of every ring of one file (see the module docstring)."""

    def __init__(self, rings: list[Ring], tolerance: float) -> None:
        self.tolerance = tolerance
        owners: dict[Point, set[int]] = defaultdict(set)
        for r, ring in enumerate(rings):
            for p in ring:
                owners[p].add(r)
        self.fixed: set[Point] = set()
        for ring in rings:
            n = len(ring)
            for i, p in enumerate(ring):
                if owners[p] != owners[ring[i - 1]] or owners[p] != owners[ring[(i + 1) % n]]:
                    self.fixed.add(p)
                elif len(owners[p]) > 2:
                    self.fixed.add(p)
        self.cache: dict[tuple[Point, ...], list[Point]] = {}

    def _chain(self, chain: list[Point]) -> list[Point]:
        key, flipped = _canonical(chain)
        if key not in self.cache:
            self.cache[key] = douglas_peucker(list(key), self.tolerance)
        out = self.cache[key]
        return out[::-1] if flipped else out

    def ring(self, ring: Ring) -> Ring:
        cuts = [i for i, p in enumerate(ring) if p in self.fixed]
        if not cuts:  # an island, or an enclave whose whole border is shared with one ring: cut at its smallest point
            start = ring.index(min(ring))
            cuts = [start]
        if len(cuts) == 1:
            i = cuts[0]
            loop = ring[i:] + ring[:i] + [ring[i]]
            return self._chain(loop)[:-1]
        out: Ring = []
        for a, b in zip(cuts, [*cuts[1:], cuts[0] + len(ring)], strict=True):
            piece = [ring[k % len(ring)] for k in range(a, b + 1)]
            out.extend(self._chain(piece)[:-1])
        return out


def simplify_all(shapes: dict[str, list[Polygon]], tolerance: float) -> dict[str, list[Polygon]]:
    """Simplify every shape of one file together; drop rings left with fewer than 3 points."""
    rings = [ring for polys in shapes.values() for poly in polys for ring in poly]
    simplifier = Simplifier(rings, tolerance)
    out: dict[str, list[Polygon]] = {}
    for code, polys in shapes.items():
        kept: list[Polygon] = []
        for poly in polys:
            shell = simplifier.ring(poly[0])
            if len(set(shell)) < 3:
                continue
            holes = [h for h in (simplifier.ring(r) for r in poly[1:]) if len(set(h)) >= 3]
            kept.append([shell, *holes])
        if not kept:  # never lose a territory: keep its largest polygon unsimplified
            kept = [max(polys, key=lambda p: abs(signed_area(p[0])))]
        out[code] = kept
    return out


# --- encoding ---------------------------------------------------------------------------------------

def _encode_value(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def encode_ring(ring: Ring) -> str:
    """Google encoded polyline of a ring (longitude then latitude, deltas in 10⁻⁴ degree)."""
    out, px, py = [], 0, 0
    for x, y in ring:
        out.append(_encode_value(x - px) + _encode_value(y - py))
        px, py = x, y
    return "".join(out)


def encode_shapes(shapes: dict[str, list[Polygon]]) -> dict[str, list[list[str]]]:
    return {code: [[encode_ring(r) for r in poly] for poly in shapes[code]] for code in sorted(shapes)}


def dump(path: Path, data: dict) -> int:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(text.encode("utf-8"))


# --- build ------------------------------------------------------------------------------------------

def _read_codes(territoires: Path) -> tuple[set[str], dict[str, str]]:
    with (territoires / "communes.csv").open(encoding="utf-8", newline="") as fh:
        current = {row["code"] for row in csv.DictReader(fh)}
    attached: dict[str, str] = {}
    with (territoires / "communes_rattachees.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            attached[row["code"]] = row["commune"]
    return current, attached


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def build(source: Path, out: Path, territoires: Path) -> dict:
    """Write every contour file under ``out``; return the manifest (also written as SOURCE.json)."""
    current, attached = _read_codes(territoires)
    sizes: dict[str, int] = {}
    communes_total, merged, points = 0, 0, 0
    found: set[str] = set()
    for folder in sorted(p for p in (source / "departements").iterdir() if p.is_dir()):
        dep = folder.name.split("-", 1)[0]
        groups: dict[str, list[Polygon]] = defaultdict(list)
        for feature in _features(next(folder.glob("communes-*.geojson"))):
            code = feature["properties"]["code"]
            target = code if code in current else attached.get(code)
            if target is None:
                raise SystemExit(f"{folder.name} : commune {code} inconnue de data/territoires")
            groups[target].append(geometry_polygons(feature["geometry"]))
        shapes: dict[str, list[Polygon]] = {}
        for code, parts in sorted(groups.items()):
            polys = [poly for part in parts for poly in part]
            if len(parts) > 1:
                merged += 1
                polys = dissolve(polys)
            shapes[code] = polys
        simple = simplify_all(shapes, TOLERANCES["communes"])
        points += sum(len(r) for polys in simple.values() for poly in polys for r in poly)
        communes_total += len(simple)
        found.update(simple)
        sizes[f"communes/{dep}.json"] = dump(out / "communes" / f"{dep}.json",
                                             {"departement": dep, "communes": encode_shapes(simple)})
    for level, name in (("departements", "departements-avec-outre-mer.geojson"),
                        ("regions", "regions-avec-outre-mer.geojson")):
        shapes = {f["properties"]["code"]: geometry_polygons(f["geometry"]) for f in _features(source / name)}
        simple = simplify_all(shapes, TOLERANCES[level])
        sizes[f"{level}.json"] = dump(out / f"{level}.json", {level: encode_shapes(simple)})
    missing = sorted(current - found)
    manifest = {
        "source": SOURCE_REPO, "commit": SOURCE_COMMIT,
        "donnees": "IGN Admin Express COG 2018 (tracés), INSEE COG 2018 (codes et noms), via france-geojson",
        "licence": "Licence Ouverte / Open Licence (Etalab)",
        "unite": f"1/{SCALE} degré (WGS 84, longitude puis latitude)",
        "codage": "polyligne encodée de Google, point de fermeture implicite",
        "tolerances_degre": TOLERANCES,
        "effectifs": {"communes": communes_total, "communes_fusionnees_depuis_2018": merged,
                      "points_communes": points, "communes_sans_contour": len(missing)},
        "communes_sans_contour": missing,
        "octets": dict(sorted(sizes.items())),
        "octets_total": sum(sizes.values()),
    }
    dump(out / "SOURCE.json", manifest)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, required=True,
                        help="checkout of gregoiredavid/france-geojson at the pinned commit")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "territoires" / "contours")
    parser.add_argument("--territoires", type=Path, default=REPO / "data" / "territoires")
    args = parser.parse_args(argv)
    manifest = build(args.source, args.out, args.territoires)
    print(f"{manifest['effectifs']['communes']} communes, {manifest['octets_total']} octets écrits dans {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
