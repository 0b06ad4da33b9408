from __future__ import annotations

import pytest

from luoshi.extract.components.time import find_time_expressions
from tests.extract.conftest import run


@pytest.mark.parametrize(
    ("text", "year", "deadline"),
    [
        ("2021年", 2021, False),
        ("到2030年", 2030, True),
        ("“十四五”末", 2025, True),
        ("到“十四五”末", 2025, True),
        ("十三五期间", 2020, True),
        ("一九八五年", 1985, False),
    ],
)
def test_time_expressions(text: str, year: int, deadline: bool) -> None:
    (expr,) = find_time_expressions(text, None)
    assert (expr.year, expr.deadline) == (year, deadline)


def test_relative_years_need_the_document_date() -> None:
    (expr,) = find_time_expressions("今年", 2023)
    assert expr.year == 2023
    (expr,) = find_time_expressions("去年", None)
    assert expr.year is None and expr.vague


def test_statement_years() -> None:
    text = (
        "2024-03-01 来源：某某县融媒体中心\n"
        "2023年全县地区生产总值完成65.25亿元；一般公共预算收入9.8亿元。"
        "今年全县地区生产总值预期增长6%左右。"
        "GDP总量近几年增加了810亿。"
    )
    found = run(text).statements
    assert [(s.text, s.year) for s in found] == [
        ("65.25亿元", 2023),
        ("9.8亿元", 2023),  # carried over the semicolon
        ("6%", 2024),  # 今年, resolved against the document's date
        ("810亿", None),  # 近几年 fixes no year
    ]


def test_deadline_later_in_the_sentence_governs_targets() -> None:
    text = "今后一个时期的奋斗目标是：地区生产总值年均增速达到8.5%以上，到2025年突破70亿元大关。"
    found = run(text).statements
    assert [(s.text, s.year, s.kind) for s in found] == [
        ("8.5%", 2025, "target"),
        ("70亿元", 2025, "target"),
    ]


def test_section_dated_as_one_years_work() -> None:
    text = (
        "一、过去一年的工作\n全县新建公路10公里。\n"
        "二、2022年的主要任务\n2022年是关键之年，要抓好四个方面工作。\n"
        "（一）抓项目。推进5千头种猪场项目。\n"
    )
    found = {s.text: s for s in run(text).statements}
    assert found["5千头"].year == 2022 and found["5千头"].kind == "target"
    # the plan heading dates the document to 2022, so its 过去一年 is 2021
    assert found["10公里"].year == 2021 and found["10公里"].kind == "actual"
