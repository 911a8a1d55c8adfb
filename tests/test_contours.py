"""Tests for scripts/build_contours.py (simplification, dissolve, encoding) and ecosysteme.contours (reader)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ecosysteme.contours import decode_ring, load_contours
from ecosysteme.territories import load_territories

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_contours.py"
CONTOURS = REPO / "data" / "territoires" / "contours"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_contours", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wiggly(x0: float, y0: float, x1: float, y1: float, n: int = 40, amp: float = 0.0003) -> list[list[float]]:
    """A line from (x0, y0) to (x1, y1) with small zigzags (n + 1 points, ends exact), in degrees."""
    def bump(i: int, every: int, rest: int) -> float:
        return amp if 0 < i < n and i % every == rest else 0.0
    return [[x0 + (x1 - x0) * i / n + bump(i, 2, 1), y0 + (y1 - y0) * i / n + bump(i, 3, 1)] for i in range(n + 1)]


def _two_neighbours() -> dict:
    """Two communes sharing a wiggly border (the same vertices in both rings), each with a wiggly outer edge."""
    border = _wiggly(2.0, 48.0, 2.0, 48.1)  # south -> north
    west = border + _wiggly(2.0, 48.1, 1.9, 48.05)[1:] + _wiggly(1.9, 48.05, 2.0, 48.0)[1:]
    east = border[::-1] + _wiggly(2.0, 48.0, 2.1, 48.05)[1:] + _wiggly(2.1, 48.05, 2.0, 48.1)[1:]
    return {"A": [west], "B": [east]}


def _shapes(build, raw: dict) -> dict:
    return {code: build.geometry_polygons({"type": "Polygon", "coordinates": rings}) for code, rings in raw.items()}


def test_simplification_keeps_closed_non_empty_rings(build) -> None:
    shapes = _shapes(build, _two_neighbours())
    simple = build.simplify_all(shapes, 0.002)
    for code, polys in simple.items():
        assert polys, code
        for poly in polys:
            for ring in poly:
                assert len(set(ring)) >= 3  # a real ring, closing point implied
                assert ring[0] != ring[-1]
                assert abs(build.signed_area(ring)) > 0
        before = sum(len(r) for p in shapes[code] for r in p)
        after = sum(len(r) for p in polys for r in p)
        assert after < before / 3  # the zigzags are gone


def test_simplification_keeps_shared_borders_identical(build) -> None:
    simple = build.simplify_all(_shapes(build, _two_neighbours()), 0.002)
    west, east = simple["A"][0][0], simple["B"][0][0]
    shared = set(west) & set(east)
    assert {(20000, 480000), (20000, 481000)} <= shared
    # every edge of the west ring between shared points is an edge of the east ring, reversed: no gap, no overlap
    edges_w = {(west[i - 1], p) for i, p in enumerate(west) if west[i - 1] in shared and p in shared}
    edges_e = {(p, east[i - 1]) for i, p in enumerate(east) if east[i - 1] in shared and p in shared}
    assert edges_w and edges_w == edges_e


def test_simplification_is_deterministic(build) -> None:
    raw = _two_neighbours()
    runs = [json.dumps(build.encode_shapes(build.simplify_all(_shapes(build, raw), 0.002))) for _ in range(2)]
    assert runs[0] == runs[1]


def test_island_and_tiny_ring_never_vanish(build) -> None:
    circle = [[3 + 0.01 * math.cos(k / 50 * 2 * math.pi), 45 + 0.01 * math.sin(k / 50 * 2 * math.pi)]
              for k in range(51)]
    tiny = [[4.0, 45.0], [4.0001, 45.0], [4.0001, 45.0001], [4.0, 45.0]]
    simple = build.simplify_all(_shapes(build, {"I": [circle], "T": [tiny]}), 0.05)
    assert len(set(simple["I"][0][0])) >= 3
    assert len(set(simple["T"][0][0])) >= 3


def test_dissolve_merges_adjacent_squares(build) -> None:
    left = [[(0, 0), (10, 0), (10, 10), (0, 10)]]
    right = [[(10, 0), (20, 0), (20, 10), (10, 10)]]
    merged = build.dissolve([left, right])
    assert len(merged) == 1 and len(merged[0]) == 1
    assert set(merged[0][0]) == {(0, 0), (10, 0), (20, 0), (20, 10), (10, 10), (0, 10)}
    assert build.signed_area(merged[0][0]) == 2 * 200


def test_encoding_round_trips(build) -> None:
    ring = [(-39000, 479000), (-38990, 479002), (-38000, 470000), (10, -5)]
    assert decode_ring(build.encode_ring(ring)) == [(x / 10_000, y / 10_000) for x, y in ring]


def test_script_is_byte_identical_on_rerun(build, tmp_path: Path) -> None:
    source = tmp_path / "france-geojson"
    raw = _two_neighbours()
    dep = source / "departements" / "29-finistere"
    dep.mkdir(parents=True)
    features = [{"type": "Feature", "properties": {"code": code, "nom": code},
                 "geometry": {"type": "Polygon", "coordinates": rings}}
                for code, rings in zip(["29151", "29239"], raw.values(), strict=True)]
    (dep / "communes-29-finistere.geojson").write_text(json.dumps({"type": "FeatureCollection",
                                                                   "features": features}), encoding="utf-8")
    for name, code in (("departements-avec-outre-mer.geojson", "29"), ("regions-avec-outre-mer.geojson", "53")):
        feature = {"type": "Feature", "properties": {"code": code, "nom": code},
                   "geometry": {"type": "Polygon", "coordinates": raw["A"]}}
        (source / name).write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}),
                                   encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, str(SCRIPT), "--from", str(source), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    first = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}
    assert set(first) == {"SOURCE.json", "communes/29.json", "departements.json", "regions.json"}
    subprocess.run(command, check=True, capture_output=True)
    assert {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))} == first
    communes = json.loads(first["communes/29.json"])["communes"]
    assert set(communes) == {"29151", "29239"}


# --- the shipped files ---------------------------------------------------------------------------------

def test_shipped_manifest_matches_files() -> None:
    manifest = json.loads((CONTOURS / "SOURCE.json").read_text(encoding="utf-8"))
    assert manifest["source"] == "https://github.com/gregoiredavid/france-geojson"
    assert manifest["licence"].startswith("Licence Ouverte")
    for name, size in manifest["octets"].items():
        assert (CONTOURS / name).stat().st_size == size, name
    assert manifest["octets_total"] < 6_000_000  # the package stays small
    assert manifest["effectifs"]["communes"] + manifest["effectifs"]["communes_sans_contour"] == 34969


def test_every_commune_of_the_example_epci_has_a_contour() -> None:
    territories = load_territories()
    contours = load_contours(territories)
    communes = sorted(c for lvl, c in territories.descendants("epci", "242900835") if lvl == "commune")
    assert len(communes) == 26
    for code in communes:
        shape = contours.shape("commune", code)
        assert shape, code
        for poly in shape:
            assert all(len(set(ring)) >= 3 for ring in poly)
            lon, lat = poly[0][0]
            assert -5.0 < lon < -3.0 and 48.0 < lat < 49.0  # Finistère, longitude first
    assert contours.shape("departement", "29") and contours.shape("region", "53")
    assert contours.shape("commune", "98735") is None  # Polynésie: no IGN contour
