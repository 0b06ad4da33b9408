"""The verdict rules, one by one, on hand-made figures (no store)."""

from __future__ import annotations

import pytest

from luoshi.track.verdict import (
    APPROX_POINTS,
    Evidence,
    Figure,
    Promise,
    judge,
)

NOW = 2026  # every year before this one has ended


def growth(year: int, value: float, **kw: object) -> Figure:
    return Figure(year, value, "growth", **kw)  # type: ignore[arg-type]


def level(year: int, value: float, **kw: object) -> Figure:
    return Figure(year, value, "level", **kw)  # type: ignore[arg-type]


def annual(value: float, comparator: str = "approx", **kw: object) -> Promise:
    """A target of the 2025 work report for 2025."""
    fields: dict[str, object] = {"measure": "growth", "start": 2025, "indicator": "地区生产总值"}
    fields.update(kw)
    return Promise(value, 2025, comparator=comparator, **fields)  # type: ignore[arg-type]


# --- growth: a reported rate, else two levels ---------------------------------------


def test_growth_target_answered_by_the_years_reported_rate() -> None:
    v = judge(annual(5), Evidence(growth={2025: growth(2025, 5.4)}), as_of=NOW)
    assert (v.status, v.actual, v.actual_year, v.basis) == ("achieved", 5.4, 2025, "reported")
    assert v.gap == pytest.approx(0.4)
    assert "5.4%" in v.reason_zh and "已完成" in v.reason_zh
    assert "achieved" in v.reason_en


def test_growth_target_missed() -> None:
    v = judge(annual(6), Evidence(growth={2025: growth(2025, 5.5)}), as_of=NOW)
    assert v.status == "missed"
    assert v.gap == pytest.approx(-0.5)
    assert v.gap_share == pytest.approx(-0.5 / 6)
    assert "未完成" in v.reason_zh and "低于目标0.5个百分点" in v.reason_zh


def test_growth_from_the_levels_of_the_year_and_the_year_before() -> None:
    e = Evidence(levels={2024: level(2024, 100.0), 2025: level(2025, 105.4)})
    v = judge(annual(5), e, as_of=NOW)
    assert v.basis == "levels"
    assert v.actual == pytest.approx(5.4)
    assert [f.year for f in v.figures] == [2024, 2025]
    assert v.status == "achieved"
    assert "由2024年和2025年的数值计算" in v.reason_zh


def test_a_reported_rate_comes_before_levels() -> None:
    e = Evidence(
        growth={2025: growth(2025, 4.0)},
        levels={2024: level(2024, 100.0), 2025: level(2025, 110.0)},
    )
    v = judge(annual(5), e, as_of=NOW)
    assert (v.actual, v.basis, v.status) == (4.0, "reported", "missed")


def test_one_level_alone_gives_no_growth() -> None:
    v = judge(annual(5), Evidence(levels={2025: level(2025, 105.0)}), as_of=NOW)
    assert v.status == "insufficient_data"
    assert v.actual is None


def test_an_earlier_years_rate_never_answers() -> None:
    v = judge(annual(5), Evidence(growth={2024: growth(2024, 9.0)}), as_of=NOW)
    assert v.status == "insufficient_data"
    assert "尚无2025年的全年数据" in v.reason_zh


# --- approx: the tolerance -----------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "status"),
    [
        (7.5, 7.4, "achieved"),  # 2014: 7.4% against 7.5%左右
        (7.0, 6.9, "achieved"),  # 2015
        (7.0, 6.7, "missed"),  # 0.3 point short
        (7.0, 6.89, "missed"),  # just past the tolerance
        (6.0, 5.5, "missed"),
        (5.0, 5.0, "achieved"),
    ],
)
def test_approx_growth_tolerance(target: float, actual: float, status: str) -> None:
    v = judge(annual(target), Evidence(growth={2025: growth(2025, actual)}), as_of=NOW)
    assert v.status == status


def test_approx_tolerance_is_said() -> None:
    v = judge(annual(7.5), Evidence(growth={2025: growth(2025, 7.4)}), as_of=NOW)
    assert f"允许的{APPROX_POINTS:g}个百分点以内" in v.reason_zh
    assert "an approximate target allows" in v.reason_en


