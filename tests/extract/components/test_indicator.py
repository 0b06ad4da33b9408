from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from luoshi.extract.components.indicator import (
    NATIONAL,
    clean_phrase,
    coordinated,
    lookup,
    vocabulary,
)
from tests.extract.conftest import only, run


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("2021年全县地区生产总值完成65.25亿元。", "地区生产总值"),
        ("城镇居民人均可支配收入完成24436元。", "城镇居民人均可支配收入"),
        ("其中梁家庄乡袁家村铁矿储量达13.6亿吨。", "铁矿储量"),
        ("严守40万亩耕地红线不动摇。", "耕地红线"),
        ("在东村建设温室大棚1000座。", "温室大棚"),
        ("打造15公里生态廊道。", "生态廊道"),
        ("特别是GDP增速2023年达到7.6%。", "GDP增速"),
        ("力争全县产能达830万吨。", "产能"),
        ("咬定每年新增绿化面积10万亩。", "新增绿化面积"),
    ],
)
def test_indicator_phrases(sentence: str, indicator: str) -> None:
    assert only(sentence).indicator == indicator


def test_a_clause_without_its_own_indicator_continues_the_one_before() -> None:
    found = run("地区生产总值年均增速达到8.5%以上，到2025年突破70亿元大关。").statements
    assert [s.indicator for s in found] == ["地区生产总值年均增速", "地区生产总值"]


def test_own_region_is_stripped() -> None:
    assert clean_phrase("岚县地区生产总值完成", ("岚县",)) == "地区生产总值"


def test_canonical_vocabulary() -> None:
    ind = lookup("GDP总量")
    assert ind is not None and ind.id == "gdp" and ind.direction == "higher"
    assert lookup("全县城镇居民人均可支配收入") is not None
    assert {i.dimension for i in vocabulary()} >= {"创新", "协调", "绿色", "开放", "共享"}
    energy = lookup("单位GDP能耗")
    assert energy is not None and energy.direction == "lower" and energy.binding == "约束性"


def test_canonical_id_on_statements() -> None:
    assert only("全县地区生产总值完成65.25亿元。").indicator_id == "gdp"


def test_user_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mod = importlib.import_module("luoshi.extract.components.indicator")

    extra = tmp_path / "mine.tsv"
    extra.write_text("sheep\t肉羊饲养量\t羊存栏\t只\thigher\t经济\t\n", encoding="utf-8")
    monkeypatch.setenv("LUOSHI_INDICATORS", str(extra))
    mod.vocabulary.cache_clear()
    mod._index.cache_clear()
    mod.lookup.cache_clear()
    try:
        found = lookup("羊存栏")
        assert found is not None and found.id == "sheep"
        assert lookup("全县羊存栏") is found  # the head rule holds for the user's entries too
    finally:
        monkeypatch.delenv("LUOSHI_INDICATORS")
        mod.vocabulary.cache_clear()
        mod._index.cache_clear()
        mod.lookup.cache_clear()


# --- the vocabulary: what the standard tables say of each indicator -------------------


@pytest.mark.parametrize(
    ("ident", "unit", "direction", "ceiling", "nature"),
    [
        ("gdp", "元", "higher", False, "stock"),
        ("cpi", "%", "lower", True, "rate"),
        ("unemployment_rate", "%", "lower", True, "rate"),
        ("registered_unemployment_rate", "%", "lower", True, "rate"),
        ("new_urban_jobs", "人", "higher", False, "flow"),
        ("energy_intensity", "吨标准煤", "lower", False, "rate"),
        ("deficit_ratio", "%", "lower", True, "rate"),
        ("deficit", "元", "lower", True, "flow"),
        ("special_bonds", "元", "higher", False, "flow"),
        ("general_budget_revenue", "元", "higher", False, "stock"),
        ("rd_intensity", "%", "higher", False, "rate"),
        ("urbanization_rate", "%", "higher", False, "rate"),
        ("grain_output", "吨", "higher", False, "stock"),
        ("foreign_investment", "美元", "higher", False, "stock"),
    ],
)
def test_entries_carry_unit_direction_and_nature(
    ident: str, unit: str, direction: str, ceiling: bool, nature: str
) -> None:
    ind = next(i for i in vocabulary() if i.id == ident)
    assert (ind.unit, ind.direction, ind.ceiling, ind.nature) == (unit, direction, ceiling, nature)


