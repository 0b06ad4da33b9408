"""Progress assessment: every status and branch against hand-computed figures.

The synthetic plan (base year 2020, deadline 2025, observations 2021–2023):

- 地区生产总值 突破70亿元 (level, ge) from 50 in 2020; 54, 57, 61 in 2021–2023
- 地区生产总值 年均增长8.5% (growth), same series
- 常住人口城镇化率 58% (share) from 50.0 to 53.0; 森林覆盖率 45% from 42.0 to 42.3
- 研发经费投入强度 提高0.5个百分点 (change) from 1.8 to 2.1
- 单位GDP能耗 控制在0.45以内 (level, le, lower is better) from 0.50 to 0.48
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.errors import TrackError
from luoshi.track.progress import (
    ACCELERATION,
    MEASURES,
    ON_TRACK,
    STATUS_EN,
    STATUS_ORDER,
    STATUS_ZH,
    STATUSES,
    Assessment,
    Comparator,
    Direction,
    Point,
    TargetSpec,
    assess,
    assess_many,
    chain_growth,
    format_value,
    is_ceiling,
    pack_targets,
)

GDP = [Point(2020, 50.0), Point(2021, 54.0), Point(2022, 57.0), Point(2023, 61.0)]


def series(*pairs: tuple[int, float]) -> list[Point]:
    return [Point(y, v) for y, v in pairs]


def gdp_level(value: float = 70.0, deadline: int = 2025) -> TargetSpec:
    return TargetSpec(value, deadline, "level", "ge", "higher")


def growth(
    value: float,
    deadline: int = 2025,
    comparator: Comparator = "eq",
    direction: Direction = "higher",
) -> TargetSpec:
    return TargetSpec(value, deadline, "growth", comparator, direction)


# --- level targets: compound annual growth rates (StatCan / sdg-build) ----------------------


def test_level_on_track() -> None:
    a = assess(gdp_level(), GDP, base_year=2020)
    # required: (70/50)^(1/5) - 1 = 1.4^0.2 - 1 = 0.0696104 -> 6.96104 % a year
    # observed: (61/50)^(1/3) - 1 = 1.22^(1/3) - 1 = 0.0685297 -> 6.85297 % a year
    # R = 6.85297 / 6.96104 = 0.984476 >= 0.95 -> on track
    assert a.status == "on_track"
    assert a.method == "compound-rate ratio"
    assert a.required_rate == pytest.approx(6.96104, abs=1e-5)
    assert a.actual_rate == pytest.approx(6.85297, abs=1e-5)
    assert a.ratio == pytest.approx(0.984476, abs=1e-6)
    assert a.baseline == Point(2020, 50.0) and a.latest == Point(2023, 61.0)
    # time: (2023-2020)/(2025-2020) = 0.6; task: (61-50)/(70-50) = 0.55
    assert a.elapsed_share == pytest.approx(0.6)
    assert a.task_share == pytest.approx(0.55)
    # projected: 61 * 1.0685297^2 = 61 * 1.1417558 = 69.6471
    assert a.projected == pytest.approx(69.6471, abs=1e-4)
    assert a.explanation == (
        "From 50 in 2020 to 61 in 2023: 6.853% a year against 6.961% a year needed to "
        "reach 70 by 2025; ratio 0.98, on track (R ≥ 0.95)."
    )


def test_level_lower_is_better_needs_acceleration() -> None:
    target = TargetSpec(0.45, 2025, "level", "le", "lower")
    a = assess(target, series((2020, 0.50), (2023, 0.48)))
    # required: (0.45/0.50)^(1/5) - 1 = 0.9^0.2 - 1 = -0.0208516 -> -2.08516 %
    # observed: (0.48/0.50)^(1/3) - 1 = 0.96^(1/3) - 1 = -0.0135152 -> -1.35152 %
    # R = d * obs / |req| = -1 * -1.35152 / 2.08516 = 0.648159: 0.60 <= R < 0.95
    assert a.status == "needs_acceleration"
    assert a.required_rate == pytest.approx(-2.08516, abs=1e-5)
    assert a.actual_rate == pytest.approx(-1.35152, abs=1e-5)
    assert a.ratio == pytest.approx(0.648159, abs=1e-6)


def test_level_deterioration_is_off_track() -> None:
    a = assess(gdp_level(), series((2020, 50.0), (2023, 48.0)))
    # observed: (48/50)^(1/3) - 1 = -0.0135152; R = -0.0135152 / 0.0696104 = -0.194155 < 0
    assert a.status == "off_track"
    assert a.ratio == pytest.approx(-0.194155, abs=1e-6)


def test_level_achieved_before_the_deadline() -> None:
    a = assess(gdp_level(60.0), GDP)
    assert a.status == "achieved"  # 61 >= 60 in 2023
    assert a.explanation == "61 in 2023 already meets the target ≥ 60 (due 2025)."


def test_level_ceiling_achieved_and_lost() -> None:
    ceiling = TargetSpec(5.5, 2025, "level", "le", "lower")  # 城镇调查失业率控制在5.5%以内
    assert assess(ceiling, series((2020, 4.5), (2022, 5.0))).status == "achieved"
    lost = assess(ceiling, series((2020, 4.5), (2022, 6.0)))
    # required (5.5/4.5)^(1/5) - 1 > 0 while d = -1 and observed > 0: R < 0
    assert lost.status == "off_track" and lost.ratio is not None and lost.ratio < 0


def test_level_deadline_passed_and_missed() -> None:
    a = assess(gdp_level(deadline=2023), GDP)
    assert a.status == "off_track"
    assert a.explanation == "The deadline 2023 has passed and 61 in 2023 misses ≥ 70."


def test_level_zero_baseline_is_replaced_by_a_small_number() -> None:
    # 新能源装机: 0 in 2020 (no plant yet), target 10 by 2025, 8 in 2023; 0 -> 0.001
    a = assess(TargetSpec(10, 2025, "level", "ge", "higher"), series((2020, 0.0), (2023, 8.0)))
    # required: (10/0.001)^(1/5) - 1 = 10000^0.2 - 1 = 5.309573 -> 530.9573 %
    # observed: (8/0.001)^(1/3) - 1 = 8000^(1/3) - 1 = 20 - 1 = 19 -> 1900 %
    # R = 19 / 5.309573 = 3.578442
    assert a.status == "on_track"
    assert a.actual_rate == pytest.approx(1900.0)
    assert a.ratio == pytest.approx(3.578442, abs=1e-6)


def test_level_negative_value_is_insufficient_data() -> None:
    a = assess(gdp_level(), series((2020, -5.0), (2023, 3.0)))
    assert a.status == "insufficient_data"
    assert a.ratio is None and a.actual_rate is None
    assert "negative" in a.explanation


def test_level_target_equal_to_baseline_and_lost() -> None:
    a = assess(TargetSpec(50, 2025, "level", "ge", "higher"), series((2020, 50.0), (2022, 49.0)))
    assert a.status == "off_track" and a.ratio is None  # required rate 0: no ratio
    assert "equals the baseline" in a.explanation


# --- growth targets: realised average growth against the rate ---------------------------


def test_growth_needs_acceleration() -> None:
    a = assess(growth(8.5), GDP)
    # observed 6.85297 % a year; R = 6.85297 / 8.5 = 0.806232: 0.60 <= R < 0.95
    assert a.status == "needs_acceleration"
    assert a.method == "average-growth ratio"
    assert a.required_rate == 8.5
    assert a.ratio == pytest.approx(0.806232, abs=1e-6)
    # the level 8.5 % a year implies by 2025: 50 * 1.085^5 = 75.1833; task (61-50)/25.1833
    assert a.task_share == pytest.approx(11 / (50 * 1.085**5 - 50))


def test_growth_met_so_far_is_on_track() -> None:
    assert assess(growth(6.0), GDP).status == "on_track"  # 6.853 >= 6


def test_growth_achieved_only_once_the_deadline_has_passed() -> None:
    assert assess(growth(6.0, deadline=2023), GDP).status == "achieved"
    missed = assess(growth(8.5, deadline=2023), GDP)
    assert missed.status == "off_track"  # 6.853 < 8.5 at the deadline, whatever R
    assert missed.explanation.endswith("the deadline 2023 has passed: missed, off track.")


def test_growth_off_track() -> None:
    a = assess(growth(20.0), GDP)
    assert a.status == "off_track"  # R = 6.85297 / 20 = 0.342649 < 0.60
    assert a.ratio == pytest.approx(0.342649, abs=1e-6)


def test_growth_fall_target() -> None:
    # 单位GDP能耗年均下降3%: value -3, lower is better; 0.50 -> 0.46 in 2023
    a = assess(growth(-3.0, direction="lower"), series((2020, 0.50), (2023, 0.46)))
    # observed: (0.46/0.50)^(1/3) - 1 = 0.92^(1/3) - 1 = -2.74112 %; R = -2.74112/-3 = 0.913706
    assert a.status == "needs_acceleration"
    assert a.actual_rate == pytest.approx(-2.74112, abs=1e-5)
    assert a.ratio == pytest.approx(0.913706, abs=1e-6)


def test_growth_limit_kept_or_broken() -> None:
    # 能源消费总量年均增长控制在2%以内: a ceiling on growth
    limit = growth(2.0, comparator="le", direction="lower")
    kept = assess(limit, series((2020, 100.0), (2023, 105.0)))  # 1.05^(1/3)-1 = 1.63964 %
    broken = assess(limit, series((2020, 100.0), (2023, 110.0)))  # 1.1^(1/3)-1 = 3.22801 %
    assert kept.status == "on_track"
    assert broken.status == "off_track"
    assert broken.actual_rate == pytest.approx(3.22801, abs=1e-5)
    assert broken.explanation.endswith("the limit is broken, off track.")


def test_growth_exactly_at_the_rate_meets_it() -> None:
    exact = series((2020, 100.0), (2023, 100 * 1.085**3))
    assert assess(growth(8.5, deadline=2023), exact).status == "achieved"


def test_growth_negative_level_is_insufficient_data() -> None:
    a = assess(growth(8.5), series((2020, -1.0), (2023, 2.0)))
    assert a.status == "insufficient_data" and a.elapsed_share == pytest.approx(0.6)


def test_chain_growth_builds_a_comparable_price_index() -> None:
    # 比上年增长 8% then 5%: 100 -> 108 -> 113.4
    index = chain_growth(series((2021, 8.0), (2022, 5.0)), 2020)
    assert [p.year for p in index] == [2020, 2021, 2022]
    assert [p.value for p in index] == pytest.approx([100.0, 108.0, 113.4])
    with pytest.raises(TrackError, match="skip from 2020 to 2022"):
        chain_growth(series((2022, 5.0)), 2020)


# --- share, change and rank targets: linear rates ---------------------------------------


def test_share_needs_acceleration() -> None:
    a = assess(TargetSpec(58, 2025, "share", "ge", "higher"), series((2020, 50.0), (2023, 53.0)))
    # observed (53-50)/3 = 1.0 point a year; required (58-50)/5 = 1.6; R = 0.625
    assert a.status == "needs_acceleration"
    assert a.method == "linear-rate ratio"
    assert (a.actual_rate, a.required_rate) == pytest.approx((1.0, 1.6))
    assert a.ratio == pytest.approx(0.625)
    assert a.projected == pytest.approx(55.0)  # 53 + 1.0 * 2


def test_share_off_track() -> None:
    a = assess(TargetSpec(45, 2025, "share", "ge", "higher"), series((2020, 42.0), (2023, 42.3)))
    # observed 0.3/3 = 0.1 a year; required 3/5 = 0.6; R = 0.1/0.6 = 0.166667 < 0.60
    assert a.status == "off_track"
    assert a.ratio == pytest.approx(1 / 6)


def test_share_achieved() -> None:
    a = assess(TargetSpec(45, 2025, "share", "ge", "higher"), series((2020, 42.0), (2023, 45.2)))
    assert a.status == "achieved"


def test_change_on_track() -> None:
    # 研发经费投入强度提高0.5个百分点: 1.8 -> goal 2.3; 2.1 in 2023
    a = assess(TargetSpec(0.5, 2025, "change", "eq", "higher"), series((2020, 1.8), (2023, 2.1)))
    # observed 0.3/3 = 0.1 a year; required 0.5/5 = 0.1; R = 1.0
    assert a.status == "on_track"
    assert a.ratio == pytest.approx(1.0)
    assert a.task_share == pytest.approx(0.6)  # 0.3 of 0.5


def test_change_fall_achieved() -> None:
    # 下降2个百分点 (change -2, lower is better): 10 -> goal 8; 7.5 in 2023
    a = assess(TargetSpec(-2, 2025, "change", "eq", "lower"), series((2020, 10.0), (2023, 7.5)))
    assert a.status == "achieved"


def test_rank_on_track() -> None:
    # 进入全省前10 (rank 10 or better, lower is better): 20th in 2020, 14th in 2023
    a = assess(TargetSpec(10, 2025, "rank", "le", "lower"), series((2020, 20.0), (2023, 14.0)))
    # observed -6/3 = -2 places a year; required -10/5 = -2; R = -1 * -2 / 2 = 1.0
    assert a.status == "on_track"
    assert a.ratio == pytest.approx(1.0)


# --- data selection and insufficient data ------------------------------------------------


def test_no_observations_is_insufficient_data() -> None:
    a = assess(gdp_level(), [])
    assert a.status == "insufficient_data"
    assert a.explanation == "Insufficient data: no baseline value."


def test_no_observation_after_the_baseline_is_insufficient_data() -> None:
    a = assess(gdp_level(), [Point(2020, 50.0)])
    assert a.status == "insufficient_data"
    assert a.explanation == "Insufficient data: no observation after 2020."


def test_baseline_choice() -> None:
    obs = [Point(2018, 40.0), Point(2019, 45.0), Point(2021, 54.0), Point(2023, 61.0)]
    # the latest at or before the plan's base year
    assert assess(gdp_level(), obs, base_year=2020).baseline == Point(2019, 45.0)
    # none at or before it: the earliest
    assert assess(gdp_level(), obs, base_year=2015).baseline == Point(2018, 40.0)
    # no base year: the earliest
    assert assess(gdp_level(), obs).baseline == Point(2018, 40.0)
    # the target's own baseline wins
    spec = TargetSpec(70, 2025, "level", "ge", "higher", baseline=Point(2020, 50.0))
    assert assess(spec, obs, base_year=2018).baseline == Point(2020, 50.0)


def test_observations_after_the_deadline_are_used_only_without_one_within() -> None:
    late = [*GDP, Point(2026, 80.0)]
    assert assess(gdp_level(), late).latest == Point(2023, 61.0)
    only_late = [Point(2020, 50.0), Point(2027, 72.0), Point(2026, 71.0)]
    assert assess(gdp_level(), only_late).latest == Point(2026, 71.0)


def test_missing_values_are_skipped_and_duplicates_refused() -> None:
    obs = [*GDP, Point(2024, math.nan)]
    assert assess(gdp_level(), obs).latest == Point(2023, 61.0)
    same = [*GDP, Point(2023, 61.0)]
    assert assess(gdp_level(), same).latest == Point(2023, 61.0)
    with pytest.raises(TrackError, match=r"two observations for 2023: 61\.0 and 62\.0"):
        assess(gdp_level(), [*GDP, Point(2023, 62.0)])


def test_bad_target_fields_are_refused() -> None:
    with pytest.raises(TrackError, match="measure 'ratio' is not one of level"):
        TargetSpec(1, 2025, "ratio", "eq", "higher")  # type: ignore[arg-type]
    with pytest.raises(TrackError, match="direction 'up'"):
        TargetSpec(1, 2025, "level", "eq", "up")  # type: ignore[arg-type]


def test_ceiling_rule() -> None:
    assert is_ceiling("le", "higher") and not is_ceiling("ge", "lower")
    assert is_ceiling("eq", "lower") and is_ceiling("approx", "lower")
    assert not is_ceiling("eq", "higher") and not is_ceiling("approx", "higher")


def test_status_names() -> None:
    # the first five are assess_many's codes 0–4; the verdicts' own come after them
    assert STATUSES == (
        "achieved", "on_track", "needs_acceleration", "off_track", "insufficient_data",
        "missed", "in_progress", "no_verdict",
    )  # fmt: skip
    assert [STATUS_ZH[s] for s in STATUSES] == [
        "已完成", "按进度", "需加快", "滞后", "数据不足", "未完成", "进行中", "无法判断"
    ]  # fmt: skip
    assert set(STATUS_ORDER) == set(STATUSES) == set(STATUS_EN)


def test_format_value() -> None:
    assert format_value(6525000000) == "6,525,000,000"
    assert [format_value(x) for x in (61.0, 6.96104, 0.45, 0.0)] == ["61", "6.961", "0.45", "0"]


# --- the bulk function -------------------------------------------------------------------


def test_assess_many_on_the_plan() -> None:
    specs = [
        gdp_level(),  # on track, R 0.984476
        growth(8.5),  # needs acceleration, R 0.806232
        TargetSpec(58, 2025, "share", "ge", "higher"),  # needs acceleration, R 0.625
        TargetSpec(0.5, 2025, "change", "eq", "higher"),  # on track, R 1.0
        gdp_level(60.0),  # achieved
        gdp_level(),  # no observations: insufficient data
    ]
    obs = [
        GDP,
        GDP,
        series((2020, 50.0), (2023, 53.0)),
        series((2020, 1.8), (2023, 2.1)),
        GDP,
        [],
    ]
    bulk = assess_many(**pack_targets(specs, obs, base_year=2020))
    assert bulk.statuses() == [
        "on_track", "needs_acceleration", "needs_acceleration", "on_track", "achieved",
        "insufficient_data",
    ]  # fmt: skip
    assert bulk.ratio[:4] == pytest.approx([0.984476, 0.806232, 0.625, 1.0], abs=1e-6)
    assert bulk.required_rate[:4] == pytest.approx([6.96104, 8.5, 1.6, 0.1], abs=1e-5)
    assert bulk.elapsed_share[:5] == pytest.approx([0.6] * 5)
    assert np.isnan(bulk.ratio[5]) and np.isnan(bulk.elapsed_share[5])


def test_assess_many_refuses_bad_arrays() -> None:
    good = pack_targets([gdp_level()], [GDP])
    with pytest.raises(TrackError, match="equal length"):
        assess_many(**{**good, "deadline": np.array([2025.0, 2025.0])})
    with pytest.raises(TrackError, match="measure codes"):
        assess_many(**{**good, "measure": np.array([7], dtype=np.int8)})
    with pytest.raises(TrackError, match="direction must be"):
        assess_many(**{**good, "direction": np.array([0])})
    with pytest.raises(TrackError, match="2 targets but 1"):
        pack_targets([gdp_level(), gdp_level()], [GDP])


def test_assess_many_empty() -> None:
    empty = pack_targets([], [])
    assert assess_many(**empty).status.shape == (0,)


values = st.one_of(st.just(0.0), st.floats(-20, 200, allow_nan=False, width=32))


@given(
    measure=st.sampled_from(MEASURES),
    comparator=st.sampled_from(["eq", "ge", "le", "approx"]),
    direction=st.sampled_from(["higher", "lower"]),
    value=st.one_of(values, st.floats(-30, 30, width=32)),
    deadline=st.integers(2016, 2030),
    base=st.tuples(st.integers(2015, 2025), values),
    latest=st.tuples(st.integers(2015, 2030), values),
)
def test_assess_many_agrees_with_assess(
    measure: str,
    comparator: str,
    direction: str,
    value: float,
    deadline: int,
    base: tuple[int, float],
    latest: tuple[int, float],
) -> None:
    spec = TargetSpec(value, deadline, measure, comparator, direction, Point(*base))  # type: ignore[arg-type]
    one = assess(spec, [Point(*latest)])
    bulk = assess_many(
        measure=np.array([MEASURES.index(spec.measure)]),
        target_value=np.array([value]),
        deadline=np.array([float(deadline)]),
        base_year=np.array([float(base[0])]),
        base_value=np.array([base[1]]),
        latest_year=np.array([float(latest[0])]),
        latest_value=np.array([latest[1]]),
        direction=np.array([1 if direction == "higher" else -1]),
        ceiling=np.array([is_ceiling(spec.comparator, spec.direction)]),
    )
    for field, column in (
        ("ratio", bulk.ratio),
        ("required_rate", bulk.required_rate),
        ("actual_rate", bulk.actual_rate),
        ("elapsed_share", bulk.elapsed_share),
    ):
        expected = getattr(one, field)
        got = float(column[0])
        if expected is None:
            assert math.isnan(got), field
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), field
    if STATUSES[bulk.status[0]] != one.status:
        # pow in NumPy and in Python may differ in the last bit: only on a threshold
        assert _on_a_boundary(one, value), (one, bulk)


def _on_a_boundary(a: Assessment, value: float) -> bool:
    def near(x: float | None, y: float) -> bool:
        return x is not None and math.isclose(x, y, rel_tol=1e-9)

    at_rate = a.method == "average-growth ratio" and near(a.actual_rate, value)
    return at_rate or near(a.ratio, ON_TRACK) or near(a.ratio, ACCELERATION)
