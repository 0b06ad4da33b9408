"""Whole-document extraction on short texts in the shape of each genre (written for the tests)."""

from __future__ import annotations

from tests.extract.conftest import run

BULLETIN = """某某县2023年国民经济和社会发展统计公报
2024-03-20 来源：某某县统计局
一、综合
2023年，全县实现地区生产总值156.8亿元，按不变价格计算，比上年增长5.6%。其中，第一产业增加值21.3亿元，增长4.1%；第二产业增加值68.2亿元，增长6.3%。三次产业结构为13.6:43.5:42.9。年末全县常住人口32.15万人，常住人口城镇化率52.3%，比上年末提高1.2个百分点。
"""

WORK_REPORT = """2024年某某县政府工作报告
（2024年1月15日在某某县第十八届人民代表大会第四次会议上）
一、2023年工作回顾
过去一年，全县地区生产总值预计完成156亿元，增长5.5%；固定资产投资完成98亿元，下降2.1%。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城乡居民人均可支配收入分别增长5.5%和7%，城镇新增就业2000人以上，城镇调查失业率控制在5.5%以内。
"""


def rows(text: str) -> list[tuple[str, str, str, str, str, int | None]]:
    return [
        (s.text, s.indicator, s.kind, s.measure, s.comparator, s.year) for s in run(text).statements
    ]


def test_statistical_bulletin() -> None:
    assert rows(BULLETIN) == [
        ("156.8亿元", "地区生产总值", "actual", "level", "eq", 2023),
        ("5.6%", "地区生产总值", "actual", "growth", "eq", 2023),
        ("21.3亿元", "第一产业增加值", "actual", "level", "eq", 2023),
        ("4.1%", "第一产业增加值", "actual", "growth", "eq", 2023),
        ("68.2亿元", "第二产业增加值", "actual", "level", "eq", 2023),
        ("6.3%", "第二产业增加值", "actual", "growth", "eq", 2023),
        ("13.6:43.5:42.9", "三次产业结构", "actual", "ratio", "eq", 2023),
        ("32.15万人", "常住人口", "actual", "level", "eq", 2023),
        ("52.3%", "常住人口城镇化率", "actual", "level", "eq", 2023),
        ("1.2个百分点", "常住人口城镇化率", "actual", "change", "eq", 2023),
    ]


# A bulletin reports on its title's year, whatever date the page carries (this one was put
# online again years later): 本年 and 上年 count from the year reported on; 与上年 is a
# comparison's base; the state at the end of that year (到…年底) is a result.
REPUBLISHED_BULLETIN = """青石县2019年国民经济和社会发展统计公报
发布时间：2023-06-12 来源：青石县统计局
二、农业
全县农业总产值38.6亿元，比上年增长3.2%，其中：种植业产值20.1亿元，与上年增长2.5%。到2019年底全县森林覆盖率达到64.8%。
三、市场主体
本年新增个体工商户2150户，全年城乡私营企业3540户。开展科技培训12次。到2025年，全县森林覆盖率稳定在65%以上。
"""


def test_a_bulletin_counts_its_years_from_the_year_it_reports_on() -> None:
    assert rows(REPUBLISHED_BULLETIN) == [
        ("38.6亿元", "农业总产值", "actual", "level", "eq", 2019),
        ("3.2%", "农业总产值", "actual", "growth", "eq", 2019),
        ("20.1亿元", "种植业产值", "actual", "level", "eq", 2019),
        ("2.5%", "种植业产值", "actual", "growth", "eq", 2019),
        ("64.8%", "森林覆盖率", "actual", "level", "eq", 2019),
        ("2150户", "新增个体工商户", "actual", "level", "eq", 2019),
        ("3540户", "城乡私营企业", "actual", "level", "eq", 2019),
        ("12次", "科技培训", "actual", "level", "eq", 2019),
        ("65%", "森林覆盖率", "target", "level", "ge", 2025),
    ]


def test_a_bulletin_whose_title_names_no_year_gets_none_guessed() -> None:
    undated = """青石县国民经济和社会发展统计公报
发布时间：2024-03-12 来源：青石县统计局
全县粮食产量12.5万吨，比上年增长2.1%。
"""
    # published in 2024, it reports on 2023 most likely: not said, so not guessed
    assert rows(undated) == [
        ("12.5万吨", "粮食产量", "actual", "level", "eq", None),
        ("2.1%", "粮食产量", "actual", "growth", "eq", None),
    ]


def test_government_work_report() -> None:
    assert rows(WORK_REPORT) == [
        ("156亿元", "地区生产总值", "actual", "level", "eq", 2023),
        ("5.5%", "地区生产总值", "actual", "growth", "eq", 2023),
        ("98亿元", "固定资产投资", "actual", "level", "eq", 2023),
        ("2.1%", "固定资产投资", "actual", "growth", "eq", 2023),
        ("6%", "地区生产总值", "target", "growth", "approx", 2024),
        # 城乡居民…分别: the town's figure, then the country's
        ("5.5%", "城镇居民人均可支配收入", "target", "growth", "eq", 2024),
        ("7%", "农村居民人均可支配收入", "target", "growth", "eq", 2024),
        ("2000人", "城镇新增就业", "target", "level", "ge", 2024),
        ("5.5%", "城镇调查失业率", "target", "level", "le", 2024),
    ]
    fall = next(s for s in run(WORK_REPORT).statements if s.text == "2.1%")
    assert fall.explain["measure"] == "classify: '下降'"


def test_bundled_sample() -> None:
    from luoshi.cli.read import sample_document
    from luoshi.extract import extract

    result = extract(sample_document())
    by_text = {s.text: s for s in result.statements}
    gdp = by_text["160亿元"]
    assert (gdp.indicator, gdp.kind, gdp.base_value, gdp.comparator, gdp.year) == (
        "地区生产总值", "target", 1.6e10, "ge", 2025,
    )  # fmt: skip
    assert by_text["5.5%"].comparator == "le" and by_text["5.5%"].kind == "target"
    assert by_text["128.6亿元"].kind == "actual" and by_text["128.6亿元"].year == 2022
    names = {f.name: f.members for f in result.frameworks}
    assert names["一心两翼三带"] == ["一心", "两翼", "三带"]
