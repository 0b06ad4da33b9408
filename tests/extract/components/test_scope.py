"""Scopes: sections, paragraphs and lead-in lists that set the year and kind of their
figures; the clause's own words decide first. Sentences written for these tests."""

from __future__ import annotations

import pytest

from luoshi.extract import Statement
from luoshi.extract.components.scope import heading_scope, period_of
from tests.extract.conftest import run


def by_text(text: str) -> dict[str, Statement]:
    return {s.text: s for s in run(text).statements}


@pytest.mark.parametrize(
    ("title", "doc_year", "want"),
    [
        ("2024年工作回顾", 2025, ("actual", 2024, 2024)),
        ("过去一年工作回顾", 2025, ("actual", 2024, 2024)),
        ("过去五年工作回顾", 2023, ("actual", 2022, 2018)),
        ("“十四五”时期和2025年工作回顾", 2026, ("actual", 2025, 2021)),
        ("“十三五”时期主要目标任务和重大举措", 2016, ("target", 2020, 2016)),
        ("2025年经济社会发展总体要求和政策取向", 2025, ("target", 2025, 2025)),
        ("今年主要任务", 2006, ("target", 2006, 2006)),
        ("今后五年工作的总体要求和主要目标", 2023, ("target", 2027, 2023)),
        ("1998年工作回顾和1999年工作的总体要求", 1999, ("actual", 1998, 1998)),
        ("1993年国内工作的回顾和1994年工作的基本方针", 1994, ("actual", 1993, 1993)),
        ("1955年国家决算", None, ("actual", 1955, 1955)),
        ("1956年的国家预算", None, ("target", 1956, 1956)),
        ("加强政府自身建设", 2025, ("target", None, None)),
        ("各位代表", 2025, (None, None, None)),
    ],
)
def test_headings(title: str, doc_year: int | None, want: tuple[object, ...]) -> None:
    assert heading_scope(title, doc_year) == want


def test_periods() -> None:
    assert period_of("“十五五”时期") == (2026, 2030)
    assert period_of("“六五”计划执行情况的回顾") == (1981, 1985)
    assert period_of("十五个乡镇") is None  # fifteen, not the tenth plan


REPORT = """2025年某某省政府工作报告
——2025年1月20日在某某省第十四届人民代表大会第三次会议上
各位代表：
一、2024年工作回顾
过去一年，全省地区生产总值增长5.2%。全省一般公共预算收入完成3200亿元。
我们年初提出地区生产总值增长4.8%左右的预期目标，实际增长好于预期。
五年来，全省地区生产总值年均增长5.7%，常住人口城镇化率从58.1%提高到62.3%。
二、2025年工作总体要求和主要目标
今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业50万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅2%左右；单位地区生产总值能耗下降2.5%左右。
到2030年，全省森林覆盖率达到45%。
三、加强政府自身建设
一般性支出压减5%以上。
"""


def test_a_work_reports_review_dates_its_results() -> None:
    found = by_text(REPORT)
    assert (found["5.2%"].kind, found["5.2%"].year) == ("actual", 2024)
    assert (found["3200亿元"].kind, found["3200亿元"].year) == ("actual", 2024)
    assert "'过去一年' opened an earlier sentence" in found["3200亿元"].explain["year"]


def test_a_review_restating_its_promise_keeps_the_promise_a_target() -> None:
    promise = by_text(REPORT)["4.8%"]
    assert (promise.kind, promise.year, promise.comparator) == ("target", 2024, "approx")


def test_a_period_review_dates_its_end_and_its_starting_values() -> None:
    found = by_text(REPORT)
    assert (found["5.7%"].kind, found["5.7%"].year) == ("actual", 2024)
    assert (found["58.1%"].kind, found["58.1%"].year) == ("actual", 2019)
    assert (found["62.3%"].kind, found["62.3%"].year) == ("actual", 2024)


def test_every_item_of_a_lead_in_list_is_a_target_of_the_year() -> None:
    found = [
        s for s in run(REPORT).statements if "主要预期目标" in s.sentence or s.sentence_start > 0
    ]
    items = {s.text: s for s in found if s.year == 2025}
    for text in ("50万人", "2%", "2.5%"):
        s = items[text]
        assert (s.kind, s.year) == ("target", 2025), (text, s.explain)
        assert "lead-in" in s.explain["kind"]
    unemployment = next(s for s in found if s.text == "5.5%" and s.year == 2025)
    assert unemployment.kind == "target"


def test_a_deadline_in_the_clause_beats_the_scope() -> None:
    forest = by_text(REPORT)["45%"]
    assert (forest.kind, forest.year) == ("target", 2030)
    assert "2030" in forest.explain["year"]


