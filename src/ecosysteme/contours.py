"""Simplified boundaries of the communes, départements and régions (``data/territoires/contours``).

Built by ``scripts/build_contours.py`` from the public repository
``gregoiredavid/france-geojson`` (IGN Admin Express COG 2018, Licence
Ouverte), codes brought to the current communes of ``data/territoires``.
Each ring is a Google *encoded polyline* of (longitude, latitude) in 10⁻⁴
degree, its closing point implied; one file per département holds its
communes. Standard library only.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ecosysteme.territories import Territories, load_territories

__all__ = ["Contours", "Polygon", "decode_ring", "load_contours"]

SCALE = 10_000

Ring = list[tuple[float, float]]
#: A polygon: its outer ring, then its holes.
Polygon = list[Ring]


def decode_ring(text: str) -> Ring:
    """Decode one ring: ``[(longitude, latitude), …]`` in degrees, without the closing point.

    >>> decode_ring("_t`B_|mZSg@")
    [(5.0, 45.0), (5.001, 45.002)]
    """
    values: list[int] = []
    shift = result = 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    ring: Ring = []
    x = y = 0
    for i in range(0, len(values) - 1, 2):
        x += values[i]
        y += values[i + 1]
        ring.append((x / SCALE, y / SCALE))
    return ring


class Contours:
    """Reader of the contour files of one ``data/territoires`` folder (files read on first use, then kept)."""

    def __init__(self, territories: Territories) -> None:
        self.territories = territories
        self.folder = Path(territories.data_dir) / "contours"
        self._files: dict[str, dict] = {}

    def _file(self, name: str) -> dict:
        if name not in self._files:
            path = self.folder / name
            self._files[name] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return self._files[name]

    @property
    def available(self) -> bool:
        """Whether the contour files are there (an older data folder may lack them)."""
        return (self.folder / "departements.json").is_file()

    def shape(self, level: str, code: str) -> list[Polygon] | None:
        """Polygons of one commune, département or région, or ``None`` if it has no contour."""
        if level == "commune":
            parents = self.territories.parents("commune", code) if ("commune", code) in self.territories else []
            dep = next((c for lvl, c in parents if lvl == "departement"), None)
            rings = self._file(f"communes/{dep}.json").get("communes", {}).get(code) if dep else None
        elif level in ("departement", "region"):
            rings = self._file(f"{level}s.json").get(f"{level}s", {}).get(code)
        else:
            raise ValueError(f"pas de contour pour le niveau {level!r}")
        if rings is None:
            return None
        return [[decode_ring(r) for r in poly] for poly in rings]


@functools.lru_cache(maxsize=4)
def _cached(territories: Territories) -> Contours:
    return Contours(territories)


def load_contours(territories: Territories | None = None) -> Contours:
    """The (shared) contour reader of ``territories`` (default: the bundled referential)."""
    return _cached(territories or load_territories())
