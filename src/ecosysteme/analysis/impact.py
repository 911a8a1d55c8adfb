"""Regional fragility per domain, the IMPACT way (most critical region 10, most favourable 0).

The IMPACT indices are regional observations (``model.observations``) of
indicators that carry a fragility domain (``domaine``) and a direction
(``sens``: ``hausse_fragilise`` or ``baisse_fragilise``). For each indicator,
regions are placed on a 0-10 scale between the most favourable (0) and the
most critical (10) region observed; a domain's score is the mean over its
indicators. Indicators with unknown direction or domain, or with fewer than
two distinct regional values, are skipped and listed as such.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ecosysteme.model import Model

__all__ = ["RegionalFragility", "regional_fragility"]


@dataclass(frozen=True)
class RegionalFragility:
    """Scores per region and domain, plus what was left out and why.

    Attributes
    ----------
    scores : dict
        ``{region_code: {domain: score}}``, score in [0, 10] (10 = most critical).
    indicators : dict
        ``{domain: (indicator codes used, ...)}``.
    skipped : dict
        ``{indicator code: French reason}``.
    """

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    indicators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

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


def regional_fragility(model: Model) -> RegionalFragility:
    """Place every region on a 0-10 fragility scale per domain.

    Only observations at the ``region`` level count (France is the reference,
    not a competitor). When an indicator has several periods, the latest one
    (largest period label) is used.

    Parameters
    ----------
    model : Model

    Returns
    -------
    RegionalFragility
    """
    by_indicator: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for obs in model.observations:
        if obs.territory[0] != "region" or obs.value is None:
            continue
        by_indicator[obs.indicator][obs.period or ""][obs.territory[1]] = float(obs.value)
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    used: dict[str, list[str]] = defaultdict(list)
    skipped: dict[str, str] = {}
    for code, indicator in model.indicators.items():
        periods = by_indicator.get(code)
        if indicator.direction not in ("hausse_fragilise", "baisse_fragilise"):
            skipped[code] = "sens inconnu (ni hausse ni baisse ne fragilise)"
            continue
        if not indicator.domain:
            skipped[code] = "domaine de fragilité inconnu"
            continue
        if not periods:
            skipped[code] = "aucune valeur régionale"
            continue
        values = periods[max(periods)]
        low, high = min(values.values()), max(values.values())
        if len(values) < 2 or high == low:
            skipped[code] = "moins de deux valeurs régionales distinctes"
            continue
        for region, value in values.items():
            position = (value - low) / (high - low)
            critical = position if indicator.direction == "hausse_fragilise" else 1.0 - position
            scores[region][indicator.domain].append(10.0 * critical)
        used[indicator.domain].append(code)
    return RegionalFragility(
        scores={r: {d: sum(v) / len(v) for d, v in sorted(per.items())} for r, per in sorted(scores.items())},
        indicators={d: tuple(codes) for d, codes in sorted(used.items())},
        skipped=dict(sorted(skipped.items())),
    )
