"""Figures as people read them: magnitude words by size, units, comparators in words."""

from __future__ import annotations

import pytest

from luoshi.display import (
    amount,
    comparator_word,
    headline,
    is_count,
    number,
    promise,
    scale,
)


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (2.6e10, "元", "260亿元", "26 billion yuan"),
        (1.2e12, "元", "1.2万亿元", "1.2 trillion yuan"),
        (6.525e9, "元", "65.25亿元", "6.525 billion yuan"),
        (356000, "人", "35.6万人", "356,000 people"),
        (13610000, "人", "1,361万人", "13.61 million people"),
        (950, "元", "950元", "950 yuan"),
        (5.5, "%", "5.5%", "5.5%"),
        (1234, "公里", "1,234公里", "1,234 km"),
        (2, "个百分点", "2个百分点", "2 percentage points"),
        (-3.1e8, "元", "-3.1亿元", "-310 million yuan"),
    ],
)
def test_amounts_take_the_magnitude_word_that_suits_them(
    value: float, unit: str, zh: str, en: str
) -> None:
    assert amount(value, unit) == zh
    assert amount(value, unit, "en") == en


def test_numbers_have_no_exponent() -> None:
    assert number(26_000_000_000) == "26,000,000,000"
    assert number(0.000123) == "0.000123"
    assert number(6.6) == "6.6"
    assert number(float("nan")) == "—"


@pytest.mark.parametrize(
    ("kwargs", "zh", "en"),
    [
        (
            dict(value=5.5, unit="%", measure="growth", comparator="approx"),
            "增长5.5%左右",
            "growth of about 5.5%",
        ),
        (
            dict(value=3, unit="%", measure="growth", comparator="approx", sign=-1),
            "下降3%左右",
            "a fall of about 3%",
        ),
        (
            dict(value=2.6e10, unit="元", comparator="ge"),
            "不低于260亿元",
            "at least 26 billion yuan",
        ),
        (dict(value=5.5, unit="%", comparator="le"), "不超过5.5%", "at most 5.5%"),
        (
            dict(value=2, unit="个百分点", measure="change"),
            "提高2个百分点",
            "up 2 percentage points",
        ),
        (
            dict(value=6, unit="%", measure="growth", value_high=6.5),
            "增长6%—6.5%",
            "growth of 6% to 6.5%",
        ),
        (dict(value=3, unit="", measure="rank", comparator="eq"), "第3位", "rank 3"),
    ],
)
def test_a_promise_reads_as_a_report_states_it(kwargs: dict, zh: str, en: str) -> None:  # type: ignore[type-arg]
    assert promise(**kwargs) == zh
    assert promise(**kwargs, lang="en") == en


def test_comparator_words() -> None:
    assert [comparator_word(c) for c in ("ge", "le", "approx", "eq")] == [
        "不低于",
        "不超过",
        "左右",
        "",
    ]
    assert comparator_word("ge", "en") == "at least"


@pytest.mark.parametrize(
    ("kwargs", "zh", "en"),
    [
        (
            dict(indicator="地区生产总值", value=5.5, unit="%", measure="growth",
                 comparator="approx", deadline=2025),
            "地区生产总值增长5.5%左右 · 2025年",
            "地区生产总值: growth of about 5.5% · 2025",
        ),
        (
            dict(indicator="地区生产总值", value=2.6e10, unit="元", comparator="ge",
                 deadline=2025),
            "地区生产总值不低于260亿元 · 2025年",
            "地区生产总值: at least 26 billion yuan · 2025",
        ),
        (
            dict(indicator="森林覆盖率", value=58, unit="%"),
            "森林覆盖率58%",
            "森林覆盖率: 58%",
        ),
    ],
)  # fmt: skip
def test_a_headline_tells_a_level_from_a_growth_and_names_the_year(
    kwargs: dict,
    zh: str,
    en: str,  # type: ignore[type-arg]
) -> None:
    assert headline(**kwargs) == zh
    assert headline(**kwargs, lang="en") == en


def test_an_axis_draws_in_the_magnitude_of_its_largest_value() -> None:
    assert scale([1.38e10, 2.6e10], "元") == (1e8, "亿元")
    assert scale([1.38e10, 2.6e10], "元", "en") == (1e9, "billion yuan")
    assert scale([3.56e5], "人") == (1e4, "万人")
    assert scale([5.5, 7.0], "%") == (1.0, "%")
    assert scale([950.0], "元") == (1.0, "元")
    assert scale([], "公里", "en") == (1.0, "km")


def test_a_count_is_a_bare_number_in_english() -> None:
    assert is_count("个") and is_count("座")
    assert amount(30, "个", "en") == "30" and amount(30, "个") == "30个"
    assert not is_count("亿元") and not is_count("%") and not is_count("")
    assert not is_count("家")  # English names what is counted: 30 firms
