"""The number recogniser: Arabic, Chinese and mixed numerals in prose, and what is not one."""

from __future__ import annotations

import math
import time

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.extract.components.number import (
    NumberMatch,
    find_dates,
    find_numbers,
    parse_chinese_numeral,
    scan_numbers,
)


def only(text: str) -> NumberMatch:
    """The single number found in ``text`` (fails if there is not exactly one)."""
    found = find_numbers(text)
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0]


def span(text: str, m: NumberMatch) -> str:
    return text[m.start : m.end]


# --- plain numbers and magnitudes -------------------------------------------------------

PLAIN = [
    # text, the span, value, magnitude word, written in Chinese numerals
    ("3.5万", "3.5", 3.5, "万", False),
    ("两千零五", "两千零五", 2005, "", True),
    ("五千", "五千", 5000, "", True),
    ("存栏5千头", "5千", 5000, "", True),
    ("三万五千", "三万五千", 35000, "", True),
    ("一百零八", "一百零八", 108, "", True),
    ("实现65.25亿元", "65.25", 65.25, "亿", False),
    ("常住人口18.7万人", "18.7", 18.7, "万", False),
    ("增加1.6万亿元", "1.6", 1.6, "万亿", False),
    ("装机130万千瓦", "130", 130, "万", False),
    ("装机三万千瓦", "三", 3, "万", True),
    ("装机5千瓦", "5", 5, "", False),
    ("1.2千万", "1.2千", 1200, "万", True),
    ("四千万元", "四千", 4000, "万", True),
    ("一万五千亿", "一万五千", 15000, "亿", True),
    ("一百零一万一千人", "一百零一万一千", 1011000, "", True),
    ("共1,200人", "1,200", 1200, "", False),
    ("共12，000人", "12，000", 12000, "", False),
    ("１２３个", "１２３", 123, "", False),
    ("全县136个行政村", "136", 136, "", False),
    ("两个百分点", "两", 2, "", True),
    ("十五个", "十五", 15, "", True),
    ("肆佰陆拾元", "肆佰陆拾", 460, "", True),
    ("增长-3.5", "-3.5", -3.5, "", False),
    ("一个半小时", "一个半", 1.5, "", True),
    ("3个半月", "3个半", 3.5, "", False),
    ("年降水量457毫米", "457", 457, "", False),
    ("风速2.2m/s", "2.2", 2.2, "", False),
]


@pytest.mark.parametrize(("text", "expected_span", "value", "mag_text", "chinese"), PLAIN)
def test_plain_numbers(
    text: str, expected_span: str, value: float, mag_text: str, chinese: bool
) -> None:
    m = only(text)
    assert span(text, m) == expected_span
    assert m.value == pytest.approx(value)
    assert m.form == "number"
    assert m.magnitude_text == mag_text
    assert m.magnitude == {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12}[mag_text]
    assert m.chinese is chinese
    assert not m.vague


def test_the_magnitude_word_follows_the_span() -> None:
    text = "地区生产总值65.25亿元"
    m = only(text)
    assert text[m.end :].startswith(m.magnitude_text)


def test_several_numbers_in_one_clause() -> None:
    text = "全县辖4镇5乡136个行政村"
    assert [m.value for m in find_numbers(text)] == [4, 5, 136]


# --- percentages, fractions, ranges, ratios, multiples ------------------------------------

FORMS = [
    # text, span, form, value, scale
    ("增长8.5%", "8.5%", "percent", 8.5, "%"),
    ("增长８．５％", "８．５％", "percent", 8.5, "%"),
    ("占百分之八", "百分之八", "percent", 8, "%"),
    ("占百分之八点五", "百分之八点五", "percent", 8.5, "%"),
    ("百分之百", "百分之百", "percent", 100, "%"),
    ("降到千分之三", "千分之三", "permille", 3, "‰"),
    ("自然增长率6.45‰", "6.45‰", "permille", 6.45, "‰"),
    ("三分之一", "三分之一", "fraction", 1 / 3, ""),
    ("十分之一", "十分之一", "fraction", 0.1, ""),
    ("三又二分之一", "三又二分之一", "fraction", 3.5, ""),
    ("约占全国1/3的", "1/3", "fraction", 1 / 3, ""),
    ("万分之五", "万分之五", "fraction", 0.0005, ""),
    ("增长1.5倍", "1.5", "multiple", 1.5, ""),
    ("增长两倍", "两", "multiple", 2, ""),
    ("翻一番", "翻一番", "multiple", 2, ""),
    ("翻两番", "翻两番", "multiple", 4, ""),
]


