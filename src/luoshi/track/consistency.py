"""Targets that disagree: a level target and an average-growth target for one indicator.

A level ``T`` by ``Ty`` and an average growth ``g`` from base year ``t0`` together imply
the base value ``y0 = T / (1 + g/100)^(Ty - t0)``. Where the observed base value differs
from that by more than :data:`TOLERANCE` (5%), the pair is flagged with the numbers:
a ``conflict`` when the comparators leave no value that meets both (突破70亿 and 年均增长
8.5% when 8.5% a year reaches only 60亿), a ``mismatch`` when both can hold but one
of them does not bind (突破70亿 when 8.5% a year already reaches 90亿).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from luoshi.errors import TrackError
from luoshi.track.progress import Comparator, Point, TargetSpec, format_value

__all__ = ["TOLERANCE", "Finding", "check_consistency", "check_plan"]

_num = format_value

# Relative gap between implied and observed base value above which a pair is flagged:
# county figures are revised by a few percent between the 预计 and the final bulletin.
TOLERANCE = 0.05


@dataclass(frozen=True)
class Finding:
    """A level and a growth target for one indicator that do not agree, with the numbers."""

    indicator: str
    kind: Literal["conflict", "mismatch"]  # cannot both hold / both hold but one is slack
    level: tuple[float, int]  # target value, deadline
    growth: tuple[float, int]  # average growth in percent, base year
    implied_baseline: float  # the base value the two targets imply together
    observed_baseline: float
    projected: float  # the observed base value grown at the target rate to the deadline
    rate_needed: float  # the growth (percent a year) the level target needs from it
    message: str


def check_consistency(
    level: tuple[float, int],
    growth: tuple[float, int],
    baseline: Point | None,
    *,
    indicator: str = "",
    level_comparator: Comparator = "ge",
    growth_comparator: Comparator = "eq",
    unit: str = "",
    tolerance: float = TOLERANCE,
) -> Finding | None:
    """Flag a level target ``(T, Ty)`` and a growth target ``(g, t0)`` that disagree.

    ``baseline`` is the observed value in ``t0``; without one, or with values for which
    compound growth is undefined, nothing can be said and None is returned.
    """
    (target, deadline), (rate, base_year) = level, growth
    if baseline is None:
        return None
    if baseline.year != base_year:
        raise TrackError(
            f"the baseline is for {baseline.year} but the growth target counts from {base_year}",
            zh=f"基期值是 {baseline.year} 年的，而增速目标从 {base_year} 年起算",
        )
    years = deadline - base_year
    y0 = baseline.value
    if years <= 0 or target <= 0 or y0 <= 0 or rate <= -100 or not math.isfinite(y0):
        return None
    factor = (1 + rate / 100) ** years
    implied, projected = target / factor, y0 * factor
    if abs(implied / y0 - 1) <= tolerance:
        return None
    needed = ((target / y0) ** (1 / years) - 1) * 100
    overshoot = projected > target
    # Which side each comparator fixes: a growth floor (ge) puts the deadline value at or
    # above the projection, a level floor (ge) at or above T; eq and approx fix both sides.
    if overshoot:
        conflict = growth_comparator != "le" and level_comparator != "ge"
        verdict = "the level target is too low or the growth target too high"
        reach = f"it reaches {_num(projected)}{unit}"
    else:
        conflict = growth_comparator != "ge" and level_comparator != "le"
        verdict = "the level target is too high or the growth target too low"
        reach = f"it reaches only {_num(projected)}{unit}"
    lead = "Cannot both hold" if conflict else "Do not agree (one target does not bind)"
    message = (
        f"{lead}: {_num(target)}{unit} by {deadline} at {_num(rate)}% a year from {base_year} "
        f"implies {_num(implied)}{unit} in {base_year}; the observed {base_year} value is "
        f"{_num(y0)}{unit}: at {_num(rate)}% a year {reach} by {deadline}, so {verdict} "
        f"({_num(target)}{unit} needs {_num(needed)}% a year)."
    )
    return Finding(
        indicator=indicator,
        kind="conflict" if conflict else "mismatch",
        level=level,
        growth=growth,
        implied_baseline=implied,
        observed_baseline=y0,
        projected=projected,
        rate_needed=needed,
        message=message,
    )


def check_plan(
    targets: Sequence[tuple[str, TargetSpec]],
    observations: Mapping[str, Sequence[Point]] | None = None,
    *,
    base_year: int | None = None,
    tolerance: float = TOLERANCE,
) -> list[Finding]:
    """Every level/growth pair of one indicator with the same deadline that disagrees.

    ``targets`` are ``(indicator, spec)`` pairs. A growth target counts from its own
    baseline's year, else from ``base_year`` (the plan's, 2020 for the 14th plan); the
    observed base value is the growth target's baseline, else the level target's when
    it is for that year, else the observation of that year in ``observations``.
    """
    by_indicator: dict[str, list[TargetSpec]] = defaultdict(list)
    for name, spec in targets:
        by_indicator[name].append(spec)
    found: list[Finding] = []
    for name, specs in by_indicator.items():
        levels = [s for s in specs if s.measure == "level"]
        for g in (s for s in specs if s.measure == "growth"):
            start = g.baseline.year if g.baseline else base_year
            if start is None:
                continue
            for lv in (s for s in levels if s.deadline == g.deadline):
                base = _observed(start, g, lv, (observations or {}).get(name, ()))
                finding = check_consistency(
                    (lv.value, lv.deadline),
                    (g.value, start),
                    base,
                    indicator=name,
                    level_comparator=lv.comparator,
                    growth_comparator=g.comparator,
                    tolerance=tolerance,
                )
                if finding is not None:
                    found.append(finding)
    return found


def _observed(
    year: int, growth: TargetSpec, level: TargetSpec, observations: Sequence[Point]
) -> Point | None:
    for spec in (growth, level):
        if spec.baseline is not None and spec.baseline.year == year:
            return spec.baseline
    return next((p for p in observations if p.year == year and math.isfinite(p.value)), None)