def test_eq_and_ge_have_no_tolerance() -> None:
    for comparator in ("eq", "ge"):
        v = judge(annual(7.5, comparator), Evidence(growth={2025: growth(2025, 7.4)}), as_of=NOW)
        assert v.status == "missed"


def test_approx_level_tolerance_is_a_share() -> None:
    """粮食产量282亿斤左右: 280.9 (0.4% short) misses; 281.8 (0.07% short) meets."""
    p = annual(282.0, measure="level", unit="亿斤", indicator="粮食总产量")
    assert judge(p, Evidence(levels={2025: level(2025, 280.9)}), as_of=NOW).status == "missed"
    assert judge(p, Evidence(levels={2025: level(2025, 281.8)}), as_of=NOW).status == "achieved"


# --- ceilings and direction ------------------------------------------------------------


def test_indicator_ceiling_is_met_at_or_below() -> None:
    """居民消费价格涨幅3%左右: 1.4% meets it, 3.1% is within 左右, 3.5% breaks it."""
    p = annual(3.0, ceiling=True, direction="lower", indicator="居民消费价格")
    assert judge(p, Evidence(growth={2025: growth(2025, 1.4)}), as_of=NOW).status == "achieved"
    assert judge(p, Evidence(growth={2025: growth(2025, -0.1)}), as_of=NOW).status == "achieved"
    assert judge(p, Evidence(growth={2025: growth(2025, 3.1)}), as_of=NOW).status == "achieved"
    v = judge(p, Evidence(growth={2025: growth(2025, 3.5)}), as_of=NOW)
    assert v.status == "missed"
    assert "上限" in v.reason_zh and "ceiling" in v.reason_en


def test_a_ceiling_indicator_overrides_a_floor_comparator() -> None:
    p = annual(5.5, comparator="ge", measure="level", unit="%", ceiling=True, direction="lower")
    assert judge(p, Evidence(levels={2025: level(2025, 5.2)}), as_of=NOW).status == "achieved"


def test_unemployment_rate_with_le() -> None:
    p = annual(5.0, comparator="le", measure="level", unit="%", nature="rate", direction="lower")
    assert judge(p, Evidence(levels={2025: level(2025, 4.1)}), as_of=NOW).status == "achieved"
    assert judge(p, Evidence(levels={2025: level(2025, 5.2)}), as_of=NOW).status == "missed"


def test_a_fall_with_more_than_is_a_ceiling_on_the_signed_rate() -> None:
    """单位GDP能耗下降3%以上: growth −3 with ge; a fall of 5% meets it, of 2% does not."""
    p = annual(-3.0, comparator="ge", direction="lower", indicator="单位GDP能耗")
    assert judge(p, Evidence(growth={2025: growth(2025, -5.0)}), as_of=NOW).status == "achieved"
    assert judge(p, Evidence(growth={2025: growth(2025, -2.0)}), as_of=NOW).status == "missed"


# --- ranges -----------------------------------------------------------------------------


def test_a_range_is_met_from_its_low_end_where_higher_is_better() -> None:
    p = annual(6.5, comparator="eq", value_high=7.0)
    assert judge(p, Evidence(growth={2025: growth(2025, 6.7)}), as_of=NOW).status == "achieved"
    assert judge(p, Evidence(growth={2025: growth(2025, 7.3)}), as_of=NOW).status == "achieved"
    v = judge(p, Evidence(growth={2025: growth(2025, 6.2)}), as_of=NOW)
    assert v.status == "missed"
    assert v.gap == pytest.approx(-0.3)
    assert "6.5%—7%" in v.reason_zh


def test_a_ceiling_range_is_held_to_its_high_end() -> None:
    p = annual(2.0, comparator="eq", value_high=3.0, ceiling=True, direction="lower")
    assert judge(p, Evidence(growth={2025: growth(2025, 2.8)}), as_of=NOW).status == "achieved"
    v = judge(p, Evidence(growth={2025: growth(2025, 3.4)}), as_of=NOW)
    assert v.status == "missed"
    assert v.gap == pytest.approx(0.4)


# --- flows against stocks -------------------------------------------------------------


