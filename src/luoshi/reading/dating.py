"""A document's own year: from its date line, byline, title, or what it says of itself.

Work reports, plenary speeches and congress reports date most of their figures by their
place in the document, not in the sentence (a report delivered in year Y reviews Y−1 and
plans Y), so extraction needs the document's year even when no date line survived the
copy. The conventions of the genre fix it, strongest first:

- a byline under the title: ``——2019年3月5日在第十三届全国人民代表大会第二次会议上``
  (older reports write it in Chinese numerals: ``一九八四年五月十五日``);
- the title of a report or speech: ``2026年山西省政府工作报告``;
- the first heading of a report that reviews a year: ``一、2024年工作回顾`` (the report is
  delivered the year after, so 2025), or plans one: ``2025年工作总体要求``;
- what the report says of its own year: ``今年是“十四五”规划收官之年`` (2025),
  ``今年是新中国成立70周年`` (2019).

A year found none of these ways stays unknown: a wrong year would date every figure of the
document wrongly, so nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.reading.document import Document

__all__ = ["Dating", "chinese_year", "date_of_byline", "document_year"]

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_CN_YEAR = r"[一二][九〇零○][〇零○一二三四五六七八九]{2}"
_YEAR = rf"(?:(?:19|20)\d{{2}}|{_CN_YEAR})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"

#: Five-year plans by their short names (DOMAIN: plan periods).
PERIODS: dict[str, tuple[int, int]] = {
    "十五": (2001, 2005),
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
    "十六五": (2031, 2035),
}


def chinese_year(s: str) -> int:
    """``2021`` → 2021; ``一九八五`` → 1985."""
    return int(s.translate(_CN_DIGITS))


def _small(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + int(s[1:].translate(_CN_DIGITS))
    if s.endswith("十"):
        return 10 * int(s[:-1].translate(_CN_DIGITS))
    if "十" in s:
        tens, ones = s.split("十")
        return 10 * int(tens.translate(_CN_DIGITS)) + int(ones.translate(_CN_DIGITS))
    return int(s.translate(_CN_DIGITS))


@dataclass(frozen=True)
class Dating:
    """A document's date (ISO, as precise as found) and how it was found."""

    date: str
    how: str


# ——2019年3月5日在第十三届全国人民代表大会第二次会议上; （2025年1月14日在…上）
_BYLINE = re.compile(
    rf"^[—\-－─]{{1,2}}\s*(?P<y>{_YEAR})\s*年\s*(?P<m>{_SMALL})\s*月\s*(?P<d>{_SMALL})\s*日\s*在"
    rf"|^[（(]\s*(?P<y2>{_YEAR})\s*年\s*(?P<m2>{_SMALL})\s*月\s*(?P<d2>{_SMALL})\s*日\s*在"
)


def date_of_byline(line: str) -> str | None:
    """The ISO date of a report's byline (``——2019年3月5日在…会议上``), if ``line`` is one."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    y, mo, d = (m.group("y"), m.group("m"), m.group("d"))
    if y is None:
        y, mo, d = m.group("y2"), m.group("m2"), m.group("d2")
    year, month, day = chinese_year(y), _small(mo), _small(d)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# Years of a title that are not its own: deadlines and long-range visions
# (…和二〇三五年远景目标纲要, 到2030年).
_TITLE_YEAR = re.compile(rf"(?<![到至])(?P<y>{_YEAR})\s*年(?!远景|远期|前)")
# The genres whose title year is the year they are delivered in (a bulletin's or a news
# report's title year is the year it reports on, which it publishes the year after).
_TITLE_DATED = frozenset({"work_report", "congress_report", "speech"})

# A first heading that reviews one year (一、2024年工作回顾; 一、二〇〇三年的工作回顾) or
# plans one (二、2025年经济社会发展总体要求和政策取向; 三、2025年政府工作任务).
_REVIEW_HEADING = re.compile(
    rf"^(?:[^，。；]{{0,12}}和)?(?P<y>{_YEAR})\s*年(?:的)?[^，。；]{{0,12}}?(?:回顾|总结|执行情况)"
)
_PLAN_HEADING = re.compile(
    rf"^(?:对|关于)?(?P<y>{_YEAR})\s*年(?:的)?[^，。；]{{0,16}}?"
    r"(?:总体要求|总体部署|工作任务|主要任务|重点任务|工作安排|重点工作|目标任务|政策取向|"
    r"工作的建议|的工作$)"
)
# 刚刚过去的2017年: the year just past
_JUST_PAST = re.compile(rf"刚刚过去的(?P<y>{_YEAR})年")
# 今年是“十四五”规划收官之年 / 开局之年; 今年是新中国成立70周年; 今年是建党100周年
_PERIOD_NAMES = "|".join(sorted(PERIODS, key=len, reverse=True))
_SELF_PERIOD = re.compile(
    rf"今年是[^。；]{{0,12}}?[“\"]?(?P<p>{_PERIOD_NAMES})[”\"]?(?:规划)?(?:的)?"
    r"(?P<pos>收官之年|最后一年|开局之年|起步之年|第一年|开篇之年)"
)
_SELF_ANNIVERSARY = re.compile(
    r"今年是[^。；]{0,12}?(?P<what>新中国成立|中华人民共和国成立|中国共产党成立|建党)"
    r"(?P<n>\d{2,3}|[一二三四五六七八九十百]{2,4})周年"
)
_FOUNDED = {"新中国成立": 1949, "中华人民共和国成立": 1949, "中国共产党成立": 1921, "建党": 1921}
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn_count(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for c in s:
        if c in _CN_NUM:
            cur = _CN_NUM[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def document_year(doc: Document, title: str | None, doc_type: str | None) -> Dating | None:
    """The document's year (as ``Dating``) from its byline, title or self-description."""
    paragraphs = doc.spans("paragraph")
    for p in paragraphs[:12]:
        iso = date_of_byline(doc.span_text(p))
        if iso:
            return Dating(iso, f"byline {doc.span_text(p).strip()[:40]!r}")
    if title and doc_type in _TITLE_DATED:
        years = [chinese_year(m.group("y")) for m in _TITLE_YEAR.finditer(title)]
        if years:
            return Dating(str(max(years)), f"title {title[:40]!r}")
    if doc_type in (None, *_TITLE_DATED):
        top = [h for h in doc.spans("heading") if h.get("level") <= 1]
        for h in top[:3]:
            heading = str(h.get("title") or "")
            m = _REVIEW_HEADING.match(heading)
            if m:
                year = chinese_year(m.group("y")) + 1
                return Dating(str(year), f"first heading {heading[:30]!r} reviews the year before")
            m = _PLAN_HEADING.match(heading)
            if m:
                return Dating(m.group("y").translate(_CN_DIGITS), f"heading {heading[:30]!r}")
    head = doc.text[: min(len(doc.text), 20000)]
    m = _JUST_PAST.search(head[:3000])
    if m:
        return Dating(str(chinese_year(m.group("y")) + 1), f"the text says {m.group()!r}")
    m = _SELF_PERIOD.search(head)
    if m:
        first, last = PERIODS[m.group("p")]
        year = last if m.group("pos") in ("收官之年", "最后一年") else first
        return Dating(str(year), f"the text says {m.group()!r}")
    m = _SELF_ANNIVERSARY.search(head)
    if m:
        n = _cn_count(m.group("n"))
        if n:
            return Dating(str(_FOUNDED[m.group("what")] + n), f"the text says {m.group()!r}")
    return None
