"""Classification: ``kind`` (target/actual), ``measure`` and ``comparator`` from cue words.

Cues come from the language of plans and reports (DOMAIN, "Language of targets and
results"): target cues (力争, 确保, 目标, 预期, 到20XX年, 每年新增, the task verbs of
a speech's work sections), result cues (完成, 比上年, 同比, 累计, 位居), comparators
(突破/以上/超过 → ge; 以内/控制在/不超过 → le; 左右/约/近 → approx) and measures
(增长/增速 → growth; 占比/比重 → share; 提高N个百分点, 增加N亿元, 前移N位 → change).
The section a sentence stands in decides where the sentence itself is silent: a
"goals" or "tasks" section makes targets, a "review" or "situation" section actuals.
"""

from __future__ import annotations

import re

__all__ = [
    "actual_cue",
    "comparator_of",
    "estimate_cue",
    "measure_of",
    "realised_cue",
    "restated_target",
    "section_kind",
    "target_cue",
]

# --- kind -------------------------------------------------------------------------
_TARGET_CUES = re.compile(
    r"力争|确保|争取|努力(?:实现|达到|提高|使)|目标|预期|计划|拟|力求|要求|规划|"
    r"到(?:19|20)\d{2}年|到[“\"]?十[一二三四五六]五[”\"]?末|咬定|"
    r"将(?:达到|突破|超过|实现|新增|建成|有|要|会)|要(?:达到|突破|实现|新增|完成|确保|力争)|"
    r"每年(?:新增|完成|建设|培育|引进|实施|改造)|年均(?:增长|增速|提高)|以上的目标|"
    r"控制在|不低于|不少于|不超过|以内|严守|守住|"
    r"^(?:推进|推动|实施|打造|建设|新建|改造|启动|培育|引进|持续推动|加快|建成|开展|争创|创建)"
)
_ACTUAL_CUES = re.compile(
    r"比上年|较上年|同比|累计|已经|已|历史性|首次|连续|分别为|位居|位列|跃升|跃居|"
    r"(?:完成|达到|实现|增长|增加|提高|下降)了|"
    r"占比|占.{0,12}的|辖|总人口|面积|储量|探明|(?:19|20)\d{2}年(?:全县|全市|全省|，|,)"
)
_TASK_VERBS = re.compile(
    r"(?:^|[，,；;])(?:[\u4e00-\u9fff]{0,4})(?:推进|推动|实施|打造|建设|新建|改造|启动|培育|引进|"
    r"加快|建成|开展|争创|创建|新增|力争|确保|谋划|招引|完成|实现|提升|提高|增加)"
)
_REVIEW_SECTION = re.compile(
    r"回顾|过去|成绩|成效|成就|县情|市情|基本情况|概况|发展基础|优势|形势|现状|取得|背景"
)
_GOAL_SECTION = re.compile(
    r"目标|任务|举措|措施|重点|工作|部署|抓好|坚定不移|路径|战略|思路|发展方位|打造|推动|推进|实施|建设|强化|加强"
)


def section_kind(heading_titles: list[str]) -> str | None:
    """``target`` or ``actual`` as the enclosing headings (innermost last) suggest."""
    for title in reversed(heading_titles):
        if _REVIEW_SECTION.search(title):
            return "actual"
        if _GOAL_SECTION.search(title):
            return "target"
    return None


# Idioms that hold a cue word but report a result or a mood, not a plan: 好于预期,
# 超出预期, 稳定预期, 完成…目标 (a review says a target was met).
_IDIOMS = re.compile(
    r"(?:好于|高于|超出|超过|超|符合|低于|不及|弱于|强于|达到|未达|稳定|稳|改善|提振|引导|社会|市场)预期|"
    r"预期之中|预期管理|(?:完成|实现|超额完成|圆满完成|全面完成)了?[^，。；]{0,10}(?:目标|计划|任务)"
)


def _without_idioms(clause: str) -> str:
    return (
        _IDIOMS.sub(lambda m: "　" * len(m.group()), clause)
        if "预期" in clause or ("完成" in clause or "实现" in clause)
        else clause
    )


def target_cue(clause: str) -> str | None:
    """The target cue in a clause, if any (not one inside an idiom such as 好于预期)."""
    m = _TARGET_CUES.search(_without_idioms(clause))
    return m.group() if m else None


# 预计全年增长5%: an estimate of a result (DOMAIN: 预计 of the past year is a result)
_ESTIMATE = re.compile(
    r"预计(?:全年|今年|[^，,；;。]{0,12})?(?:完成|实现|达到|增长|为|可达|突破|超过)?[^，,；;。]{0,12}$"
)


def estimate_cue(before: str) -> str | None:
    """预计 before a figure in its clause: the figure is an estimated result."""
    m = _ESTIMATE.search(before)
    return "预计" if m else None


# In a review, the year's promise restated beside its result: 预期目标是增长7%左右
_RESTATED = re.compile(r"预期目标|年度目标|目标是|目标为|计划目标|确定的目标|提出的目标")


def restated_target(clause: str) -> str | None:
    """A review clause that restates a target (预期目标): its figure is that target."""
    m = _RESTATED.search(_without_idioms(clause))
    return m.group() if m else None


