from __future__ import annotations

import pytest

from luoshi.extract.components.framework import numeral_value
from tests.extract.conftest import run


def frameworks(text: str) -> dict[str, tuple[int, list[str]]]:
    return {f.name: (f.count, f.members) for f in run(text).frameworks}


@pytest.mark.parametrize(
    ("s", "n"),
    [("一", 1), ("两", 2), ("双", 2), ("十", 10), ("十二", 12), ("三十", 30), ("12", 12)],
)
def test_numeral_value(s: str, n: int) -> None:
    assert numeral_value(s) == n


def test_members_enumerated_before_the_name() -> None:
    found = frameworks("养殖业坚持牛、羊、猪、驴、鸡“五畜并举”，扩大规模。")
    assert found["五畜并举"] == (5, ["牛", "羊", "猪", "驴", "鸡"])


def test_members_in_the_items_that_follow() -> None:
    text = "我县至少有三大宝贵机遇：一是产业转移机遇。二是政策利好机遇。三是能源转型机遇。"
    assert frameworks(text)["三大宝贵机遇"] == (3, ["产业转移机遇", "政策利好机遇", "能源转型机遇"])


def test_members_in_the_headings_that_follow() -> None:
    text = (
        "我们要抓好三个方面工作。\n"
        "（一）坚定不移推动经济发展，做强产业。\n正文。\n"
        "（二）坚定不移深化改革开放，激发活力。\n正文。\n"
        "（三）坚定不移加强党的领导，夯实保障。\n正文。\n"
    )
    count, members = frameworks(text)["抓好三个方面工作"]
    assert count == 3 and members[0].endswith("推动经济发展")


def test_members_by_the_repeated_head() -> None:
    text = (
        "做好四篇文章，就是坚持系统谋划。\n主动做好“衔接”文章。\n持续做好“提升”文章。\n"
        "聚力做好“跨越”文章。\n全面做好“振兴”文章。\n"
    )
    assert frameworks(text)["做好四篇文章"] == (4, ["衔接", "提升", "跨越", "振兴"])


def test_quoted_composite_and_its_parts() -> None:
    text = (
        "县委提出“一心两翼三带”总体布局：一心，即县城综合服务中心；"
        "两翼，即东部工业走廊和西部文旅片区。"
    )
    found = run(text).frameworks
    top = next(f for f in found if f.name == "一心两翼三带")
    assert top.members == ["一心", "两翼", "三带"]
    two = next(f for f in found if f.name == "两翼")
    assert two.members == ["东部工业走廊", "西部文旅片区"] and two.parent == "一心两翼三带"


def test_digit_string_framework() -> None:
    text = "提出了“123”总体工作思路。“1”就是“一个统领”。“2”就是“两个融入”。“3”就是“三大战略”。"
    count, members = frameworks(text)["“123”总体工作思路"]
    assert count == 3 and members == ["一个统领", "两个融入", "三大战略"]


def test_a_national_slogan_merely_mentioned_is_not_a_framework() -> None:
    assert frameworks("切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。") == {}


def test_a_count_without_members_listed_needs_the_quotes_and_a_measure_word() -> None:
    found = frameworks("一体落实好市委出台的干部履职尽责“十条规定”。")
    assert found == {"十条规定": (10, [])}
    assert frameworks("进一步统一思想，一步一个脚印。") == {}


def test_framework_offsets_point_into_the_source() -> None:
    result = run("坚持牛、羊、猪、驴、鸡“五畜并举”。")
    (fw,) = result.frameworks
    assert result.doc.source[fw.source_start : fw.source_end] == "五畜并举"
    assert fw.explain["members"].startswith("framework:")
