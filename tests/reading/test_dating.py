"""A document's frame: its year, genre and region, each with how it was found."""

from __future__ import annotations

import csv

import pytest

from luoshi.reading import read_bytes, read_document
from luoshi.reading.dating import date_of_byline
from tests.conftest import CORPUS, NATIONAL, need_corpus


def meta(text: str, name: str = "t.txt"):  # type: ignore[no-untyped-def]
    return read_bytes(text.encode("utf-8"), name).meta


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("——2026年1月25日在某某省第十六届人民代表大会第四次会议上", "2026-01-25"),
        ("——二〇二六年一月二十七日在某某省十四届人民代表大会第四次会议上", "2026-01-27"),
        ("（2024年1月15日在某某县第十八届人民代表大会第四次会议上）", "2024-01-15"),
        ("2024年1月15日，全县召开大会", None),  # a date in prose is not a byline
        ("——2024年13月1日在大会上", None),
    ],
)
def test_bylines(line: str, iso: str | None) -> None:
    assert date_of_byline(line) == iso


def test_a_work_reports_title_dates_it() -> None:
    m = meta("2026年某某省政府工作报告\n\n各位代表：\n全省经济稳定增长。\n")
    assert m.year == 2026 and m.doc_type == "work_report"
    assert "title" in m.found["date"]


def test_a_bulletins_title_year_is_the_year_it_reports_not_its_date() -> None:
    m = meta("某某县2023年国民经济和社会发展统计公报\n\n一、综合\n全县经济增长。\n")
    assert m.year is None and m.doc_type == "bulletin"


@pytest.mark.parametrize(
    ("text", "year", "how"),
    [
        (
            "各位代表：\n一、2024年工作回顾\n过去一年…\n二、今年工作安排\n",
            2025,
            "reviews the year before",
        ),
        ("各位代表：\n一、过去一年工作回顾\n…\n二、2025年工作总体部署\n", 2025, "heading"),
        (
            "各位代表：\n一、关于过去五年的政府工作\n…\n二、对2013年政府工作的建议\n",
            2013,
            "heading",
        ),
        ("各位代表：\n今年是“十四五”规划收官之年，做好今年工作意义重大。\n", 2025, "the text says"),
        ("各位代表：\n今年是“十五五”开局之年。\n", 2026, "the text says"),
        ("各位代表：\n今年是新中国成立70周年。\n", 2019, "the text says"),
        ("各位代表：\n刚刚过去的2017年，我们取得了新成绩。\n", 2018, "the text says"),
    ],
)
def test_a_report_dates_itself(text: str, year: int, how: str) -> None:
    m = meta(text)
    assert m.year == year
    assert how in m.found["date"]


def test_no_self_dating_text_means_no_year_and_a_note() -> None:
    m = meta("各位代表：\n一、去年工作回顾\n全县经济稳中有进。\n二、今年主要任务\n要抓好项目。\n")
    assert m.date is None and m.year is None
    assert m.found["date"].startswith("unknown")


def test_a_date_line_beats_self_dating() -> None:
    m = meta("某某县新闻\n2025-01-06 08:52 来源：某某新闻网\n今年是“十四五”规划收官之年。\n")
    assert m.date == "2025-01-06"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n", "100000"),
        (
            "政府工作报告\n——2025年1月17日在山西省第十四届人民代表大会第三次会议上\n"
            "各位代表：\n过去一年，全省经济增长。\n",
            "140000",
        ),
        ("2026年青海省政府工作报告\n\n各位代表：\n全省经济增长。\n", "630000"),
    ],
)
def test_the_region_a_report_is_delivered_to(text: str, code: str) -> None:
    m = meta(text)
    assert m.region_code == code
    assert m.found["region"]


def test_the_nation_is_a_region_with_a_name_and_a_level() -> None:
    m = meta("各位代表：\n我代表国务院，向第十三届全国人民代表大会第二次会议报告政府工作。\n")
    assert (m.region_code, m.region_name, m.region_level) == ("100000", "全国", "nation")


@pytest.mark.corpus
def test_every_provincial_report_is_dated_and_placed() -> None:
    corpus = need_corpus()
    manifest = corpus / "provinces" / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.skip(f"{manifest} is absent")
    with manifest.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert rows
    for row in rows:
        path = corpus / "provinces" / row["file"]
        m = read_document(path).meta
        province = row["region"].split(" ")[0]
        assert m.region_name == province, (row["file"], m.region_name, m.found)
        assert m.year == int(row["year"]), (row["file"], m.date, m.found)
        assert m.doc_type == "work_report", row["file"]


@pytest.mark.corpus
def test_national_reports_are_the_nations() -> None:
    need_corpus()
    for path in sorted(NATIONAL.glob("gwr-*.txt")):
        m = read_document(path).meta
        assert m.region_code == "100000", (path.name, m.found)
        if m.year is not None:
            # a year found is the right one: never a guess
            assert m.year == int(path.stem[4:8]), (path.name, m.found)
    assert CORPUS.is_dir()
