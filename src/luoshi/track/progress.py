"""Progress of a target towards its deadline, by the published ratio-of-growth method.

The method is Statistics Canada's progress measure as Open SDG implements it
(sdg-build ``ProgressMeasure``): the growth observed from the baseline to the latest
observation, divided by the growth required from the baseline to reach the target by
its deadline — the actual-against-required comparison of ESCAP's SDG progress
assessment, without its regression forecast. The ratio ``R`` is graded by StatCan's
thresholds (0.95 and 0.60). ``docs/progress.md`` gives every formula, threshold and
branch with a worked example.

:func:`assess` explains one target in words; :func:`assess_many` grades arrays of
targets at once (the store hands it columns) and agrees with :func:`assess` on every
status and figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from luoshi.errors import TrackError

__all__ = [
    "ACCELERATION",
    "MEASURES",
    "ON_TRACK",
    "STATUSES",
    "STATUS_EN",
    "STATUS_ORDER",
    "STATUS_ZH",
    "ZERO_REPLACEMENT",
    "Assessment",
    "BulkAssessment",
    "Comparator",
    "Direction",
    "Measure",
    "Point",
    "Status",
    "TargetSpec",
    "assess",
    "assess_many",
    "chain_growth",
    "format_value",
    "is_ceiling",
    "pack_targets",
]

Status = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "off_track",
    "insufficient_data",
    "missed",
    "in_progress",
    "no_verdict",
]
Measure = Literal["level", "growth", "share", "change", "rank"]
Comparator = Literal["eq", "ge", "le", "approx"]
Direction = Literal["higher", "lower"]

STATUSES: tuple[Status, ...] = get_args(Status)  # the codes of assess_many are indexes here
MEASURES: tuple[Measure, ...] = get_args(Measure)
STATUS_ZH: dict[Status, str] = {
    "achieved": "已完成",
    "on_track": "按进度",
    "needs_acceleration": "需加快",
    "off_track": "滞后",
    "insufficient_data": "数据不足",
    "missed": "未完成",
    "in_progress": "进行中",
    "no_verdict": "无法判断",
}
STATUS_EN: dict[Status, str] = {
    "achieved": "achieved",
    "on_track": "on track",
    "needs_acceleration": "needs acceleration",
    "off_track": "off track",
    "insufficient_data": "insufficient data",
    "missed": "missed",
    "in_progress": "in progress",
    "no_verdict": "no verdict",
}
#: The order statuses are listed in: verdicts first, then progress, then the rest.
STATUS_ORDER: tuple[Status, ...] = (
    "achieved",
    "missed",
    "in_progress",
    "on_track",
    "needs_acceleration",
    "off_track",
    "insufficient_data",
    "no_verdict",
)

# StatCan's thresholds on R (sdg-build ProgressMeasure: high 0.95, med 0.6, low 0). Its
# "limited progress" (0 ≤ R < 0.60) and "deterioration" (R < 0) are both off_track here.
ON_TRACK = 0.95
ACCELERATION = 0.60
# sdg-build replaces a zero base value or target by 0.001 so that a compound rate exists.
ZERO_REPLACEMENT = 0.001
# A realised average growth this close (in percentage points) to the target rate meets it:
# a series growing at exactly 8.5% a year must not miss 8.5% by a rounding error.
_RATE_TOLERANCE = 1e-9

_ACHIEVED, _ON_TRACK, _ACCELERATE, _OFF_TRACK, _INSUFFICIENT = range(5)  # STATUSES' first five
_LEVEL, _GROWTH, _SHARE, _CHANGE, _RANK = range(5)
_FIELDS_ZH = {"measure": "度量", "comparator": "比较方式", "direction": "方向"}
_METHOD: dict[Measure, str] = {
    "level": "compound-rate ratio",
    "growth": "average-growth ratio",
    "share": "linear-rate ratio",
    "change": "linear-rate ratio",
    "rank": "linear-rate ratio",
}


@dataclass(frozen=True)
class Point:
    """One observed value of an indicator in a year."""

    year: int
    value: float


@dataclass(frozen=True)
class TargetSpec:
    """A target as the tracker needs it: value, deadline, what it measures, which way is better.

    ``value`` is the level for ``level``, ``share`` and ``rank`` targets, the average
    annual growth rate in percent for ``growth`` (signed: 年均下降3% is -3), and the
    signed change for ``change`` (提高2个百分点 is 2).
    """

    value: float
    deadline: int
    measure: Measure
    comparator: Comparator
    direction: Direction
    baseline: Point | None = None

    def __post_init__(self) -> None:
        for name, allowed in (
            ("measure", MEASURES),
            ("comparator", get_args(Comparator)),
            ("direction", get_args(Direction)),
        ):
            if getattr(self, name) not in allowed:
                raise TrackError(
                    f"target {name} {getattr(self, name)!r} is not one of",
                    zh=f"目标的{_FIELDS_ZH[name]} {getattr(self, name)!r} 不可用，可选",
                    options=allowed,
                )


@dataclass(frozen=True)
class Assessment:
    """A target's status and the numbers behind it.

    Rates are per year: percent (compound) for level and growth targets, units of the
    indicator for share, change and rank targets.
    """

    status: Status
    method: str
    ratio: float | None  # R: observed over required progress, signed so that > 0 is progress
    required_rate: float | None
    actual_rate: float | None
    projected: float | None  # the value at the deadline if the observed rate holds
    latest: Point | None
    baseline: Point | None
    elapsed_share: float | None  # time elapsed / time allowed (时间过半)
    task_share: float | None  # distance covered / distance to the target (任务过半)
    explanation: str


@dataclass(frozen=True)
class BulkAssessment:
    """The arrays :func:`assess_many` returns; NaN where :class:`Assessment` has None."""

    status: NDArray[np.int8]  # indexes into STATUSES
    ratio: NDArray[np.float64]
    required_rate: NDArray[np.float64]
    actual_rate: NDArray[np.float64]
    elapsed_share: NDArray[np.float64]

    def statuses(self) -> list[Status]:
        """The status names, in order."""
        return [STATUSES[c] for c in self.status.tolist()]


def is_ceiling(comparator: Comparator, direction: Direction) -> bool:
    """Whether the target is met at or below its value (``le``; eq/approx where lower is better)."""
    if comparator == "le":
        return True
    if comparator == "ge":
        return False
    return direction == "lower"


def chain_growth(rates: Sequence[Point], base_year: int, base: float = 100.0) -> list[Point]:
    """Yearly growth rates (比上年增长 %) chained into an index with ``base`` in ``base_year``.

    Bulletins report growth at comparable prices; the chained index is the level series
    a growth target (年均增长8.5%) should be assessed on, since nominal levels overstate it.
    """
    out = [Point(base_year, base)]
    value = base
    for p in sorted(rates, key=lambda p: p.year):
        if p.year <= base_year:
            continue
        if p.year != out[-1].year + 1:
            raise TrackError(
                f"growth rates skip from {out[-1].year} to {p.year}: cannot chain",
                zh=f"增速从 {out[-1].year} 年跳到 {p.year} 年，中间缺年份，无法连乘",
            )
        value *= 1 + p.value / 100
        out.append(Point(p.year, value))
    return out


def assess(
    target: TargetSpec, observations: Sequence[Point], *, base_year: int | None = None
) -> Assessment:
    """Assess one target against its observations, with the figures and one sentence.

    The baseline is ``target.baseline`` if set, else the latest observation at or before
    ``base_year`` (the plan's base year, 2020 for the 14th plan), else the earliest one.
    """
    obs = _clean(observations)
    baseline = target.baseline or _pick_baseline(obs, base_year)
    method = _METHOD[target.measure]
    if baseline is None or not math.isfinite(baseline.value):
        return _insufficient(method, None, None, "no baseline value")
    latest = _pick_latest(obs, baseline.year, target.deadline)
    if latest is None:
        return _insufficient(method, baseline, None, f"no observation after {baseline.year}")
    if target.measure == "growth":
        return _assess_growth(target, baseline, latest)
    return _assess_path(target, baseline, latest)


def _assess_path(target: TargetSpec, baseline: Point, latest: Point) -> Assessment:
    """Level targets by compound rates; share, change and rank targets by linear rates."""
    t0, y0, t, yt, ty = baseline.year, baseline.value, latest.year, latest.value, target.deadline
    goal = y0 + target.value if target.measure == "change" else target.value
    d = 1.0 if target.direction == "higher" else -1.0
    ceiling = is_ceiling(target.comparator, target.direction)
    met = yt <= goal if ceiling else yt >= goal
    elapsed = (t - t0) / (ty - t0) if ty > t0 else None
    task = (yt - y0) / (goal - y0) if goal != y0 else None
    actual = required = projected = None
    if target.measure != "level":
        actual = (yt - y0) / (t - t0)
        required = (goal - y0) / (ty - t0) if ty > t0 else None
        projected = yt + actual * (ty - t)
    elif min(y0, yt, goal) >= 0:
        b, now, end = _nonzero(y0), _nonzero(yt), _nonzero(goal)
        actual = ((now / b) ** (1 / (t - t0)) - 1) * 100
        required = ((end / b) ** (1 / (ty - t0)) - 1) * 100 if ty > t0 else None
        projected = _grow(now, actual, ty - t)
    ratio = d * actual / abs(required) if actual is not None and required else None

    op = "≤" if ceiling else "≥"
    unit = "% a year" if target.measure == "level" else " a year"
    moved = f"From {_num(y0)} in {t0} to {_num(yt)} in {t}"
    if met:
        status: Status = "achieved"
        why = f"{_num(yt)} in {t} already meets the target {op} {_num(goal)} (due {ty})."
    elif t >= ty:
        status = "off_track"
        why = f"The deadline {ty} has passed and {_num(yt)} in {t} misses {op} {_num(goal)}."
    elif actual is None:
        status = "insufficient_data"
        why = f"{moved}: a negative value leaves the compound growth rate undefined."
    elif ratio is None:
        status = "off_track"
        why = f"{moved}: the target {op} {_num(goal)} equals the baseline and has been lost."
    else:
        status = _grade(ratio)
        need = f"{_num(required)}{unit}" if required is not None else "?"
        why = (
            f"{moved}: {_num(actual)}{unit} against {need} needed to reach "
            f"{_num(goal)} by {ty}; ratio {ratio:.2f}, {_WORDS[status]}."
        )
    return Assessment(
        status=status,
        method=_METHOD[target.measure],
        ratio=ratio,
        required_rate=required,
        actual_rate=actual,
        projected=projected,
        latest=latest,
        baseline=baseline,
        elapsed_share=elapsed,
        task_share=task,
        explanation=why,
    )


def _assess_growth(target: TargetSpec, baseline: Point, latest: Point) -> Assessment:
    """An average-growth target: realised compound growth since the baseline against the rate."""
    t0, y0, t, yt, ty, g = (
        baseline.year, baseline.value, latest.year, latest.value, target.deadline, target.value
    )  # fmt: skip
    method = _METHOD["growth"]
    elapsed = (t - t0) / (ty - t0) if ty > t0 else None
    if min(y0, yt) < 0:
        why = "a negative value leaves the growth rate undefined"
        return _insufficient(method, baseline, latest, why, elapsed)
    b, now = _nonzero(y0), _nonzero(yt)
    actual = ((now / b) ** (1 / (t - t0)) - 1) * 100
    ceiling = is_ceiling(target.comparator, target.direction)
    met = actual <= g + _RATE_TOLERANCE if ceiling else actual >= g - _RATE_TOLERANCE
    ratio = actual / g if g != 0 else None
    # A rate to reach (年均增长8.5%, 年均下降3%) can be partly reached; a limit on the rate
    # (增长控制在2%以内) is either kept or broken.
    towards = (g > 0 and not ceiling) or (g < 0 and ceiling)
    implied = _grow(b, g, ty - t0)
    task = (yt - y0) / (implied - y0) if implied != y0 else None
    projected = _grow(now, actual, ty - t)

    op = "≤" if ceiling else "≥"
    said = f"Average growth {t0}–{t} was {_num(actual)}% a year against a target {op} {_num(g)}%"
    status: Status
    if t >= ty:
        status = "achieved" if met else "off_track"
        why = f"{said}; the deadline {ty} has passed: {'achieved' if met else 'missed, off track'}."
    elif met:
        status = "on_track"
        why = f"{said}: on track so far."
    elif towards and ratio is not None:
        status = _grade(ratio)
        why = f"{said}; ratio {ratio:.2f}, {_WORDS[status]}."
    else:
        status = "off_track"
        why = f"{said}: the limit is broken, off track."
    return Assessment(
        status=status,
        method=method,
        ratio=ratio,
        required_rate=g,
        actual_rate=actual,
        projected=projected,
        latest=latest,
        baseline=baseline,
        elapsed_share=elapsed,
        task_share=task,
        explanation=why,
    )


_WORDS: dict[Status, str] = {
    "achieved": "achieved",
    "on_track": f"on track (R ≥ {ON_TRACK})",
    "needs_acceleration": f"needs acceleration ({ACCELERATION:.2f} ≤ R < {ON_TRACK})",
    "off_track": f"off track (R < {ACCELERATION:.2f})",
    "insufficient_data": "insufficient data",
    "missed": "missed",
    "in_progress": "in progress",
    "no_verdict": "no verdict",
}


def _grade(ratio: float) -> Status:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATION:
        return "needs_acceleration"
    return "off_track"


def _insufficient(
    method: str,
    baseline: Point | None,
    latest: Point | None,
    reason: str,
    elapsed: float | None = None,
) -> Assessment:
    return Assessment(
        status="insufficient_data",
        method=method,
        ratio=None,
        required_rate=None,
        actual_rate=None,
        projected=None,
        latest=latest,
        baseline=baseline,
        elapsed_share=elapsed,
        task_share=None,
        explanation=f"Insufficient data: {reason}.",
    )


def _grow(value: float, rate: float, years: int) -> float:
    """``value`` grown at ``rate`` percent a year for ``years`` (inf past the float range)."""
    try:
        return value * (1 + rate / 100) ** years
    except OverflowError:
        return math.inf


def _nonzero(x: float) -> float:
    return ZERO_REPLACEMENT if x == 0 else x


def format_value(x: float) -> str:
    """A number for a sentence, no exponent: 6,525,000,000; 61; 6.961; 0.45."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    decimals = max(0, 3 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_num = format_value


def _clean(observations: Sequence[Point]) -> list[Point]:
    """Finite observations sorted by year; two different values for one year is an error."""
    by_year: dict[int, Point] = {}
    for p in observations:
        if not math.isfinite(p.value):
            continue
        seen = by_year.get(p.year)
        if seen is not None and seen.value != p.value:
            raise TrackError(
                f"two observations for {p.year}: {seen.value} and {p.value}; keep one",
                zh=f"{p.year} 年有两个数值：{seen.value} 和 {p.value}，请只保留一个",
            )
        by_year[p.year] = p
    return [by_year[y] for y in sorted(by_year)]


def _pick_baseline(obs: list[Point], base_year: int | None) -> Point | None:
    if not obs:
        return None
    if base_year is not None:
        before = [p for p in obs if p.year <= base_year]
        if before:
            return before[-1]
    return obs[0]


def _pick_latest(obs: list[Point], base_year: int, deadline: int) -> Point | None:
    """The last observation after the baseline up to the deadline, else the first one after it."""
    later = [p for p in obs if p.year > base_year]
    if not later:
        return None
    within = [p for p in later if p.year <= deadline]
    return within[-1] if within else later[0]


def pack_targets(
    targets: Sequence[TargetSpec],
    observations: Sequence[Sequence[Point]],
    *,
    base_year: int | None = None,
) -> dict[str, NDArray[Any]]:
    """The keyword arrays of :func:`assess_many` for targets and their observations.

    Baseline and latest observation are chosen as :func:`assess` chooses them; a target
    without them gets NaN and so ``insufficient_data``.
    """
    if len(targets) != len(observations):
        raise TrackError(
            f"{len(targets)} targets but {len(observations)} observation lists",
            zh=f"{len(targets)} 个目标却有 {len(observations)} 组实绩数据",
        )
    n = len(targets)
    out: dict[str, NDArray[Any]] = {
        "measure": np.array([MEASURES.index(s.measure) for s in targets], dtype=np.int8),
        "target_value": np.array([s.value for s in targets], dtype=np.float64),
        "deadline": np.array([s.deadline for s in targets], dtype=np.float64),
        "direction": np.array([1 if s.direction == "higher" else -1 for s in targets], np.int8),
        "ceiling": np.array([is_ceiling(s.comparator, s.direction) for s in targets], bool),
    }
    columns = np.full((4, n), np.nan)
    for i, (spec, obs) in enumerate(zip(targets, observations, strict=True)):
        clean = _clean(obs)
        baseline = spec.baseline or _pick_baseline(clean, base_year)
        if baseline is None:
            continue
        columns[0, i], columns[1, i] = baseline.year, baseline.value
        latest = _pick_latest(clean, baseline.year, spec.deadline)
        if latest is not None:
            columns[2, i], columns[3, i] = latest.year, latest.value
    out["base_year"], out["base_value"], out["latest_year"], out["latest_value"] = columns
    return out


def assess_many(
    *,
    measure: NDArray[np.integer[Any]],
    target_value: NDArray[np.float64],
    deadline: NDArray[np.float64],
    base_year: NDArray[np.float64],
    base_value: NDArray[np.float64],
    latest_year: NDArray[np.float64],
    latest_value: NDArray[np.float64],
    direction: NDArray[Any],
    ceiling: NDArray[np.bool_],
) -> BulkAssessment:
    """Assess many targets at once: one row per target, NaN for a missing figure.

    ``measure`` holds indexes into :data:`MEASURES`; ``direction`` is +1 where higher is
    better and -1 where lower is; ``ceiling`` is :func:`is_ceiling` of each target. The
    result agrees with :func:`assess` row by row (``BulkAssessment.status`` indexes
    :data:`STATUSES`).
    """
    code = np.asarray(measure)
    n = code.shape[0] if code.ndim == 1 else -1
    arrays = [
        np.asarray(a, dtype=np.float64)
        for a in (target_value, deadline, base_year, base_value, latest_year, latest_value)
    ]
    d = np.asarray(direction, dtype=np.float64)
    ceil = np.asarray(ceiling, dtype=bool)
    if n < 0 or any(a.shape != (n,) for a in (*arrays, d, ceil)):
        raise TrackError(
            "assess_many needs one-dimensional arrays of equal length",
            zh="批量测算需要等长的一维数组",
        )
    if n and (code.min() < 0 or code.max() >= len(MEASURES)):
        raise TrackError(
            f"measure codes must lie in 0..{len(MEASURES) - 1} ({MEASURES})",
            zh=f"度量代码须在 0 到 {len(MEASURES) - 1} 之间",
        )
    if not np.isin(d, (-1.0, 1.0)).all():
        raise TrackError(
            "direction must be +1 (higher is better) or -1 (lower is better)",
            zh="方向须为 +1（越高越好）或 -1（越低越好）",
        )
    value, ty, t0, y0, t, yt = arrays
    level, growth, change = code == _LEVEL, code == _GROWTH, code == _CHANGE
    # Every branch below is masked; errstate keeps the discarded lanes (0/0, log of a
    # negative ratio) from warning without hiding anything outside this block.
    with np.errstate(all="ignore"):
        ok = np.isfinite(value) & np.isfinite(ty) & np.isfinite(t0) & np.isfinite(y0)
        ok &= np.isfinite(t) & np.isfinite(yt) & (t > t0)
        span, horizon = t - t0, ty - t0
        timed = ok & (horizon > 0)
        goal = np.where(change, y0 + value, value)
        b = np.where(y0 == 0, ZERO_REPLACEMENT, y0)
        now = np.where(yt == 0, ZERO_REPLACEMENT, yt)
        end = np.where(goal == 0, ZERO_REPLACEMENT, goal)
        positive = (y0 >= 0) & (yt >= 0)
        compound = ok & positive & np.where(level, goal >= 0, growth)
        linear = ok & ~level & ~growth

        growth_obs = ((now / b) ** (1 / span) - 1) * 100
        actual = np.where(compound, growth_obs, np.where(linear, (yt - y0) / span, np.nan))
        level_req = ((end / b) ** (1 / horizon) - 1) * 100
        required = np.where(linear & timed, (goal - y0) / horizon, np.nan)
        required = np.where(compound & level & timed, level_req, required)
        required = np.where(compound & growth, value, required)
        ratio = np.where(growth, actual / value, d * actual / np.abs(required))
        ratio = np.where(
            np.isfinite(actual) & np.isfinite(required) & (required != 0), ratio, np.nan
        )
        elapsed = np.where(timed, span / horizon, np.nan)

        graded = np.where(
            ratio >= ON_TRACK, _ON_TRACK, np.where(ratio >= ACCELERATION, _ACCELERATE, _OFF_TRACK)
        )
        passed = t >= ty
        met_path = np.where(ceil, yt <= goal, yt >= goal)
        path = np.where(level & ~compound, _INSUFFICIENT, graded)
        path = np.where(passed, _OFF_TRACK, path)
        path = np.where(met_path, _ACHIEVED, path)

        met_rate = np.where(
            ceil, actual <= value + _RATE_TOLERANCE, actual >= value - _RATE_TOLERANCE
        )
        towards = np.where(ceil, value < 0, value > 0)
        rate = np.where(met_rate, _ON_TRACK, np.where(towards, graded, _OFF_TRACK))
        rate = np.where(passed, np.where(met_rate, _ACHIEVED, _OFF_TRACK), rate)
        rate = np.where(compound, rate, _INSUFFICIENT)

        status = np.where(ok, np.where(growth, rate, path), _INSUFFICIENT).astype(np.int8)
    return BulkAssessment(status, ratio, required, actual, elapsed)