def test_the_parts_after_the_review_plan_the_reports_year() -> None:
    (cut,) = [s for s in run(REPORT).statements if "压减" in s.sentence]
    assert (cut.kind, cut.year, cut.comparator) == ("target", 2025, "ge")
    assert "work report of 2025" in cut.explain["year"]


def test_a_range_is_two_statements() -> None:
    found = run(
        "2019年政府工作报告\n今年经济社会发展的主要预期目标是：国内生产总值增长6%－6.5%。"
    ).statements
    assert [(s.text, s.value, s.comparator, s.kind, s.year) for s in found] == [
        ("6%", 6, "ge", "target", 2019),
        ("6.5%", 6.5, "le", "target", 2019),
    ]
    low, high = found
    assert low.start < low.end <= high.start < high.end
    assert low.measure == high.measure == "growth"


def test_a_lead_in_list_runs_over_item_paragraphs() -> None:
    text = (
        "2025年某某县政府工作报告\n二、2025年工作安排\n今年主要预期目标是：\n"
        "地区生产总值增长6%左右；\n固定资产投资增长8%；\n城镇新增就业2000人以上。\n"
        "全县完成造林1万亩。\n"
    )
    found = by_text(text)
    for t in ("6%", "8%", "2000人"):
        assert "lead-in" in found[t].explain["kind"], t
    assert "lead-in" not in found["1万亩"].explain["kind"]


def test_an_estimate_is_a_result_even_in_a_plan() -> None:
    text = (
        "2025年某某县政府工作报告\n二、2025年工作安排\n"
        "预计全年地区生产总值增长5.1%，今年要增长6%。\n"
    )
    found = by_text(text)
    assert (found["5.1%"].kind, found["5.1%"].year) == ("actual", 2024)
    assert (found["6%"].kind, found["6%"].year) == ("target", 2025)


def test_an_idiom_with_a_cue_word_is_not_a_cue() -> None:
    # 好于预期 reports a result; no date or scope here: the cue words alone decide
    s = by_text("全县经济运行好于预期，地区生产总值增长6.1%。")["6.1%"]
    assert s.kind == "actual"


def test_news_ahead_of_the_sessions_reports_the_past_year() -> None:
    text = (
        "两会召开在即 全市经济稳中向好\n2025-01-10 来源：某某新闻网\n"
        "过去一年，全市地区生产总值增长5.3%，城镇新增就业3.2万人。\n"
    )
    found = by_text(text)
    assert (found["5.3%"].kind, found["5.3%"].year) == ("actual", 2024)
    assert (found["3.2万人"].kind, found["3.2万人"].year) == ("actual", 2024)


def test_a_new_plan_period_sets_its_deadline() -> None:
    text = (
        "2026年某某省政府工作报告\n一、“十四五”时期和2025年工作回顾\n"
        "五年来，全省地区生产总值年均增长5.6%。\n"
        "二、“十五五”时期主要目标任务\n全省地区生产总值年均增长5%左右。\n"
        "三、2026年重点工作\n全省地区生产总值增长5%左右。\n"
    )
    found = [(s.text, s.kind, s.year) for s in run(text).statements]
    assert found == [
        ("5.6%", "actual", 2025),
        ("5%", "target", 2030),
        ("5%", "target", 2026),
    ]


def test_an_undated_document_gives_no_year_and_says_why() -> None:
    result = run("各位代表：\n一、过去一年工作回顾\n全县地区生产总值增长5%。\n")
    (s,) = result.statements
    assert s.kind == "actual" and s.year is None
    assert result.doc.meta.found["date"].startswith("unknown")


def test_a_contradictory_clause_wins_and_says_so() -> None:
    text = "2025年某某县政府工作报告\n一、2024年工作回顾\n全县规划到2027年建成5G基站3000个。\n"
    s = by_text(text)["3000个"]
    assert (s.kind, s.year) == ("target", 2027)
    assert "deadline" in s.explain["kind"]


def test_the_time_a_sentence_opens_with_dates_the_sentences_after_it() -> None:
    text = (
        "2011年政府工作报告\n三、2011年的工作\n"
        "2011年，是“十二五”开局之年。过去一年，我们的各项工作取得了很大成绩。"
        "国内生产总值增长10.3%，城镇新增就业1168万人。今年国内生产总值增长8%左右。\n"
    )
    found = by_text(text)
    assert (found["10.3%"].kind, found["10.3%"].year) == ("actual", 2010)
    assert (found["1168万人"].kind, found["1168万人"].year) == ("actual", 2010)
    assert (found["8%"].kind, found["8%"].year) == ("target", 2011)


def test_a_target_set_for_growth_is_a_growth() -> None:
    s = by_text("2004年政府工作报告\n二、2004年主要任务\n今年经济增长预期目标为7%左右。")["7%"]
    assert (s.measure, s.kind, s.year, s.comparator) == ("growth", "target", 2004, "approx")
