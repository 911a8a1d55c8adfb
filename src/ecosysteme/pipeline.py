"""The main job as one function: tables -> validated ecosystem -> projections -> files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ecosysteme.ecosystem import Ecosystem

__all__ = ["build_outputs"]


def build_outputs(source: Path | Ecosystem, out: Path, *, formats: Iterable[str] | None = None,
                  dataset: str | None = None, progress: Callable[[str, int, int], None] | None = None,
                  step: Callable[[str], None] | None = None, store: Path | None = None) -> list[Path]:
    """Validate ``source`` (unless it is already an :class:`Ecosystem`) and write the requested formats into ``out``.

    ``formats`` defaults to :data:`~ecosysteme.export.BUILD_FORMATS` (Turtle, GEXF, CSV), what
    ``ecosysteme build`` writes unless told otherwise.

    With ``store``, also replace the dataset's graph in that RDF store
    (created if needed; see :mod:`ecosysteme.stores.rdfstore`). The exports
    and the store share the ecosystem's projections: nothing is computed twice.

    Raises :class:`~ecosysteme.errors.ValidationFailed` (nothing written) when
    the tables have errors.
    """
    from ecosysteme.export import BUILD_FORMATS, export_model

    e = source if isinstance(source, Ecosystem) else Ecosystem.read(source, dataset=dataset, progress=progress)
    if store is not None:
        e.ntriples  # noqa: B018  (computed once, for both the exports and the store)
    written = export_model(e, out, tuple(formats) if formats is not None else BUILD_FORMATS, progress=step,
                           source=None if isinstance(source, Ecosystem) else Path(source))
    if store is not None:
        from ecosysteme.stores.rdfstore import build_store

        if step:
            step(f"magasin RDF {store}")
        build_store(store, e, progress=step, tables=None if isinstance(source, Ecosystem) else Path(source))
    return written
