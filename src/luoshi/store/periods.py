"""What span of time a figure or a target covers, from the words written before it.

Government work reports review one year and one plan period side by side and set the
year's targets beside the plan's: "地区生产总值增长5.4%" is the past year's growth,
"过去五年…年均增长5.2%" the average of five years, "城镇新增就业累计106万人" a
five-year total. A one-year target is answered only by a one-year figure, so the words
that mark a longer span have to be read. These rules are the genre's own markers
(年均, 累计, 过去五年, “十四五”时期, 1—9月), not any one document's sentences.

- A **figure** (an observation) covers ``year`` (one year), ``average`` (a yearly average
  over several years: 年均增长, 每年…以上), ``total`` (a sum or change over several years:
  累计, or any figure of a multi-year review such as 过去五年 or “十四五”期间), or
  ``to_date`` (part of a year: 前三季度, 1—10月, 今年以来). The review a figure sits in
  counts too: a paragraph that opens with 五年来 or a heading “十四五”时期发展成就 makes
  its figures a period's (:class:`TextPeriods`), unless it also names one year.
- A **target** is for ``year`` (one year's figure, the default), ``average`` (年均增长:
  each year on average), ``total`` (累计, 期间: the sum or change over the period) or
  ``each`` (每年: every year's flow).
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from luoshi.reading.outline import heading_at

__all__ = [
    "FigurePeriod",
    "TargetPeriod",
    "TextPeriods",
    "clause_before",
    "figure_period",
    "target_period",
]

FigurePeriod = Literal["year", "average", "total", "to_date"]
TargetPeriod = Literal["year", "average", "total", "each"]

_NUM = "[一二两三四五六七八九十]"
# 年均增长, 平均每年, 年平均增长
_AVERAGE = re.compile(r"年均|平均每年|年平均|每年平均")
_TOTAL = re.compile(r"累计|累积|合计|总计")
# a multi-year span named as such: 过去五年, 五年来, 五年间, “十四五”时期/期间/以来,
# 2021—2025年, 2021年以来 (a year before the one reported)
_MANY = "[二两三四五六七八九十]"  # more than one year: 过去一年 is one
_SPAN = re.compile(
    rf"过去{_MANY}年|近{_MANY}年|{_MANY}年来|{_MANY}年间|{_MANY}年中"
    rf"|十{_NUM}五[”\"’']?(?:时期|期间|以来|规划期)"
    r"|(?:19|20)\d\d\s*[-－—–~～至到]\s*(?:(?:19|20)\d\d|\d\d)年"
)
# part of a year: 前三季度, 上半年, 一季度, 1—10月, 1至9月, 今年以来, 截至9月底
# a month before December (1—12月 and 12月末 are the whole year)
_MONTH = r"(?<!\d)(?:1[01]|[1-9])月"
_TO_DATE = re.compile(
    rf"前{_NUM}季度|上半年|第?[一二三]季度|(?<!\d)1\s*[-－—–~～至到]\s*(?:1[01]|[2-9])月"
    rf"|今年以来|年初以来|截至目前|截至{_MONTH}|{_MONTH}(?:末|底)"
)
_EACH = re.compile(r"每年|年年")
# the end value of 从…到: its clause names the start first
_END_VALUE = re.compile(r"(?P<origin>[从由])[^，,；;。]*?(?:到|至)$")
# the year's end (年末, 年底) is the whole year's figure
_YEAR_END = re.compile(r"年末|年底|全年")
# where a clause starts: the figure's own clause holds its qualifiers (年均, 累计, 每年)
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?\n]")


def clause_before(sentence: str, offset: int) -> str:
    """The part of ``sentence``'s clause before ``offset`` (the figure's start in it)."""
    head = sentence[: max(0, offset)]
    cuts = [m.end() for m in _CLAUSE_END.finditer(head)]
    return head[cuts[-1] :] if cuts else head


def figure_period(sentence: str, offset: int) -> FigurePeriod:
    """What the figure at ``offset`` of ``sentence`` covers (its words before it).

    年均 in the figure's clause makes it an average; 累计 there, or a multi-year span
    named anywhere before it in the sentence (过去五年, “十四五”时期), a total; a part of
    the year named before it (前三季度, 1—10月), to date.
    """
    clause = clause_before(sentence, offset)
    head = sentence[: max(0, offset)]
    if _AVERAGE.search(clause) or _EACH.search(clause):
        return "average"
    if _TOTAL.search(clause) or _SPAN.search(head):
        return "total"
    if _END_VALUE.search(clause):
        # 年末失业率从上半年5.5%降到5.3%: the starting point's words do not date the end
        head = head[: head.rfind(_END_VALUE.search(clause).group("origin"))]  # type: ignore[union-attr]
    # the nearer of a part of the year (上半年) and the year's end (年末) decides
    part = [m.end() for m in _TO_DATE.finditer(head)]
    whole = [m.end() for m in _YEAR_END.finditer(head)]
    if part and (not whole or part[-1] > whole[-1]):
        return "to_date"
    return "year"


def target_period(sentence: str, offset: int) -> TargetPeriod:
    """What the target at ``offset`` of ``sentence`` is for: 年均 (an average), 累计 or a
    named span (a total), 每年 (each year), else one year's figure."""
    clause = clause_before(sentence, offset)
    if _AVERAGE.search(clause):
        return "average"
    if _TOTAL.search(clause):
        return "total"
    if _EACH.search(clause):
        return "each"
    if _SPAN.search(sentence[: max(0, offset)]):
        return "total"
    return "year"


# one year named as such (2025年, 过去一年, 今年, 一年来, 全年): a stretch of one year's figures
_ONE_YEAR = re.compile(
    r"(?<![\d—－-])(?:19|20)\d\d年(?!\s*[-－—–~～至到])|过去一年|一年来|今年|去年|上年|全年"
)
_OPENING = re.compile(r"[，,：:。；;]")


def _stretch(words: str) -> FigurePeriod | None:
    """What an opening or a heading says of its figures: one year, a period, or nothing."""
    if _ONE_YEAR.search(words):
        return "year"
    if _SPAN.search(words):
        return "total"
    return None


class TextPeriods:
    """What the figures of one document cover: their own words first (年均, 累计, or one
    year named before it in its sentence: 2012年, 比上年); else the time of
    the stretch they stand in — the last heading or paragraph opening before them that
    names one (``五年来，…`` or ``“十四五”时期发展成就`` a period; ``过去一年，…``,
    ``刚刚过去的2025年，…`` or ``2025年和“十四五”时期工作回顾`` one year), which holds
    until the next that names another."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] = []
        self._said: list[FigurePeriod] = []
        pos = 0
        for line in text.split("\n"):
            stripped = line.strip()
            said: FigurePeriod | None = None
            if stripped and len(stripped) <= 80 and heading_at(stripped) is not None:
                said = _stretch(stripped)
            elif stripped:
                cut = _OPENING.search(stripped[:60])
                said = _stretch(stripped[: cut.start()]) if cut else None
            if said is not None:
                self._starts.append(pos)
                self._said.append(said)
            pos += len(line) + 1

    def of(self, start: int, sentence: str, offset: int) -> FigurePeriod:
        """What the figure at ``start`` in the text (``offset`` in its ``sentence``) covers."""
        own = figure_period(sentence, offset)
        if own != "year" or _ONE_YEAR.search(sentence[: max(0, offset)]):
            return own  # its own words decide: 年均, 累计; 2012年, 比上年
        begin = self.text.rfind("\n", 0, max(0, start)) + 1
        k = bisect.bisect_right(self._starts, begin) - 1
        return self._said[k] if k >= 0 else "year"
