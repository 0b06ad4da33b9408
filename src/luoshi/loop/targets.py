"""The loop's side of the plan store's targets: who owns each, the tasks linked to it,
and corrections by a leader, checked and audited.

A target's owner (责任单位) is the lead department of its *open* linked tasks: tasks handed
over (交办) and not yet closed (销号) — assigned, in progress, reported, under review,
returned or overdue. A draft has not been handed to anyone and a closed task's work is
done, so neither makes an owner; a target with no open task is 未交办 (not assigned).

Targets come from documents, and extraction can misread one (a deadline, a unit slip). A
leader corrects it here; the correction is a compare-and-set: the caller names the values it
saw, the row is locked for the transaction (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
write transaction is exclusive already), and a target that changed since is refused, so
that two people correcting one target cannot overwrite each other. The target table is
shared with ingest and carries no version column, hence the comparison of values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from luoshi.errors import AccessError, LoopError, StaleEditError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, check_region, require, task_scope, writing
from luoshi.loop.audit import record, snapshot
from luoshi.loop.tasks import STATE_ZH
from luoshi.store import Store
from luoshi.store.models import Target
from luoshi.track.standing import refresh_targets

__all__ = [
    "CORRECTABLE",
    "OWNING_STATES",
    "LinkedTask",
    "correct_target",
    "linked_tasks",
    "owned_by",
    "owners",
    "unowned",
]

#: The states of a task that make its lead department the owner of its targets.
OWNING_STATES = ("assigned", "in_progress", "reported", "under_review", "returned", "overdue")


@dataclass(frozen=True)
class LinkedTask:
    """A task linked to a target, as the target's page lists it."""

    id: int
    title: str
    state: str
    state_zh: str
    owner_department_id: int | None
    owner: str
    deadline: date | None

    @property
    def owning(self) -> bool:
        """Whether its lead department owns the target (the task is open)."""
        return self.state in OWNING_STATES and self.owner_department_id is not None


def _links(target_ids: list[int]) -> Select[*tuple[Any, ...]]:
    T, L, D = lm.Task, lm.TaskTarget, lm.Department
    return (
        select(L.target_id, T, D.name)
        .join(T, T.id == L.task_id)
        .outerjoin(D, D.id == T.owner_department_id)
        .where(L.target_id.in_(target_ids))
        .order_by(L.target_id, T.id)
    )


def linked_tasks(
    session: Session, target_ids: list[int], principal: Principal | None = None
) -> dict[int, list[LinkedTask]]:
    """The tasks linked to each target (those ``principal`` may see, if given), oldest
    first."""
    query = _links(target_ids)
    if principal is not None:
        query = task_scope(query, principal)
    out: dict[int, list[LinkedTask]] = {t: [] for t in target_ids}
    for tid, task, dept in session.execute(query).all():
        out[tid].append(
            LinkedTask(
                task.id,
                task.title,
                task.state,
                STATE_ZH.get(task.state, task.state),
                task.owner_department_id,
                dept or "",
                task.deadline,
            )
        )
    return out


