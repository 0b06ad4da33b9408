"""What span a figure or a target covers, from the words before it."""

from __future__ import annotations

import pytest

from luoshi.store.periods import clause_before, figure_period, target_period


def _at_end(sentence: str, figure: str) -> tuple[str, int]:
    return sentence, sentence.index(figure)


@pytest.mark.parametrize(
    ("sentence", "figure", "period"),
    [
        ("全市地区生产总值5.2万亿元、增长5.4%、高于全国0.4个百分点", "5.4%", "year"),
        ("过去五年，地区生产总值年均增长5.2%，经济总量连续迈上新台阶", "5.2%", "average"),
        ("城镇新增就业累计106万人", "106万人", "total"),
        ("“十四五”时期，城镇新增就业261.6万人", "261.6万人", "total"),
        ("2021—2025年，全省城镇新增就业261.6万人", "261.6万人", "total"),
        ("五年来，粮食产量稳定在1300万吨以上", "1300万吨", "total"),
        ("前三季度，全省生产总值增长5.3%", "5.3%", "to_date"),
        ("1—10月，固定资产投资增长3%", "3%", "to_date"),
        ("1—12月，固定资产投资增长3%", "3%", "year"),
        ("9月末，各项存款余额8万亿元", "8万亿元", "to_date"),
        ("12月末，各项存款余额8万亿元", "8万亿元", "year"),
        ("今年是“十四五”规划收官之年，城镇新增就业50万人", "50万人", "year"),
    ],
)
def test_figure_period(sentence: str, figure: str, period: str) -> None:
    assert figure_period(*_at_end(sentence, figure)) == period


@pytest.mark.parametrize(
    ("sentence", "figure", "period"),
    [
        ("地区生产总值增长5%左右", "5%", "year"),
        ("到2025年，地区生产总值年均增长8%", "8%", "average"),
        ("地区生产总值、一般公共预算收入年均分别增长6%、7%", "7%", "average"),
        ("“十四五”期间，城镇新增就业累计达到250万人", "250万人", "total"),
        ("“十四五”期间，单位GDP能耗下降13.5%", "13.5%", "total"),
        ("每年新增城镇就业10万人以上", "10万人", "each"),
    ],
)
def test_target_period(sentence: str, figure: str, period: str) -> None:
    assert target_period(*_at_end(sentence, figure)) == period


def test_clause_before_stops_at_the_clause() -> None:
    sentence = "过去五年，地区生产总值年均增长5.2%，一般公共预算收入增长4.8%"
    assert clause_before(sentence, sentence.index("4.8%")) == "一般公共预算收入增长"
    assert figure_period(sentence, sentence.index("4.8%")) == "total"  # still the five years


def test_the_end_of_a_change_over_the_year_is_the_years() -> None:
    s = "城镇新增就业42万人，年末城镇调查失业率从上半年5.6%降到5.2%。"
    assert figure_period(s, s.index("5.2")) == "year"
    assert figure_period(s, s.index("5.6")) == "to_date"
    s = "全年地区生产总值增长5.3%，其中前三季度增长4.9%。"
    assert (figure_period(s, s.index("5.3")), figure_period(s, s.index("4.9"))) == (
        "year",
        "to_date",
    )
