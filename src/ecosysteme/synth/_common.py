"""Shared pieces of the generators: table headers, provenance, IMPACT weights, writing."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from ecosysteme.errors import SynthError
from ecosysteme.fs import atomic_write
from ecosysteme.io.tables import RawTable

__all__ = [
    "DOMAINS",
    "HEADERS",
    "THEMES",
    "SynthError",
    "fragility_weights",
    "provenance_text",
    "read_reseau",
    "reseau_dir",
    "to_raw_tables",
    "write_tables",
]

#: Column order of each generated table (the input format of the README).
HEADERS: dict[str, list[str]] = {
    "territoires": ["code", "nom"],
    "acteurs": ["id", "nom", "type", "monde", "echelon", "natures", "territoires", "besoins", "odd", "site_web",
                "description", "alias", "provenance"],
    "besoins": ["id", "libelle", "theme", "domaine", "territoires", "description", "provenance"],
    "programmes": ["id", "nom", "porteurs", "themes", "besoins", "axe", "echelon", "territoires", "sous_section",
                   "description", "lien", "provenance"],
    "relations": ["source", "cible", "type", "montant", "date_debut", "date_fin", "provenance"],
}

#: The 16 fragility domains of the IMPACT radar (leaves of the ``domaine`` scheme), in radar order.
DOMAINS: tuple[str, ...] = (
    "emploi", "developpement_economique", "pouvoir_achat", "pauvrete", "mal_logement", "diversite_handicap",
    "vieillissement", "lien_social", "education", "sante", "numerique", "securite", "mobilite", "culture",
    "environnement", "transition_energetique",
)

#: The 6 need themes of the network's inventory.
THEMES: tuple[str, ...] = (
    "acces_information", "continuite_activite", "consolidation_mse", "mobilisation_competences",
    "alliances_strategiques", "mutualisation_moyens",
)


def provenance_text(seed: int) -> str:
    """The provenance every generated row carries."""
    return f"Donnée fictive générée par ecosysteme.synth (graine {seed})"


def reseau_dir() -> Path:
    """Locate the network's bundled data (``data/reseau``): packaged copy first, then the checkout."""
    from ecosysteme.datasets import shipped

    return shipped("reseau")


@functools.lru_cache(maxsize=8)
def _read_reseau_cached(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    with (reseau_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return tuple(rows[0]), tuple(tuple(r) for r in rows[1:] if any(r))


def read_reseau(name: str) -> list[dict[str, str]]:
    """Rows of one table of ``data/reseau`` as dicts (header -> cell)."""
    header, rows = _read_reseau_cached(name)
    return [dict(zip(header, row, strict=False)) for row in rows]


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _fragility_scores() -> dict[str, dict[str, float]]:
    """IMPACT-like index per region and domain, 0 (most favourable) to 10 (most critical).

    Each indicator with a known direction is scaled over the 13 regions of the
    deck (min-max, the fragile side at 10); a domain's index is the mean over
    its indicators; indicators of unknown direction count as 5 (neutral).
    """
    values: dict[str, dict[str, float]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for row in read_reseau("indicateurs"):
        ref = row["territoire"]
        if not ref.startswith("region:"):
            continue
        number = _number(row["valeur"])
        if number is None:
            continue
        values.setdefault(row["indicateur"], {})[ref.split(":", 1)[1]] = number
        meta[row["indicateur"]] = (row["domaine"], row["sens"])
    per_domain: dict[str, dict[str, list[float]]] = {}
    for code, by_region in values.items():
        domain, direction = meta[code]
        low, high = min(by_region.values()), max(by_region.values())
        for region, v in by_region.items():
            if direction in ("hausse_fragilise", "baisse_fragilise") and high > low:
                score = 10 * (v - low) / (high - low)
                if direction == "baisse_fragilise":
                    score = 10 - score
            else:
                score = 5.0
            per_domain.setdefault(region, {}).setdefault(domain, []).append(score)
    return {region: {d: sum(s) / len(s) for d, s in domains.items()} for region, domains in per_domain.items()}


def fragility_weights(region: str | None) -> list[float]:
    """Weight of each of :data:`DOMAINS` for needs on a region: ``1 + index`` (uniform outside IMPACT)."""
    scores = _fragility_scores().get(region or "", {})
    return [1.0 + scores.get(d, 5.0) for d in DOMAINS]


def write_tables(tables: dict[str, list[list[str]]], out_dir: Path) -> list[Path]:
    """Write each table as ``<name>.csv`` (``;``, UTF-8, ``\\n``), atomically; return the paths.

    Parameters
    ----------
    tables : dict
        Table name -> ``[header, *rows]``, every cell a string.
    out_dir : Path
        Folder to write into (created if needed).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = out_dir / f"{name}.csv"
        with atomic_write(path) as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerows(rows)
        written.append(path)
    return written


def to_raw_tables(tables: dict[str, list[list[str]]]) -> dict[str, RawTable]:
    """In-memory :class:`RawTable` objects, as :func:`ecosysteme.io.read_tables` would give for the CSV files."""
    out = {}
    for name, rows in tables.items():
        header, body = rows[0], rows[1:]
        out[name] = RawTable(name, f"{name}.csv", list(header), list(zip(range(2, len(body) + 2), body, strict=True)),
                             "utf-8", ";")
    return out
