"""Chinese numerals: the characters, their folding, and the positional parser.

Written by hand: cn2an parses numerals but cannot be told which readings to refuse
(十四五, 一九五八 as a run of digits) and rewrites idioms when run over prose; the scanner
in :mod:`luoshi.extract.components.number` finds the spans and this module reads them.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------

# Full-width digits, letters and the punctuation of numbers fold one character for
# one, so offsets in the folded text are offsets in the input (GB/T 15834 wants
# half-width digits; older reports write ８．５％). Traditional forms of the numeral
# characters fold to simplified so that unnormalised text is read the same way.
_FOLD_MAP = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)},
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)},
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)},
    "．": ".",
    "％": "%",
    "：": ":",
    "∶": ":",
    "／": "/",
    "－": "-",
    "−": "-",
    "～": "~",
    "﹪": "%",
    "○": "〇",
    "萬": "万",
    "億": "亿",
    "兩": "两",
    "倆": "两",
    "俩": "两",
    "貳": "贰",
    "陸": "陆",
    "點": "点",
    "負": "负",
    "幾": "几",
    "餘": "余",
    "個": "个",
}
_FOLDABLE = re.compile("[" + "".join(_FOLD_MAP) + "]")


def _fold(text: str) -> str:
    """``text`` with the foldable characters folded (a substitution only where they occur:
    ``str.translate`` over a whole non-ASCII text costs more than the scan itself)."""
    return _FOLDABLE.sub(lambda m: _FOLD_MAP[m.group()], text)


_DIGIT_VALUE = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
    "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_FINANCIAL = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
_CD = "〇零一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
# Digits after 点 (两 is never a decimal digit: 两百点两 is not 200.2).
_DECIMAL_DIGITS = _CD.replace("两", "")
_CN_START = _CD + "十拾几"
_CN_BODY = _CN_START + "百千万亿佰仟"
_CN_CHARS = frozenset(_CN_BODY)
# 千 opens the atomic units 千瓦, 千米, 千克 ... (GB 3100 prefixes): 3万千瓦 is 3 万千瓦.
_SI_AFTER_KILO = "瓦米克伏帕赫焦卡"
_SI_KILO_UNITS = frozenset(_SI_AFTER_KILO)

# ---------------------------------------------------------------------------
# Chinese numeral parsing
# ---------------------------------------------------------------------------

_TOKEN = re.compile(rf"[0-9][0-9,，]*(?:\.[0-9]+)?|点[{_DECIMAL_DIGITS}]+|\S")


def parse_chinese_numeral(s: str) -> float | None:
    """The value of a Chinese or mixed numeral (``两千零五`` → 2005, ``3.5万`` → 35000), or None."""
    s = "".join(_fold(s).split())
    sign = 1.0
    if s[:1] in ("负", "-"):
        sign, s = -1.0, s[1:]
    value = _parse(s)
    return None if value is None else sign * value


def _strip_commas(s: str) -> str:
    return s.replace(",", "").replace("，", "")


def _parse(s: str) -> float | None:
    """Positional value of a numeral: sections of 亿 and 万, units 十百千 within them.

    Elision is honoured (一万三 = 13000, 四百五 = 450: a last digit after a unit counts
    one place lower) unless a 零 intervenes (一千零五 = 1005). 几 reads as 1 where it
    leads (几十, 几万) and 0 where it trails (十几, 二十几万), the conventional lower
    readings. Two digits without a unit between them are malformed (十四五, 一九五八):
    the caller decides what such a run is.
    """
    total = 0.0  # completed 亿 sections
    wan = 0.0  # completed 万 part of the current 亿 section
    small = 0.0  # the part below 万
    cur: float | None = None  # a digit waiting for its unit
    single = False  # ``cur`` is one Chinese digit (may take elision)
    ji = False  # ``cur`` came from 几
    last = 0.0  # the last unit seen, for elision
    limit = 1e4  # the next small unit must be below this
    zero = False
    seen = False
    for tok in _TOKEN.findall(s):
        ch = tok[0]
        if ji:
            cur = 1.0 if small == wan == total == 0.0 else 0.0
        if "0" <= ch <= "9":
            if cur is not None:
                return None
            cur, single, ji, seen = float(_strip_commas(tok)), False, False, True
        elif ch in _DIGIT_VALUE:
            seen = True
            if cur is not None:
                return None
            if _DIGIT_VALUE[ch] == 0:
                zero = True
            else:
                cur, single, ji = float(_DIGIT_VALUE[ch]), True, False
        elif ch == "几":
            if cur is not None:
                return None
            cur, single, ji, seen = 0.0, True, True, True
        elif ch in _SMALL_UNIT:
            unit = _SMALL_UNIT[ch]
            if unit >= limit:
                return None
            small += (1.0 if cur is None else cur) * unit
            cur, ji, limit, last, zero, seen = None, False, unit, unit, False, True
        elif ch in "万亿":
            part = small + (cur or 0.0)
            if ch == "万":
                if part == 0.0:
                    if wan == 0.0:
                        return None
                    wan *= 1e4  # 四万万
                else:
                    wan += part * 1e4
            else:
                part += wan
                if part == 0.0:
                    if total == 0.0:
                        return None
                    total *= 1e8
                else:
                    total = (total + part) * 1e8
                wan = 0.0
            small, cur, ji, limit, zero = 0.0, None, False, 1e4, False
            last = 1e4 if ch == "万" else 1e8
        elif ch == "点" and len(tok) > 1:
            if cur is not None and single and not zero and last >= 100:
                small += cur * last / 10  # 一千六点五: the 六 is 600
                cur = None
            digits = "".join(str(_DIGIT_VALUE[c]) for c in tok[1:])
            cur = (cur or 0.0) + float("0." + digits)
            single, ji = False, False
        else:
            return None
    if not seen:
        return None
    if ji:
        cur = 1.0 if small == wan == total == 0.0 else 0.0
    elif cur is not None and single and not zero and last >= 100:
        cur *= last / 10
    return total + wan + small + (cur or 0.0)
