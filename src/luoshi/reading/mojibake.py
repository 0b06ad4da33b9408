"""Repair the GBK byte-shift mojibake that "traditional" mirror sites leave in pages.

The damage seen in such pages: one byte of a GBK-encoded character was lost and
replaced by ``?``, so the bytes after it were paired wrongly until an ASCII byte
brought the decoder back in step. ``確保“藍天`` (GBK ``B1A3 A1B0 CB7B``) became
``確?！八{天``: the lead byte ``B1`` is gone, ``A3A1`` reads as ``！``, ``B0CB`` as
``八``, and the trail byte ``7B`` as ``{``. Re-encoding the run and putting a lead byte
back in front restores every character after the lost one; the lost one is chosen
among the candidates by the words it forms with its neighbours (jieba's dictionary).
Where the page also carried pinyin annotations, a lost character's annotation
(``?(nèi)``) names its reading, which narrows the candidates to a handful.

No library repairs this (ftfy handles UTF-8/Latin-1 mix-ups, not lost GBK bytes),
so it is written here; a repair is made only when the result is plausible text.
"""

from __future__ import annotations

import logging
import math
import re
from functools import cache

import opencc

from luoshi.reading.pinyin import is_syllable, readings

__all__ = ["repair_mojibake"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PAUSES = frozenset("、，；：")
_LOST = re.compile(rf"\?(?:[(（]?(?P<py>[a-z{_TONED}]{{1,6}})[)）])?")
# The shifted run: up to eight characters, ending in the ASCII byte that resynchronised
# the decoder (a GBK trail byte is 0x40–0x7E or 0x80–0xFE).
_SHIFTED = re.compile(
    r"[^\x00-\x7f]{1,8}?[\x40-\x7e]|[^\x00-\x7f!-/:-?]{0,6}[!-/:-?][^\x00-\x7f]{1,6}?[\x40-\x7e]"
)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _words() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    freq: dict[str, int] = jieba.dt.FREQ
    return freq


def _frequency(s: str) -> int:
    return _words().get(_t2s().convert(s), 0)


def _common(c: str) -> bool:
    """A character a GB2312 text could hold (after conversion to simplified)."""
    try:
        _t2s().convert(c).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _fit(candidate: str, before: str, after: str) -> float:
    """How well ``candidate`` (one character) fits between its neighbours: the summed
    log-frequency of the dictionary words it forms with them."""
    score = 0.0
    for word in (before + candidate, candidate + after[:1], candidate + after[:2]):
        if len(word) > 1:
            freq = _frequency(word)
            if freq > 0:
                score += 1.0 + math.log(freq)
    return score


def _best(cands: list[str], before: str, after: str) -> str | None:
    scored = [(_fit(c, before, after), c) for c in dict.fromkeys(cands) if _common(c)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    return scored[0][1]


def _unshift(run: str) -> tuple[list[str], str] | None:
    """Undo a byte shift: the candidates for the lost character and the restored rest."""
    # ASCII punctuation inside the run was folded from full-width by the page; the
    # decoder saw the full-width form's two bytes.
    body = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "?" else c for c in run[:-1]) + run[-1]
    try:
        raw = body.encode("gbk")
    except UnicodeEncodeError:
        return None
    firsts: list[str] = []
    rest: str | None = None
    for lead in range(0x81, 0xFF):
        try:
            decoded = (bytes([lead]) + raw).decode("gbk")
        except UnicodeDecodeError:
            continue
        tail = decoded[1:]
        if rest is None:
            rest = tail
        if tail == rest:
            firsts.append(decoded[0])
    if rest is None or not all(_common(c) or c in "“”‘’、，。：；！？（）《》" for c in rest):
        return None
    return firsts, rest


def repair_mojibake(text: str) -> tuple[list[tuple[int, int, str]], int]:
    """Edits that repair byte-shift mojibake in ``text``, and the count of lost characters
    that could not be recovered (their damage is removed, the loss reported)."""
    if "?" not in text:
        return [], 0
    edits: list[tuple[int, int, str]] = []
    unsure = 0
    pos = 0
    while True:
        m = _LOST.search(text, pos)
        if m is None:
            break
        # the character before, as the text reads after the previous repair
        before = text[m.start() - 1] if m.start() else ""
        if edits and edits[-1][1] == m.start():
            prev_start, _, prev_repl = edits[-1]
            before = prev_repl[-1:] or (text[prev_start - 1] if prev_start else "")
        py = m.group("py")
        if py and not is_syllable(py):
            py = None
        after_py = m.end() if py else m.start() + 1
        shifted = _SHIFTED.match(text, after_py)
        if shifted is not None and "\u3400" <= before <= "\u9fff":
            undone = _unshift(shifted.group())
            if undone is not None:
                firsts, rest = undone
                lost = _best(firsts, before, rest)
                edits.append((m.start(), shifted.end(), (lost or "") + rest))
                unsure += lost is None
                pos = shifted.end()
                continue
        if py:
            nxt = text[after_py : after_py + 2]
            # With the next character damaged too, one side of the context is gone: a
            # guess from the other side alone is as likely wrong as right.
            guess = "\u3400" <= before <= "\u9fff" and not nxt.startswith("?")
            lost = _best(readings(py), before, nxt) if guess else None
            edits.append((m.start(), after_py, lost or ""))
            unsure += lost is None
            pos = after_py
            continue
        if "\u3400" <= before <= "\u9fff" and text[m.end() : m.end() + 1] in _PAUSES:
            # "打?、环境": a question mark never stands before a pause mark; it is what
            # is left of a lost character.
            edits.append((m.start(), m.end(), ""))
            unsure += 1
        pos = m.end()
    return edits, unsure
