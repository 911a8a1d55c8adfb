"""Regional fragility, the IMPACT way (most critical region 10, most favourable 0): one scale for everything.

The deck's method (« Visualiser les domaines de fragilité en région »): « la
donnée de la région la plus critique est positionnée sur 10 (le plus à
l'extérieur du radar) et la plus favorable sur 0 ». The IMPACT indices are
regional observations (``model.observations``) of indicators that carry a
direction (``sens``: ``hausse_fragilise`` or ``baisse_fragilise``) and a
fragility domain (``domaine``).

One rule, used by the radars, the gap rankings and every page:

- an index is *placed* (:attr:`IndexScore.placed`) when its direction is
  known and its regions show at least two distinct values at its latest
  period (the latest period with a regional value); each region then scores
  ``10 * (value - best) / (worst - best)``, the national value likewise;
- an index with an unknown direction, or whose regions all have the same
  value, is never placed: it is listed apart with the reason;
- a domain's score is the mean of its placed indices' scores (indices
  without a domain are drawn on the radar but count in no domain).

``directions`` lets a secretariat settle the direction of the indices the
deck leaves open (the 6 with an empty ``sens``), without editing the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosysteme.vocab import SCHEMES

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.model import Model

__all__ = ["NATIONAL", "IndexScore", "RegionalFragility", "regional_fragility"]

#: The national reference value (France métropolitaine in the deck).
NATIONAL = ("pays", "FR")
_DIRECTIONS = ("hausse_fragilise", "baisse_fragilise")


@dataclass(frozen=True, slots=True)
class IndexScore:
    """One index: its values per region and nationally, and their scores (0 best, 10 most fragile).

    ``scores`` is empty and ``national_score`` None when the index is not
    placed; ``reason`` then says why, in French.
    """

    code: str
    label: str
    unit: str | None
    domain: str | None
    direction: str | None
    period: str | None
    values: dict[str, float | None]
    national: float | None
    best: float | None
    worst: float | None
    scores: dict[str, float | None] = field(default_factory=dict)
    national_score: float | None = None
    reason: str | None = None

    @property
    def placed(self) -> bool:
        return self.best is not None

    @property
    def domain_label(self) -> str:
        concept = SCHEMES["domaine"].get(self.domain or "")
        return concept.label_fr if concept else (self.domain or "")

    @property
    def direction_label(self) -> str:
        concept = SCHEMES["sens"].get(self.direction or "")
        return concept.label_fr if concept else "sens inconnu"


@dataclass(frozen=True)
class RegionalFragility:
    """Every index's scores, and the scores per region and domain derived from them.

    Attributes
    ----------
    regions : list of str
        Codes of the regions observed, sorted.
    indices : tuple of IndexScore
        Every index with observations, in the input's order.
    scores : dict
        ``{region_code: {domain: score}}``, score in [0, 10] (10 = most critical).
    indicators : dict
        ``{domain: (codes of the placed indices of that domain, ...)}``.
    skipped : dict
        ``{indicator code: French reason}`` for every index that counts in no domain.
    """

    regions: list[str] = field(default_factory=list)
    indices: tuple[IndexScore, ...] = ()
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    indicators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def scored(self) -> list[IndexScore]:
        """The placed indices (drawn on the radars), in input order."""
        return [i for i in self.indices if i.placed]

    @property
    def unscored(self) -> list[IndexScore]:
        """The indices never placed (unknown direction, no spread), in input order."""
        return [i for i in self.indices if not i.placed]

    def has_region(self, code: str) -> bool:
        return code in self.regions

    def score(self, region: str | None, domain: str | None) -> float | None:
        """Score of a region on a domain; with ``domain=None``, the region's mean over its domains."""
        if region is None or region not in self.scores:
            return None
        per_domain = self.scores[region]
        if domain is None:
            return sum(per_domain.values()) / len(per_domain) if per_domain else None
        return per_domain.get(domain)

    @property
    def domains(self) -> list[str]:
        return sorted(self.indicators)


