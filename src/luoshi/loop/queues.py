"""The work waiting for each user: overdue and returned tasks, reports to review, drafts to
assign, a department's tasks coming due — as counts for the first screen and as lists.

A queue is a condition on tasks within the user's scope (:func:`~luoshi.loop.access.task_scope`),
so that the count a page shows and the list its link opens are the same rows.

- ``overdue`` (逾期): marked overdue, or open (assigned, in progress, returned) past its
  deadline before the deadline scan has marked it;
- ``returned`` (退回整改): returned for rework;
- ``review`` (待审核): a report submitted and not yet reviewed;
- ``to_assign`` (待交办): drafts, the leader's to hand over;
- ``due`` (近期到期): open and due within :data:`DUE_DAYS` days, or past due.

A department's queues hold the tasks it owns; a leader's and an administrator's every task
in scope. A viewer has no queue: it reads.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from luoshi.errors import LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, reading, require, task_scope
from luoshi.loop.tasks import STATES, TaskView, task_view
from luoshi.store import Store

__all__ = [
    "DUE_DAYS",
    "QUEUES",
    "ROLE_QUEUES",
    "SORTS",
    "Queue",
    "queue_condition",
    "queue_counts",
    "queue_tasks",
]

Queue = Literal["overdue", "returned", "review", "to_assign", "due"]
QUEUES: tuple[Queue, ...] = get_args(Queue)
#: The queues each role works through, in the order the first screen shows them.
ROLE_QUEUES: dict[str, tuple[Queue, ...]] = {
    "administrator": ("review", "to_assign", "overdue", "returned"),
    "leader": ("review", "to_assign", "overdue", "returned"),
    "department": ("due", "returned", "overdue"),
    "viewer": (),
}
#: A task is coming due this many days before its deadline.
DUE_DAYS = 30
#: The orders a task list can be sorted in.
SORTS = ("deadline", "state", "owner", "id")
_WORKING = ("assigned", "in_progress", "returned")


def queue_condition(queue: str, principal: Principal, today: date) -> ColumnElement[bool]:
    """The condition on :class:`~luoshi.loop.models.Task` of ``queue`` for ``principal``."""
    T = lm.Task
    cond: ColumnElement[bool]
    if queue == "overdue":
        cond = or_(T.state == "overdue", and_(T.state.in_(_WORKING), T.deadline < today))
    elif queue == "returned":
        cond = T.state == "returned"
    elif queue == "review":
        cond = exists().where(lm.Report.task_id == T.id, lm.Report.status == "submitted")
    elif queue == "to_assign":
        cond = T.state == "draft"
    elif queue == "due":
        cond = and_(
            T.state.in_((*_WORKING, "overdue")),
            T.deadline <= today + timedelta(days=DUE_DAYS),
        )
    else:
        raise LoopError(
            f"queue {queue!r} is not one of", zh=f"待办类别 {queue!r} 不可用，可选", options=QUEUES
        )
    if principal.role == "department":
        cond = and_(cond, T.owner_department_id == principal.department_id)
    return cond


def queue_counts(
    session: Session, principal: Principal, today: date, queues: tuple[str, ...] | None = None
) -> dict[str, int]:
    """How many tasks each queue (of the principal's role, unless named) holds: one query."""
    require(principal, "task.read")
    wanted = queues if queues is not None else ROLE_QUEUES.get(principal.role, ())
    if not wanted:
        return {}
    columns = [
        func.coalesce(func.sum(case((queue_condition(q, principal, today), 1), else_=0)), 0)
        for q in wanted
    ]
    row = session.execute(task_scope(select(*columns).select_from(lm.Task), principal)).one()
    return {q: int(n) for q, n in zip(wanted, row, strict=True)}


def _ordered(query: Select[Any], sort: str) -> Select[Any]:
    T = lm.Task
    if sort == "deadline":
        return query.order_by(T.deadline.is_(None), T.deadline, T.id)
    if sort == "state":
        return query.order_by(T.state, T.deadline.is_(None), T.deadline, T.id)
    if sort == "owner":
        names = select(lm.Department.name).where(lm.Department.id == T.owner_department_id)
        return query.order_by(
            T.owner_department_id.is_(None), names.scalar_subquery(), T.deadline, T.id
        )
    if sort == "id":
        return query.order_by(T.id)
    raise LoopError(f"sort {sort!r} is not one of", zh=f"排序 {sort!r} 不可用，可选", options=SORTS)


def queue_tasks(
    store: Store,
    principal: Principal,
    *,
    queue: str | None = None,
    state: str | None = None,
    department_id: int | None = None,
    sort: str = "id",
    today: date,
) -> list[TaskView]:
    """The tasks in the principal's scope of ``queue`` (and ``state``, and owner
    ``department_id``), sorted by ``sort`` (one of :data:`SORTS`)."""
    require(principal, "task.read")
    if state is not None and state not in STATES:
        raise LoopError(
            f"state {state!r} is not one of", zh=f"状态 {state!r} 不可用，可选", options=STATES
        )
    T = lm.Task
    query = task_scope(select(T), principal)
    if queue is not None:
        query = query.where(queue_condition(queue, principal, today))
    if state is not None:
        query = query.where(T.state == state)
    if department_id is not None:
        query = query.where(T.owner_department_id == department_id)
    with reading(store) as s:
        return [task_view(t) for t in s.scalars(_ordered(query, sort))]
