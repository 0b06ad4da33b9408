"""Normalise decoded text to luoshi's one canonical form, keeping the offset map.

Passes, in order (each an edit list applied through :func:`rewrite`, so every
character of the result still knows where it came from):

1. line endings and invisible characters (CRLF, U+3000 and no-break spaces, zero-width marks);
2. mojibake repair (:mod:`luoshi.reading.mojibake`) — GBK byte-shift damage seen on mirror sites;
3. inline pinyin annotations after Han characters (``發(fā)展`` → ``發展``);
4. full-width digits, letters and the punctuation of numbers (``８．５％`` → ``8.5%``);
5. traditional → simplified script with OpenCC;
6. layout: Markdown markup, stray page numbers, indentation, runs of blank lines, and for
   paged formats the line breaks that fall inside a sentence.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

from luoshi.reading.document import OffsetMap, rewrite
from luoshi.reading.mojibake import repair_mojibake
from luoshi.reading.outline import heading_at
from luoshi.reading.pinyin import PINYIN_ANNOTATION, is_syllable

__all__ = ["fold_fullwidth", "normalize", "to_simplified"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# 1. invisible and layout characters
_INVISIBLE = re.compile("\r\n?|[\u3000\u00a0\u2002\u2003\u2009\u202f]|[\u200b-\u200d\u2060\ufeff]")


def _invisible_edit(m: re.Match[str]) -> tuple[int, int, str]:
    c = m.group()
    if c[0] == "\r":
        return m.start(), m.end(), "\n"
    if c in "\u200b\u200c\u200d\u2060\ufeff":
        return m.start(), m.end(), ""
    return m.start(), m.end(), " "


# 4. full-width forms. Digits and Latin letters always fold (GB/T 15834 wants
# half-width digits in running text); punctuation folds only inside numbers,
# since ，。：；（） are the text's own punctuation.
_FW_ALNUM = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
    }
)
# A digit, then the punctuation that belongs to its number; or a percent or per-mille sign.
_FW_NUMBER_PUNCT = re.compile(r"\d(?:[．。](?=\d)|[：∶](?=\d)|[，,](?=\d{3}(?!\d))|／(?=\d))|[％‰]")
_PUNCT_FOLD = {
    "．": ".",
    "。": ".",
    "：": ":",
    "∶": ":",
    "％": "%",
    "，": ",",
    ",": ",",
    "‰": "‰",
    "／": "/",
}


def _fold_punct(m: re.Match[str]) -> str:
    s = m.group()
    return s[:-1] + _PUNCT_FOLD[s[-1]]


_FW_ANY = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def fold_fullwidth(text: str) -> str:
    """Fold full-width digits and letters, and the punctuation inside numbers."""
    if _FW_ANY.search(text):  # str.translate is slow; most texts have nothing to fold
        text = text.translate(_FW_ALNUM)
    return _FW_NUMBER_PUNCT.sub(_fold_punct, text)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Clause-sized chunks for OpenCC, so that a rare length change stays local.
_CLAUSE = re.compile(r"[^。！？；，\n]*[。！？；，\n]?")


def to_simplified(text: str, offsets: OffsetMap) -> tuple[str, OffsetMap]:
    """Convert traditional characters to simplified with OpenCC's t2s, keeping alignment."""
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        # OpenCC's t2s is character-for-character for almost all text: the map holds.
        return out, offsets
    edits = []
    for m in _CLAUSE.finditer(text):
        if m.start() == m.end():
            continue
        converted = conv.convert(m.group())
        if converted != m.group():
            edits.append((m.start(), m.end(), converted))
    return rewrite(text, offsets, edits)


# 6. layout
_MD_MARKUP = re.compile(r"^#{1,6}[ \t]+|^[ \t]*[-*+][ \t]+(?=\S)|\*\*|__|^>[ \t]?", re.M)
# A page number on a line of its own: "12", "- 12 -", "—12—", "第 3 页", "3/40".
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*(?:[-—–－][ \t]*\d{1,4}[ \t]*[-—–－]"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[/／共][ \t]*\d{1,4}[ \t]*页?)?"
    r"|\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?)[ \t]*\n",
    re.M,
)
# Spaces and tabs: at a line's start or end they go, inside a line a run becomes one.
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Paged formats break lines at the page width; a break between two characters of one
# sentence (no sentence-final punctuation before it, text after it) is layout, not structure.
_WRAPPED_LINE = re.compile(rf"(?<=[{_HAN}\w，、（《“,])\n(?=[{_HAN}\w，。、；：）》”%,])")
_MIN_WRAPPED = 12  # a line shorter than this ended by itself (a heading, a signature)


