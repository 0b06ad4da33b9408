"""Time: the year each statement refers to.

Time expressions (DOMAIN: plan periods and deadlines): explicit years (``2021年``,
``2024年前三季度``), deadlines (``到2025年``, ``力争到“十四五”末`` → 2025),
plan periods (``“十四五”期间``), relative years (``今年``, ``去年``, ``明年``) resolved
against the document's date when it is known, and vague spans (``近几年``,
``近年来``) that fix no year. A statement takes the nearest time expression before
it in its sentence; a deadline anywhere in the sentence governs its targets
(``年均增速8.5%以上，到2025年突破70亿元``); a year context carries over sentences
joined by a semicolon in one paragraph; and a section the text dates as one
year's work (``2022年…抓好八个方面工作``) gives its year to the targets in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.reading.dating import PERIODS, chinese_year

__all__ = ["PLAN_PERIODS", "TimeExpr", "find_time_expressions"]

#: Five-year plans and their years (DOMAIN), as a time expression names them; the tenth
#: (十五, 2001–2005) only where a scope's words make it one, since 十五 is also fifteen.
PLAN_PERIODS: dict[str, tuple[int, int]] = {k: v for k, v in PERIODS.items() if k != "十五"}


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression: the year it fixes (None for a vague one) and whether it is a deadline."""

    start: int
    end: int
    year: int | None
    deadline: bool
    vague: bool = False


_PERIOD = "|".join(PLAN_PERIODS)
_TIME = re.compile(
    rf"(?P<to>到|至|截至|截止到?|力争到|争取到|计划到|预计到)?\s*"
    rf"(?:(?P<year>(?:19|20)\d{{2}}|[一二][九〇零○][〇零○一二三四五六七八九]{{2}})\s*年(?:底|末|年底|年末)?"
    rf"|[“\"]?(?P<period>{_PERIOD})[”\"]?(?:(?P<firstn>前(?P<n>[一二三四两1-4])年)|"
    rf"(?P<pend>末|期末|时期|期间|规划期|规划期末))?"
    rf"|(?P<rel>今年|明年|去年|上年|前年|后年|当年|本年|今后一年|上一年|过去一年))"
    rf"|(?P<vague>近几年|近年来|近年|多年来|历年|近些年|这些年|几年来|长期以来"
    rf"|\d{{1,3}}年来|[一二三四五六七八九十]{{1,3}}年来)"
)
_REL = {
    "今年": 0,
    "本年": 0,
    "当年": 0,
    "明年": 1,
    "后年": 2,
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "过去一年": -1,
    "前年": -2,
    "今后一年": 0,
}


def find_time_expressions(
    text: str, doc_year: int | None, start: int = 0, end: int | None = None
) -> list[TimeExpr]:
    """Time expressions in ``text[start:end]``."""
    out: list[TimeExpr] = []
    for m in _TIME.finditer(text, start, len(text) if end is None else end):
        deadline = bool(m.group("to"))
        if m.group("vague"):
            out.append(TimeExpr(m.start(), m.end(), None, False, vague=True))
        elif m.group("year"):
            out.append(TimeExpr(m.start(), m.end(), chinese_year(m.group("year")), deadline))
        elif m.group("firstn"):
            # “十一五”前四年: the period's first years, reviewed (2006–2009 → 2009)
            first = PLAN_PERIODS[m.group("period")][0]
            n = int(m.group("n").translate(str.maketrans("一二两三四", "12234")))
            out.append(TimeExpr(m.start(), m.end(), first + n - 1, False))
        elif m.group("period"):
            last = PLAN_PERIODS[m.group("period")][1]
            # 末/期末 is the plan's last year, the deadline of its targets; 期间/时期
            # names the whole period, whose targets are due at its end too.
            out.append(TimeExpr(m.start(), m.end(), last, True))
        elif m.group("rel"):
            year = doc_year + _REL[m.group("rel")] if doc_year else None
            out.append(TimeExpr(m.start(), m.end(), year, deadline, vague=year is None))
    return out
