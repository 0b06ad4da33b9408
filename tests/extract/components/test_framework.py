from __future__ import annotations

import pytest

from luoshi.extract.components._framework_known import table
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


def test_a_national_framework_merely_named_has_its_official_members() -> None:
    found = run("切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。").frameworks
    by_name = {f.name: f for f in found}
    assert by_name["四个意识"].members == ["政治意识", "大局意识", "核心意识", "看齐意识"]
    assert by_name["四个自信"].count == 4 and by_name["四个自信"].members[0] == "道路自信"
    assert by_name["两个维护"].count == 2
    assert "official members" in by_name["四个意识"].explain["members"]


def test_national_frameworks_quoted_in_running_text() -> None:
    found = frameworks("今年要扎实做好“六稳”工作，全面落实“六保”任务，守住底线。")
    assert found["六稳"] == (6, ["稳就业", "稳金融", "稳外贸", "稳外资", "稳投资", "稳预期"])
    count, members = found["六保"]
    assert count == 6 and members[0] == "保居民就业" and members[-1] == "保基层运转"


def test_a_national_framework_listed_before_its_name() -> None:
    text = "全市上下坚决打好防范化解重大风险、精准脱贫、污染防治三大攻坚战。"
    (fw,) = run(text).frameworks
    assert fw.name.endswith("三大攻坚战")
    assert fw.members == ["防范化解重大风险", "精准脱贫", "污染防治"]
    assert fw.explain["members"] == "framework: the enumeration before the name"


def test_a_list_that_disagrees_with_the_official_members_is_not_theirs() -> None:
    text = "坚持以马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想为指导。"
    count, members = frameworks(text)["三个代表"]
    assert count == 3 and "毛泽东思想" not in members
    assert members[0] == "中国先进生产力的发展要求"


def test_the_version_of_members_the_text_speaks_of() -> None:
    older = "全面建成小康社会迈出新步伐。我们要按照“四个全面”战略布局推进工作。"
    newer = "开启全面建设社会主义现代化国家新征程，协调推进“四个全面”战略布局。"
    assert frameworks(older)["四个全面"][1][0] == "全面建成小康社会"
    assert frameworks(newer)["四个全面"][1][0] == "全面建设社会主义现代化国家"


def test_official_members_of_a_composite_name() -> None:
    found = frameworks("重点解决“两不愁三保障”方面的突出问题，推进“三河三湖”治理。")
    assert found["两不愁三保障"] == (
        5,
        ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障"],
    )
    assert found["三河三湖"][0] == 6


@pytest.mark.parametrize(
    "text",
    [
        "村两委与农户约法三章，按时缴纳保洁费。",  # the idiom, not the State Council's rules
        "新建道路三公里，连通两个村。",  # a distance
        "坚持“一国两制”方针，促进两岸交流。",  # fixed phrases, not lists
        "实现义务教育、基本医疗有保障，三保障落实到户的比例逐年提高。",  # not 三保
        "县财政加大投入，确保三保险参保全覆盖。",  # 三保 needs its own word boundary
    ],
)
def test_a_national_name_inside_other_words_is_not_one(text: str) -> None:
    names = set(frameworks(text))
    assert not names & {"约法三章", "三公", "一国两制", "两岸", "三保"}


def test_a_national_name_with_its_policy_context() -> None:
    found = frameworks("县级财政要兜牢基层“三保”底线。")
    assert found["三保"] == (3, ["保基本民生", "保工资", "保运转"])


def test_the_rules_of_the_state_council_in_the_clause_after() -> None:
    text = "认真落实国务院“约法三章”，楼堂馆所建设、财政供养人员、“三公”经费均受到严格约束。"
    count, members = frameworks(text)["约法三章"]
    assert count == 3
    assert members[0] == "楼堂馆所建设" and members[1].startswith("财政供养人员")


def test_members_each_opening_with_a_one_character_head() -> None:
    text = "全面落实“四保”要求。施工期间做到保安全、保质量、保进度、保环境，按期交付。"
    assert frameworks(text)["四保"] == (4, ["保安全", "保质量", "保进度", "保环境"])