@pytest.mark.parametrize(("text", "expected_span", "form", "value", "scale"), FORMS)
def test_forms(text: str, expected_span: str, form: str, value: float, scale: str) -> None:
    m = only(text)
    assert span(text, m) == expected_span
    assert m.form == form
    assert m.value == pytest.approx(value)
    assert m.scale == scale


RANGES = [
    # text, (low, high), magnitude word, scale
    ("10—20万", (10, 20), "万", ""),
    ("10至20万", (10, 20), "万", ""),
    ("5万—8万", (5, 8), "万", ""),
    ("5000—2万", (0.5, 2), "万", ""),
    ("增长6%－6.5%", (6, 6.5), "", "%"),
    ("增长6.5—7%", (6.5, 7), "", "%"),
    ("增长6%-7%", (6, 7), "", "%"),
    ("６．５％－７％", (6.5, 7), "", "%"),
    ("三至五年", (3, 5), "", ""),
    ("二百八十万到三百万千瓦", (280, 300), "万", ""),
]


@pytest.mark.parametrize(("text", "bounds", "mag_text", "scale"), RANGES)
def test_ranges(text: str, bounds: tuple[float, float], mag_text: str, scale: str) -> None:
    m = only(text)
    assert m.form == "range"
    assert m.value == pytest.approx(bounds)
    assert m.magnitude_text == mag_text
    assert m.scale == scale


@pytest.mark.parametrize(
    "text",
    ["由10万增加到20万", "从5%提高到7%"],
)
def test_from_to_is_two_numbers_not_a_range(text: str) -> None:
    assert [m.form for m in find_numbers(text)] == ["number" if "%" not in text else "percent"] * 2


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("三次产业比重为8.4:64.9:26.7", (8.4, 64.9, 26.7)),
        ("城乡收入比1.7:1", (1.7, 1.0)),
        ("城乡收入比1.7：1", (1.7, 1.0)),
        ("比例尺1:50000", (1.0, 50000.0)),
    ],
)
def test_ratios(text: str, terms: tuple[float, ...]) -> None:
    m = only(text)
    assert m.form == "ratio"
    assert m.value == pytest.approx(terms)


@pytest.mark.parametrize(
    "text", ["08:52:14", "2025年1月6日 8:30", "上午8:30召开", "8:05", "2025-01-06 08:52 来源"]
)
def test_clock_times_are_not_ratios(text: str) -> None:
    assert find_numbers(text) == []


# --- ranks --------------------------------------------------------------------------------

RANKS = [
    ("第二大", "第二", 2),
    ("是全省第二大煤田", "第二", 2),
    ("位居第三", "第三", 3),
    ("位居全省第7，", "第7", 7),
    ("居世界第二位", "第二", 2),
    ("全国第一。", "第一", 1),
    ("进入全国前十强", "前十", 10),
    ("排名前三的品牌", "前三", 3),
]


@pytest.mark.parametrize(("text", "expected_span", "value"), RANKS)
def test_ranks(text: str, expected_span: str, value: float) -> None:
    m = only(text)
    assert m.form == "rank"
    assert span(text, m) == expected_span
    assert m.value == value


# --- approximation and vagueness ----------------------------------------------------------

APPROX = [
    # text, span, value, magnitude word, approx
    ("20多种", "20多", 20, "", "ge"),
    ("300余家", "300余", 300, "", "ge"),
    ("二十多个", "二十多", 20, "", "ge"),
    ("500余万人", "500余", 500, "万", "ge"),
    ("1万多人", "1万多", 1, "万", "ge"),
    ("增加近810亿", "810", 810, "亿", "approx"),
    ("约5万人", "5", 5, "万", "approx"),
    ("大约3个", "3", 3, "", "approx"),
    ("将近30年", "30", 30, "", "approx"),
    ("增长6%左右", "6%", 6, "", "approx"),
    ("无霜期120天左右", "120", 120, "", "approx"),
    ("下降3%以上", "3%", 3, "", "ge"),
    ("控制在5%以内", "5%", 5, "", "le"),
    ("节约5吨", "5", 5, "", None),
    ("最近3年", "3", 3, "", None),
]


@pytest.mark.parametrize(("text", "expected_span", "value", "mag_text", "approx"), APPROX)
def test_approximation(
    text: str, expected_span: str, value: float, mag_text: str, approx: str | None
) -> None:
    m = only(text)
    assert span(text, m) == expected_span
    assert m.value == value
    assert m.magnitude_text == mag_text
    assert m.approx == approx


@pytest.mark.parametrize(
    "text",
    ["五六千年前", "几十", "数百家", "上千人", "成千上万", "十几个", "三四个", "两三年", "几个方面",
     "数十万", "百分之二三十"],
)  # fmt: skip
def test_vague_numerals_are_flagged(text: str) -> None:
    m = only(text)
    assert m.vague