def _wrapped_breaks(text: str) -> list[tuple[int, int, str]]:
    """Line breaks a paged format made inside a sentence: not before or after a heading
    (一、…, （一）…), not after a short line."""
    edits = []
    for m in _WRAPPED_LINE.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        end = text.find("\n", m.end())
        nxt = text[m.end() : end if end >= 0 else len(text)]
        if len(line) < _MIN_WRAPPED or heading_at(line) or heading_at(nxt):
            continue
        edits.append((m.start(), m.end(), ""))
    return edits


# A web page copied as one line keeps its paragraphs as runs of indentation
# ("…提出意见。 　　一、2019年工作回顾 　　过去一年，…"): inside a line this long, such a
# run is a paragraph break, not a space between words.
_FLAT_LINE = 500


def _space_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    n = len(text)
    line_start, line_end = 0, -1
    for m in _SPACES.finditer(text):
        s, e = m.start(), m.end()
        at_edge = s == 0 or text[s - 1] == "\n" or e == n or text[e] == "\n"
        if at_edge:
            edits.append((s, e, ""))
            continue
        if s > line_end:
            line_start = text.rfind("\n", 0, s) + 1
            line_end = text.find("\n", e)
            line_end = n if line_end < 0 else line_end
        if e - s > 1 and line_end - line_start > _FLAT_LINE:
            edits.append((s, e, "\n"))
        elif e - s > 1 or text[s] == "\t":
            edits.append((s, e, " "))
    return edits


# A web copy may break a line inside a figure (…达到74.4\n\u200b\n万亿元，增长6.7%): a
# number never runs over a paragraph break, so a break between a digit and the
# magnitude or unit after it is layout.
_NUMBER_BREAK = re.compile(r"(?<=\d)\n+(?=[万亿千百%‰元])")
_DIGIT = re.compile(r"\d")
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=[^\s])")


def _spaced_digit_edits(text: str) -> list[tuple[int, int, str]]:
    """Some copies of older reports set every digit apart (``1 9 9 7 年粮食产量达到4 9 2 5
    万吨``): where most digits are followed by a space, those spaces are typesetting."""
    digits = len(_DIGIT.findall(text))
    if digits < 20:
        return []
    spaced = [(m.start(), m.end(), "") for m in _DIGIT_SPACE.finditer(text)]
    return spaced if len(spaced) * 2 > digits else []


def normalize(
    text: str, *, markdown: bool = False, paged: bool = False
) -> tuple[str, OffsetMap, list[str]]:
    """Normalise ``text``; return the canonical text, its offset map and notes on repairs."""
    notes: list[str] = []
    offsets = OffsetMap.identity(len(text))

    text, offsets = rewrite(text, offsets, (_invisible_edit(m) for m in _INVISIBLE.finditer(text)))

    edits, unsure = repair_mojibake(text)
    if edits:
        notes.append(f"repaired {len(edits)} mojibake sequence(s)")
    if unsure:
        notes.append(f"{unsure} damaged character(s) could not be recovered and were dropped")
    text, offsets = rewrite(text, offsets, edits)

    pinyin = [
        (m.start(), m.end(), "")
        for m in PINYIN_ANNOTATION.finditer(text)
        if m.start() and _is_han(text[m.start() - 1]) and is_syllable(m.group("syllable"))
    ]
    if pinyin:
        notes.append(f"removed {len(pinyin)} inline pinyin annotation(s)")
    text, offsets = rewrite(text, offsets, pinyin)

    folded = fold_fullwidth(text)
    if len(folded) == len(text):
        text = folded  # every fold is one character for one: the map holds
    text, offsets = to_simplified(text, offsets)

    if markdown:
        text, offsets = rewrite(
            text, offsets, ((m.start(), m.end(), "") for m in _MD_MARKUP.finditer(text))
        )
    spaced = _spaced_digit_edits(text)
    if spaced:
        notes.append(f"joined {len(spaced)} digit(s) set apart by spaces")
    text, offsets = rewrite(text, offsets, spaced)
    text, offsets = rewrite(text, offsets, _space_edits(text))
    text, offsets = rewrite(
        text, offsets, ((m.start(), m.end(), "") for m in _NUMBER_BREAK.finditer(text))
    )
    if paged:
        text, offsets = rewrite(
            text, offsets, ((m.start(), m.end(), "") for m in _PAGE_NUMBER_LINE.finditer(text))
        )
    if paged:
        text, offsets = rewrite(text, offsets, _wrapped_breaks(text))
    text, offsets = rewrite(
        text, offsets, ((m.start(), m.end(), "\n\n") for m in _BLANK_LINES.finditer(text))
    )
    # strip leading/trailing blank lines
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    edits2 = []
    if lead:
        edits2.append((0, lead, ""))
    if trail and trail < len(text):
        edits2.append((len(text) - trail, len(text), ""))
    text, offsets = rewrite(text, offsets, edits2)
    return text, offsets, notes