def test_an_adjective_opening_each_item_is_not_a_head() -> None:
    text = "推进高校“两优”改革。资源向优势学科、优势专业倾斜。"
    assert frameworks(text).get("两优", (2, []))[1] == []


def test_members_each_holding_a_two_character_head() -> None:
    text = "推进“两个融入”。积极融入省会都市圈、融入沿江经济带，拓展发展空间。"
    assert frameworks(text)["两个融入"] == (2, ["融入省会都市圈", "融入沿江经济带"])


def test_members_as_the_clauses_after_a_colon() -> None:
    text = "全县干部要守住“三条底线”：不碰生态红线，不越安全底线，不踩廉洁高压线。"
    assert frameworks(text)["三条底线"] == (3, ["不碰生态红线", "不越安全底线", "不踩廉洁高压线"])


def test_items_after_a_lead_in() -> None:
    text = (
        "做好今年工作，要把握好以下三点。\n第一，稳住经济大盘，扩大有效需求。\n"
        "第二，深化改革开放，激发市场活力。\n第三，保障改善民生，兜牢底线。\n"
    )
    assert frameworks(text)["以下三点"] == (3, ["稳住经济大盘", "深化改革开放", "保障改善民生"])


def test_an_excerpt_that_ends_inside_the_list_keeps_the_items_it_has() -> None:
    text = "做好今年工作，要把握好以下三点。\n第一，稳住经济大盘。继续实施积极的财政政策。\n"
    assert frameworks(text)["以下三点"] == (3, ["稳住经济大盘"])


def test_two_groups_joined_by_and() -> None:
    text = "坚持扩大内需、提振消费和优化结构、提升质量“双轮驱动”，推动经济回升。"
    assert frameworks(text)["双轮驱动"] == (2, ["扩大内需、提振消费", "优化结构、提升质量"])


def test_a_pair_written_side_by_side() -> None:
    assert frameworks("必须统筹省内省外两个市场，拓展销路。")["两个市场"] == (2, ["省内", "省外"])


def test_a_list_standing_as_the_subject_of_a_change() -> None:
    text = "化学需氧量和氨氮排放量实现“双下降”。"
    assert frameworks(text)["双下降"] == (2, ["化学需氧量", "氨氮排放量"])


def test_a_name_inside_one_item_of_a_longer_list_takes_no_members_from_it() -> None:
    text = "财税体制改革、医院“两定”改革、国企改革稳步推进。"
    assert frameworks(text).get("两定", (2, []))[1] == []


def test_a_juxtaposed_composite_promises_the_sum_of_its_numerals() -> None:
    count, members = frameworks("构建“两带三区”空间格局。")["两带三区"]
    assert count == 5 and members == ["两带", "三区"]


def test_an_unquoted_n_da_name_is_kept_without_members() -> None:
    assert frameworks("全面实施十大民生工程，办好群众身边事。") == {"实施十大民生工程": (10, [])}
    assert frameworks("我国是世界第二大经济体，中美两大经济体合作空间广阔。") == {}


def test_a_count_without_members_listed_needs_the_quotes_and_a_measure_word() -> None:
    found = frameworks("一体落实好市委出台的干部履职尽责“十条规定”。")
    assert found == {"十条规定": (10, [])}
    assert frameworks("进一步统一思想，一步一个脚印。") == {}


def test_framework_offsets_point_into_the_source() -> None:
    result = run("坚持牛、羊、猪、驴、鸡“五畜并举”。")
    (fw,) = result.frameworks
    assert result.doc.source[fw.source_start : fw.source_end] == "五畜并举"
    assert fw.explain["members"].startswith("framework:")


def test_every_national_framework_names_its_source_and_keeps_its_count() -> None:
    entries = [k for versions in table().by_name.values() for k in versions]
    assert len(entries) > 50
    for k in entries:
        assert k.source, k.name
        assert k.never or not k.members or len(k.members) == k.count, k.name
