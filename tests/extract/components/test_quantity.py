from __future__ import annotations

import pytest

from luoshi.extract.components.quantity import match_unit, scaled
from tests.extract.conftest import only, run


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "base_value", "base_unit"),
    [
        ("全县地区生产总值完成65.25亿元。", "65.25亿元", 65.25, "亿元", 6525000000, "元"),
        ("新能源装机总量突破130万千瓦。", "130万千瓦", 130, "万千瓦", 1300000, "千瓦"),
        ("林地面积128万亩。", "128万亩", 128, "万亩", 1280000, "亩"),
        ("总人口18.7万人。", "18.7万人", 18.7, "万人", 187000, "人"),
        ("森林覆盖率达到43.62%。", "43.62%", 43.62, "%", 43.62, "%"),
        ("绿化率提高2个百分点。", "2个百分点", 2, "个百分点", 2, "个百分点"),
        ("国土总面积1512平方公里。", "1512平方公里", 1512, "平方公里", 1512, "平方公里"),
        ("年平均气温6.9℃。", "6.9℃", 6.9, "℃", 6.9, "℃"),
        ("年平均风速2.2m/s。", "2.2m/s", 2.2, "m/s", 2.2, "m/s"),
        ("GDP总量增加了810亿。", "810亿", 810, "亿", 81000000000, ""),
        ("推进5千头种猪场项目。", "5千头", 5000, "头", 5000, "头"),
        ("水资源总量为8578万立方米。", "8578万立方米", 8578, "万立方米", 85780000, "立方米"),
        ("进出口总额1.6万亿元。", "1.6万亿元", 1.6, "万亿元", 1.6e12, "元"),
        ("全年粮食产量五千吨。", "五千吨", 5000, "吨", 5000, "吨"),
        ("到北京只需一个半小时。", "一个半小时", 1.5, "小时", 1.5, "小时"),
        ("电价0.5元/千瓦时。", "0.5元/千瓦时", 0.5, "元/千瓦时", 0.5, "元/千瓦时"),
    ],
)
def test_units_and_magnitudes(
    sentence: str, text: str, value: float, unit: str, base_value: float, base_unit: str
) -> None:
    s = only(sentence)
    assert (s.text, s.value, s.unit, s.base_value, s.base_unit) == (
        text, value, unit, pytest.approx(base_value), base_unit,
    )  # fmt: skip


def test_ratio_is_one_statement_with_a_list() -> None:
    s = only("三次产业比重分别为8.4:64.9:26.7。")
    assert s.value == [8.4, 64.9, 26.7] and s.measure == "ratio" and s.unit == ""


def test_several_values_in_one_phrase() -> None:
    found = run("全县辖4镇5乡136个行政村。").statements
    assert [(s.text, s.unit, s.indicator) for s in found] == [
        ("4镇", "镇", "镇"),
        ("5乡", "乡", "乡"),
        ("136个", "个", "行政村"),
    ]


def test_match_unit_directly() -> None:
    m = match_unit("亿元以上", 0)
    assert m is not None and (m.text, m.base, m.factor) == ("亿元", "元", 1e8)
    assert match_unit("方面", 0) is None


@pytest.mark.parametrize(
    ("sentence", "base"),
    [("地区生产总值8.8亿元", 880_000_000.0), ("投资0.7万亿元", 700_000_000_000.0)],
)
def test_base_values_carry_no_binary_tail(sentence: str, base: float) -> None:
    """8.8 × 10⁸ is 880000000.0000001 in floating point; the figure is 880000000."""
    assert only(sentence).base_value == base
    assert scaled(8.8, 1e8) == 880_000_000.0
    assert scaled(float("inf"), 1e8) == float("inf")