def owners(session: Session, target_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each target's owner departments as (id, name), from its open linked tasks; an
    empty list is 未交办."""
    T, L, D = lm.Task, lm.TaskTarget, lm.Department
    out: dict[int, list[tuple[int, str]]] = {t: [] for t in target_ids}
    if not target_ids:
        return out
    for tid, dept_id, name in session.execute(
        select(L.target_id, D.id, D.name)
        .join(T, T.id == L.task_id)
        .join(D, D.id == T.owner_department_id)
        .where(L.target_id.in_(target_ids), T.state.in_(OWNING_STATES))
        .distinct()
        .order_by(L.target_id, D.name)
    ):
        out[tid].append((int(dept_id), str(name)))
    return out


def owned_by(target_id: ColumnElement[int] | Any, department_id: int) -> ColumnElement[bool]:
    """The condition that the target (``target_id``: its id column) is owned by the
    department."""
    T, L = lm.Task, lm.TaskTarget
    return exists().where(
        L.target_id == target_id,
        T.id == L.task_id,
        T.owner_department_id == department_id,
        T.state.in_(OWNING_STATES),
    )


def unowned(target_id: ColumnElement[int] | Any) -> ColumnElement[bool]:
    """The condition that the target has no owner (未交办)."""
    T, L = lm.Task, lm.TaskTarget
    return ~exists().where(
        L.target_id == target_id,
        T.id == L.task_id,
        T.owner_department_id.is_not(None),
        T.state.in_(OWNING_STATES),
    )


#: The fields a correction may change.
CORRECTABLE = (
    "value",
    "value_high",
    "deadline_year",
    "comparator",
    "baseline_value",
    "baseline_year",
)
_COMPARATORS = ("eq", "ge", "le", "approx")
_FIELD_ZH = {
    "value": "目标值",
    "value_high": "目标值上限",
    "deadline_year": "目标年份",
    "baseline_value": "基期值",
    "baseline_year": "基期年份",
}


def _check(field: str, value: Any) -> None:
    if field in ("value", "value_high", "baseline_value"):
        if value is None and field != "value":
            return
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise LoopError(
                f"{field} must be a finite number, not {value!r}",
                zh=f"{_FIELD_ZH.get(field, field)}须为有限数，而不是 {value!r}",
            )
    elif field in ("deadline_year", "baseline_year"):
        if value is None and field == "baseline_year":
            return
        if not isinstance(value, int) or not 1900 <= value <= 2100:
            raise LoopError(
                f"{field} must be a year between 1900 and 2100, not {value!r}",
                zh=f"{_FIELD_ZH.get(field, field)}须为 1900—2100 之间的年份，而不是 {value!r}",
            )
    elif field == "comparator" and value not in _COMPARATORS:
        raise LoopError(
            f"comparator {value!r} is not one of",
            zh=f"比较方式 {value!r} 不可用，可选",
            options=_COMPARATORS,
        )


def correct_target(
    store: Store,
    principal: Principal,
    target_id: int,
    *,
    expected: Mapping[str, Any],
    **changes: Any,
) -> dict[str, Any]:
    """Change fields of a target, given the values the caller saw (``expected``) for each;
    returns the corrected fields."""
    require(principal, "target.write")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown or not changes:
        raise LoopError(
            f"cannot correct {sorted(unknown) or 'nothing'}; correctable:",
            zh=f"不能更正 {sorted(unknown) or '空的修改'}，可更正",
            options=CORRECTABLE,
        )
    missing = set(changes) - set(expected)
    if missing:
        raise LoopError(
            f"name the values you saw for {sorted(missing)} in expected",
            zh=f"请在 expected 中写明您看到的 {sorted(missing)} 的原值",
        )
    for field, value in changes.items():
        _check(field, value)
    with writing(store) as s:
        query = select(Target).where(Target.id == target_id)
        if store.dialect == "postgresql":
            query = query.with_for_update()
        t = s.scalars(query).first()
        if t is None or (t.region_code is None and not principal.is_admin):
            raise AccessError(
                f"target {target_id} does not exist or is outside your scope",
                zh=f"目标 {target_id} 不存在或不在您的权限范围内",
            )
        check_region(principal, t.region_code, f"target {target_id}")
        before = snapshot(t, CORRECTABLE)
        stale = {f: before[f] for f in changes if before[f] != expected[f]}
        if stale:
            raise StaleEditError(
                f"target {target_id} was changed by someone else (now {stale}); "
                "reload it and try again",
                zh=f"目标 {target_id} 已被他人修改（现为 {stale}），请刷新后重试",
            )
        for field, value in changes.items():
            setattr(t, field, value)
        s.flush()
        refresh_targets(s, [t.id])  # its kept verdict follows the corrected figures
        after = snapshot(t, CORRECTABLE)
        record(
            s,
            principal,
            entity="target",
            entity_id=t.id,
            action="correct",
            region_code=t.region_code,
            before=before,
            after=after,
        )
        return after
