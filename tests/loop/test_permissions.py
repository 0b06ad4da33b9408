"""The role × operation matrix: every operation allowed to the roles designed for it and
refused with an AccessError, writing nothing, to every other principal.

Principals: administrator, leader of the county, the owner department (发改委), a
co-operating department (住建委), a viewer of the county, and the leader of another county.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from luoshi.errors import AccessError
from luoshi.loop import models as lm
from luoshi.loop.access import PERMISSIONS, Principal, can
from luoshi.loop.assessment import get_assessment, run_assessment
from luoshi.loop.audit import list_audit
from luoshi.loop.notices import list_notices, scan_deadlines
from luoshi.loop.projects import create_project, list_projects, set_investment
from luoshi.loop.reports import (
    AttachmentSpec,
    get_attachment,
    list_reports,
    review_report,
    submit_report,
)
from luoshi.loop.tasks import (
    assign_task,
    create_task,
    edit_task,
    get_task,
    list_tasks,
    start_task,
)
from luoshi.loop.users import add_user, disable_user, list_users
from tests.loop.conftest import REGION, World

ALL = frozenset({"admin", "leader", "dept", "other_dept", "viewer", "stranger"})
Setup = Callable[[World], Any]
Run = Callable[[World, Principal, Any], object]


@dataclass(frozen=True)
class Op:
    """An operation: what it needs made first, how it runs, and who may run it."""

    name: str
    allowed: frozenset[str]
    setup: Setup
    run: Run


def _none(_w: World) -> None:
    return None


def _cooperated(w: World) -> Any:
    return w.task(co_department_ids=[w.other_dept_id])


def _started(w: World) -> Any:
    t = w.task(co_department_ids=[w.other_dept_id])
    return start_task(w.store, w.dept, t.id, t.version)


def _reported(w: World) -> Any:
    t = _started(w)
    return submit_report(
        w.store,
        w.dept,
        t.id,
        t.version,
        period="2026",
        text="进展",
        attachments=[AttachmentSpec("说明.txt", "附件".encode())],
    )


def _project(w: World) -> Any:
    return create_project(
        w.store,
        w.leader,
        region_code=REGION,
        name="园区道路",
        year=2026,
        total_investment=1000,
        department_id=w.dept_id,
    )


def _assessment(w: World) -> Any:
    return run_assessment(
        w.store,
        w.leader,
        region_code=REGION,
        period="2026",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )


OPS = [
    Op("read a task", ALL - {"stranger"}, _cooperated, lambda w, p, t: get_task(w.store, p, t.id)),
    Op(
        "read a task neither owned nor co-operated",
        ALL - {"stranger", "other_dept"},
        lambda w: w.task(),
        lambda w, p, t: get_task(w.store, p, t.id),
    ),
    Op(
        "read a draft",
        frozenset({"admin", "leader", "viewer"}),
        lambda w: w.task(assigned=False),
        lambda w, p, t: get_task(w.store, p, t.id),
    ),
    Op(
        "create a task",
        frozenset({"admin", "leader"}),
        _none,
        lambda w, p, _: create_task(w.store, p, region_code=REGION, title="新任务"),
    ),
    Op(
        "edit a task",
        frozenset({"admin", "leader"}),
        lambda w: w.task(),
        lambda w, p, t: edit_task(w.store, p, t.id, t.version, title="改"),
    ),
    Op(
        "assign a task",
        frozenset({"admin", "leader"}),
        lambda w: w.task(assigned=False),
        lambda w, p, t: assign_task(w.store, p, t.id, t.version),
    ),
    Op(
        "start a task",
        frozenset({"dept"}),
        _cooperated,
        lambda w, p, t: start_task(w.store, p, t.id, t.version),
    ),
    Op(
        "report on a task",
        frozenset({"dept"}),
        _started,
        lambda w, p, t: submit_report(w.store, p, t.id, t.version, period="2026", text="进展"),
    ),
    Op(
        "read a task's reports",
        ALL - {"stranger"},
        _reported,
        lambda w, p, r: list_reports(w.store, p, r.task_id),
    ),
    Op(
        "read an attachment",
        ALL - {"stranger"},
        _reported,
        lambda w, p, r: get_attachment(w.store, p, r.attachments[0][0]),
    ),
    Op(
        "review a report",
        frozenset({"admin", "leader"}),
        _reported,
        lambda w, p, r: review_report(w.store, p, r.id, r.version, accept=True),
    ),
    Op(
        "create a project",
        frozenset({"admin", "leader"}),
        _none,
        lambda w, p, _: create_project(
            w.store, p, region_code=REGION, name="新项目", year=2026, total_investment=100
        ),
    ),
    Op(
        "report a project's investment",
        frozenset({"admin", "leader", "dept"}),
        _project,
        lambda w, p, x: set_investment(w.store, p, x.id, x.version, period="2026", completed=10),
    ),
    Op(
        "read the county's projects",
        ALL - {"stranger"},
        _project,
        lambda w, p, _: list_projects(w.store, p, region_code=REGION),
    ),
    Op(
        "run an assessment",
        frozenset({"admin", "leader"}),
        _none,
        lambda w, p, _: run_assessment(
            w.store,
            p,
            region_code=REGION,
            period="2026",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        ),
    ),
    Op(
        "read an assessment",
        ALL - {"stranger"},
        _assessment,
        lambda w, p, a: get_assessment(w.store, p, a.id),
    ),
    Op(
        "read the audit trail",
        frozenset({"admin", "leader", "stranger"}),
        _none,
        lambda w, p, _: list_audit(w.store, p),
    ),
    Op(
        "scan the county's deadlines",
        frozenset({"admin", "leader"}),
        _none,
        lambda w, p, _: scan_deadlines(w.store, p, region_code=REGION, today=date(2026, 6, 1)),
    ),
    Op("read notices", ALL, _none, lambda w, p, _: list_notices(w.store, p)),
    Op(
        "add a user",
        frozenset({"admin"}),
        _none,
        lambda w, p, _: add_user(
            w.store, p, username="new", password="long enough", role="viewer", region_code=REGION
        ),
    ),
    Op("list users", frozenset({"admin"}), _none, lambda w, p, _: list_users(w.store, p)),
    Op(
        "disable a user",
        frozenset({"admin"}),
        _none,
        lambda w, p, _: disable_user(w.store, p, "viewer"),
    ),
]


def _rows(w: World) -> tuple[int, ...]:
    """Row counts of every table a refused operation could have written to."""
    tables = (
        lm.AuditEntry,
        lm.Task,
        lm.Report,
        lm.Project,
        lm.ProjectPeriod,
        lm.Assessment,
        lm.User,
        lm.Notice,
    )
    with w.store.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in tables)


@pytest.mark.parametrize("op", OPS, ids=[o.name for o in OPS])
def test_role_matrix(world: World, op: Op) -> None:
    for who in sorted(ALL):
        principal: Principal = getattr(world, who)
        subject = op.setup(world)
        if who in op.allowed:
            op.run(world, principal, subject)
            continue
        before = _rows(world)
        with pytest.raises(AccessError, match=r"may not|outside your scope|only the"):
            op.run(world, principal, subject)
        assert _rows(world) == before, f"{who} was refused {op.name} but something was written"


def test_the_department_sees_only_its_own_and_cooperated_tasks(world: World) -> None:
    own = world.task(title="本部门牵头")
    helped = world.task(
        title="配合住建委",
        owner_department_id=world.other_dept_id,
        co_department_ids=[world.dept_id],
    )
    world.task(title="与本部门无关", owner_department_id=world.other_dept_id)
    world.task(title="草稿", assigned=False)
    assert {t.id for t in list_tasks(world.store, world.dept)} == {own.id, helped.id}
    assert len(list_tasks(world.store, world.leader)) == 4
    assert list_tasks(world.store, world.stranger) == []
    assert len(list_tasks(world.store, world.admin)) == 4


def test_every_permission_is_in_the_matrix() -> None:
    """Each operation of PERMISSIONS is exercised above, except three with tests of their own
    (department.manage in test_users, target.write in test_targets, document.upload in
    tests/web/test_upload)."""
    exercised = {
        "user.manage",
        "task.read",
        "task.write",
        "task.start",
        "task.review",
        "report.submit",
        "report.read",
        "project.write",
        "project.report",
        "project.read",
        "assessment.run",
        "assessment.read",
        "audit.read",
        "notice.read",
        "notice.scan",
    }
    assert set(PERMISSIONS) - exercised == {"department.manage", "target.write", "document.upload"}
    system = Principal.system()
    assert not can(system, "report.submit") and can(system, "user.manage")
