"""Consistency of level and growth targets, against hand-computed implied baselines."""

from __future__ import annotations

import pytest

from luoshi.errors import TrackError
from luoshi.track.consistency import check_consistency, check_plan
from luoshi.track.progress import Point, TargetSpec

# 1.085^4 = 1.38585870; 70 / 1.38585870 = 50.5102


def test_level_too_low_for_the_growth_target() -> None:
    # 突破70亿 by 2025 and 年均增长8.5% from 2021, with 65.25亿 observed in 2021
    f = check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 65.25), indicator="GDP", unit="亿")
    assert f is not None
    # implied 2021 value: 70 / 1.085^4 = 50.5102; projected: 65.25 * 1.3858587 = 90.4273
    # needed: (70 / 65.25)^(1/4) - 1 = 1.77225 % a year
    assert f.implied_baseline == pytest.approx(50.5102, abs=1e-4)
    assert f.projected == pytest.approx(90.4273, abs=1e-4)
    assert f.rate_needed == pytest.approx(1.77225, abs=1e-5)
    # 突破 (ge) with 8.5% (eq): growing at 8.5% also passes 70, so both can hold
    assert f.kind == "mismatch"
    assert f.message == (
        "Do not agree (one target does not bind): 70亿 by 2025 at 8.5% a year from 2021 "
        "implies 50.51亿 in 2021; the observed 2021 value is 65.25亿: at 8.5% a year it "
        "reaches 90.43亿 by 2025, so the level target is too low or the growth target too "
        "high (70亿 needs 1.772% a year)."
    )


def test_exact_level_and_rate_cannot_both_hold() -> None:
    f = check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 65.25), level_comparator="eq")
    assert f is not None and f.kind == "conflict"
    assert f.message.startswith("Cannot both hold: 70 by 2025")


def test_level_too_high_for_the_growth_target() -> None:
    # 45 in 2021 at 8.5% a year: 45 * 1.3858587 = 62.3636 < 70, needs (70/45)^(1/4) - 1
    f = check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 45.0))
    assert f is not None and f.kind == "conflict"  # 突破70 is out of reach at 8.5% (eq)
    assert f.projected == pytest.approx(62.3636, abs=1e-4)
    assert f.rate_needed == pytest.approx(11.67897, abs=1e-5)
    assert "reaches only 62.36 by 2025, so the level target is too high" in f.message
    # a growth floor (不低于8.5%) lets the level be reached by growing faster
    floor = check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 45.0), growth_comparator="ge")
    assert floor is not None and floor.kind == "mismatch"


def test_within_tolerance_or_without_data_nothing_is_flagged() -> None:
    # 51 observed against 50.5102 implied: 50.5102 / 51 - 1 = -0.96 %, inside 5 %
    assert check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 51.0)) is None
    assert check_consistency((70.0, 2025), (8.5, 2021), None) is None
    assert check_consistency((70.0, 2025), (8.5, 2025), Point(2025, 51.0)) is None
    assert check_consistency((70.0, 2025), (8.5, 2021), Point(2021, -3.0)) is None
    tight = check_consistency((70.0, 2025), (8.5, 2021), Point(2021, 51.0), tolerance=0.005)
    assert tight is not None


def test_baseline_year_must_be_the_growth_base_year() -> None:
    with pytest.raises(TrackError, match="baseline is for 2020 but the growth target counts"):
        check_consistency((70.0, 2025), (8.5, 2021), Point(2020, 50.0))


def test_check_plan_pairs_targets_of_one_indicator_and_deadline() -> None:
    targets = [
        ("地区生产总值", TargetSpec(70, 2025, "level", "ge", "higher")),
        ("地区生产总值", TargetSpec(8.5, 2025, "growth", "eq", "higher")),
        ("地区生产总值", TargetSpec(150, 2035, "level", "ge", "higher")),  # other deadline
        ("森林覆盖率", TargetSpec(45, 2025, "level", "ge", "higher")),  # no growth target
        # a growth target with its own baseline, consistent: 20 * 1.05^5 = 25.5256
        ("财政收入", TargetSpec(25.5, 2025, "level", "ge", "higher")),
        ("财政收入", TargetSpec(5, 2025, "growth", "eq", "higher", Point(2020, 20.0))),
    ]
    observations = {"地区生产总值": [Point(2020, 40.0), Point(2021, 44.0)]}
    (f,) = check_plan(targets, observations, base_year=2020)
    # 1.085^5 = 1.5036567; implied 2020 value 70 / 1.5036567 = 46.5532, 16.4 % above 40;
    # 40 * 1.5036567 = 60.1463 < 70: 突破70 needs (70/40)^(1/5) - 1 = 11.8427 % a year
    assert f.indicator == "地区生产总值" and f.kind == "conflict"
    assert f.level == (70, 2025) and f.growth == (8.5, 2020)
    assert f.implied_baseline == pytest.approx(46.5532, abs=1e-4)
    assert f.projected == pytest.approx(60.1463, abs=1e-4)
    assert f.rate_needed == pytest.approx(11.8427, abs=1e-4)
    # 45 in 2020 would be within 5 %: 46.5532 / 45 - 1 = 3.45 %
    near = {"地区生产总值": [Point(2020, 45.0)]}
    assert check_plan(targets, near, base_year=2020) == []
    # without a base year the GDP growth target has no start: nothing to compare
    assert check_plan(targets, observations) == []


def test_the_worked_example_plan() -> None:
    # docs/progress.md: 突破70亿 and 年均增长8.5% by 2025 with 50 in 2020
    # 1.085^5 = 1.5036567: implied 70 / 1.5036567 = 46.5532, 6.9 % below 50;
    # 50 * 1.5036567 = 75.1828 > 70, and 突破 is a floor: a mismatch, not a conflict
    targets = [
        ("地区生产总值", TargetSpec(70, 2025, "level", "ge", "higher")),
        ("地区生产总值", TargetSpec(8.5, 2025, "growth", "eq", "higher")),
    ]
    (f,) = check_plan(targets, {"地区生产总值": [Point(2020, 50.0)]}, base_year=2020)
    assert f.kind == "mismatch"
    assert f.projected == pytest.approx(75.1828, abs=1e-4)
