"""Tasks and their state machine: draft → assigned → in progress → reported → under review → closed.

The loop of 交办 → 承办 → 反馈 → 督查 → 销号: a leader drafts and assigns a task, the owner
department carries it out and reports, the leader reviews and either closes it (销号),
returns it for rework (退回整改) or, for a periodic report, lets the work go on. A task
whose deadline passes before it is reported becomes overdue. :data:`TRANSITIONS` is the
whole machine; anything else is a :class:`~luoshi.errors.TransitionError`.

Every edit names the version it was made on: an edit of an older version is refused
(:class:`~luoshi.errors.StaleEditError`), and two edits racing on the same version are
settled by the database, which applies only one (SQLAlchemy's ``version_id_col``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import AccessError, LoopError, StaleEditError, TransitionError
from luoshi.loop import models as lm
from luoshi.loop.access import (
    Principal,
    aware,
    check_region,
    reading,
    require,
    task_scope,
    touch,
    visible_task,
    writing,
)
from luoshi.loop.audit import record, snapshot
from luoshi.store import Store
from luoshi.store.models import FrameworkMember, Region, Target

__all__ = [
    "STATES",
    "STATE_EN",
    "STATE_ZH",
    "TRANSITIONS",
    "MilestoneSpec",
    "State",
    "TaskView",
    "assign_task",
    "check_version",
    "create_task",
    "edit_task",
    "get_task",
    "list_tasks",
    "move",
    "require_owner",
    "start_task",
    "task_view",
]

State = Literal[
    "draft", "assigned", "in_progress", "reported", "under_review", "returned", "overdue", "closed"
]
STATES: tuple[State, ...] = get_args(State)
STATE_ZH: dict[State, str] = {
    "draft": "草稿",
    "assigned": "已交办",
    "in_progress": "办理中",
    "reported": "已反馈",
    "under_review": "督查中",
    "returned": "退回整改",
    "overdue": "逾期",
    "closed": "已销号",
}
STATE_EN: dict[State, str] = {
    "draft": "draft",
    "assigned": "assigned",
    "in_progress": "in progress",
    "reported": "reported",
    "under_review": "under review",
    "returned": "returned for rework",
    "overdue": "overdue",
    "closed": "closed",
}
#: The state machine: from each state, the states a task may move to.
TRANSITIONS: dict[State, frozenset[State]] = {
    "draft": frozenset({"assigned"}),
    "assigned": frozenset({"in_progress", "reported", "overdue"}),
    "in_progress": frozenset({"reported", "overdue"}),
    "reported": frozenset({"under_review"}),
    "under_review": frozenset({"closed", "returned", "in_progress"}),
    "returned": frozenset({"in_progress", "reported", "overdue"}),
    "overdue": frozenset({"in_progress", "reported"}),
    "closed": frozenset(),
}
#: States in which the work is still open and its deadline counts.
OPEN_STATES: frozenset[State] = frozenset({"assigned", "in_progress", "returned", "overdue"})

_FIELDS = (
    "title",
    "description",
    "deadline",
    "owner_department_id",
    "importance",
    "state",
    "framework_member_id",
)
_EDITABLE = frozenset(
    {
        "title",
        "description",
        "deadline",
        "owner_department_id",
        "co_department_ids",
        "importance",
        "target_ids",
        "milestones",
        "framework_member_id",
    }
)


@dataclass(frozen=True)
class MilestoneSpec:
    """A dated step; ``expected_value`` (in ``unit``) where the step is measurable."""

    title: str
    due: date
    expected_value: float | None = None
    unit: str = ""
    done: bool = False


@dataclass(frozen=True)
class TaskView:
    """A task as its reader sees it."""

    id: int
    region_code: str
    title: str
    description: str
    state: str
    state_zh: str
    owner_department_id: int | None
    co_department_ids: tuple[int, ...]
    deadline: date | None
    importance: int
    target_ids: tuple[int, ...]
    milestones: tuple[MilestoneSpec, ...]
    source_sentence: str
    document_id: int | None
    framework_member_id: int | None
    assigned_at: datetime | None
    closed_at: datetime | None
    version: int
    extra: dict[str, Any] = field(default_factory=dict)


def task_view(t: lm.Task) -> TaskView:
    """The reader's view of a loaded task row."""
    return TaskView(
        id=t.id,
        region_code=t.region_code,
        title=t.title,
        description=t.description,
        state=t.state,
        state_zh=STATE_ZH[t.state],  # type: ignore[index]
        owner_department_id=t.owner_department_id,
        co_department_ids=tuple(sorted(c.department_id for c in t.co_departments)),
        deadline=t.deadline,
        importance=t.importance,
        target_ids=tuple(sorted(x.target_id for x in t.targets)),
        milestones=tuple(
            MilestoneSpec(m.title, m.due, m.expected_value, m.unit, m.done) for m in t.milestones
        ),
        source_sentence=t.source_sentence,
        document_id=t.document_id,
        framework_member_id=t.framework_member_id,
        assigned_at=aware(t.assigned_at),
        closed_at=aware(t.closed_at),
        version=t.version,
    )


