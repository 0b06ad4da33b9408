"""What span of time a figure or a target covers, from the words written before it.

Government work reports review one year and one plan period side by side and set the
year's targets beside the plan's: "地区生产总值增长5.4%" is the past year's growth,
"过去五年…年均增长5.2%" the average of five years, "城镇新增就业累计106万人" a
five-year total. A one-year target is answered only by a one-year figure, so the words
that mark a longer span have to be read. These rules are the genre's own markers
(年均, 累计, 过去五年, “十四五”时期, 1—9月), not any one document's sentences.

- A **figure** (an observation) covers ``year`` (one year), ``average`` (a yearly average
  over several years: 年均增长), ``total`` (a sum or change over several years: 累计, or
  any figure of a multi-year review such as 过去五年 or “十四五”期间), or ``to_date``
  (part of a year: 前三季度, 1—10月, 今年以来).
- A **target** is for ``year`` (one year's figure, the default), ``average`` (年均增长:
  each year on average), ``total`` (累计, 期间: the sum or change over the period) or
  ``each`` (每年: every year's flow).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["FigurePeriod", "TargetPeriod", "clause_before", "figure_period", "target_period"]

FigurePeriod = Literal["year", "average", "total", "to_date"]
TargetPeriod = Literal["year", "average", "total", "each"]

_NUM = "[一二两三四五六七八九十]"
# 年均增长, 平均每年, 年平均增长
_AVERAGE = re.compile(r"年均|平均每年|年平均|每年平均")
_TOTAL = re.compile(r"累计|累积|合计|总计")
# a multi-year span named as such: 过去五年, 五年来, 五年间, “十四五”时期/期间/以来,
# 2021—2025年, 2021年以来 (a year before the one reported)
_SPAN = re.compile(
    rf"过去{_NUM}年|近{_NUM}年|{_NUM}年来|{_NUM}年间|{_NUM}年中"
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
    if _AVERAGE.search(clause):
        return "average"
    if _TOTAL.search(clause) or _SPAN.search(head):
        return "total"
    if _TO_DATE.search(head):
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
