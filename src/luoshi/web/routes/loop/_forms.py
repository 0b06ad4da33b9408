"""Parsing the closed-loop pages' form fields into the library's values, with clear errors."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Path
from pydantic import Field

from luoshi.errors import LoopError
from luoshi.loop.tasks import MilestoneSpec
from luoshi.loop.users import DepartmentInfo

__all__ = [
    "MAX_ID",
    "Id",
    "MilestoneRows",
    "PathId",
    "department_id",
    "department_ids",
    "parse_date",
    "parse_ids",
    "parse_milestone_rows",
    "parse_milestones",
    "parse_number",
    "parse_opt_id",
]

#: Ids and versions beyond this are refused at the door: the databases store 32/64-bit
#: integers, and a larger Python int would fail deep inside the driver instead.
MAX_ID = 2_147_483_647
#: An id in a JSON body: a JSON integer only (``true`` or ``"1"`` is a 422, not id 1).
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]

#: The form fields' names in Chinese, for the messages about them.
_WHAT_ZH = {
    "start": "起始日期",
    "end": "截止日期",
    "start date": "开工日期",
    "deadline": "期限",
    "department": "部门",
    "owner department": "责任单位",
    "co-operating department": "配合单位",
    "target": "关联目标",
    "total investment": "总投资",
    "planned investment": "计划投资",
    "completed investment": "完成投资",
}


def _zh(what: str, zh: str) -> str:
    return zh or _WHAT_ZH.get(what, what)


def parse_date(raw: str, what: str, zh: str = "") -> date | None:
    """``YYYY-MM-DD`` (empty: none); ``what`` names the field (``zh`` in Chinese)."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise LoopError(
            f"{what} {raw!r} is not a date like 2026-12-31",
            zh=f"{_zh(what, zh)} {raw!r} 不是日期，请写作 2026-12-31 的形式",
        ) from None


def parse_opt_id(raw: str, what: str, zh: str = "") -> int | None:
    """A positive id, written ``23`` or ``#23`` (empty: none)."""
    raw = raw.strip().removeprefix("#").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise LoopError(
            f"{what} {raw!r} is not an id: choose from the list or type a number",
            zh=f"{_zh(what, zh)} {raw!r} 不是编号：请从列表中选择或填写编号",
        )
    return int(raw)


def parse_ids(raw: str | list[str], what: str) -> list[int]:
    """Ids separated by commas, 、 or spaces, in one field or in repeated fields (a form's
    chosen items and its typed ones), each once, in order."""
    fields = raw if isinstance(raw, list) else [raw]
    out: dict[int, None] = {}
    for field in fields:
        for p in field.replace("，", ",").replace("、", ",").replace(",", " ").split():
            value = parse_opt_id(p, what)
            if value is not None:
                out[value] = None
    return list(out)


def department_id(
    raw: str, departments: list[DepartmentInfo], what: str, region: str | None = None
) -> int | None:
    """A department typed as its id or its exact name, among ``departments`` (those the
    user may choose; of ``region`` when given), empty: none. A name that several
    departments share (each county has its 发展和改革局) must be chosen by id."""
    text = raw.strip()
    if not text or text.removeprefix("#").strip().isdigit():
        return parse_opt_id(text, what)
    found = [
        d.id for d in departments if d.name == text and (region is None or d.region_code == region)
    ]
    if len(found) == 1:
        return found[0]
    if found:
        raise LoopError(
            f"{what} {text!r}: {len(found)} departments have this name; choose one from the list",
            zh=f"{_zh(what, '')} {text!r}：同名部门有{len(found)}个，请从列表中选择",
        )
    raise LoopError(
        f"{what} {text!r}: no such department", zh=f"{_zh(what, '')} {text!r}：没有这个部门"
    )


