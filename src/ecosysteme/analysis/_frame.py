"""Results as tables: any list of result dataclasses becomes a pandas DataFrame (for notebooks)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

__all__ = ["to_frame"]


def to_frame(results: Iterable[Any]):
    """A DataFrame with one row per result (dataclass fields as columns, in order).

    >>> from ecosysteme.analysis import coverage, to_frame  # doctest: +SKIP
    >>> to_frame(coverage(e).gaps)  # doctest: +SKIP
    """
    import pandas as pd

    rows = [{f.name: getattr(r, f.name) for f in dataclasses.fields(r)} for r in results]
    return pd.DataFrame.from_records(rows)
