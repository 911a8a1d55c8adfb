"""The main job as one function: tables -> validated model -> projections -> files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ecosysteme.export import EXPORT_FORMATS, export_model

__all__ = ["build_outputs"]


def build_outputs(source: Path, out: Path, *, formats: Iterable[str] = tuple(EXPORT_FORMATS),
                  dataset: str | None = None, progress: Callable[[str, int, int], None] | None = None,
                  step: Callable[[str], None] | None = None, store: Path | None = None) -> list[Path]:
    """Validate ``source`` and write the requested formats into ``out``.

    With ``store``, also replace the dataset's graph in that RDF store
    (created if needed; see :mod:`ecosysteme.stores.rdfstore`).

    Raises :class:`~ecosysteme.errors.ValidationFailed` (nothing written) when
    the tables have errors.
    """
    model = _load_valid(source, dataset, progress)
    ntriples = None
    if store is not None:
        from ecosysteme.projections.rdf import to_ntriples

        ntriples = to_ntriples(model)
    written = export_model(model, out, formats, ntriples=ntriples, progress=step)
    if store is not None:
        from ecosysteme.stores.rdfstore import build_store

        if step:
            step(f"magasin RDF {store}")
        build_store(store, model, ntriples=ntriples, progress=step)
    return written


def _load_valid(source: Path, dataset: str | None, progress: Callable[[str, int, int], None] | None):
    """``load_valid(source)``, with the duplicate search only when the report is shown.

    Likely duplicates are warnings: a build that succeeds shows none, so the
    search (seconds to tens of seconds on large inputs) only runs when there
    are errors, and the report raised is then the one ``load_valid`` gives.
    """
    from ecosysteme.errors import ValidationFailed
    from ecosysteme.io import load
    from ecosysteme.io.validate import add_duplicate_warnings

    model, report = load(source, dataset=dataset, duplicates=False, progress=progress)
    if not report.ok:
        add_duplicate_warnings(model, report)
        raise ValidationFailed(report)
    return model
