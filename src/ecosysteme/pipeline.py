"""The main job as one function: tables -> validated model -> projections -> files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ecosysteme.export import EXPORT_FORMATS, export_model
from ecosysteme.io import load_valid

__all__ = ["build_outputs"]


def build_outputs(source: Path, out: Path, *, formats: Iterable[str] = tuple(EXPORT_FORMATS),
                  dataset: str | None = None, progress: Callable[[str, int, int], None] | None = None,
                  step: Callable[[str], None] | None = None) -> list[Path]:
    """Validate ``source`` and write the requested formats into ``out``.

    Raises :class:`~ecosysteme.errors.ValidationFailed` (nothing written) when
    the tables have errors.
    """
    model = load_valid(source, dataset=dataset, progress=progress)
    return export_model(model, out, formats, progress=step)
