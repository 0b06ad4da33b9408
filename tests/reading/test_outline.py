from __future__ import annotations

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.outline import heading_at, split_sentences


@pytest.mark.parametrize(
    ("line", "level", "kind", "number"),
    [
        ("第三章 推动高质量发展", 1, "chapter", 3),
        ("第二节 产业", 2, "section", 2),
        ("一、精准把握县情", 1, "cn", 1),
        ("十二、保障措施", 1, "cn", 12),
        ("三、2023年重点工作", 1, "cn", 3),
        ("（一）坚定不移抓项目", 2, "cn-paren", 1),
        ("(二)用发展的眼光", 2, "cn-paren", 2),
        ("1.立足实际", 3, "arabic", 1),
        ("2、审慎分析", 3, "arabic", 2),
        ("（3）加强保障", 4, "arabic-paren", 3),
    ],
)
def test_heading_levels(line: str, level: int, kind: str, number: int) -> None:
    assert heading_at(line) is not None
    got_level, got_kind, got_number, _ = heading_at(line)  # type: ignore[misc]
    assert (got_level, got_kind, got_number) == (level, kind, number)


@pytest.mark.parametrize("line", ["1.5亿元的投资", "2021年", "一是加强", "全县经济"])
def test_not_headings(line: str) -> None:
    assert heading_at(line) is None


def test_sentences_split_on_marks_not_inside_quotes() -> None:
    text = "提出了“坚持党建统领。推动融入”的思路。到2025年突破70亿元；年均增长8.5%！好"
    spans = split_sentences(text, 0, len(text))
    got = [text[a:b] for a, b in spans]
    assert got == [
        "提出了“坚持党建统领。推动融入”的思路。",
        "到2025年突破70亿元；",
        "年均增长8.5%！",
        "好",
    ]


def test_document_outline_items_and_redactions() -> None:
    text = (
        "关于全县工作的讲话\n"
        "一、总体要求\n"
        "（一）抓项目。一是抓开工，二是抓投资。\n"
        "——要精准把握县情。\n"
        "全县生产总值达到X亿元，增长xx%。\n"
    )
    doc = read_bytes(text.encode(), "t.txt")
    titles = [(h.get("level"), h.get("title")) for h in doc.spans("heading")]
    assert titles == [(1, "总体要求"), (2, "抓项目")]
    assert [i.get("number") for i in doc.spans("item") if i.get("kind") == "inline"] == [1, 2]
    assert any(i.get("kind") == "dash" for i in doc.spans("item"))
    assert [doc.span_text(r) for r in doc.spans("redaction")] == ["X", "xx"]
    assert doc.span_text(doc.spans("sentence")[2]) == "（一）抓项目。"
