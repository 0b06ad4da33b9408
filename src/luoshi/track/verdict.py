"""Promise against result: a target judged on the figure its year gives.

A government work report sets the year's targets; the next year's report gives the
results. A target (region, canonical indicator, measure, year) is answered by the figures
of the same region and indicator (``docs/progress.md`` §1 states every rule):

- a **growth** target by the growth rate reported for its year, else by the growth
  computed from the levels of that year and the year before;
- a **level** target of a stock or a rate (a share, a ratio, a rank) by the level of its
  year; of a **flow** (城镇新增就业) by the flow of its year alone — a figure covering
  several years (累计, 过去五年) never answers a one-year target;
- a **change** (提高0.5个百分点) by the difference of the levels.

Once the year has its figure the verdict is 已完成 (achieved) or 未完成 (missed), by the
comparator (``ge``, ``le``, ``approx`` within :data:`APPROX_POINTS` /
:data:`APPROX_SHARE`, a range) and the direction (a ceiling such as 居民消费价格涨幅3%左右
is met at or below it), with the gap. Before that, an annual target is 进行中 (in
progress, with a year-to-date figure where one is given) and a multi-year target keeps
the ESCAP/StatCan progress ratio of :func:`luoshi.track.progress.assess`, measured from a
baseline inside the plan's period and never past its deadline. Every verdict says its
numbers in Chinese and in English.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from luoshi.display import amount, promise
from luoshi.display import gap as gap_words
from luoshi.errors import TrackError
from luoshi.track.progress import (
    ACCELERATION,
    ON_TRACK,
    STATUS_EN,
    STATUS_ZH,
    Assessment,
    Point,
    Status,
    TargetSpec,
    assess,
    format_value,
)

__all__ = [
    "APPROX_POINTS",
    "APPROX_SHARE",
    "JUDGED_MEASURES",
    "Evidence",
    "Figure",
    "Promise",
    "Verdict",
    "is_ceiling_promise",
    "judge",
]

#: 左右 (``approx``) on a figure in percent: met when it falls short by at most 0.1
#: percentage point — the precision growth rates are published to, and the reading the
#: State Council's own reports give (7.4% "completed" 国内生产总值增长7.5%左右 in 2014,
#: 6.9% against 7%左右 in 2015), while 0.3 point short is a miss.
APPROX_POINTS = 0.1
#: 左右 on any other figure (a level: 粮食产量282亿斤左右): met within 0.1% of the target.
APPROX_SHARE = 0.001
#: Rounding slack for every comparison, so that 5.4 meets "5.4" whatever the binary tail.
_EPS = 1e-9
#: Measures a verdict is given for (a ratio such as 三次产业比重 8:40:52 is not judged).
JUDGED_MEASURES = ("level", "growth", "share", "change", "rank")
_PERCENT_UNITS = ("%", "个百分点", "百分点", "‰")

Basis = Literal["", "reported", "levels", "chained", "sum", "mean"]


class Figure(NamedTuple):
    """One observed figure: its year, value, what it measures and what it covers.

    ``final`` is False for a figure given before its year ended (a year-to-date or an
    expected figure in the year's own document), which never decides a verdict. (A
    named tuple: a ledger of a nation's targets makes hundreds of thousands.)
    """

    year: int
    value: float
    measure: str = "level"  # level | growth
    period: str = "year"  # year | average | total | to_date (store.periods)
    final: bool = True
    observation_id: int | None = None
    conflict: bool = False  # another figure of the same kind disagrees for this year


@dataclass(frozen=True)
class Evidence:
    """The figures that can answer one target, one figure that counts per year and kind.

    ``levels`` is the level series the target follows (in its unit) and ``growth`` the
    one-year growth rates (in %), both final figures of one year; ``averages`` and
    ``totals`` are final figures over several years (年均 growth; 累计 flows or total
    change), keyed by their last year; ``to_date`` holds figures of a year given before
    it ended, keyed by that year.
    """

    levels: Mapping[int, Figure] = field(default_factory=dict)
    growth: Mapping[int, Figure] = field(default_factory=dict)
    averages: Mapping[int, Figure] = field(default_factory=dict)
    totals: Mapping[int, Figure] = field(default_factory=dict)
    to_date: Mapping[int, Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class Promise:
    """A target as the verdict needs it.

    ``value`` is signed (下降3% is −3); ``value_high`` is a range's upper end; ``nature``
    is the indicator's (stock, flow or rate), None when the indicator has no canonical
    entry; ``ceiling`` is the indicator's flag (met at or below whatever the comparator);
    ``start`` the year of the document that set the target; ``period`` what its words
    say it covers (:mod:`luoshi.store.periods`).
    """

    value: float
    deadline: int | None
    measure: str
    comparator: str
    value_high: float | None = None
    nature: str | None = "stock"
    direction: str = "higher"
    ceiling: bool = False
    start: int | None = None
    period: str = "year"
    unit: str = ""
    indicator: str = ""
    level_unit: str = ""  # the unit of the level series the target follows (its progress)


Case = Literal[
    "refused", "decided", "awaiting", "no_figure", "no_period_figure", "no_baseline", "progress"
]


@dataclass(frozen=True)
class Verdict:
    """A target's status, the figure that decided it and the numbers behind it.

    ``reason_zh`` and ``reason_en`` say it in full sentences, composed when read.
    """

    status: Status
    actual: float | None = None  # in the target's terms: a growth rate, a level, a change
    actual_year: int | None = None
    basis: Basis = ""  # reported, or computed from levels, chained rates, a sum or a mean
    figures: tuple[Figure, ...] = ()  # the observations behind the actual
    gap: float | None = None  # actual − target (the bound that applies)
    gap_share: float | None = None  # gap / |target|
    progress: Assessment | None = None  # a multi-year target before its deadline
    early: bool = False  # a multi-year target met before its deadline (提前完成)
    promise: Promise | None = None
    case: Case = "refused"
    refusal: tuple[str, str] = ("", "")  # (Chinese, English) when refused

    @property
    def status_zh(self) -> str:
        """The status in Chinese."""
        return STATUS_ZH[self.status]

    @property
    def status_en(self) -> str:
        """The status in English."""
        return STATUS_EN[self.status]

    @property
    def reason_zh(self) -> str:
        """Why, in Chinese: the promise, the figure, the gap and the verdict."""
        return _reason(self, "zh")

    @property
    def reason_en(self) -> str:
        """Why, in English."""
        return _reason(self, "en")

    @property
    def conflict(self) -> bool:
        """Another figure of the same kind and year disagrees with one used here."""
        return any(f.conflict for f in self.figures)


def is_ceiling_promise(p: Promise) -> bool:
    """Met at or below the value: the indicator's ceiling flag, ``le``, or ``eq``/``approx``
    where lower is better. The comparator of a fall applies to its size: 下降3%以上 (a
    growth of −3 with ``ge``) is met at −3 or below."""
    comparator = p.comparator
    if p.value < 0 and p.measure in ("growth", "change") and comparator in ("ge", "le"):
        comparator = "le" if comparator == "ge" else "ge"
    if p.ceiling or comparator == "le":
        return True
    if comparator == "ge":
        return False
    return p.direction == "lower"


def judge(p: Promise, e: Evidence, *, as_of: int, detail: bool = True) -> Verdict:
    """The verdict on ``p`` from the figures ``e``, in year ``as_of`` (a target of that
    year or later has not ended yet). ``detail=False`` skips the progress measure where
    it does not decide the status (a target past its deadline without its figure)."""
    refused = _refusal(p)
    if refused is not None:
        return Verdict("no_verdict", promise=p, refusal=refused)
    if p.start is not None and p.deadline is not None and p.deadline > p.start:
        return _judge_period(p, e, as_of, detail)
    if p.start is None and p.period in ("average", "total") and _period_kind(p) != "level":
        return Verdict(
            "no_verdict",
            promise=p,
            refusal=(
                "目标按多年计（年均或累计），但提出目标的文件年份不明，无法确定起算年份。",
                "The target spans several years (an average or a total) but the year of its "
                "document is unknown, so its period has no start.",
            ),
        )
    return _judge_year(p, e, as_of)


# --- refusals ---------------------------------------------------------------------


def _refusal(p: Promise) -> tuple[str, str] | None:
    if p.nature is None:
        name = f"“{p.indicator}”" if p.indicator else ""
        return (
            f"指标{name}不在规范指标表中，无法对应实绩数据，不作判断。",
            "The indicator has no canonical entry, so no actual can be matched to it; no "
            "verdict is given.",
        )
    if p.deadline is None:
        return ("目标未写明年份，无法对应实绩。", "The target names no year to match an actual to.")
    if p.measure not in JUDGED_MEASURES:
        return (
            f"“{p.measure}”类目标（如三次产业比例）不作完成判断。",
            f"Targets of measure {p.measure!r} (such as a ratio of parts) are not judged.",
        )
    if p.comparator not in ("eq", "ge", "le", "approx"):
        return (
            f"比较方式“{p.comparator}”无法识别。",
            f"The comparator {p.comparator!r} is not one of eq, ge, le, approx.",
        )
    if not math.isfinite(p.value) or (p.value_high is not None and not math.isfinite(p.value_high)):
        return ("目标值不是有限数值。", "The target value is not a finite number.")
    if p.start is not None and p.deadline < p.start:
        return (
            f"目标年份{p.deadline}年早于提出它的文件（{p.start}年）：这是对过去的表述，不是承诺。",
            f"The target year {p.deadline} is before its document's year {p.start}: "
            "a statement about the past, not a promise.",
        )
    return None


# --- one year ---------------------------------------------------------------------


def _year_figure(p: Promise, e: Evidence, y: int) -> tuple[float, Basis, tuple[Figure, ...]] | None:
    """The figure of year ``y`` that answers a one-year target."""
    if p.measure == "growth":
        g = e.growth.get(y)
        if g is not None:
            return g.value, "reported", (g,)
        now, before = e.levels.get(y), e.levels.get(y - 1)
        if now is not None and before is not None and before.value > 0 and now.value >= 0:
            return (now.value / before.value - 1) * 100, "levels", (before, now)
        return None
    if p.measure == "change":
        now, before = e.levels.get(y), e.levels.get(y - 1)
        if now is not None and before is not None:
            return now.value - before.value, "levels", (before, now)
        return None
    f = e.levels.get(y)
    return (f.value, "reported", (f,)) if f is not None else None


def _judge_year(p: Promise, e: Evidence, as_of: int) -> Verdict:
    y = p.deadline
    assert y is not None  # refused otherwise
    found = _year_figure(p, e, y)
    if found is not None:
        return _decided(p, *found, year=y)
    ytd = e.to_date.get(y)
    figures = (ytd,) if ytd is not None else ()
    if y >= as_of:
        return Verdict(
            "in_progress",
            actual=ytd.value if ytd else None,
            actual_year=ytd.year if ytd else None,
            figures=figures,
            promise=p,
            case="awaiting",
        )
    return Verdict("insufficient_data", figures=figures, promise=p, case="no_figure")


# --- several years ----------------------------------------------------------------


def _period_kind(p: Promise) -> str:
    """How a multi-year target counts: ``average`` (年均, or each year for a growth),
    ``total`` (累计; the default for a flow and for a growth without 年均), ``each`` (a
    flow each year) or ``level`` (the level reached by the deadline)."""
    if p.measure == "growth":
        return "average" if p.period in ("average", "each") else "total"
    if p.measure == "level" and p.nature == "flow":
        if p.period in ("each", "average"):
            return p.period
        return "total"
    return "level"


def _period_figure(
    p: Promise, e: Evidence, base: int, y: int
) -> tuple[float, Basis, tuple[Figure, ...]] | None:
    """The figure of the plan's period (base year → deadline) that answers the target."""
    years = range(base + 1, y + 1)
    n = len(years)
    kind = _period_kind(p)
    if p.measure == "growth":
        reported = (e.averages if kind == "average" else e.totals).get(y)
        if reported is not None and reported.measure == "growth":
            return reported.value, "reported", (reported,)
        rates = [e.growth.get(k) for k in years]
        if all(r is not None for r in rates):
            chained = [r for r in rates if r is not None]
            factor = math.prod(1 + r.value / 100 for r in chained)
            if factor > 0:
                value = (factor ** (1 / n) - 1) * 100 if kind == "average" else (factor - 1) * 100
                return value, "chained", tuple(chained)
        now, first = e.levels.get(y), e.levels.get(base)
        if now is not None and first is not None and first.value > 0 and now.value >= 0:
            ratio = now.value / first.value
            value = (ratio ** (1 / n) - 1) * 100 if kind == "average" else (ratio - 1) * 100
            return value, "levels", (first, now)
        return None
    if p.measure == "change":
        now, first = e.levels.get(y), e.levels.get(base)
        if now is not None and first is not None:
            return now.value - first.value, "levels", (first, now)
        return None
    if kind in ("total", "average"):
        reported = e.totals.get(y) if kind == "total" else None
        if reported is not None and reported.measure == "level":
            return reported.value, "reported", (reported,)
        flows = [e.levels.get(k) for k in years]
        if all(f is not None for f in flows):
            got = [f for f in flows if f is not None]
            total = sum(f.value for f in got)
            return (
                (total, "sum", tuple(got)) if kind == "total" else (total / n, "mean", tuple(got))
            )
        return None
    f = e.levels.get(y)
    return (f.value, "reported", (f,)) if f is not None else None


def _judge_period(p: Promise, e: Evidence, as_of: int, detail: bool) -> Verdict:
    y, start = p.deadline, p.start
    assert y is not None and start is not None
    base = start - 1  # the plan's base year: a plan of 2021 measures from 2020
    found = _period_figure(p, e, base, y)
    if found is not None:
        return _decided(p, *found, year=y)
    early = _met_early(p, e, base, y)
    if early is not None:
        return early
    if y < as_of:
        progress = _progress(p, e, base, y) if detail else None
        return Verdict("insufficient_data", progress=progress, promise=p, case="no_period_figure")
    progress = _progress(p, e, base, y)
    if progress is None or progress.status == "insufficient_data":
        return Verdict("insufficient_data", progress=progress, promise=p, case="no_baseline")
    status: Status = "on_track" if progress.status == "achieved" else progress.status
    return Verdict(
        status,
        actual=progress.latest.value if progress.latest else None,
        actual_year=progress.latest.year if progress.latest else None,
        progress=progress,
        promise=p,
        case="progress",
    )


def _met_early(p: Promise, e: Evidence, base: int, y: int) -> Verdict | None:
    """A floor on a stock or rate already reached, or a total already past its target,
    before the deadline: achieved early (提前完成). A ceiling can still be broken, so it
    waits for its year."""
    if is_ceiling_promise(p):
        return None
    kind = _period_kind(p)
    if p.measure in ("level", "share") and kind == "level":
        bound = _bound(p, False)
        tol = _tolerance(p, bound)
        best = None
        for year, f in e.levels.items():
            if base < year < y and f.value >= bound - tol and (best is None or year > best.year):
                best = f
        if best is not None:
            return _decided(p, best.value, "reported", (best,), year=best.year, early=True)
    if kind == "total" and p.measure == "level":
        got = [e.levels[k] for k in range(base + 1, y) if k in e.levels]
        total = sum(f.value for f in got)
        if got and _meets(p, total)[0]:
            return _decided(p, total, "sum", tuple(got), year=got[-1].year, early=True)
    return None


def _progress(p: Promise, e: Evidence, base: int, y: int) -> Assessment | None:
    """The progress ratio before the deadline, from a baseline inside the period
    (the base year's figure, else the earliest one after it) and never past the deadline."""
    kind = _period_kind(p)
    ceiling = is_ceiling_promise(p)
    if p.measure == "level" and p.nature == "flow":
        return _flow_progress(p, e, base, y, kind)
    series = {k: f.value for k, f in e.levels.items() if base <= k <= y}
    if p.measure == "growth" and len(series) < 2:
        # no two levels: the yearly growth rates chained into an index from the base year
        rates = sorted((k, f.value) for k, f in e.growth.items() if base < k <= y)
        index = [Point(base, 100.0)]
        for k, rate in rates:
            if k != index[-1].year + 1:
                break
            index.append(Point(k, index[-1].value * (1 + rate / 100)))
        series = {pt.year: pt.value for pt in index} if len(index) > 1 else {}
    if len(series) < 2:
        return None
    first = min(series)
    baseline = Point(first, series[first])
    points = [Point(k, v) for k, v in sorted(series.items())]
    measure = p.measure
    value = _bound(p, ceiling)
    if measure == "growth" and kind == "total":
        # a total change over the period: the level it implies, from the base year's level
        if first != base:
            return None
        measure, value = "level", baseline.value * (1 + value / 100)
    try:
        spec = TargetSpec(
            value=value,
            deadline=y,
            measure=measure,  # type: ignore[arg-type]
            comparator="le" if ceiling else "ge",
            direction=p.direction,  # type: ignore[arg-type]
            baseline=baseline,
        )
        return assess(spec, points, base_year=base)
    except TrackError:
        return None


def _flow_progress(p: Promise, e: Evidence, base: int, y: int, kind: str) -> Assessment | None:
    """A flow's progress: a total by the share of it reached against the share of the
    period gone; a yearly flow by its latest year against the target."""
    got = sorted((k, f) for k, f in e.levels.items() if base < k < y)
    if not got:
        return None
    latest_year, latest = got[-1]
    elapsed = (latest_year - base) / (y - base)
    if kind == "total":
        total = sum(f.value for _, f in got)
        task = total / p.value if p.value else None
        ratio = task / elapsed if task is not None and elapsed > 0 else None
        if task is None or ratio is None:
            return None
        status: Status = _grade(ratio)
        why = (
            f"{_fmt(total)} of {_fmt(p.value)} reached by {latest_year} ({task:.0%}) with "
            f"{elapsed:.0%} of the period gone; ratio {ratio:.2f}."
        )
        return Assessment(
            status,
            "cumulative-share ratio",
            ratio,
            None,
            None,
            None,
            Point(latest_year, total),
            None,
            elapsed,
            task,
            why,
        )
    met = _meets(p, latest.value)[0]
    why = f"{_fmt(latest.value)} in {latest_year} against {_fmt(p.value)} a year."
    return Assessment(
        "on_track" if met else "off_track",
        "yearly flow",
        None,
        None,
        None,
        None,
        Point(latest_year, latest.value),
        None,
        elapsed,
        None,
        why,
    )


def _grade(ratio: float) -> Status:
    if ratio >= ON_TRACK:
        return "on_track"
    return "needs_acceleration" if ratio >= ACCELERATION else "off_track"


# --- the decision -----------------------------------------------------------------


def _bound(p: Promise, ceiling: bool) -> float:
    """The value the actual is held to: a range's high end for a ceiling, else its low end."""
    if p.value_high is not None:
        low, high = sorted((p.value, p.value_high))
        return high if ceiling else low
    return p.value


def _tolerance(p: Promise, bound: float) -> float:
    if p.comparator != "approx":
        return _EPS * max(1.0, abs(bound))
    if _percent(p):
        return APPROX_POINTS + _EPS
    return APPROX_SHARE * abs(bound) + _EPS


def _meets(p: Promise, actual: float) -> tuple[bool, float, float]:
    """(met, bound, tolerance) of ``actual`` against the target."""
    ceiling = is_ceiling_promise(p)
    bound = _bound(p, ceiling)
    tol = _tolerance(p, bound)
    met = actual <= bound + tol if ceiling else actual >= bound - tol
    return met, bound, tol


def _decided(
    p: Promise,
    actual: float,
    basis: Basis,
    figures: tuple[Figure, ...],
    *,
    year: int,
    early: bool = False,
) -> Verdict:
    met, bound, _ = _meets(p, actual)
    gap = actual - bound
    return Verdict(
        "achieved" if met else "missed",
        actual=actual,
        actual_year=year,
        basis=basis,
        figures=figures,
        gap=gap,
        gap_share=gap / abs(bound) if bound != 0 else None,
        early=early,
        promise=p,
        case="decided",
    )


# --- words ------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return format_value(x)


def _percent(p: Promise) -> bool:
    return p.measure == "growth" or p.unit in _PERCENT_UNITS


def _unit(p: Promise) -> str:
    return "%" if p.measure == "growth" else p.unit


def _value_words(p: Promise, lang: str, kind: str = "year") -> str:
    """The promise as a report states it (不低于260亿元, 年均增长6%左右; English: at least
    26 billion yuan), with what the period's words add (年均, 累计, 每年)."""
    said = promise(
        p.value,
        _unit(p),
        measure=p.measure,
        comparator=p.comparator,
        value_high=p.value_high,
        lang=lang,
    )
    if lang == "zh":
        return {"average": "年均", "total": "期间累计", "each": "每年"}.get(kind, "") + said
    return {"average": "average yearly ", "total": "in total ", "each": "each year "}.get(
        kind, ""
    ) + said


def _figure_words(value: float, p: Promise, lang: str) -> str:
    """A figure in the promise's own terms: 增长5.2%, 99.2万吨 (growth of 5.2%)."""
    measure = p.measure if p.measure in ("growth", "change") else "level"
    return promise(value, _unit(p), measure=measure, lang=lang)


def _multi(p: Promise) -> bool:
    return p.start is not None and p.deadline is not None and p.deadline > p.start


def _promise_words(p: Promise, lang: str) -> str:
    kind = _period_kind(p) if _multi(p) else "year"
    if lang == "zh":
        span = f"{p.start - 1}—{p.deadline}年" if _multi(p) and p.start else f"{p.deadline}年"
        ceiling = "（上限，不高于即完成）" if is_ceiling_promise(p) else ""
        return f"目标：{span}{p.indicator}{_value_words(p, lang, kind)}{ceiling}"
    span = f"{p.start - 1}–{p.deadline}" if _multi(p) and p.start else f"{p.deadline}"
    ceiling = " (a ceiling: met at or below)" if is_ceiling_promise(p) else ""
    return f"Target for {span}: {_value_words(p, lang, kind)}{ceiling}"


def _actual_words(v: Verdict, p: Promise, lang: str) -> str:
    actual, figures, year = v.actual or 0.0, v.figures, v.actual_year
    said = _figure_words(actual, p, lang)
    if lang == "zh":
        text = f"{said}（{year}年"
        if v.basis == "levels":
            text += f"，由{figures[0].year}年和{figures[-1].year}年的数值计算"
            text += "，现价未扣除价格因素" if p.measure == "growth" else ""
        else:
            text += {
                "chained": "，由逐年增速连乘",
                "sum": "，逐年数值合计",
                "mean": "，逐年数值平均",
            }.get(v.basis, "")
        return text + "）"
    text = f"{said} ({year}"
    if v.basis == "levels":
        text += f", computed from the figures of {figures[0].year} and {figures[-1].year}"
        text += " at current prices" if p.measure == "growth" else ""
    else:
        text += {
            "chained": ", the yearly growth rates chained",
            "sum": ", the yearly figures summed",
            "mean": ", the mean of the yearly figures",
        }.get(v.basis, "")
    return text + ")"


def _gap_words(v: Verdict, p: Promise, lang: str) -> str:
    gap, share = v.gap or 0.0, v.gap_share
    met, bound, _ = _meets(p, v.actual or 0.0)
    if abs(gap) <= _EPS * max(1.0, abs(bound)):
        said = gap_words(0.0, _unit(p), p.measure, lang)
    else:
        said = gap_words(gap, _unit(p), p.measure, lang)
        if share is not None and not _percent(p):
            said += f"（{abs(share):.1%}）" if lang == "zh" else f" ({abs(share):.1%})"
    ceiling = is_ceiling_promise(p)
    if met and p.comparator == "approx" and (gap > 0 if ceiling else gap < 0):
        allowed = f"{_fmt(APPROX_POINTS)}" if _percent(p) else f"{APPROX_SHARE:.1%}"
        if lang == "zh":
            said += f"，在“左右”允许的{allowed}{'个百分点' if _percent(p) else ''}以内"
        else:
            points = " percentage point" if _percent(p) else ""
            said += f", within the {allowed}{points} an approximate target allows"
    return said


def _reason(v: Verdict, lang: str) -> str:
    zh = lang == "zh"
    if v.case == "refused" or v.promise is None:
        return v.refusal[0] if zh else v.refusal[1]
    p = v.promise
    head = _promise_words(p, lang)
    y = p.deadline
    if v.case == "decided":
        if zh:
            done = ("提前完成" if v.early else "已完成") if v.status == "achieved" else "未完成"
            note = "该年另有不同数字，已标记为冲突，请核实。" if v.conflict else ""
            return (
                f"{head}；实绩{_actual_words(v, p, lang)}，{_gap_words(v, p, lang)}，{done}。{note}"
            )
        done = ("achieved early" if v.early else "achieved") if v.status == "achieved" else "missed"
        note = (
            " Another figure for this year disagrees and is flagged; check it."
            if v.conflict
            else ""
        )
        return (
            f"{head}; actual {_actual_words(v, p, lang)}: {_gap_words(v, p, lang)}, {done}.{note}"
        )
    if v.case in ("awaiting", "no_figure"):
        ytd = v.figures[0] if v.figures else None
        seen = ""
        if ytd is not None:
            value = _figure_words(ytd.value, p, lang)
            seen = (
                f"年内数据：{value}（{ytd.year}年，尚非全年结果）。"
                if zh
                else f" Year to date: {value} ({ytd.year}, not the full year)."
            )
        if v.case == "awaiting":
            return (
                f"{head}；{y}年尚未结束，等待全年结果。{seen}"
                if zh
                else f"{head}; {y} has not ended, the full-year result is awaited.{seen}"
            )
        return (
            f"{head}；尚无{y}年的全年数据。{seen}"
            if zh
            else f"{head}; no full-year figure for {y} yet.{seen}"
        )
    said = _progress_words(v.progress, v.status if v.case == "progress" else None, p, lang)
    if v.case == "no_period_figure":
        if not said:
            return f"{head}；尚无{y}年的数据。" if zh else f"{head}; no figure for {y} yet."
        return (
            f"{head}；尚无{y}年的数据。最近进度：{said}"
            if zh
            else f"{head}; no figure for {y} yet. Latest progress: {said}"
        )
    if v.case == "no_baseline":
        base = (p.start or 1) - 1
        return (
            f"{head}；规划期（{base}—{y}年）内数据不足，无法测算进度。"
            if zh
            else f"{head}; too few figures inside the plan's period ({base}–{y}) to "
            f"measure progress."
        )
    return f"{head}；{said}" if zh else f"{head}; {said}"


def _progress_words(a: Assessment | None, status: Status | None, p: Promise, lang: str) -> str:
    """The progress measure in words: baseline, latest, the rates and the ratio, each
    figure with its unit (:mod:`luoshi.display`)."""
    if a is None:
        return ""
    zh = lang == "zh"
    level, parts = p.level_unit or p.unit, []
    if a.baseline is not None and a.latest is not None:
        was, now = amount(a.baseline.value, level, lang), amount(a.latest.value, level, lang)
        parts.append(
            f"从{a.baseline.year}年的{was}到{a.latest.year}年的{now}"
            if zh
            else f"from {was} in {a.baseline.year} to {now} in {a.latest.year}"
        )
        if a.actual_rate is not None and a.required_rate is not None:
            per = "%" if a.method in ("compound-rate ratio", "average-growth ratio") else level
            actual, need = amount(a.actual_rate, per, lang), amount(a.required_rate, per, lang)
            parts.append(
                f"实际每年{actual}，应有每年{need}"
                if zh
                else f"{actual} a year against {need} a year needed"
            )
    elif a.latest is not None:
        now = amount(a.latest.value, level, lang)
        parts.append(f"截至{a.latest.year}年为{now}" if zh else f"{now} by {a.latest.year}")
    if a.ratio is not None and math.isfinite(a.ratio):
        parts.append(f"实际/应有 {a.ratio:.2f}" if zh else f"actual/required {a.ratio:.2f}")
    if a.elapsed_share is not None:
        share = f"{a.elapsed_share:.0%}"
        parts.append(f"时间已过{share}" if zh else f"{share} of the time gone")
    if a.task_share is not None and math.isfinite(a.task_share):
        share = f"{a.task_share:.0%}"
        parts.append(f"任务完成{share}" if zh else f"{share} of the task done")
    if status is not None:
        parts.append(STATUS_ZH[status] if zh else STATUS_EN[status])
    if not parts:
        return ""
    return "，".join(parts) + "。" if zh else "; ".join(parts) + "."
