"""Which quantities are statements (shared/spec/statements.md, "What counts").

The number component already stays silent on calendar references, identifiers,
enumeration markers, anniversaries and idioms. What is left to decide here needs the
unit and the context:

- a vague numeral (``五六千年前``, ``几十``) is never a statement;
- a redaction placeholder's quantity (``X亿元``) has no number, and a number right
  after a placeholder (``X.5亿``) is part of it;
- a small Chinese numeral before a generic measure word (``三个努力成为``, ``两个融入``,
  ``八个方面``, ``三大战略``, ``五年成优势``) names a concept or a slogan, not a
  quantity; Chinese numerals count where the unit is a real measure (``两个百分点``,
  ``一个半小时``, ``五千头``, ``三万亩``);
- numbers inside a short quotation are names (``“六个百分百”``);
- named spans of time (``1小时经济圈``) and programme names (``三年行动``) are names;
- a bare number with no unit, no magnitude and no form (``1+N``) measures nothing.
"""

from __future__ import annotations

import re

__all__ = ["statement_reason"]

# Units after which a small Chinese numeral is still a measured quantity.
_MEASURED_UNITS = frozenset(
    {
        "points",
        "money",
        "mass",
        "energy",
        "power",
        "area",
        "volume",
        "length",
        "temperature",
        "technical",
        "data",
        "voltage",
    }
)
_STRONG_COUNT_UNITS = frozenset(
    {"小时", "个小时", "个百分点", "百分点", "倍", "个月", "天", "分钟", "人次"}
)
# "N小时经济圈", "1小时生活圈", "半小时通勤圈": a named zone, not a duration.
_NAMED_TIME = re.compile(r"(?:经济圈|生活圈|通勤圈|交通圈|服务圈|都市圈|圈)")
# Programme names: 三年行动, 百日攻坚, 十大工程 (numbers in names).
_PROGRAMME = re.compile(r"(?:行动|攻坚|工程|计划|战役|会战|活动|专项)")
# what stands before a clock time (2025-01-06 08:52, 6日 9:30, 上午10:00)
_CLOCK_CONTEXT = re.compile(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}日|上午|下午|晚|早)\s*$")
_QUOTE_OPEN = '“‘「『"'
_QUOTE_CLOSE = '”’」』"'


def _in_short_quote(text: str, start: int, end: int, limit: int = 14) -> bool:
    """Whether ``[start, end)`` sits inside a quotation of at most ``limit`` characters."""
    left = start - 1
    while left >= 0 and start - left <= limit:
        c = text[left]
        if c in _QUOTE_OPEN:
            break
        if c in _QUOTE_CLOSE or c in "，。；：、\n":
            return False
        left -= 1
    else:
        return False
    right = end
    while right < len(text) and right - left <= limit + 1:
        c = text[right]
        if c in _QUOTE_CLOSE:
            return True
        if c in "，。；：\n":
            return False
        right += 1
    return False


def statement_reason(
    text: str,
    *,
    start: int,
    end: int,
    unit: str,
    unit_kind: str,
    form: str,
    chinese: bool,
    value: float | list[float],
    vague: bool,
    magnitude_text: str,
) -> str | None:
    """Why the quantity ``text[start:end]`` is not a statement, or None when it is one."""
    if vague:
        return "a vague numeral"
    if re.search(r"[一二两三四五六七八九十]、$", text[max(0, start - 2) : start]):
        return "a vague numeral (两、三倍)"
    before = text[max(0, start - 1) : start]
    if before in ("X", "x", "×", "*", "＊"):
        return "part of a redaction placeholder"
    after = text[end : end + 4]
    if unit_kind == "time" and _NAMED_TIME.match(after):
        return "a named zone (N小时经济圈)"
    if form == "rank" and re.match(r"强?(?:县|市|区|镇|企业?|乡)?(?:品牌|称号|荣誉|名片)", after):
        return "an honour's name (百强县品牌)"
    clock = form == "ratio" and re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", text[start:end])
    if clock and _CLOCK_CONTEXT.search(text[max(0, start - 12) : start]):
        return "a clock time"
    small = isinstance(value, float) and value <= 10
    if chinese and form in ("number", "multiple"):
        if _in_short_quote(text, start, end):
            return "a numeral inside a quoted name"
        if (
            small
            and not magnitude_text
            and unit_kind not in _MEASURED_UNITS
            and unit not in _STRONG_COUNT_UNITS
        ):
            return "a small Chinese numeral naming a concept (两个融入, 三大战略)"
        if unit_kind == "time" and _PROGRAMME.match(after):
            return "a programme's name (三年行动)"
    if form == "number" and not unit and not magnitude_text:
        return "a bare number with no unit"
    if unit == "年":
        if _PROGRAMME.match(after):
            return "a programme's name (三年行动)"
        if re.match(r"来|以来|内|之内|间|之间|后|以后|前|以前", after):
            return "a span of time fixing when (十五年来, 五年内), not a quantity"
        if before == "新":
            return "a period's name (新10年)"
        if chinese and isinstance(value, float) and value >= 100:
            return "a historical span (两千多年)"
    return None