def test_every_entry_is_complete_and_names_are_unique() -> None:
    ids = [i.id for i in vocabulary()]
    assert len(ids) == len(set(ids))
    for ind in vocabulary():
        assert ind.unit and ind.nature in {"stock", "flow", "rate"}
        assert ind.direction in {"higher", "lower"}
        assert ind.dimension in {"创新", "协调", "绿色", "开放", "共享", "经济"}
        assert ind.binding in {"约束性", "预期性", ""}
        assert lookup(ind.name) is ind, ind.name  # no name is taken by another entry


def test_the_fourteenth_plan_binding_indicators() -> None:
    # the plan outline's table has 8 binding indicators; 7 of them in 绿色生态 and 安全保障
    binding = {"energy_intensity", "carbon_intensity", "good_air_days", "surface_water_quality"}
    binding |= {"forest_coverage", "grain_capacity", "energy_output", "schooling_years"}
    assert all(next(i for i in vocabulary() if i.id == b).binding == "约束性" for b in binding)


def test_a_national_report_names_gdp_as_the_nation_does() -> None:
    gdp = lookup("国内生产总值")
    assert gdp is not None and gdp is lookup("地区生产总值") is lookup("生产总值")
    assert gdp.name_at(NATIONAL) == "国内生产总值"
    assert gdp.name_at("province") == gdp.name_at(None) == "地区生产总值"
    energy = lookup("单位国内生产总值能源消耗")
    assert energy is not None and energy.name_at(NATIONAL) == "单位国内生产总值能源消耗"
    cpi = lookup("居民消费价格涨幅")
    assert cpi is not None and cpi.name_at(NATIONAL) == cpi.name == "居民消费价格涨幅"


# --- the head rule: a phrase is the indicator its head noun names ----------------------


@pytest.mark.parametrize(
    ("phrase", "ident"),
    [
        # the name, a synonym, a scope before it, a measure word after it
        ("国内生产总值", "gdp"),
        ("全省地区生产总值", "gdp"),
        ("我国国内生产总值", "gdp"),
        ("国内生产总值增长", "gdp"),
        ("地区生产总值年均增速", "gdp"),
        ("经济增长", "gdp"),
        ("全市经济年均增长", "gdp"),
        ("经济总量", "gdp"),
        ("五年累计实际利用外资", "foreign_investment"),
        ("全社会固定资产投资", "fixed_asset_investment"),
        ("全国城镇调查失业率", "unemployment_rate"),
        ("居民消费价格上涨", "cpi"),
        ("居民消费价格指数涨幅", "cpi"),
        ("单位国内生产总值能耗下降", "energy_intensity"),
        ("单位地区生产总值能源消耗降低", "energy_intensity"),
        ("万元地区生产总值用水量", "water_use_per_gdp"),
        ("单位国内生产总值二氧化碳排放", "carbon_intensity"),
        ("人均地区生产总值", "gdp_per_capita"),
        ("人均国内生产总值", "gdp_per_capita"),
        ("城镇登记失业率", "registered_unemployment_rate"),
        ("城镇调查失业率", "unemployment_rate"),
        ("农村居民人均可支配收入", "rural_income"),
        ("全体居民人均可支配收入", "resident_income"),
        ("常住人口城镇化率", "urbanization_rate"),
        ("户籍人口城镇化率", "registered_urbanization_rate"),
        ("赤字率", "deficit_ratio"),
        ("财政赤字", "deficit"),
        ("新增地方政府专项债券", "special_bonds"),
        ("规上工业增加值增速", "industrial_value_added"),
        ("工业增加值", "industry_value_added"),
        ("进出口", "trade_total"),
        ("国民生产总值", "gnp"),
        # a share is an indicator of its part, or the entry defined as that share
        ("第三产业增加值占地区生产总值比重", "tertiary_value_added"),
        ("服务业增加值在国内生产总值中的比重", "tertiary_value_added"),
        ("税收占一般公共预算收入比重", "tax_revenue"),
        ("数字经济核心产业增加值占国内生产总值比重", "digital_economy_share"),
        ("数字经济核心产业增加值占全市生产总值的比重", "digital_economy_share"),
        ("研发经费支出占地区生产总值比重", "rd_intensity"),
        ("全社会研发经费投入相当于全省生产总值的比例", "rd_intensity"),
        ("财政赤字占国内生产总值的比重", "deficit_ratio"),
    ],
)
def test_head_noun_maps(phrase: str, ident: str) -> None:
    found = lookup(phrase)
    assert found is not None and found.id == ident, (phrase, found)