# --- what is not a number -------------------------------------------------------------------

NOT_NUMBERS = [
    # plan periods
    "十三五", "“十四五”", "十四五规划", "“十五”期间", "九五计划", "“十一五”时期",
    # enumeration markers and headings
    "一是加快发展", "二是", "（一）", "(二)", "一、总体要求", "\n十一、保障措施", "1.加快",
    "1、加快", "（1）", "\n2.1 总体要求", "第一，加快",
    # idioms and words containing numeral characters
    "统一", "统一部署", "一流", "一揽子", "一体化", "一起", "一些", "一切", "一定", "一直",
    "一方面", "唯一", "进一步", "第一时间", "万一", "千万不能", "十分重要", "三农", "一带一路",
    "五湖四海", "四面八方", "千方百计", "千家万户", "一心一意", "一把手", "一张蓝图",
    "千年古县", "万里长城", "老百姓", "百花齐放", "九州", "金三角", "一线城市", "一致",
    "一律", "一样", "一旦", "一度", "一举", "一道", "一同", "一并", "一概", "一贯", "一般",
    "一再", "一番", "一手", "不一", "专一", "同一", "重要基地之一。", "一半", "双一流",
    "两会", "三公", "四风", "五险一金", "零突破", "第一要务", "第一方阵", "第一书记",
    "党的十九大", "党的二十大", "陆续", "队伍建设", "收拾", "这一首要任务", "每一天",
    "一项项成果", "两点一线", "三点一线", "新一轮", "第一个五年计划",
    # ordinals that enumerate
    "第一章", "第二节", "第三条", "第一次", "第一批", "第十四个五年规划", "第二产业",
    "质量第一，",
    # calendar references
    "2021年", "２０２１年", "2025年1月6日", "2024-12-31", "2025.1.6", "2021—2025年",
    "一九五八年", "二〇二一年", "3月", "十二月", "6日", "8时", "8点", "一季度", "前三季度",
    "90年代", "二十世纪", "1—2月",
    # identifiers
    "国道209线", "G5", "5G基站", "4A级景区", "120师", "3D打印", "S232", "No.1", "PM2.5",
    "0351-1234567", "13812345678", "https://www.gov.cn/2021/12/content_5.htm",
    "abc123@qq.com", "GB/T 2260", "《2021年政府工作报告》", "国发〔2021〕15号", "一级",
    "二期工程", "十三届全国人大四次会议", "五中全会", "八路军", "2.2.1 主要任务",
    # honour lists (前十强 is a rank; 百强县 names a list)
    "全国百强县", "十强企业",
    # anniversaries and denominators
    "成立75周年", "建党一百周年", "每万人口", "每十万人口", "每千人口", "每百户",
    # month/day-like slashes without a cue of proportion
    "1/6",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_a_lone_numeral_needs_a_measure_word() -> None:
    assert find_numbers("一个") != []
    assert find_numbers("一流") == []
    assert find_numbers("两项") != []
    assert find_numbers("两岸") == []


def test_numbers_around_skipped_parts_are_still_found() -> None:
    text = "《2021年规划》提出建设12个园区，国发〔2021〕15号文件要求增长8%"
    assert [(span(text, m), m.value) for m in find_numbers(text)] == [("12", 12), ("8%", 8)]


def test_full_width_offsets_are_input_offsets() -> None:
    text = "增长８．５％和６．５％－７％"
    found = find_numbers(text)
    assert [span(text, m) for m in found] == ["８．５％", "６．５％－７％"]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2021年", [2021]),
        ("２０２１年", [2021]),
        ("2025年1月6日", [2025]),
        ("2024-12-31", [2024]),
        ("2025.1.6", [2025]),
        ("2021—2025年", [2021, 2025]),
        ("（2021-2025）", [2021, 2025]),
        ("2021年至2025年", [2021, 2025]),
        ("一九五八年", [1958]),
        ("二〇二一年", [2021]),
        ("国发〔2021〕15号", [2021]),
        ("香港1994/1995年选举", [1994, 1995]),
        ("2000元", []),
        ("2000多家", []),
    ],
)
def test_dates(text: str, years: list[int]) -> None:
    assert [y for _, _, y in find_dates(text)] == years


def test_date_spans() -> None:
    text = "到2025年1月6日，2021—2025年"
    spans = [text[s:e] for s, e, _ in find_dates(text)]
    assert spans == ["2025年1月6日", "2021", "2025年"]


def test_years_are_not_numbers_but_counts_are() -> None:
    numbers, dates = scan_numbers("2000年建成2000多家企业，投资2000元")
    assert [y for _, _, y in dates] == [2000]
    assert [(m.value, m.approx) for m in numbers] == [(2000, "ge"), (2000, None)]


