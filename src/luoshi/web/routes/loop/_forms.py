"""Parsing the closed-loop pages' form fields into the library's values, with clear errors."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated

from fastapi import Path
from pydantic import Field

from luoshi.errors import LoopError
from luoshi.loop.tasks import MilestoneSpec

__all__ = [
    "MAX_ID",
    "Id",
    "PathId",
    "parse_date",
    "parse_ids",
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
    """A positive id (empty: none)."""
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise LoopError(f"{what} {raw!r} is not an id", zh=f"{_zh(what, zh)} {raw!r} 不是编号")
    return int(raw)


def parse_ids(raw: str | list[str], what: str) -> list[int]:
    """Ids separated by commas or spaces, or given as repeated fields."""
    parts = raw if isinstance(raw, list) else raw.replace("，", ",").replace(",", " ").split()
    out = []
    for p in parts:
        value = parse_opt_id(p, what)
        if value is not None:
            out.append(value)
    return out


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


def parse_milestones(raw: str) -> list[MilestoneSpec]:
    """One milestone a line: ``2026-06-30 | 完成选址 | 50 | %`` (value and unit optional)."""
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