# Words of a result realised, inside a plan section: 比上年增长, 同比, 已经.
_REALISED = re.compile(
    r"比上年(?:增长|下降|提高|增加|减少)|较上年|同比|增长了|提高了|下降了|已经|首次|历史性"
)


def realised_cue(clause: str) -> str | None:
    """A cue of a result already realised (比上年增长, 同比, 已经)."""
    m = _REALISED.search(clause)
    return m.group() if m else None


def actual_cue(clause: str) -> str | None:
    """The result cue in a clause, if any."""
    m = _ACTUAL_CUES.search(clause)
    return m.group() if m else None


def task_verb(clause: str) -> str | None:
    """A verb of doing that opens a clause of a work plan (推进…, 打造…)."""
    m = _TASK_VERBS.search(clause)
    return m.group().lstrip("，,；;") if m else None


# --- comparator -------------------------------------------------------------------
_GE_BEFORE = re.compile(r"(?:突破|超过|超|不低于|不少于|至少|逾|高于|多于|大于|达到以上)$")
_LE_BEFORE = re.compile(r"(?:控制在|不超过|不高于|低于|少于|小于|至多|最多)$")
_APPROX_BEFORE = re.compile(r"(?:约|近|大约|将近|接近|约为|预计约|左右约)$")
_GE_AFTER = re.compile(r"^(?:以上|多|余|有余|之上|强)")
_LE_AFTER = re.compile(r"^(?:以内|以下|之内|之下)")
_APPROX_AFTER = re.compile(r"^(?:左右|上下|前后)")


def comparator_of(before: str, after: str, approx: str | None) -> tuple[str, str]:
    """(comparator, cue) from the text right before the number and right after the unit."""
    if approx in ("ge", "le", "approx"):
        return approx, "the number itself (多/余/近/约)"
    for pattern, value in ((_GE_AFTER, "ge"), (_LE_AFTER, "le"), (_APPROX_AFTER, "approx")):
        m = pattern.match(after)
        if m:
            return value, m.group()
    # the longest cue wins: 不低于 (ge) over 低于 (le)
    found = [
        (m.group(), value)
        for pattern, value in ((_LE_BEFORE, "le"), (_GE_BEFORE, "ge"), (_APPROX_BEFORE, "approx"))
        if (m := pattern.search(before))
    ]
    if found:
        cue, value = max(found, key=lambda f: len(f[0]))
        return value, cue
    return "eq", ""


# --- measure ----------------------------------------------------------------------
# what may stand between the measure word and the number: 增长近70%, 分别提高9.97%和…
_BRIDGE = r"(?:达到|达|为|保持在|稳定在|分别为|分别)?\s*(?:近|约|超过|逾|接近|将近)?"
_GROWTH = re.compile(
    r"(?:增长|增速|增幅|年均增长|年均增速|递增|同比增长|比上年增长|较上年增长|上涨|涨幅|微涨|略涨|"
    # a percentage a level rises by (提高10%) is its growth; 提高到10% is a level
    r"提高|提升|增加|上调|扩大)"
    rf"[了率]?{_BRIDGE}$|增速[^，,；;。]{{0,8}}(?:达到|达|为|保持)[了]?$|"
    # 经济增长预期目标为7%左右: the growth the target is set for
    r"(?:增长|增速|涨幅|增幅)(?:的)?(?:预期|年度|主要)?(?:预期|目标)(?:是|为|定为|确定为)?$"
)
_FALL = re.compile(
    rf"(?:下降|降低|减少|回落|下滑|降幅|压减|压缩|缩减|下调|微降|略降)[了率]?{_BRIDGE}$"
)
_SHARE = re.compile(r"占比|比重|占[^，,；;。]{0,16}的?$|份额|占[^，,；;。]{0,16}比")
_CHANGE_BEFORE = re.compile(
    r"(?:提高|提升|增加|减少|降低|下降|上升|前移|后移|跃升|上升了|前进|进位|多|少)(?:了)?$|比上年增加|较上年增加|增长了?$"
)
_RANK_CHANGE = re.compile(r"(?:前移|后移|跃升|上升|下降|前进|进位|提升)了?$")


def measure_of(form: str, unit: str, unit_kind: str, before: str) -> tuple[str, str, int]:
    """(measure, cue, sign): sign is -1 for a fall (下降3%)."""
    if form == "ratio":
        return "ratio", "A:B form", 1
    if form == "rank":
        return "rank", "第N", 1
    if unit_kind == "points":
        fall = bool(_FALL.search(before))
        return "change", unit, -1 if fall else 1
    if unit_kind == "multiple" and _GROWTH.search(before):
        return "growth", _GROWTH.search(before).group(), 1  # type: ignore[union-attr]
    if unit == "位" and _RANK_CHANGE.search(before):
        return "change", _RANK_CHANGE.search(before).group(), 1  # type: ignore[union-attr]
    if unit in ("%", "‰") or form in ("percent", "permille", "fraction"):
        m = _SHARE.search(before)
        if m:
            return "share", m.group(), 1
        m = _GROWTH.search(before)
        if m:
            return "growth", m.group(), 1
        m = _FALL.search(before)
        if m:
            return "growth", m.group(), -1
        return "level", "", 1
    m = _CHANGE_BEFORE.search(before)
    if m and unit_kind not in ("time",):
        return "change", m.group(), -1 if re.search(r"减少|降低|下降|少", m.group()) else 1
    return "level", "", 1
