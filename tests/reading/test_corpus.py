"""The real documents come out clean: simplified, no pinyin or mojibake, right outline, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from luoshi.reading import Document, read_document
from tests.conftest import DOC_NAMES

_PINYIN_LEFT = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
# what byte-shift damage leaves: a lost character's "?" before pinyin or a pause mark,
# and ASCII trail bytes read as {, `, ^ inside Chinese text
_MOJIBAKE = re.compile(r"\?[a-z、，]|[{}`\\^~|]")


def _read(corpus: Path, name: str) -> Document:
    return read_document(corpus / "docs" / name)


@pytest.mark.parametrize("name", DOC_NAMES)
def test_clean_text(corpus: Path, name: str) -> None:
    doc = _read(corpus, name)
    t2s = opencc.OpenCC("t2s")
    assert t2s.convert(doc.text) == doc.text, "traditional characters left"
    assert not _PINYIN_LEFT.search(doc.text), "pinyin annotation left"
    assert not _MOJIBAKE.search(doc.text), _MOJIBAKE.search(doc.text)
    assert not re.search(r"[０-９％．]", doc.text), "full-width digits left"
    assert "\ufffd" not in doc.text


def test_linfen_commentary(corpus: Path) -> None:
    doc = _read(corpus, "linfen-commentary-2025.txt")
    assert doc.meta.title == "正言轩:高质量发展全面提质提速的“临汾密码”"
    assert doc.meta.date == "2025-01-06"
    assert doc.meta.source == "临汾新闻网"
    assert doc.meta.region_code == "141000"
    assert doc.meta.doc_type == "news"
    assert "一个中部内陆资源型城市" in doc.text
    assert "以一域实践印证了" in doc.text
    assert "“共同富裕”装在心中" in doc.text
    sentences = [doc.span_text(s) for s in doc.spans("sentence")]
    assert "特别是GDP增速2023年达到7.6%;" in sentences


def test_lanxian_outline_and_region(corpus: Path) -> None:
    doc = _read(corpus, "lanxian-123.txt")
    assert doc.meta.region_code == "141127"
    headings = [(h.get("level"), h.get("title")) for h in doc.spans("heading")]
    assert headings[0] == (1, "“123”总体工作思路的初步形成及基本内涵")
    assert [t for lv, t in headings if lv == 1] == [
        "“123”总体工作思路的初步形成及基本内涵",
        "“123”总体工作思路的原则要求及重点任务",
        "“123”总体工作思路的科学内涵与实践意义",
    ]
    assert (3, "实施创新强县战略") in headings
    sentences = [doc.span_text(s) for s in doc.spans("sentence")]
    assert any(
        s.startswith("区位交通:岚县位于山西省西北部") and s.endswith("总人口18.7万人。")
        for s in sentences
    )


def test_county_plenary(corpus: Path) -> None:
    doc = _read(corpus, "county-x-plenary-2022.txt")
    assert doc.meta.title == "真抓实干 接力拼搏 开拓前行"
    assert doc.meta.doc_type == "speech"
    assert doc.meta.region_code is None  # the county's name is redacted
    levels = [h.get("level") for h in doc.spans("heading")]
    assert levels.count(1) == 3 and levels.count(2) == 8
    assert "８" not in doc.text
    assert doc.spans("redaction"), "X placeholders are marked"


@pytest.mark.parametrize("name", DOC_NAMES)
def test_every_sentence_maps_back_to_the_source(corpus: Path, name: str) -> None:
    doc = _read(corpus, name)
    t2s = opencc.OpenCC("t2s")
    for s in doc.spans("sentence"):
        a, b = doc.source_span(s)
        source = doc.source[a:b]
        # the source stretch, cleaned the same way, holds the sentence's characters
        assert 0 <= a < b <= len(doc.source)
        first, last = doc.text[s.start], doc.text[s.end - 1]
        assert t2s.convert(source[0]) == first or source[0] in "０１２３４５６７８９", (
            source[:5],
            first,
        )
        assert t2s.convert(source[-1]) == last or source[-1] in "％０１２３４５６７８９)）", (
            source[-5:],
            last,
        )