@pytest.mark.parametrize(
    "phrase",
    [
        "占国内生产总值比重",  # the part is named elsewhere
        "民生支出占一般公共预算支出比重",  # a share of something without an entry
        "社会物流总费用与地区生产总值的比率",
        "工业固定资产投资",  # a part of the whole
        "民间投资",
        "劳动年龄人口",
        "农业转移人口",
        "海洋生产总值",
        "县域经济增长",
        "襄阳经济总量",  # another place than the document's
        "新增发电装机容量",  # the year's increment of a stock, not the stock
        "城镇和农村居民人均可支配收入",  # two indicators
        "经济",
        "增速",
    ],
)
def test_a_phrase_whose_head_is_no_entry_maps_to_none(phrase: str) -> None:
    assert lookup(phrase) is None


# --- cleaning: the frame words of policy prose -----------------------------------------


@pytest.mark.parametrize(
    ("phrase", "cleaned"),
    [
        ("今年赤字率拟按", "赤字率"),  # modal and preposition
        ("比去年预算高", ""),  # a comparison with a base
        ("比上一年", ""),
        ("一九五八年又比一九五七年", ""),
        ("赤字率从去年的", "赤字率"),
        ("提高到", ""),
        ("左右安排", ""),  # a comparator left over and a budget verb
        ("拟安排财政赤字", "财政赤字"),
        ("中央预算内投资安排", "中央预算内投资"),
        ("地方政府专项债券先发行", "地方政府专项债券"),
        ("居民人均可支配收入实际", "居民人均可支配收入"),
        ("粮食产量继续保持在", "粮食产量"),
        ("规模以上工业增加值增速连续", "规模以上工业增加值增速"),
        ("全体居民人均可支配收入增速高于经济增速", "全体居民人均可支配收入增速"),
        ("外汇储备保持在", "外汇储备"),
        ("左右、农村居民人均可支配收入", "农村居民人均可支配收入"),
        ("总投资额完成了", "总投资额"),
        ("原煤增产了", "原煤"),
        ("“十三五”时期经济年均增长保持在", "经济年均增长"),  # the economy's growth
        ("经济增长", "经济增长"),
        ("规模以上工业企业接近", "规模以上工业企业"),
        ("增速全国", "增速"),  # the scope of a rank
        ("民间投资逆势", "民间投资"),
        ("高出全国平均水平", ""),
        # nouns that end like frame words stay whole
        ("一般公共预算支出", "一般公共预算支出"),
        ("城镇新增就业", "城镇新增就业"),
        ("实际使用外资", "实际使用外资"),
        ("研发投入", "研发投入"),
        ("人均", "人均"),
        ("城乡居民收入比", "城乡居民收入比"),
        ("社会保障支出", "社会保障支出"),
        # and nouns that begin like function words
        ("就业困难人员", "就业困难人员"),
        ("对外直接投资", "对外直接投资"),
        ("其他服务业增加值", "其他服务业增加值"),
        ("共享单车", "共享单车"),
        ("都市圈经济总量", "都市圈经济总量"),
        ("从业人员", "从业人员"),
        ("在建项目", "在建项目"),
        ("城市建成区绿化覆盖率", "城市建成区绿化覆盖率"),
    ],
)
def test_frame_words_are_taken_off(phrase: str, cleaned: str) -> None:
    from luoshi.extract.components.indicator import before_phrase

    assert before_phrase(phrase) == cleaned


@pytest.mark.parametrize(
    ("phrase", "members"),
    [
        ("城镇、农村居民人均可支配收入", ("城镇居民人均可支配收入", "农村居民人均可支配收入")),
        ("城镇居民、农村居民人均可支配收入", ("城镇居民人均可支配收入", "农村居民人均可支配收入")),
        ("存款、贷款余额", ("存款余额", "贷款余额")),
        ("原煤、原油、天然气产量", ("原煤产量", "原油产量", "天然气产量")),
        (
            "单位地区生产总值能耗和二氧化碳排放",
            ("单位地区生产总值能耗", "单位地区生产总值二氧化碳排放"),
        ),
        ("城镇居民人均可支配收入和农民人均纯收入", ("城镇居民人均可支配收入", "农民人均纯收入")),
        ("碳中和", ("碳中和",)),
    ],
)
def test_coordinated_indicators_share_their_head(phrase: str, members: tuple[str, ...]) -> None:
    assert coordinated(phrase) == members


