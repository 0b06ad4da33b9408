"""The audit trail as people read it: each changed field with its own label and values.

An entry stores the fields before and after a change as JSON (:mod:`luoshi.loop.audit`);
this module turns one entry into rows of (field, label, before, after), one per field that
either side names, in the order the entry names them. Each row is built from its own key,
so a field whose value is empty (``""``, ``None``, ``[]``) keeps its row and shows 空, and
a field one side does not name shows —: nothing can slide onto a neighbour's value. Labels
and values are in Chinese or English, ids become names (a department's name, a state's
word), and lists read as lists.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from luoshi.loop.access import ROLE_EN, ROLE_ZH
from luoshi.loop.audit import AuditRecord
from luoshi.loop.tasks import STATE_EN, STATE_ZH
from luoshi.track.progress import STATUS_EN, STATUS_ZH

__all__ = [
    "ACTION_LABELS",
    "DATA_FIELDS",
    "EMPTY",
    "ENTITY_LABELS",
    "FIELD_LABELS",
    "IMPORTANCE_LABELS",
    "NOT_RECORDED",
    "REPORT_STATUS_LABELS",
    "FieldChange",
    "describe",
    "render_value",
]

#: What an empty value (``""``, ``None``, ``[]``, ``{}``) shows, by language.
EMPTY = {"zh": "空", "en": "(empty)"}
#: What a side shows for a field it does not name (a created record has no "before").
NOT_RECORDED = {"zh": "—", "en": "—"}

#: Field → (Chinese, English) label; a field not listed shows its own name.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    # tasks
    "title": ("标题", "Title"),
    "description": ("说明", "Description"),
    "deadline": ("截止日期", "Deadline"),
    "owner_department_id": ("牵头单位", "Owner department"),
    "co_department_ids": ("配合单位", "Co-operating departments"),
    "importance": ("重要程度", "Importance"),
    "state": ("状态", "State"),
    "framework_member_id": ("所属目标", "Goal"),
    "target_ids": ("关联目标", "Linked targets"),
    "milestones": ("节点", "Milestones"),
    "document_id": ("来源文件", "Source document"),
    "source_sentence": ("来源句子", "Source sentence"),
    "report_id": ("进展报告", "Progress report"),
    "comment": ("意见", "Comment"),
    # reports
    "task_id": ("任务", "Task"),
    "period": ("报告期", "Period"),
    "text": ("报告内容", "Text"),
    "final": ("申请销号", "Asks to close"),
    "figures": ("指标数据", "Figures"),
    "attachments": ("附件", "Attachments"),
    "status": ("审核结果", "Review"),
    # accounts and departments
    "username": ("用户名", "User name"),
    "display_name": ("姓名", "Name"),
    "role": ("角色", "Role"),
    "region_code": ("地区代码", "Region code"),
    "department_id": ("部门", "Department"),
    "disabled": ("已停用", "Disabled"),
    "email": ("电子邮箱", "E-mail"),
    "password": ("密码", "Password"),
    "name": ("名称", "Name"),
    # projects
    "year": ("计划开工年份", "Planned start year"),
    "total_investment": ("总投资（万元）", "Total investment (10k yuan)"),
    "started": ("已开工", "Started"),
    "started_on": ("开工日期", "Started on"),
    "planned": ("计划投资（万元）", "Planned investment (10k yuan)"),
    "completed": ("完成投资（万元）", "Completed investment (10k yuan)"),
    # target corrections
    "value": ("目标值", "Target value"),
    "value_high": ("目标值上限", "Target value (upper end)"),
    "deadline_year": ("目标年份", "Deadline year"),
    "comparator": ("比较方式", "Comparator"),
    "baseline_value": ("基期值", "Baseline value"),
    "baseline_year": ("基期年份", "Baseline year"),
    # assessments
    "scheme": ("评分办法", "Scoring scheme"),
    "scores": ("任务得分", "Task scores"),
    "league": ("部门排名", "League table"),
}

#: Fields whose values are the users' own words or names (a title, a comment, a file or
#: a department's name), shown as they were written in either language.
DATA_FIELDS = frozenset(
    {
        "title",
        "description",
        "source_sentence",
        "comment",
        "text",
        "name",
        "display_name",
        "username",
        "email",
        "attachments",
        "milestones",
        "owner_department_id",
        "co_department_ids",
        "department_id",
        "league",
    }
)

#: Action → (Chinese, English).
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "create": ("新建", "create"),
    "edit": ("修改", "edit"),
    "draft": ("起草", "draft"),
    "assign": ("交办", "assign"),
    "start": ("开始办理", "start"),
    "report": ("反馈", "report"),
    "start_review": ("开始督查", "start review"),
    "accept": ("通过", "accept"),
    "return": ("退回整改", "return"),
    "overdue": ("逾期", "overdue"),
    "submit": ("提交报告", "submit"),
    "review": ("审核", "review"),
    "disable": ("停用", "disable"),
    "enable": ("启用", "enable"),
    "set_password": ("设置密码", "set password"),
    "investment": ("填报投资", "investment"),
    "correct": ("更正", "correct"),
    "run": ("计算考核", "run"),
}

#: Entity → (Chinese, English).
ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "task": ("任务", "task"),
    "report": ("进展报告", "report"),
    "project": ("重点项目", "project"),
    "user": ("用户", "user"),
    "department": ("部门", "department"),
    "target": ("目标", "target"),
    "assessment": ("考核", "assessment"),
}

#: Importance → (Chinese, English).
IMPORTANCE_LABELS: dict[int, tuple[str, str]] = {
    1: ("一般", "normal"),
    2: ("重要", "important"),
    3: ("重点", "key"),
}
#: A progress report's review status → (Chinese, English).
REPORT_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("待审核", "submitted"),
    "accepted": ("已通过", "accepted"),
    "returned": ("已退回", "returned"),
}
_COMPARATOR = {
    "eq": ("等于", "equal to"),
    "ge": ("不低于", "at least"),
    "le": ("不超过", "at most"),
    "approx": ("左右", "about"),
}
_YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}
#: The parts of an assessment's scoring scheme (:class:`luoshi.loop.assessment.Scheme`).
_SCHEME = {
    "on_time": ("按时办结权重", "weight of closing on time"),
    "progress": ("目标进度权重", "weight of target progress"),
    "review": ("督查结果权重", "weight of the review"),
    "late_credit": ("逾期办结得分率", "credit for closing late"),
    "status_credit": ("各进度得分率", "credit by status"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its key, its label, and each side's value as text."""

    field: str
    label: str
    before: str
    after: str
    data: bool = False  # the values are the users' own words (:data:`DATA_FIELDS`)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _number(x: float | int) -> str:
    """A number in full (an audit trail never rounds), grouped by thousands."""
    if isinstance(x, float) and math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,}"


