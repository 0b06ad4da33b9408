"""Structure of a normalised document: paragraphs, sentences, the heading outline.

Chinese official documents number their headings by a fixed hierarchy (GB/T 9704,
the format standard for party and government documents): ``一、`` → ``（一）`` →
``1.`` → ``（1）``; plans add ``第一章`` / ``第一节``; speeches enumerate points inside
a paragraph with ``一是…二是…`` and lead items with ``——``. This module fills the
layers ``paragraph``, ``sentence``, ``heading`` (attrs: level, marker, number, title),
``item`` (inline enumerations) and ``redaction`` (``X亿元``, ``xx%`` placeholders).
"""

from __future__ import annotations

import re

from luoshi.reading.document import Document, Span

__all__ = ["HEADING_LEVELS", "heading_at", "segment", "split_sentences"]

_CN_DIGIT = "一二三四五六七八九十百零〇两"
_NUM = rf"[{_CN_DIGIT}]{{1,4}}"

# (level, marker kind, pattern on a line start). Levels follow GB/T 9704: chapter
# headings of plans above them.
HEADING_LEVELS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (0, "part", re.compile(rf"^第(?P<n>{_NUM})(?:篇|编)(?=\s|[^\w]|$)?")),
    (1, "chapter", re.compile(rf"^第(?P<n>{_NUM}|\d{{1,3}})章")),
    (2, "section", re.compile(rf"^第(?P<n>{_NUM}|\d{{1,3}})节")),
    (1, "cn", re.compile(rf"^(?P<n>{_NUM})(?:、|[.．](?!\d))")),
    (2, "cn-paren", re.compile(rf"^[（(](?P<n>{_NUM})[）)]")),
    (3, "arabic", re.compile(r"^(?P<n>\d{1,2})(?:、|[.．](?!\d))")),
    (4, "arabic-paren", re.compile(r"^[（(](?P<n>\d{1,2})[）)]")),
    (5, "circled", re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
)

# 一是 / 二是 … 第一，/ 首先 … inline enumerations inside a paragraph.
_INLINE_ITEM = re.compile(
    r"(?:(?<=^)|(?<=[。；;！？：:，,\s]))(?:(?P<n>[一二三四五六七八九十]{1,3})是|第(?P<m>[一二三四五六七八九十]{1,3})[，,、])"
)
_DASH_ITEM = re.compile(r"^\s*——(?=\S)")

# Sentence ends: 。！？； and their ASCII forms, plus the line end. A quote or bracket
# closing right after the mark belongs to the sentence.
_SENT_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n")
_OPEN = "“‘「『（(《【"
_CLOSE = "”’」』）)》】"
_PAIR = dict(zip(_OPEN, _CLOSE, strict=True))

_REDACTION = re.compile(r"[Xx×]{1,3}|[＊*]{1,3}")

_MAX_HEADING = 80  # a numbered line longer than this is a numbered paragraph, not a heading


def _cn_value(s: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for c in s:
        if c in digits:
            cur = digits[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur


_HEADING_FIRST = frozenset("第（(0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + _CN_DIGIT)


def heading_at(line: str) -> tuple[int, str, int, str] | None:
    """If ``line`` opens with a heading marker: (level, kind, number, marker text)."""
    if not line or line[0] not in _HEADING_FIRST:
        return None
    for level, kind, pattern in HEADING_LEVELS:
        m = pattern.match(line)
        if m:
            n = m.group("n")
            return level, kind, _cn_value(n) if n else 0, m.group()
    return None


_SIGNIFICANT = re.compile(r"[“‘「『（(《【”’」』）)》】]|[。！？!?；;]+[”’」』）)]*")
_NON_SPACE = re.compile(r"\S")
_MAX_QUOTE = 400  # an unclosed quotation stops protecting its text after this many characters


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (one line): split on 。！？；, never inside
    quotes or brackets (a quotation can hold several sentences of its own).

    Written by hand: sentence splitters for Chinese split inside quotations, which cuts
    a 总体工作思路 quoted as “坚持…。推动…。”的 into pieces.
    """
    spans: list[tuple[int, int]] = []
    s = start
    depth: list[str] = []
    opened = start
    for m in _SIGNIFICANT.finditer(text, start, end):
        c = m.group()
        if c in _PAIR:
            if not depth:
                opened = m.start()
            depth.append(_PAIR[c])
        elif c in _CLOSE:
            if c in depth:
                while depth and depth.pop() != c:
                    pass
        elif not depth or m.start() - opened > _MAX_QUOTE:
            depth.clear()
            spans.append((s, m.end()))
            s = m.end()
    if s < end:
        spans.append((s, end))
    return [(a, b) for a, b in spans if _NON_SPACE.search(text, a, b)]


_LINE = re.compile(r"[^\n]*\S[^\n]*")


def segment(doc: Document) -> None:
    """Fill ``paragraph``, ``sentence``, ``heading``, ``item`` and ``redaction`` layers."""
    text = doc.text
    paragraphs: list[Span] = []
    sentences: list[Span] = []
    headings: list[Span] = []
    items: list[Span] = []
    for m in _LINE.finditer(text):
        start, end = m.span()
        line = m.group()
        index = len(paragraphs)
        paragraphs.append(Span(start, end, "paragraph"))
        head = heading_at(line)
        if head is not None:
            level, kind, number, marker = head
            title = line[len(marker) :]
            # A heading line may run on into its paragraph: "（一）抓产业。要…" —
            # the heading is its first sentence.
            cut = re.search(r"[。！？；:：]", title)
            htitle = title[: cut.start()] if cut else title
            if len(htitle) <= _MAX_HEADING:
                headings.append(
                    Span(
                        start,
                        start + len(marker) + len(htitle),
                        "heading",
                        (
                            ("level", level),
                            ("kind", kind),
                            ("number", number),
                            ("title", htitle.strip()),
                            ("paragraph", index),
                        ),
                    )
                )
        if _DASH_ITEM.match(line):
            items.append(Span(start, end, "item", (("kind", "dash"), ("number", 0))))
        for a, b in split_sentences(text, start, end):
            # trim spaces at sentence edges
            while a < b and text[a] in " \t":
                a += 1
            while b > a and text[b - 1] in " \t":
                b -= 1
            if a < b:
                sentences.append(Span(a, b, "sentence", (("paragraph", index),)))
    for m in _INLINE_ITEM.finditer(text):
        n = m.group("n") or m.group("m")
        items.append(
            Span(m.start(), m.end(), "item", (("kind", "inline"), ("number", _cn_value(n))))
        )
    doc.set_layer("paragraph", paragraphs)
    doc.set_layer("sentence", sentences)
    doc.set_layer("heading", headings)
    doc.set_layer("item", items)
    doc.set_layer(
        "redaction",
        (
            Span(m.start(), m.end(), "redaction")
            for m in _REDACTION.finditer(text)
            if _is_redaction(text, m.start(), m.end())
        ),
    )


def _is_redaction(text: str, start: int, end: int) -> bool:
    """``X`` next to Chinese text or a number's unit, not a Latin word or formula."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return False  # part of a Latin word (Xi'an, XBRL) or a formula
    return ("\u4e00" <= before <= "\u9fff" or before in "，。、（“ 到为至约近") or (
        "\u4e00" <= after <= "\u9fff" or after in "%％"
    )