# --- whole sentences, genre by genre ------------------------------------------------------

WORK_REPORT_TARGETS = (
    "今年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长4%，"
    "城镇新增就业4.5万人，城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右，"
    "单位地区生产总值能耗下降2.5%。"
)


def test_a_work_report_target_list() -> None:
    found = run(WORK_REPORT_TARGETS).statements
    assert [(s.text, s.indicator_id) for s in found] == [
        ("6%", "gdp"),
        ("4%", "general_budget_revenue"),
        ("4.5万人", "new_urban_jobs"),
        ("5.5%", "unemployment_rate"),
        ("3%", "cpi"),
        ("2.5%", "energy_intensity"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # national work report: targets and the budget
        (
            "今年发展主要预期目标是：经济增长5.5%左右；城镇新增就业1100万人以上，"
            "城镇登记失业率4.5%以内。",
            [
                ("经济增长", "gdp"),
                ("城镇新增就业", "new_urban_jobs"),
                ("城镇登记失业率", "registered_unemployment_rate"),
            ],
        ),
        (
            "赤字率拟按3.2%安排，赤字规模比上年增加4000亿元；拟安排地方政府专项债券3.8万亿元。",
            [
                ("赤字率", "deficit_ratio"),
                ("赤字规模", "deficit"),
                ("地方政府专项债券", "special_bonds"),
            ],
        ),
        (
            "今年赤字率拟按2.9%安排，比去年预算低0.2个百分点。",
            [("赤字率", "deficit_ratio"), ("赤字率", "deficit_ratio")],
        ),
        ("今年先发行1万亿元超长期特别国债。", [("超长期特别国债", "ultra_long_treasury_bonds")]),
        (
            "财政赤字率从上年的2.4%提高到3%。",
            [("财政赤字率", "deficit_ratio"), ("财政赤字率", "deficit_ratio")],
        ),
        # review section of a work report
        (
            "过去一年，全省地区生产总值达到2.45万亿元，增长5.2%，规模以上工业增加值增长6.1%。",
            [
                ("地区生产总值", "gdp"),
                ("地区生产总值", "gdp"),
                ("规模以上工业增加值", "industrial_value_added"),
            ],
        ),
        (
            "全国居民消费价格上涨0.9%，国内生产总值增长5.1%，总量突破120万亿元。",
            [("居民消费价格", "cpi"), ("国内生产总值", "gdp"), ("国内生产总值", "gdp")],
        ),
        (
            "一九五六年的工业总产值比一九五五年增长百分之二十八。",
            [("工业总产值", None)],
        ),
        # statistical bulletin lines
        (
            "全年粮食总产量685.4万吨，比上年增加12.3万吨。",
            [("粮食总产量", "grain_output"), ("粮食总产量", "grain_output")],
        ),
        (
            "年末全县常住人口31.6万人，常住人口城镇化率48.7%，比上年末提高1.1个百分点。",
            [
                ("常住人口", "resident_population"),
                ("常住人口城镇化率", "urbanization_rate"),
                ("常住人口城镇化率", "urbanization_rate"),
            ],
        ),
        (
            "全年全县完成固定资产投资52.3亿元，比上年增长9.8%；工业投资18.6亿元，增长15.2%。",
            [
                ("固定资产投资", "fixed_asset_investment"),
                ("固定资产投资", "fixed_asset_investment"),
                ("工业投资", None),
                ("工业投资", None),
            ],
        ),
        (
            "全县城镇登记失业率3.2%，比上年下降0.3个百分点；城镇调查失业率5.1%。",
            [
                ("城镇登记失业率", "registered_unemployment_rate"),
                ("城镇登记失业率", "registered_unemployment_rate"),
                ("城镇调查失业率", "unemployment_rate"),
            ],
        ),
        (
            "城镇居民人均可支配收入41200元，农村居民人均可支配收入17300元，分别增长4.3%和6.9%。",
            [
                ("城镇居民人均可支配收入", "urban_income"),
                ("农村居民人均可支配收入", "rural_income"),
                ("城镇居民人均可支配收入", "urban_income"),
                ("农村居民人均可支配收入", "rural_income"),
            ],
        ),
        (
            "城镇、农村常住居民人均可支配收入分别增长4.6%和6.8%。",
            [
                ("城镇常住居民人均可支配收入", "urban_income"),
                ("农村常住居民人均可支配收入", "rural_income"),
            ],
        ),
        (
            "一般公共预算收入完成32.6亿元，其中税收收入24.1亿元，"
            "税收占一般公共预算收入比重为73.9%。",
            [
                ("一般公共预算收入", "general_budget_revenue"),
                ("税收收入", "tax_revenue"),
                ("税收占一般公共预算收入比重", "tax_revenue"),
            ],
        ),
        # plan indicator tables written as prose
        (
            "到2025年，数字经济核心产业增加值占地区生产总值比重达到10%，研发经费投入强度达到2.8%。",
            [
                ("数字经济核心产业增加值占地区生产总值比重", "digital_economy_share"),
                ("研发经费投入强度", "rd_intensity"),
            ],
        ),
        (
            "“十四五”期间，单位地区生产总值能耗和二氧化碳排放分别降低13.5%、18%。",
            [
                ("单位地区生产总值能耗", "energy_intensity"),
                ("单位地区生产总值二氧化碳排放", "carbon_intensity"),
            ],
        ),
        (
            "人均地区生产总值达到6.8万元，第三产业增加值占地区生产总值比重提高到52%。",
            [
                ("人均地区生产总值", "gdp_per_capita"),
                ("第三产业增加值占地区生产总值比重", "tertiary_value_added"),
            ],
        ),
        (
            "地区生产总值年均增长6.5%左右，全员劳动生产率年均增长7%，粮食综合生产能力稳定在"
            "1300万吨以上。",
            [
                ("地区生产总值", "gdp"),
                ("全员劳动生产率", "labour_productivity"),
                ("粮食综合生产能力", "grain_capacity"),
            ],
        ),
        # county news
        (
            "县委经济工作会议指出，全县经济增长7.5%，总量突破150亿元。",
            [("经济增长", "gdp"), ("经济总量", "gdp")],
        ),
        (
            "该县实际使用外资1200万美元，外贸进出口总额完成8.6亿元，同比增长12.4%。",
            [
                ("实际使用外资", "foreign_investment"),
                ("外贸进出口总额", "trade_total"),
                ("外贸进出口总额", "trade_total"),
            ],
        ),
        (
            "全县空气质量优良天数比例达到82.1%，居全市第一。",
            [("空气质量优良天数比例", "good_air_days"), ("空气质量优良天数比例", "good_air_days")],
        ),
        (
            "粮食产量连续五年稳居全省第2位。",
            [("粮食产量", "grain_output")],
        ),
        (
            "全市地区生产总值增长6.2%、增速全省第2，总量达到3100亿元。",
            [("地区生产总值", "gdp"), ("地区生产总值", "gdp"), ("地区生产总值", "gdp")],
        ),
        ("对外直接投资增长4.3%。", [("对外直接投资", None)]),
        (
            "新认定高新技术企业12家，总数达到86家。",
            [("新认定高新技术企业", None), ("高新技术企业", "high_tech_enterprises")],
        ),
        # a bare magnitude counts the noun after it; a count of times, the action after it
        ("全年有近30万进城务工人员在城镇落户。", [("进城务工人员", None)]),
        ("先后3次下调贷款市场报价利率。", [("下调贷款市场报价利率", None)]),
        ("全县常住人口达到48万。", [("常住人口", "resident_population")]),
        (
            "城乡居民人均可支配收入分别增长5.3%、7%。",
            [
                ("城镇居民人均可支配收入", "urban_income"),
                ("农村居民人均可支配收入", "rural_income"),
            ],
        ),
        ("城镇调查失业率均值5.2%。", [("城镇调查失业率均值", "unemployment_rate")]),
        # what was built this year is not the stock the noun names; a flow entry keeps it
        (
            "新改建农村公路45公里，全县农村公路总里程达到1800公里。",
            [("新改建农村公路", None), ("农村公路总里程", "rural_roads")],
        ),
        ("建成高标准农田8万亩。", [("高标准农田", "high_standard_farmland")]),
    ],
)
def test_sentences_of_each_genre(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    found = run(sentence).statements
    assert [(s.indicator, s.indicator_id) for s in found] == expected
