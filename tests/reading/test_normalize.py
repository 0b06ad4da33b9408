from __future__ import annotations

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.normalize import fold_fullwidth, normalize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("８．５％", "8.5%"),
        ("６．５％－７％", "6.5%－7%"),
        ("１２，０００元", "12,000元"),
        ("比例为８．４：６４．９", "比例为8.4:64.9"),
        ("ＧＤＰ增长", "GDP增长"),
        ("全县。下面", "全县。下面"),  # a sentence's full stop stays
        ("（一）抓项目", "（一）抓项目"),
    ],
)
def test_fold_fullwidth(raw: str, clean: str) -> None:
    assert fold_fullwidth(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("高質(zhì)量發(fā)展", "高质量发展"),
        ("經(jīng)濟", "经济"),
        ("女(nǚ)性", "女性"),
        ("綠(lǜ)色", "绿色"),
        ("的(de)確", "的确"),  # a toneless syllable
        ("啊(a)", "啊"),
        ("生產(chǎn)總值(GDP)", "生产总值(GDP)"),  # not pinyin: kept
        ("增長(2021)", "增长(2021)"),
        ("項目(xyz)", "项目(xyz)"),  # not a syllable: kept
    ],
)
def test_pinyin_annotations_removed_and_script_simplified(raw: str, clean: str) -> None:
    text, _, _ = normalize(raw)
    assert text == clean


def test_offsets_point_back_into_the_source() -> None:
    raw = "  臨汾發(fā)展，GDP增長８．５％。\r\n\r\n\r\n下一段"
    text, offsets, notes = normalize(raw)
    assert text == "临汾发展，GDP增长8.5%。\n\n下一段"
    start = text.index("8.5%")
    s, e = offsets.to_source(start, start + 4)
    assert raw[s:e] == "８．５％"
    s, e = offsets.to_source(text.index("发展"), text.index("发展") + 2)
    assert raw[s:e] == "發(fā)展"
    assert any("pinyin" in n for n in notes)


def test_markdown_markup_removed() -> None:
    text, _, _ = normalize("# 标题\n\n- **重点**任务\n", markdown=True)
    assert text == "标题\n\n重点任务"


def test_paged_layout_joins_wrapped_lines_and_drops_page_numbers() -> None:
    raw = "2021年，全县地区生产总值完成\n- 3 -\n65.25亿元，增长5%。\n二、下一部分\n签名\n落款单位\n"
    text, _, _ = normalize(raw, paged=True)
    assert "2021年，全县地区生产总值完成65.25亿元，增长5%。" in text
    assert "- 3 -" not in text
    assert "\n二、下一部分\n签名\n落款单位" in text


def test_invisible_characters_and_indentation() -> None:
    text, _, _ = normalize("\ufeff\u3000\u3000全县\u200b经济\u00a0\u00a0发展")
    assert text == "全县经济 发展"


def test_a_page_copied_as_one_line_keeps_its_paragraphs() -> None:
    flat = (
        "某某市市长 某某 各位代表： \u3000\u3000现在，我代表市人民政府，向大会报告工作，请予审议。"
        " \u3000\u3000一、2024年工作回顾 \u3000\u3000"
        + "过去一年，全市经济稳中向好。" * 40
        + " \u3000\u3000二、2025年主要任务 \u3000\u3000今年要抓好五个方面工作。"
    )
    doc = read_bytes(flat.encode(), "flat.txt")
    titles = [h.get("title") for h in doc.spans("heading")]
    assert titles == ["2024年工作回顾", "2025年主要任务"]
    assert doc.meta.year == 2025


def test_digits_set_apart_by_spaces_are_joined() -> None:
    text = "全省粮食产量达到4 9 2 5 万吨，比1 9 9 2 年增加5 0 0 0 万吨。" * 3
    doc = read_bytes(text.encode(), "t.txt")
    assert "4925万吨" in doc.text and "1992年" in doc.text
    assert any("digit" in w for w in doc.warnings)
    # the offsets still lead back to the source
    i = doc.text.index("4925")
    s, e = doc.offsets.to_source(i, i + 4)
    assert doc.source[s:e] == "4 9 2 5"


def test_a_line_broken_inside_a_figure_is_joined() -> None:
    doc = read_bytes("国内生产总值达到74.4\n\u200b\n万亿元，增长6.7%。\n".encode(), "t.txt")
    assert "74.4万亿元" in doc.text
