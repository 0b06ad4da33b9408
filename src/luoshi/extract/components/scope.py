"""Scopes: the stretches of a document that set the time and kind of the figures in them.

Reports date most figures by their place (contract: "Years in documents that review one
period and plan the next"; DOMAIN: document shapes). A government work report delivered in
year Y opens with a review of Y−1 (``一、2024年工作回顾``, ``过去一年``), a plenary of a
new plan period reviews the period (``过去五年``, ``“十四五”时期``), and both then plan:
the year's targets (``2025年工作总体要求``, ``今年…主要预期目标是：A；B；C。``) or the new
period's (``“十五五”时期主要目标``). A scope is such a stretch, with

- ``kind``: ``actual`` for a review, ``target`` for a plan, None where it says only when;
- ``year``: the year its figures refer to: the year reviewed, the last year of a period
  reviewed, the year planned, or a plan period's deadline;
- ``first``: the first year of a period (a starting value ``从2.1%提高到2.5%`` refers to
  the year before it);
- ``level``: ``section`` (a heading and what follows it, to the next heading of its
  level), ``paragraph`` (a paragraph that opens with its time: ``过去一年，…``,
  ``五年来，…``), or ``list`` (a lead-in list: every item to the list's end, across ``；``
  and clause breaks);
- ``cue``: the words that set it, for ``--explain``.

Scopes nest: a list inside a paragraph inside sections. The innermost one that says a
thing decides it; the clause's own words (an explicit year, ``到2030年``, ``预计``) decide
before any scope (see the classify component).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from luoshi.reading.dating import PERIODS, chinese_year
from luoshi.reading.document import Document, Span

__all__ = [
    "Scope",
    "ScopeIndex",
    "find_scopes",
    "heading_scope",
    "period_of",
    "reference_year",
    "reported_year",
]


@dataclass(frozen=True, slots=True)
class Scope:
    """What a stretch of text says about the time and kind of the figures in it."""

    start: int
    end: int
    kind: str | None  # actual | target | None
    year: int | None
    first: int | None  # first year of the period covered (= year for a single year)
    level: str  # section | paragraph | list
    cue: str

    def merged(self, inner: Scope) -> Scope:
        """This scope refined by one nested inside it: what the inner one says wins, but
        an undated inner heading (（一）加强宏观调控…, under 一、2009年工作回顾) does not
        turn a dated review into a plan or back: only a time changes what a stretch is."""
        dated = inner.year is not None or inner.level == "list"
        return Scope(
            inner.start,
            inner.end,
            (inner.kind or self.kind) if dated or self.year is None else (self.kind or inner.kind),
            inner.year if inner.year is not None else self.year,
            inner.first if inner.year is not None else self.first,
            inner.level,
            inner.cue if inner.kind or inner.year is not None else self.cue,
        )


# Plan periods of older reports too (六五 = 1981–1985 …), besides the five-year plans of
# reading.dating.
_OLD_PERIODS = {
    "六五": (1981, 1985),
    "七五": (1986, 1990),
    "八五": (1991, 1995),
    "九五": (1996, 2000),
}
_ALL_PERIODS = {**_OLD_PERIODS, **PERIODS}
_PERIOD_RE = "|".join(sorted(_ALL_PERIODS, key=len, reverse=True))
# a period named as one: quoted, or followed by what names a period (十五 alone is fifteen)
_PERIOD = re.compile(
    rf"[“\"](?P<q>{_PERIOD_RE})[”\"]|(?P<p>{_PERIOD_RE})(?=时期|期间|规划|计划|以来|末)"
)
_CN_YEAR = r"[一二][九〇零○][〇零○一二三四五六七八九]{2}"
_YEAR = re.compile(rf"(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s*年(?!代)")


def period_of(text: str) -> tuple[int, int] | None:
    """The plan period a text names (“十四五”时期 → 2021–2025)."""
    m = _PERIOD.search(text)
    if not m:
        return None
    return _ALL_PERIODS[m.group("q") or m.group("p")]


# --- sections ---------------------------------------------------------------------
_REVIEW_WORDS = re.compile(
    r"回顾|总结|成就|成绩|成效|执行情况|完成情况|决算|进展|取得|发展基础|基本情况|概况|现状|形势"
)
_PLAN_WORDS = re.compile(
    r"要求|任务|安排|部署|目标|重点|建议|打算|取向|思路|举措|措施|预算|草案|展望|方向|"
    r"(?<!执行)计划(?!执行)|规划(?!执行)"
)
# 过去一年 / 去年 / 一年来: the year before the document's; 过去五年 / 五年来 / 本届政府: the five
_LAST_YEAR = re.compile(r"过去一年|一年来|去年|上年|刚刚过去的一年")
_LAST_FIVE = re.compile(r"过去五年|五年来|本届政府|过去的五年")
_THIS_YEAR = re.compile(r"今年|本年|明年")
_NEXT_FIVE = re.compile(r"今后五年|未来五年")
# A heading whose verbs set out work to do (推进…, 加强…): the tasks of a plan.
_TASK_HEADING = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4})(?:推进|推动|实施|打造|建设|加快|加强|强化|深化|着力|坚持|促进|提升|"
    r"提高|扩大|持续|全力|大力|坚定|统筹|聚焦|做好|抓好|优化|培育|发展|保障|守牢|筑牢|巩固|"
    r"全面|积极|切实|更加|扎实|努力|不断|稳步|着眼)"
)


def _years(title: str) -> list[int]:
    return [chinese_year(m.group("y")) for m in _YEAR.finditer(title)]


def heading_scope(title: str, doc_year: int | None) -> tuple[str | None, int | None, int | None]:
    """(kind, year, first) a section heading gives the figures under it."""
    review = bool(_REVIEW_WORDS.search(title)) or bool(
        re.match(r"^(?:关于)?(?:过去|去年|一年来|五年来)", title)
    )
    plan = bool(_PLAN_WORDS.search(title))
    years = _years(title)
    period = period_of(title)
    kind: str | None
    if review and plan:
        # 1998年工作回顾和1999年工作的总体要求: the plan is the last named and governs
        # what follows the review part; a section titled both is read as its review.
        kind = "actual" if _REVIEW_WORDS.search(title.split("和")[0]) else "target"
    elif review:
        kind = "actual"
    elif plan or _TASK_HEADING.match(title):
        kind = "target"
    else:
        kind = None
    year: int | None = None
    first: int | None = None
    if kind == "actual":
        # the year the review words follow (1993年国内工作的回顾和1994年工作的基本方针)
        cut = _REVIEW_WORDS.search(title)
        reviewed = _years(title[: cut.end()]) if cut else []
        years = reviewed or years
        if years:
            year = max(years)
            first = period[0] if period and period[1] == year else year
        elif period is not None:
            first, year = period
        elif _LAST_FIVE.search(title) and doc_year:
            first, year = doc_year - 5, doc_year - 1
        elif _LAST_YEAR.search(title) and doc_year:
            first = year = doc_year - 1
    elif kind == "target":
        if years:
            year = first = max(years)
        elif period is not None:
            first, year = period
        elif _NEXT_FIVE.search(title) and doc_year:
            first, year = doc_year, doc_year + 4
        elif _THIS_YEAR.search(title) and doc_year:
            year = first = doc_year + (1 if "明年" in title else 0)
    elif years:
        year = first = max(years)
    return kind, year, first


# A top-level section that names no year may date itself in its opening lines:
# "二、…\n2022年是…的关键之年，…抓好八个方面工作" (a plenary's plan section).
_OPENING_YEAR_WORK = re.compile(
    r"^(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|明年))(?:是|，|,)"
    r"[^\n]{0,200}?(?:工作|任务|目标|举措|重点)"
)


# A copy that lost the numbers of its headings (a newspaper's "“十四五”时期工作回顾" on a
# line of its own) still marks its parts: a short line, with no sentence punctuation,
# that names a review or a plan of a year or a period.
_MAX_BARE_HEADING = 40
_SENTENCE_MARKS = re.compile(r"[。；;！？!?：:，,]")
_DATED = re.compile(rf"(?:19|20)\d{{2}}\s*年|今年|过去一年|过去五年|{_PERIOD.pattern}")


def _bare_headings(doc: Document, doc_year: int | None) -> list[Span]:
    """Unnumbered lines that head a dated review or plan, as top-level headings."""
    out = []
    numbered = {h.get("paragraph") for h in doc.spans("heading")}
    for index, p in enumerate(doc.spans("paragraph")):
        if p.end - p.start > _MAX_BARE_HEADING or index in numbered:
            continue
        line = doc.span_text(p).strip()
        if len(line) < 4 or _SENTENCE_MARKS.search(line) or not _DATED.search(line):
            continue
        kind, _, _ = heading_scope(line, doc_year)
        if kind is not None:
            attrs = (("level", 1), ("kind", "bare"), ("number", 0), ("title", line))
            out.append(Span(p.start, p.end, "heading", (*attrs, ("paragraph", index))))
    return out


def _sections(doc: Document, doc_year: int | None) -> list[Scope]:
    headings = sorted(
        [*doc.spans("heading"), *_bare_headings(doc, doc_year)], key=lambda h: h.start
    )
    paragraphs = doc.spans("paragraph")
    para_starts = [p.start for p in paragraphs]
    text = doc.text
    out: list[Scope] = []
    # each heading runs to the next heading of its level or above: a stack walk, linear
    open_: list[tuple[int, Span]] = []
    ends: dict[int, int] = {}
    for i, h in enumerate(headings):
        level = h.get("level")
        while open_ and open_[-1][1].get("level") >= level:
            j, _ = open_.pop()
            ends[j] = h.start
        open_.append((i, h))
    for j, _ in open_:
        ends[j] = len(text)
    work_report = doc.meta.doc_type == "work_report"
    reviewed = False
    for i, h in enumerate(headings):
        title = str(h.get("title") or "")
        kind, year, first = heading_scope(title, doc_year)
        cue = f"heading {title[:30]!r}"
        if h.get("level") <= 1 and work_report:
            # after its review, every part of a work report sets out work to do
            if kind is None and reviewed:
                kind = "target"
            reviewed = reviewed or kind == "actual"
        if year is None and h.get("level") <= 1 and kind != "actual":
            # the paragraph after the heading line
            k = bisect.bisect_right(para_starts, h.start)
            opening = doc.span_text(paragraphs[k])[:400] if k < len(paragraphs) else ""
            m = _OPENING_YEAR_WORK.match(opening)
            if m:
                if m.group("y"):
                    year = int(m.group("y"))
                elif doc_year:
                    year = doc_year + (1 if m.group("rel") == "明年" else 0)
                if year is not None and doc_year is not None and year < doc_year:
                    year = None  # a plan section does not plan a year gone by
                if year is not None:
                    first = year
                    kind = kind or "target"
                    cue = f"section opening {m.group()[:30]!r}"
        if year is None and kind is not None and h.get("level") <= 1 and doc_year and work_report:
            # a government work report reviews the year before it and plans its own
            year = first = doc_year - 1 if kind == "actual" else doc_year
            cue = f"heading {title[:30]!r} of a work report of {doc_year}"
        if kind is None and year is None:
            continue
        out.append(Scope(h.start, ends[i], kind, year, first, "section", cue))
    return out


# --- paragraphs -------------------------------------------------------------------
# (matched at a paragraph's start)
_OPENER = re.compile(
    rf"(?:[一二三四五六七八九十]{{1,2}}是|——)?\s*(?:"
    rf"(?P<ytd>今年以来|今年前三季度|今年上半年|今年一季度|年初以来)|"
    rf"(?P<last5>过去五年|五年来|本届政府以来|过去的五年)|"
    rf"(?P<period>[“\"]?(?:{_PERIOD_RE})[”\"]?(?:时期|期间|以来))|"
    rf"(?P<last>过去一年|一年来|去年|刚刚过去的一年)|刚刚过去的(?P<past>(?:19|20)\d{{2}})年[，,]|"
    rf"(?P<year>(?:19|20)\d{{2}})年(?!底|末|前|以前|之前|以后|后)(?:以来)?[，,、是全]"
    rf"|(?P<this>今年)[，,]"
    rf")"
)


def _paragraphs(doc: Document, doc_year: int | None) -> list[Scope]:
    out: list[Scope] = []
    text = doc.text
    for p in doc.spans("paragraph"):
        m = _OPENER.match(text, p.start, min(p.end, p.start + 24))
        if not m:
            continue
        cue = f"paragraph opening {m.group()!r}"
        kind: str | None
        if m.group("ytd"):
            if doc_year is None:
                continue
            kind, year, first = "actual", doc_year, doc_year
        elif m.group("last5"):
            if doc_year is None:
                continue
            kind, year, first = "actual", doc_year - 1, doc_year - 5
        elif m.group("period"):
            period = period_of(m.group("period")) or period_of(m.group("period") + "时期")
            if period is None:
                continue
            kind = "actual" if doc_year is None or period[1] < doc_year else None
            first, year = period
            if kind is None:
                # a period still to come (“十五五”时期，…) is planned
                kind = "target" if doc_year is not None and period[0] >= doc_year else None
        elif m.group("last"):
            if doc_year is None:
                continue
            kind, year, first = "actual", doc_year - 1, doc_year - 1
        elif m.group("past"):
            kind, year = "actual", int(m.group("past"))
            first = year
        elif m.group("year"):
            year = first = int(m.group("year"))
            # a year before the document's was lived; the document's own or a later one
            # only says when (a plan's paragraph, or news of the year so far)
            kind = "actual" if doc_year is not None and year < doc_year else None
        else:
            if doc_year is None:
                continue
            kind, year, first = None, doc_year, doc_year
        out.append(Scope(p.start, p.end, kind, year, first, "paragraph", cue))
    return out


# --- lead-in lists ----------------------------------------------------------------
# 今年经济社会发展的主要预期目标是：…; 2025年全省发展的主要目标是：…; 主要指标：…
_LEAD_IN = re.compile(
    r"(?:主要|预期|奋斗|总体|发展|工作|年度)(?:预期)?目标(?:任务)?(?:是|为|如下)?[：:]|"
    r"主要(?:预期)?指标(?:是|为|如下)?[：:]|目标任务是[：:]"
)
_LIST_ITEM_END = "；;"
_MAX_LIST = 3000  # a list this long is not one list: stop looking for its end


def _lists(doc: Document, doc_year: int | None) -> list[Scope]:
    text = doc.text
    out: list[Scope] = []
    heading_starts = [h.start for h in doc.spans("heading")]
    pos = 0
    for m in _LEAD_IN.finditer(text):
        if m.start() < pos:
            continue
        # the lead-in's own words, back to the start of its sentence
        back = max(text.rfind(c, max(0, m.start() - 200), m.start()) for c in "。！？\n") + 1
        back = max(back, m.start() - 200)
        lead = text[back : m.end()]
        if re.search(r"(?:完成|实现|超额|达到)了?[^，。]{0,12}$", text[back : m.start()]):
            continue  # 完成了年度主要目标： a review of targets met, not a list of them
        k = bisect.bisect_right(heading_starts, m.end())
        end = _list_end(text, m.end(), heading_starts[k] if k < len(heading_starts) else len(text))
        year, first = _lead_in_year(lead, doc_year)
        out.append(Scope(m.end(), end, "target", year, first, "list", f"lead-in {lead[-30:]!r}"))
        pos = end
    return out


def _list_end(text: str, start: int, next_heading: int) -> int:
    """Where a lead-in list ends: the first sentence end that is not an item's ``；``;
    a list that opens at a paragraph end runs over the following item paragraphs (each
    ending with ``；``) to the one that ends with ``。``, never past a heading."""
    limit = min(len(text), start + _MAX_LIST, next_heading)
    last = ""  # the last character that is not a space
    for i in range(start, limit):
        c = text[i]
        if c in "。！？":
            return i + 1
        if c == "\n":
            if last and last not in _LIST_ITEM_END + "：:":
                return i
        elif not c.isspace():
            last = c
    return limit


def _lead_in_year(lead: str, doc_year: int | None) -> tuple[int | None, int | None]:
    years = _years(lead)
    if years:
        y = max(years)
        return y, y
    period = period_of(lead)
    if period is not None:
        return period[1], period[0]
    if _NEXT_FIVE.search(lead) and doc_year:
        return doc_year + 4, doc_year
    if _THIS_YEAR.search(lead) and doc_year:
        return doc_year, doc_year
    return None, None


_REPORTED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def reported_year(doc: Document) -> int | None:
    """The year a statistical bulletin reports on, as its title names it (2019年…统计公报);
    None for another document, or a bulletin whose title names no year."""
    if doc.meta.doc_type == "bulletin" and doc.meta.title:
        m = _REPORTED_YEAR.search(doc.meta.title)
        if m:
            return int(m.group(1))
    return None


def reference_year(doc: Document) -> int | None:
    """The year a document's relative time words (今年, 本年, 上年) count from: the year
    of its date, except for a statistical bulletin, which is published the spring after
    the year it reports on, or years later on a page that was put online again: its 本年
    is the year reported on (:func:`reported_year`)."""
    reported = reported_year(doc)
    return reported if reported is not None else doc.meta.year


def find_scopes(doc: Document) -> list[Scope]:
    """Every scope of ``doc``: sections, paragraphs that open with their time, lead-in lists."""
    doc_year = reference_year(doc)
    return [*_sections(doc, doc_year), *_paragraphs(doc, doc_year), *_lists(doc, doc_year)]


class ScopeIndex:
    """The effective scope at a position: the sections around it, refined by its paragraph
    and its list. Built once per document; each lookup is a few bisections."""

    def __init__(self, scopes: Sequence[Scope], paragraphs: Sequence[Span]) -> None:
        sections = sorted((s for s in scopes if s.level == "section"), key=lambda s: s.start)
        self._paragraph = {s.start: s for s in scopes if s.level == "paragraph"}
        self._lists = sorted((s for s in scopes if s.level == "list"), key=lambda s: s.start)
        self._list_starts = [s.start for s in self._lists]
        self._para_starts = [p.start for p in paragraphs]
        self._paras = list(paragraphs)
        # the sections enclosing each paragraph, merged outermost first: one walk
        self._base: list[Scope | None] = []
        stack: list[Scope] = []
        i = 0
        for p in paragraphs:
            while i < len(sections) and sections[i].start <= p.start:
                while stack and stack[-1].end <= sections[i].start:
                    stack.pop()
                stack.append(sections[i])
                i += 1
            while stack and stack[-1].end <= p.start:
                stack.pop()
            merged: Scope | None = None
            for s in stack:
                if s.end > p.start:
                    merged = s if merged is None else merged.merged(s)
            self._base.append(merged)

    def at(self, pos: int) -> Scope | None:
        """The effective scope at ``pos``."""
        k = bisect.bisect_right(self._para_starts, pos) - 1
        scope = self._base[k] if k >= 0 else None
        if k >= 0:
            para = self._paragraph.get(self._paras[k].start)
            if para is not None:
                scope = para if scope is None else scope.merged(para)
        j = bisect.bisect_right(self._list_starts, pos) - 1
        if j >= 0 and self._lists[j].start <= pos < self._lists[j].end:
            lst = self._lists[j]
            scope = lst if scope is None else scope.merged(lst)
        return scope