def jobs(value: float, deadline: int = 2025, start: int | None = 2025, **kw: object) -> Promise:
    fields: dict[str, object] = {
        "measure": "level",
        "comparator": "ge",
        "nature": "flow",
        "unit": "人",
        "indicator": "城镇新增就业",
        "start": start,
    }
    fields.update(kw)
    return Promise(value, deadline, **fields)  # type: ignore[arg-type]


def test_a_flow_is_answered_by_its_own_year_alone() -> None:
    e = Evidence(levels={2023: level(2023, 900_000.0), 2025: level(2025, 480_000.0)})
    v = judge(jobs(500_000), e, as_of=NOW)
    assert (v.status, v.actual, v.actual_year) == ("missed", 480_000.0, 2025)
    # an earlier year's big figure meets nothing
    assert judge(jobs(500_000, 2024, 2024), e, as_of=NOW).status == "insufficient_data"


def test_a_multi_year_total_never_answers_a_one_year_flow() -> None:
    e = Evidence(totals={2025: level(2025, 2_616_000.0, period="total")})
    v = judge(jobs(500_000), e, as_of=NOW)
    assert v.status == "insufficient_data"


def test_a_flow_target_over_a_plan_sums_its_years() -> None:
    """十四五期间城镇新增就业250万人 (a 2021 plan): the five years' flows added up."""
    e = Evidence(levels={y: level(y, 520_000.0) for y in range(2021, 2026)})
    v = judge(jobs(2_500_000, 2025, 2021), e, as_of=NOW)
    assert (v.status, v.basis, v.actual) == ("achieved", "sum", 2_600_000.0)


def test_a_reported_total_answers_a_total_target() -> None:
    e = Evidence(totals={2025: level(2025, 2_616_000.0, period="total")})
    v = judge(jobs(2_500_000, 2025, 2021), e, as_of=NOW)
    assert (v.status, v.basis, v.actual) == ("achieved", "reported", 2_616_000.0)


def test_a_flow_total_in_progress_is_measured_by_its_share() -> None:
    e = Evidence(levels={2021: level(2021, 500_000.0), 2022: level(2022, 300_000.0)})
    v = judge(jobs(2_500_000, 2025, 2021), e, as_of=2023)
    # 800,000 of 2,500,000 (32%) with 2 of 5 years gone (40%): ratio 0.8
    assert v.status == "needs_acceleration"
    assert v.progress is not None and v.progress.ratio == pytest.approx(0.8)


def test_a_stock_level_is_its_years_level() -> None:
    p = annual(5e12, comparator="ge", measure="level", unit="元", nature="stock")
    e = Evidence(levels={2024: level(2024, 6e12), 2025: level(2025, 4.9e12)})
    assert judge(p, e, as_of=NOW).status == "missed"


# --- before the year ends -------------------------------------------------------------


def test_an_annual_target_of_the_current_year_is_in_progress() -> None:
    e = Evidence(to_date={2026: growth(2026, 5.3, final=False, period="to_date")})
    p = Promise(5, 2026, "growth", "approx", start=2026, indicator="地区生产总值")
    v = judge(p, e, as_of=2026)
    assert (v.status, v.actual, v.actual_year) == ("in_progress", 5.3, 2026)
    assert "年内数据" in v.reason_zh and "Year to date" in v.reason_en


def test_a_year_to_date_figure_never_decides() -> None:
    e = Evidence(to_date={2025: growth(2025, 9.9, final=False, period="to_date")})
    v = judge(annual(5), e, as_of=NOW)
    assert v.status == "insufficient_data"


def plan_gdp(value: float = 70.0, **kw: object) -> Promise:
    """到2025年地区生产总值突破70亿 in a plan of 2021 (base year 2020)."""
    fields: dict[str, object] = {"unit": "亿元", "start": 2021, "indicator": "地区生产总值"}
    fields.update(kw)
    return Promise(value, 2025, "level", "ge", **fields)  # type: ignore[arg-type]


def test_multi_year_progress_from_a_baseline_inside_the_period() -> None:
    e = Evidence(levels={y: level(y, v) for y, v in {2020: 50, 2021: 54, 2023: 61}.items()})
    v = judge(plan_gdp(), e, as_of=2024)
    assert v.status == "on_track"
    assert v.progress is not None and v.progress.baseline is not None
    assert (v.progress.baseline.year, v.progress.ratio) == (2020, pytest.approx(0.9845, abs=1e-3))
    assert "实际/应有 0.98" in v.reason_zh