def _full(t: lm.Task) -> dict[str, Any]:
    snap = snapshot(t, _FIELDS)
    v = task_view(t)
    snap["co_department_ids"] = list(v.co_department_ids)
    snap["target_ids"] = list(v.target_ids)
    snap["milestones"] = [
        [m.title, m.due.isoformat(), m.expected_value, m.unit, m.done] for m in v.milestones
    ]
    return snap


def check_version(t: lm.Task | lm.Report | lm.Project, version: int, what: str) -> None:
    """Refuse an edit made on an older version than the row's."""
    if t.version != version:
        kind = {lm.Task: "任务", lm.Report: "进展报告", lm.Project: "项目"}.get(type(t), "记录")
        raise StaleEditError(
            f"{what} was changed by someone else (now version {t.version}, your edit was made "
            f"on version {version}); reload it and try again",
            zh=f"{kind} {t.id} 已被他人修改（现为第 {t.version} 版，您修改的是第 {version} 版），"
            "请刷新后重试",
        )


def _department(s: Session, department_id: int, region_code: str) -> lm.Department:
    d = s.get(lm.Department, department_id)
    if d is None or d.region_code != region_code:
        raise LoopError(
            f"department {department_id} is not a department of {region_code}",
            zh=f"部门 {department_id} 不是 {region_code} 的部门",
        )
    return d


def _targets(s: Session, ids: Iterable[int], region_code: str) -> list[int]:
    out = []
    for tid in dict.fromkeys(ids):
        t = s.get(Target, tid)
        if t is None or t.region_code not in (None, region_code):
            raise LoopError(
                f"target {tid} is not a target of {region_code}",
                zh=f"目标 {tid} 不是 {region_code} 的目标",
            )
        out.append(tid)
    return out


def _check_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > 2000:
        raise LoopError(
            "a task needs a title of 1–2000 characters", zh="任务标题须为 1—2000 个字符"
        )
    return title


def _check_importance(importance: int) -> int:
    if importance not in (1, 2, 3):
        raise LoopError(
            f"importance {importance!r} is not 1 (normal), 2 (important) or 3 (key)",
            zh=f"重要程度 {importance!r} 不可用，须为 1（一般）、2（重要）或 3（重点）",
        )
    return importance


def create_task(
    store: Store,
    principal: Principal,
    *,
    region_code: str,
    title: str,
    description: str = "",
    deadline: date | None = None,
    owner_department_id: int | None = None,
    co_department_ids: Sequence[int] = (),
    importance: int = 1,
    target_ids: Sequence[int] = (),
    milestones: Sequence[MilestoneSpec] = (),
    framework_member_id: int | None = None,
    document_id: int | None = None,
    source_sentence: str = "",
) -> TaskView:
    """Create a task in the draft state."""
    require(principal, "task.write")
    check_region(principal, region_code, f"region {region_code}")
    with writing(store) as s:
        if s.get(Region, region_code) is None:
            raise LoopError(
                f"region {region_code!r} is not in the store", zh=f"地区 {region_code!r} 不在库中"
            )
        t = lm.Task(
            region_code=region_code,
            title=_check_title(title),
            description=description,
            deadline=deadline,
            importance=_check_importance(importance),
            framework_member_id=framework_member_id,
            document_id=document_id,
            source_sentence=source_sentence,
            created_by=principal.user_id,
        )
        if framework_member_id is not None and s.get(FrameworkMember, framework_member_id) is None:
            raise LoopError(
                f"framework member {framework_member_id} does not exist",
                zh=f"工作框架条目 {framework_member_id} 不存在",
            )
        _apply(
            s,
            t,
            {
                "owner_department_id": owner_department_id,
                "co_department_ids": co_department_ids,
                "target_ids": target_ids,
                "milestones": milestones,
            },
        )
        s.add(t)  # after the checks, whose queries would otherwise flush it half-made
        s.flush()
        record(
            s,
            principal,
            entity="task",
            entity_id=t.id,
            action="create",
            region_code=region_code,
            after=_full(t),
        )
        return task_view(t)