def render_value(
    field: str, value: Any, lang: str = "zh", departments: Mapping[int, str] | None = None
) -> str:
    """``value`` of ``field`` as a person reads it: 空 for nothing, names for ids, words for
    codes, lists joined; anything else as its text."""
    lang = "en" if lang == "en" else "zh"
    i = 0 if lang == "zh" else 1
    if _empty(value):
        return EMPTY[lang]
    names = departments or {}
    sep = "、" if lang == "zh" else ", "

    def dept(d: Any) -> str:
        return names.get(d, f"#{d}") if isinstance(d, int) else str(d)

    def pair(table: Mapping[Any, tuple[str, str]]) -> Callable[[Any], str]:
        return lambda v: table[v][i] if v in table else str(v)

    if isinstance(value, bool):
        return _YES_NO[lang][0 if value else 1]
    if field in ("owner_department_id", "department_id"):
        return dept(value)
    if field == "co_department_ids" and isinstance(value, list):
        return sep.join(dept(d) for d in value)
    if field == "state":
        return (STATE_ZH if lang == "zh" else STATE_EN).get(value, str(value))
    if field == "role":
        return (ROLE_ZH if lang == "zh" else ROLE_EN).get(value, str(value))
    if field == "importance":
        return pair(IMPORTANCE_LABELS)(value)
    if field == "status":
        return pair(REPORT_STATUS_LABELS)(value)
    if field == "comparator":
        return pair(_COMPARATOR)(value)
    if field in ("target_ids",) and isinstance(value, list):
        return sep.join(f"#{x}" for x in value)
    if field in ("task_id", "report_id", "framework_member_id", "document_id"):
        return f"#{value}"
    if field == "milestones" and isinstance(value, list):
        return "; ".join(_milestone(m, lang) for m in value)
    if field == "figures" and isinstance(value, list):
        return "; ".join(
            f"#{f[0]} {f[1]}: {_number(f[2])}" if isinstance(f, list) and len(f) == 3 else str(f)
            for f in value
        )
    if field == "attachments" and isinstance(value, list):
        return "; ".join(
            f"{a[0]} ({a[1] / 1024:.1f} KB)" if isinstance(a, list) and len(a) >= 2 else str(a)
            for a in value
        )
    if field == "password":
        return "已更改" if lang == "zh" else "changed"
    if field == "scheme" and isinstance(value, dict):
        return _scheme(value, lang)
    if field == "scores" and isinstance(value, dict):
        return "; ".join(f"#{k}: {_number(v)}" for k, v in value.items())
    if field == "league" and isinstance(value, list):
        return "; ".join(
            f"{r[0]}{'：' if lang == 'zh' else ': '}{_number(r[1])}"
            if isinstance(r, list) and len(r) == 2
            else str(r)
            for r in value
        )
    if isinstance(value, int | float):
        return str(value) if field.endswith("year") or field == "year" else _number(value)
    if isinstance(value, list):
        return sep.join(render_value("", v, lang, names) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _scheme(scheme: Mapping[str, Any], lang: str) -> str:
    """A scoring scheme: each weight by its name, the credit of each status by the word."""
    i = 0 if lang == "zh" else 1
    parts = []
    for key, value in scheme.items():
        label = _SCHEME.get(key, (key, key))[i]
        if isinstance(value, dict):
            words: Mapping[Any, str] = STATUS_ZH if lang == "zh" else STATUS_EN
            listed = ("、" if lang == "zh" else ", ").join(
                f"{words.get(k, k)} {_number(v)}" for k, v in value.items()
            )
            parts.append(f"{label}{'：' if lang == 'zh' else ': '}{listed}")
        else:
            parts.append(f"{label} {_number(value) if isinstance(value, int | float) else value}")
    return ("；" if lang == "zh" else "; ").join(parts)


def _milestone(m: Any, lang: str) -> str:
    if not (isinstance(m, list) and len(m) == 5):
        return str(m)
    title, due, expected, unit, done = m
    parts = [str(due)]
    if expected is not None:
        parts.append(f"{_number(expected)} {unit}".strip())
    if done:
        parts.append("已完成" if lang == "zh" else "done")
    inner = ("，" if lang == "zh" else ", ").join(parts)
    return f"{title}（{inner}）" if lang == "zh" else f"{title} ({inner})"


def describe(
    entry: AuditRecord, lang: str = "zh", departments: Mapping[int, str] | None = None
) -> list[FieldChange]:
    """The entry's fields, one row each (those of ``before`` first, then the ones only
    ``after`` names), every side rendered on its own: empty is 空, unnamed is —."""
    lang = "en" if lang == "en" else "zh"
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for field in [*before, *(k for k in after if k not in before)]:
        label = FIELD_LABELS.get(field, (field, field))[0 if lang == "zh" else 1]
        sides = [
            render_value(field, side[field], lang, departments)
            if field in side
            else NOT_RECORDED[lang]
            for side in (before, after)
        ]
        rows.append(FieldChange(field, label, sides[0], sides[1], field in DATA_FIELDS))
    return rows