def _score(value: float | None, best: float, worst: float) -> float | None:
    """``10 × (value − best) / (worst − best)``, computed from the position between the lowest and highest."""
    if value is None:
        return None
    low, high = min(best, worst), max(best, worst)
    position = (value - low) / (high - low)
    return 10.0 * (position if worst == high else 1.0 - position)


def regional_fragility(data: Ecosystem | Model, *, directions: Mapping[str, str] | None = None) -> RegionalFragility:
    """Place every region on the 0-10 IMPACT scale, index by index and domain by domain.

    Parameters
    ----------
    data : Ecosystem or Model
        With ``indicators`` and ``observations`` (e.g. ``data/reseau``).
    directions : mapping, optional
        ``{indicator code: "hausse_fragilise" | "baisse_fragilise"}`` overriding
        or completing the data's ``sens``.

    Returns
    -------
    RegionalFragility
    """
    model = getattr(data, "model", data)
    directions = dict(directions or {})
    unknown = {c: d for c, d in directions.items() if d not in _DIRECTIONS}
    if unknown:
        raise ValueError(f"sens inconnu : {unknown} (hausse_fragilise ou baisse_fragilise)")
    by_index: dict[str, dict[str | None, dict[tuple[str, str], float | None]]] = {}
    regions: set[str] = set()
    for obs in model.observations:
        if obs.territory[0] == "region":
            regions.add(obs.territory[1])
        elif obs.territory != NATIONAL:
            continue
        by_index.setdefault(obs.indicator, {}).setdefault(obs.period, {})[obs.territory] = obs.value
    ordered = sorted(regions)
    codes = [c for c in model.indicators if c in by_index] + sorted(c for c in by_index if c not in model.indicators)
    indices: list[IndexScore] = []
    per_domain: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    used: dict[str, list[str]] = defaultdict(list)
    skipped: dict[str, str] = {}
    for code in codes:
        ind = model.indicators.get(code)
        periods = by_index[code]
        regional = [p for p, obs in periods.items() if any(t[0] == "region" and v is not None for t, v in obs.items())]
        period = max(regional or periods, key=lambda p: (p is not None, p or ""))
        obs = periods[period]
        values = {r: obs.get(("region", r)) for r in ordered}
        national = obs.get(NATIONAL)
        direction = directions.get(code) or (ind.direction if ind else None)
        known = [v for v in values.values() if v is not None]
        best = worst = None
        reason = None
        if direction not in _DIRECTIONS:
            reason = "sens inconnu (ni hausse ni baisse ne fragilise)"
        elif not known:
            reason = "aucune valeur régionale"
        elif len(set(known)) < 2:
            reason = "moins de deux valeurs régionales distinctes"
        else:
            worst = max(known) if direction == "hausse_fragilise" else min(known)
            best = min(known) if direction == "hausse_fragilise" else max(known)
        domain = ind.domain if ind else None
        item = IndexScore(
            code=code, label=ind.label if ind else code, unit=ind.unit if ind else None, domain=domain,
            direction=direction, period=period, values=values, national=national, best=best, worst=worst,
            scores={r: _score(v, best, worst) for r, v in values.items()} if best is not None else {},
            national_score=_score(national, best, worst) if best is not None else None, reason=reason)
        indices.append(item)
        if reason is not None:
            skipped[code] = reason
        elif not domain:
            skipped[code] = "domaine de fragilité inconnu"
        else:
            for region, score in item.scores.items():
                if score is not None:
                    per_domain[region][domain].append(score)
            used[domain].append(code)
    for code in model.indicators:
        if code not in by_index:
            skipped[code] = "aucune valeur régionale"
    return RegionalFragility(
        regions=ordered,
        indices=tuple(indices),
        scores={r: {d: sum(v) / len(v) for d, v in sorted(per.items())} for r, per in sorted(per_domain.items())},
        indicators={d: tuple(c) for d, c in sorted(used.items())},
        skipped=dict(sorted(skipped.items())),
    )