def _apply(s: Session, t: lm.Task, changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key == "owner_department_id":
            if value is not None:
                _department(s, value, t.region_code)
            t.owner_department_id = value
        elif key == "co_department_ids":
            ids = [d for d in dict.fromkeys(value) if d != t.owner_department_id]
            for d in ids:
                _department(s, d, t.region_code)
            t.co_departments = [lm.TaskDepartment(department_id=d) for d in ids]
        elif key == "target_ids":
            t.targets = [lm.TaskTarget(target_id=x) for x in _targets(s, value, t.region_code)]
        elif key == "milestones":
            t.milestones = [
                lm.Milestone(
                    title=m.title,
                    due=m.due,
                    expected_value=m.expected_value,
                    unit=m.unit,
                    done=m.done,
                )
                for m in value
            ]
        elif key == "title":
            t.title = _check_title(value)
        elif key == "importance":
            t.importance = _check_importance(value)
        elif key == "framework_member_id":
            if value is not None and s.get(FrameworkMember, value) is None:
                raise LoopError(
                    f"framework member {value} does not exist",
                    zh=f"工作框架条目 {value} 不存在",
                )
            t.framework_member_id = value
        else:
            setattr(t, key, value)


def edit_task(
    store: Store, principal: Principal, task_id: int, version: int, **changes: Any
) -> TaskView:
    """Change a task's fields (any of title, description, deadline, owner_department_id,
    co_department_ids, importance, target_ids, milestones, framework_member_id)."""
    require(principal, "task.write")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise LoopError(
            f"cannot edit {sorted(unknown)}; editable:",
            zh=f"不能修改 {sorted(unknown)}，可修改",
            options=sorted(_EDITABLE),
        )
    with writing(store) as s:
        t = visible_task(s, principal, task_id)
        check_version(t, version, f"task {task_id}")
        if t.state == "closed":
            raise TransitionError(
                f"task {task_id} is closed; a closed task is not edited",
                zh=f"任务 {task_id} 已销号，已销号的任务不能修改",
            )
        before = _full(t)
        _apply(s, t, changes)
        touch(s, t)
        record(
            s,
            principal,
            entity="task",
            entity_id=t.id,
            action="edit",
            region_code=t.region_code,
            before=before,
            after=_full(t),
        )
        return task_view(t)


def move(s: Session, principal: Principal, t: lm.Task, to: State, action: str, **note: Any) -> None:
    """Move ``t`` to ``to`` if the machine allows it, and record the move."""
    here: State = t.state  # type: ignore[assignment]
    if to not in TRANSITIONS[here]:
        allowed = ", ".join(sorted(TRANSITIONS[here])) or "none: it is final"
        allowed_zh = (
            "、".join(STATE_ZH[x] for x in sorted(TRANSITIONS[here])) or "无（已是最终状态）"
        )
        raise TransitionError(
            f"task {t.id} is {here} and cannot become {to}; from {here} it may become: {allowed}",
            zh=f"任务 {t.id} 现为“{STATE_ZH[here]}”，不能变为“{STATE_ZH[to]}”；"
            f"可变为：{allowed_zh}",
        )
    t.state = to
    now = datetime.now(UTC)
    if to == "assigned":
        t.assigned_at = now
    if to == "closed":
        t.closed_at = now
    s.flush()
    record(
        s,
        principal,
        entity="task",
        entity_id=t.id,
        action=action,
        region_code=t.region_code,
        before={"state": here},
        after={"state": to, **note},
    )


def assign_task(store: Store, principal: Principal, task_id: int, version: int) -> TaskView:
    """Hand a draft to its owner department (交办): it needs an owner and a deadline."""
    require(principal, "task.write")
    with writing(store) as s:
        t = visible_task(s, principal, task_id)
        check_version(t, version, f"task {task_id}")
        if t.owner_department_id is None or t.deadline is None:
            raise LoopError(
                f"task {task_id} needs an owner department and a deadline first",
                zh=f"任务 {task_id} 须先确定责任单位和期限",
            )
        move(s, principal, t, "assigned", "assign")
        return task_view(t)


def start_task(store: Store, principal: Principal, task_id: int, version: int) -> TaskView:
    """The owner department takes up the task (承办), or takes up returned work again."""
    require(principal, "task.start")
    with writing(store) as s:
        t = visible_task(s, principal, task_id)
        require_owner(principal, t)
        check_version(t, version, f"task {task_id}")
        move(s, principal, t, "in_progress", "start")
        return task_view(t)


def require_owner(principal: Principal, t: lm.Task) -> None:
    """Refuse a department that does not own ``t`` (a co-operating one may read, not act)."""
    if principal.role == "department" and t.owner_department_id != principal.department_id:
        raise AccessError(
            f"only the owner department of task {t.id} may do this",
            zh=f"只有任务 {t.id} 的责任单位可以办理",
        )


def get_task(store: Store, principal: Principal, task_id: int) -> TaskView:
    """One task, if the principal may see it."""
    require(principal, "task.read")
    with reading(store) as s:
        return task_view(visible_task(s, principal, task_id))


def list_tasks(
    store: Store,
    principal: Principal,
    *,
    state: str | None = None,
    department_id: int | None = None,
) -> list[TaskView]:
    """The tasks the principal may see, optionally of one state or owner department."""
    require(principal, "task.read")
    if state is not None and state not in STATES:
        raise LoopError(
            f"state {state!r} is not one of", zh=f"状态 {state!r} 不可用，可选", options=STATES
        )
    q = task_scope(select(lm.Task), principal).order_by(lm.Task.id)
    if state is not None:
        q = q.where(lm.Task.state == state)
    if department_id is not None:
        q = q.where(lm.Task.owner_department_id == department_id)
    with reading(store) as s:
        return [task_view(t) for t in s.scalars(q)]
