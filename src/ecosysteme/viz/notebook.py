"""Pages in a notebook: an object that shows itself in Jupyter and saves to a file.

A page of ours is a whole HTML document with its own Content-Security-Policy
and styles. Inserted inline into a notebook, it would restyle the notebook
and lose its policy; inside an ``<iframe srcdoc>`` it stays what it is (the
same document as the saved file), sandboxed to run its own scripts only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecosysteme.fs import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.model import Model

__all__ = ["MapView", "Page", "map_view"]


@dataclass(frozen=True)
class Page:
    """A self-contained HTML page: ``_repr_html_`` for Jupyter, :meth:`save` for a file."""

    html: str
    title: str
    height: int = 720

    def _repr_html_(self) -> str:
        return (f"<iframe title='{html.escape(self.title, quote=True)}' srcdoc='{html.escape(self.html, quote=True)}'"
                f" sandbox='allow-scripts allow-downloads' style='width:100%;height:{self.height}px;border:1px solid "
                "#ccc'></iframe>")

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (atomically); return the path."""
        path = Path(path)
        with atomic_write(path) as fh:
            fh.write(self.html)
        return path


#: The interactive map as a notebook object.
MapView = Page


def map_view(ecosystem: Ecosystem | Model, **options: Any) -> Page:
    """The interactive map of an ecosystem (options of :func:`ecosysteme.viz.write_map`)."""
    from ecosysteme.ecosystem import as_ecosystem
    from ecosysteme.viz.map import map_html
    from ecosysteme.viz.mapdata import MapOptions

    e = as_ecosystem(ecosystem)
    radar_region = options.pop("radar_region", "auto")
    text = map_html(e, MapOptions(**options), radar_region=radar_region)
    title = options.get("title") or f"Écosystème « {e.name} »"
    return Page(text, title)
