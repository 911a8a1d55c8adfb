"""Synthetic ecosystems: a catalyst's local ecosystem, and national-scale ones for benchmarks.

Both generators return tables in the input format (the README, section « Format d'entrée »)
as ``{table: [header, *rows]}`` of strings, so they go through the same
validation as a user's spreadsheets. Everything they invent is labelled as
such in ``provenance``; territories are the real ones (INSEE codes), and the
local ecosystem relays real programmes of ``data/reseau``.

>>> from ecosysteme.synth import local_ecosystem
>>> tables = local_ecosystem()
>>> tables["acteurs"][0][:3]
['id', 'nom', 'type']
"""

from __future__ import annotations

from ecosysteme.model import Model
from ecosysteme.synth._common import HEADERS, SynthError, provenance_text, to_raw_tables, write_tables
from ecosysteme.synth._local import DEFAULT_EPCI, REAL_PROGRAMMES, gap_communes, local_ecosystem
from ecosysteme.synth._national import national_ecosystem

__all__ = [
    "DEFAULT_EPCI",
    "HEADERS",
    "REAL_PROGRAMMES",
    "SynthError",
    "gap_communes",
    "local_ecosystem",
    "national_ecosystem",
    "provenance_text",
    "synthetic_model",
    "to_raw_tables",
    "write_tables",
]


def synthetic_model(n_actors: int, *, seed: int = 0, relations_per_actor: float = 5.0) -> Model:
    """A validated :class:`~ecosysteme.model.Model` of a national synthetic ecosystem, without touching disk.

    The tables of :func:`national_ecosystem` go through
    :func:`ecosysteme.io.validate.validate_tables` as in-memory raw tables
    (duplicate detection off, for speed).

    Raises
    ------
    RuntimeError
        If validation finds an error (a bug of the generator).
    """
    from ecosysteme.io.validate import validate_tables

    tables = national_ecosystem(n_actors, seed=seed, relations_per_actor=relations_per_actor)
    model, report = validate_tables(to_raw_tables(tables), dataset=f"synthetique-{n_actors}-{seed}",
                                    duplicates=False)
    if not report.ok:
        first = "; ".join(str(i) for i in report.errors[:3])
        raise RuntimeError(f"generated tables failed validation ({len(report.errors)} errors): {first}")
    return model