# --- parse_chinese_numeral -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两千零五", 2005), ("三十五", 35), ("一百零八", 108), ("十", 10), ("3.5万", 35000),
        ("五千", 5000), ("三万五千", 35000), ("一万三", 13000), ("四百五", 450),
        ("一千零五", 1005), ("九百九", 990), ("四万万", 4e8), ("十万亿", 1e13),
        ("一万五千亿", 1.5e12), ("四亿五千六百四十二万零一十五", 456420015),
        ("五亿零六", 500000006),
        ("四十五亿四千零四万", 4540040000), ("肆佰陆拾", 460), ("壹佰伍拾", 150),
        ("拾万零五十六", 100056), ("负三十二", -32), ("零点五", 0.5), ("三点五亿", 3.5e8),
        ("一千六点五", 1600.5), ("两千万点五五四四", 20000000.5544), ("1千零1", 1001),
        ("3万4000", 34000), ("25万6千", 256000), ("1,100万", 1.1e7), ("1.6万亿", 1.6e12),
        ("二十几万", 200000), ("几十", 10), ("兩千四百五", 2450), ("一 百 五 十 二", 152),
    ],
)  # fmt: skip
def test_parse_chinese_numeral(text: str, value: float) -> None:
    assert parse_chinese_numeral(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["十四五", "一九五八", "万", "", "五十千", "abc", "第一", "两两"])
def test_parse_rejects_malformed_numerals(text: str) -> None:
    assert parse_chinese_numeral(text) is None


# --- properties ------------------------------------------------------------------------------

FORM_NAMES = {"number", "percent", "permille", "fraction", "range", "ratio", "rank", "multiple"}
ALPHABET = list(
    "零〇一二三四五六七八九十百千万亿两壹贰叁伍陆拾佰仟几数上成0123456789０１２３.．,，%％‰:："
    "-－—至到又分之第前约近多余个项年月日号线倍强大位点半《》（）()、，。；是的县元亩GAm "
)


def check_matches(text: str, found: list[NumberMatch]) -> None:
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end, f"overlapping matches in {text!r}: {found}"
        last_end = m.end
        assert m.form in FORM_NAMES
        assert m.magnitude in (1.0, 1e4, 1e8, 1e12)
        assert m.approx in (None, "ge", "le", "approx")
        values = m.value if isinstance(m.value, tuple) else (m.value,)
        assert all(isinstance(v, float) and math.isfinite(v) for v in values)


@given(st.text(alphabet=ALPHABET, max_size=200))
@settings(max_examples=400, deadline=None)
def test_random_text_never_raises(text: str) -> None:
    numbers, dates = scan_numbers(text)
    check_matches(text, numbers)
    assert all(0 <= s < e <= len(text) for s, e, _ in dates)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_parse_never_raises(text: str) -> None:
    value = parse_chinese_numeral(text)
    assert value is None or math.isfinite(value)


@given(st.integers(min_value=1, max_value=10**12 - 1))
@settings(max_examples=400, deadline=None)
def test_agrees_with_cn2an(n: int) -> None:
    """cn2an writes the integer in Chinese numerals; reading it back gives the integer."""
    written = cn2an.an2cn(n)
    assert parse_chinese_numeral(written) == n
    m = only(written + "个")
    assert m.value * m.magnitude == n


PATHOLOGICAL = [
    "一" * 100_000,
    "一二" * 50_000,
    "第" * 100_000,
    "《" * 100_000,
    "百分之" * 30_000,
    "三分之" * 30_000,
    "十万" * 50_000,
    "约近" * 50_000,
    "1," * 50_000,
    "8:" * 50_000,
    "1-" * 50_000,
    "1.2" * 30_000,
    "(1)" * 30_000,
    "2021年" * 20_000,
    "http://" + "a" * 100_000,
]


# A hang guard, not a speed test: a pattern that backtracks catastrophically on these
# takes minutes to hours; they take well under a second on a quiet core. How fast the
# scanner is, and that it is linear, is measured in bench/extract_scaling.py.
_HANG = 30.0


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: f"{t[:6]}x{len(t)}")
def test_pathological_inputs_do_not_hang(text: str) -> None:
    t0 = time.perf_counter()
    check_matches(text, find_numbers(text))
    assert time.perf_counter() - t0 < _HANG


@pytest.mark.slow
def test_ten_megabytes_of_digits_do_not_hang() -> None:
    t0 = time.perf_counter()
    assert find_numbers("1" * 10_000_000) == []
    assert time.perf_counter() - t0 < _HANG
