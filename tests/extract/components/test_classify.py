from __future__ import annotations

import pytest

from luoshi.extract.components.classify import comparator_of, measure_of
from tests.extract.conftest import only, run


@pytest.mark.parametrize(
    ("sentence", "kind", "measure", "comparator"),
    [
        ("力争新能源装机总量突破130万千瓦。", "target", "level", "ge"),
        ("2021年全县地区生产总值完成65.25亿元。", "actual", "level", "eq"),
        ("地区生产总值年均增速达到8.5%以上。", "target", "growth", "ge"),
        ("规上工业中铁矿占比74.95%。", "actual", "share", "eq"),
        ("山地、丘陵占总面积的85%。", "actual", "share", "eq"),
        ("绿化率提高2个百分点的目标。", "target", "change", "eq"),
        ("在中部城市排名跃升了14位。", "actual", "change", "eq"),
        ("城镇调查失业率控制在5.5%以内。", "target", "level", "le"),
        ("无霜期120天左右。", "actual", "level", "approx"),
        ("空气质量优良天数比例不低于85%。", "target", "level", "ge"),
        ("全省粮食产量比上年增长5.2%。", "actual", "growth", "eq"),
        ("单位地区生产总值能耗下降3%。", "actual", "growth", "eq"),
    ],
)
def test_kind_measure_comparator(sentence: str, kind: str, measure: str, comparator: str) -> None:
    s = only(sentence)
    assert (s.kind, s.measure, s.comparator) == (kind, measure, comparator)


def test_a_fall_is_a_growth_of_the_opposite_sign() -> None:
    assert measure_of("percent", "%", "percent", "能耗下降") == ("growth", "下降", -1)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("突破", "", "ge"),
        ("", "以上", "ge"),
        ("控制在", "", "le"),
        ("不低于", "", "ge"),
        ("", "左右", "approx"),
        ("约", "", "approx"),
        ("完成", "", "eq"),
    ],
)
def test_comparator_cues(before: str, after: str, expected: str) -> None:
    assert comparator_of(before, after, None)[0] == expected


def test_news_reports_results() -> None:
    text = "2025-01-06 08:52 来源：某某新闻网\n其GDP总量就从1500亿元跃升至2300亿元。"
    found = run(text).statements
    assert [s.kind for s in found] == ["actual", "actual"]