def test_baselines_before_the_plan_are_refused() -> None:
    """Figures of 2005 and 2007 say nothing of a plan for 2016–2020."""
    p = Promise(100.0, 2020, "level", "ge", unit="亿元", start=2016)
    e = Evidence(levels={2005: level(2005, 10.0), 2007: level(2007, 30.0), 2017: level(2017, 60.0)})
    v = judge(p, e, as_of=2018)
    assert v.status == "insufficient_data"  # one figure inside the period: no progress yet
    e2 = Evidence(levels={**e.levels, 2018: level(2018, 70.0)})
    v2 = judge(p, e2, as_of=2019)
    assert v2.progress is not None and v2.progress.baseline is not None
    assert v2.progress.baseline.year == 2017


def test_figures_past_the_deadline_never_measure_progress() -> None:
    e = Evidence(levels={2020: level(2020, 50.0), 2027: level(2027, 90.0)})
    v = judge(plan_gdp(), e, as_of=2028)
    assert v.status == "insufficient_data"
    assert v.actual is None


def test_the_deadlines_figure_decides_a_multi_year_target() -> None:
    e = Evidence(levels={2020: level(2020, 50.0), 2025: level(2025, 68.0)})
    v = judge(plan_gdp(), e, as_of=2026)
    assert (v.status, v.actual_year) == ("missed", 2025)


def test_a_floor_reached_early_is_achieved_early() -> None:
    e = Evidence(levels={2020: level(2020, 50.0), 2023: level(2023, 72.0)})
    v = judge(plan_gdp(), e, as_of=2024)
    assert (v.status, v.early, v.actual_year) == ("achieved", True, 2023)
    assert "提前完成" in v.reason_zh


def test_an_average_growth_target_chains_the_years_rates() -> None:
    p = Promise(5.0, 2025, "growth", "ge", start=2021, period="average")
    e = Evidence(
        growth={y: growth(y, r) for y, r in zip(range(2021, 2026), (8, 3, 5, 5, 5), strict=True)}
    )
    v = judge(p, e, as_of=NOW)
    assert v.basis == "chained"
    assert v.actual == pytest.approx(((1.08 * 1.03 * 1.05 * 1.05 * 1.05) ** 0.2 - 1) * 100)
    assert v.status == "achieved"


def test_a_total_fall_over_a_plan() -> None:
    """单位GDP能耗下降13.5% over 2021–2025 (no 年均): the total change from 2020."""
    p = Promise(-13.5, 2025, "growth", "eq", start=2021, direction="lower", period="total")
    e = Evidence(levels={2020: level(2020, 1.0), 2025: level(2025, 0.85)})
    v = judge(p, e, as_of=NOW)
    assert v.actual == pytest.approx(-15.0)
    assert v.status == "achieved"


# --- refusals --------------------------------------------------------------------------


def test_no_canonical_indicator_gives_no_verdict() -> None:
    p = annual(5, nature=None, indicator="夜间经济")
    v = judge(p, Evidence(growth={2025: growth(2025, 9.0)}), as_of=NOW)
    assert v.status == "no_verdict"
    assert v.actual is None
    assert "不在规范指标表中" in v.reason_zh and "no canonical entry" in v.reason_en


def test_a_target_year_before_its_document_is_not_a_promise() -> None:
    p = Promise(5.2, 2025, "growth", "eq", start=2026, period="average")
    assert judge(p, Evidence(growth={2025: growth(2025, 5.4)}), as_of=NOW).status == "no_verdict"


def test_a_ratio_and_an_unknown_comparator_are_not_judged() -> None:
    assert judge(annual(5, measure="ratio"), Evidence(), as_of=NOW).status == "no_verdict"
    assert judge(annual(5, comparator="about"), Evidence(), as_of=NOW).status == "no_verdict"


def test_a_conflict_is_said() -> None:
    e = Evidence(growth={2025: growth(2025, 5.4, conflict=True)})
    v = judge(annual(5), e, as_of=NOW)
    assert v.status == "achieved" and v.conflict
    assert "冲突" in v.reason_zh and "flagged" in v.reason_en