def department_ids(
    raw: list[str], departments: list[DepartmentInfo], what: str, region: str | None = None
) -> list[int]:
    """Departments given as repeated fields, each an id or a name (see :func:`department_id`)."""
    out: dict[int, None] = {}
    for field in raw:
        for part in field.replace("，", ",").replace("、", ",").split(","):
            value = department_id(part, departments, what, region)
            if value is not None:
                out[value] = None
    return list(out)


def parse_number(raw: str, what: str, zh: str = "") -> float:
    """A finite number (JSON has no infinities, and a figure is never one)."""
    try:
        value = float(raw.strip())
    except ValueError:
        raise LoopError(
            f"{what}: {raw.strip()!r} is not a number",
            zh=f"{_zh(what, zh)}：{raw.strip()!r} 不是数字",
        ) from None
    if not math.isfinite(value):
        raise LoopError(
            f"{what}: {raw.strip()!r} is not a finite number",
            zh=f"{_zh(what, zh)}：{raw.strip()!r} 不是有限的数字",
        )
    return value


@dataclass(frozen=True)
class MilestoneRows:
    """The milestone editor's rows as the form sends them: one list per column, a row's
    key in ``row`` (``done`` holds the keys of the rows ticked done)."""

    row: list[str]
    due: list[str]
    title: list[str]
    value: list[str]
    unit: list[str]
    done: list[str]


def parse_milestone_rows(rows: MilestoneRows) -> list[MilestoneSpec]:
    """The editor's rows as milestones, in order; a row left empty is no milestone, a row
    with a date or a name needs both."""
    columns = (rows.row, rows.due, rows.title, rows.value, rows.unit)
    if len({len(c) for c in columns}) > 1:
        raise LoopError(
            "the milestone rows are incomplete: every row sends a key, a date, a name, a "
            "value and a unit",
            zh="节点各行字段不全：每行应有日期、名称、预期值和单位",
        )
    done = set(rows.done)
    out = []
    for n, (key, due_raw, title, value, unit) in enumerate(zip(*columns, strict=True), 1):
        title, unit = title.strip(), unit.strip()
        if not (due_raw.strip() or title or value.strip() or unit):
            continue
        if not title:
            raise LoopError(f"milestone row {n}: give it a name", zh=f"第{n}行节点缺少名称")
        due = parse_date(due_raw, f"milestone row {n}: date", f"第{n}行节点的日期")
        if due is None:
            raise LoopError(
                f"milestone row {n} {title!r}: give it a date", zh=f"第{n}行节点缺少日期：{title!r}"
            )
        expected = None
        if value.strip():
            expected = parse_number(value, f"milestone row {n}", f"第{n}行节点的预期值")
        out.append(MilestoneSpec(title[:500], due, expected, unit[:50], key in done))
    return out


def parse_milestones(raw: str) -> list[MilestoneSpec]:
    """One milestone a line: ``2026-06-30 | 完成选址 | 50 | %`` (value and unit optional).

    The form's earlier syntax, still accepted in the ``milestones`` field for scripts that
    post the form; the page sends rows (:func:`parse_milestone_rows`), the JSON API a list."""
    out = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 2 or not cells[1] or len(cells) > 4:
            raise LoopError(
                f"milestone line {n} {line.strip()!r}: write date | name [| value | unit]",
                zh=f"节点第 {n} 行 {line.strip()!r} 格式有误，请写作 日期 | 名称 [| 预期值 | 单位]",
            )
        due = parse_date(cells[0], f"milestone line {n}: date", f"节点第 {n} 行的日期")
        if due is None:
            raise LoopError(
                f"milestone line {n}: a milestone needs a date", zh=f"节点第 {n} 行缺少日期"
            )
        expected = None
        if len(cells) > 2 and cells[2]:
            expected = parse_number(cells[2], f"milestone line {n}", f"节点第 {n} 行")
        unit = cells[3] if len(cells) > 3 else ""
        out.append(MilestoneSpec(cells[1][:500], due, expected, unit[:50]))
    return out
