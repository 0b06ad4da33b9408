from __future__ import annotations

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.metadata import guess_doc_type
from luoshi.reading.region import descendants, division, find_region


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("某某县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", "plan"),
        ("2024年政府工作报告", "work_report"),
        ("在县委十四届三次全会上的讲话", "speech"),
        ("在中国共产党某某县第十五次代表大会上的报告", "congress_report"),
        ("2023年某某县国民经济和社会发展统计公报", "bulletin"),
        ("2025-01-06 08:52 来源:某某新闻网", "news"),
        ("一段没有线索的文字", None),
    ],
)
def test_doc_type(head: str, kind: str | None) -> None:
    assert guess_doc_type(head) == kind


def test_metadata_from_a_news_header() -> None:
    text = "某地发展的“密码”\n\n2025-01-06 08:52:14 来源：临汾新闻网\n\n临汾全市经济增长。"
    doc = read_bytes(text.encode(), "n.txt")
    assert doc.meta.title == "某地发展的“密码”"
    assert doc.meta.date == "2025-01-06"
    assert doc.meta.source == "临汾新闻网"
    assert doc.meta.doc_type == "news"
    assert doc.meta.year == 2025


def test_region_division_lookup() -> None:
    d = division("141127")
    assert d is not None and d.name == "岚县" and d.level == "county"
    assert d.full_name == "山西省吕梁市岚县"
    assert division("999999") is None


def test_region_of_a_county_text() -> None:
    text = (
        "岚县县委提出，全县上下要推动岚县高质量发展。"
        "我县位于吕梁山北端，全县经济稳步增长，岚县人民。"
    )
    assert find_region(text) == ("141127", "山西省吕梁市岚县", "county")


def test_ordinary_words_are_not_places() -> None:
    # 振兴 is 振兴区 of 丹东, 富县 a county of 延安: in a slogan they are words.
    text = "全县推进乡村振兴，实施产业富县战略，振兴县域经济，全县上下，县委县政府。" * 3
    assert find_region(text) is None


def test_descendants_are_the_divisions_under_a_region() -> None:
    under_city = {d.code: d.name for d in descendants("141100")}  # 吕梁市
    assert under_city["141127"] == "岚县"
    assert "141100" not in under_city and "140000" not in under_city
    under_province = {d.code for d in descendants("140000")}  # 山西省: cities and counties
    assert {"141100", "141127"} <= under_province
    assert descendants("999999") == []
