"""Every closed-loop endpoint × every role, through HTTP: allowed or refused as designed.

Each case makes its own records through the library first (a draft, an assigned task, a
submitted report …), so the cases do not depend on each other's order. The table below
is the design (docs/loop.md's role table, in HTTP terms): the roles that get a 2xx; every
other logged-in role gets 403, and a client without a session 401 (the API) or a redirect
to the login page (pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from luoshi.loop.assessment import run_assessment
from luoshi.loop.projects import create_project
from luoshi.loop.reports import AttachmentSpec, submit_report
from luoshi.loop.users import add_user, disable_user
from luoshi.store import models
from luoshi.web.routes.loop import LOOP_ROUTERS
from tests.loop.conftest import OTHER
from tests.web.loop.conftest import PASSWORD, REGION, ROLES, Loop

ALL = frozenset(ROLES)
LEADS = frozenset({"admin", "leader"})
READERS = frozenset({"admin", "leader", "fgw", "viewer"})  # of a task owned by 发改委


@dataclass(frozen=True)
class Case:
    """One endpoint: how to call it (given a prepared record) and who may."""

    name: str
    method: str
    path: str
    allowed: frozenset[str]
    prepare: Callable[[Loop], dict[str, Any]]
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    form: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    files: bool = False


def _nothing(loop: Loop) -> dict[str, Any]:
    return {}


def _draft(loop: Loop) -> dict[str, Any]:
    t = loop.world.task(assigned=False)
    return {"id": t.id, "version": t.version}


def _assigned(loop: Loop) -> dict[str, Any]:
    t = loop.world.task()
    return {"id": t.id, "version": t.version}


def _reported(loop: Loop) -> dict[str, Any]:
    w = loop.world
    t = w.task()
    r = submit_report(
        w.store,
        w.dept,
        t.id,
        t.version,
        period="2026",
        text="进展顺利",
        attachments=[AttachmentSpec("说明.txt", "附件内容".encode())],
    )
    return {
        "id": t.id,
        "version": t.version + 1,
        "report": r.id,
        "report_version": r.version,
        "attachment": r.attachments[0][0],
    }


def _assessment(loop: Loop) -> dict[str, Any]:
    w = loop.world
    w.task()
    a = run_assessment(
        w.store,
        w.leader,
        region_code=REGION,
        period="2026",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    return {"id": a.id}


_counter = iter(range(10**6))


def _project(loop: Loop) -> dict[str, Any]:
    w = loop.world
    p = create_project(
        w.store,
        w.leader,
        region_code=REGION,
        name="物流园",
        year=2026,
        total_investment=1000.0,
        department_id=w.dept_id,
    )
    return {"id": p.id, "version": p.version}


def _document(loop: Loop) -> dict[str, Any]:
    loop.world.targets()  # ingests the county's plan (once: ingesting is idempotent)
    with loop.store.session() as s:
        return {"id": s.scalars(select(models.Document.id).order_by(models.Document.id)).first()}


def _disabled_account(loop: Loop) -> dict[str, Any]:
    made = _account(loop)
    disable_user(loop.store, loop.world.admin, made["name"])
    return made


def _account(loop: Loop) -> dict[str, Any]:
    name = f"temp{next(_counter)}"
    add_user(
        loop.store,
        loop.world.admin,
        username=name,
        password=PASSWORD,
        role="viewer",
        region_code=REGION,
    )
    return {"name": name}


def _unique(_: dict[str, Any]) -> str:
    return f"u{next(_counter)}"


CASES = [
    Case("me", "GET", "/api/me", ALL, _nothing),
    Case("list tasks", "GET", "/api/loop/tasks", ALL, _nothing),
    Case(
        "create task",
        "POST",
        "/api/loop/tasks",
        LEADS,
        _nothing,
        body=lambda r: {"title": "新任务", "region_code": REGION},
    ),
    Case("read task", "GET", "/api/loop/tasks/{id}", READERS, _assigned),
    Case(
        "edit task",
        "PATCH",
        "/api/loop/tasks/{id}",
        LEADS,
        _assigned,
        body=lambda r: {"version": r["version"], "title": "改过的标题"},
    ),
    Case(
        "assign task",
        "POST",
        "/api/loop/tasks/{id}/assign",
        LEADS,
        _draft,
        body=lambda r: {"version": r["version"]},
    ),
    Case(
        "start task",
        "POST",
        "/api/loop/tasks/{id}/start",
        frozenset({"fgw"}),
        _assigned,
        body=lambda r: {"version": r["version"]},
    ),
    Case(
        "submit report",
        "POST",
        "/api/loop/tasks/{id}/reports",
        frozenset({"fgw"}),
        _assigned,
        form=lambda r: {"version": str(r["version"]), "period": "2026", "text": "已完成"},
        files=True,
    ),
    Case(
        "start review",
        "POST",
        "/api/loop/tasks/{id}/review-start",
        LEADS,
        _reported,
        body=lambda r: {"version": r["version"]},
    ),
    Case(
        "review report",
        "POST",
        "/api/loop/reports/{report}/review",
        LEADS,
        _reported,
        body=lambda r: {"version": r["report_version"], "accept": False, "comment": "补充材料"},
    ),
    Case("attachment", "GET", "/api/loop/attachments/{attachment}", READERS, _reported),
    Case(
        "run assessment",
        "POST",
        "/api/loop/assessments",
        LEADS,
        _nothing,
        body=lambda r: {
            "period": "2026",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "region_code": REGION,
        },
    ),
    Case("read assessment", "GET", "/api/loop/assessments/{id}", ALL - {"stranger"}, _assessment),
    # the last one of the user's own county (none, for another county's leader)
    Case("last assessment", "GET", "/api/loop/assessment", ALL, _assessment),
    Case(
        "score sheet",
        "GET",
        "/api/loop/assessments/{id}/score-sheet.xlsx",
        ALL - {"stranger"},
        _assessment,
    ),
    Case(
        "bulletin",
        "GET",
        "/api/loop/assessments/{id}/bulletin.docx",
        ALL - {"stranger"},
        _assessment,
    ),
    # a leader of another county reads and exports its own county's trail (tested below)
    Case("audit", "GET", "/api/loop/audit", LEADS | {"stranger"}, _nothing),
    Case("audit export", "GET", "/api/loop/audit/export", LEADS | {"stranger"}, _nothing),
    Case("notices", "GET", "/api/loop/notices", ALL, _nothing),
    Case(
        "scan deadlines",
        "POST",
        "/api/loop/notices/scan",
        LEADS | {"stranger"},
        _nothing,
        body=lambda r: {"days": 7},
    ),
    Case("users", "GET", "/api/loop/users", frozenset({"admin"}), _nothing),
    Case(
        "add user",
        "POST",
        "/api/loop/users",
        frozenset({"admin"}),
        _nothing,
        body=lambda r: {
            "username": _unique(r),
            "password": PASSWORD,
            "role": "viewer",
            "region_code": REGION,
        },
    ),
    Case(
        "disable user",
        "POST",
        "/api/loop/users/{name}/disable",
        frozenset({"admin"}),
        _account,
        body=lambda r: {},
    ),
    Case(
        "enable user",
        "POST",
        "/api/loop/users/{name}/enable",
        frozenset({"admin"}),
        _disabled_account,
        body=lambda r: {},
    ),
    Case("departments", "GET", "/api/loop/departments", ALL, _nothing),
    Case(
        "add department",
        "POST",
        "/api/loop/departments",
        frozenset({"admin"}),
        _nothing,
        body=lambda r: {"region_code": REGION, "name": _unique(r)},
    ),
    Case("projects", "GET", "/api/loop/projects", ALL, _nothing),
    Case(
        "create project",
        "POST",
        "/api/loop/projects",
        LEADS,
        _nothing,
        body=lambda r: {
            "name": "新项目",
            "year": 2026,
            "total_investment": 500,
            "region_code": REGION,
        },
    ),
    Case(
        "project investment",
        "POST",
        "/api/loop/projects/{id}/investment",
        LEADS | {"fgw"},  # the department in charge reports, no other
        _project,
        body=lambda r: {"version": r["version"], "period": "2026", "planned": 10, "completed": 5},
    ),
    Case(
        "project start",
        "POST",
        "/api/loop/projects/{id}/start",
        LEADS | {"fgw"},
        _project,
        body=lambda r: {"version": r["version"], "on": "2026-03-01"},
    ),
    Case(
        "draft tasks",
        "POST",
        "/api/loop/draft-tasks",
        LEADS,
        _document,
        body=lambda r: {"document_id": r["id"]},
    ),
    # pages
    Case("task list page", "GET", "/loop", ALL, _nothing),
    Case("task page", "GET", "/loop/tasks/{id}", READERS, _assigned),
    Case("new task page", "GET", "/loop/tasks/new", LEADS | {"stranger"}, _nothing),
    Case("edit task page", "GET", "/loop/tasks/{id}/edit", LEADS, _assigned),
    Case(
        "new task form",
        "POST",
        "/loop/tasks/new",
        LEADS,
        _nothing,
        form=lambda r: {"title": "表单任务", "region_code": REGION},
    ),
    Case(
        "assign form",
        "POST",
        "/loop/tasks/{id}/assign",
        LEADS,
        _draft,
        form=lambda r: {"version": str(r["version"])},
    ),
    Case(
        "start form",
        "POST",
        "/loop/tasks/{id}/start",
        frozenset({"fgw"}),
        _assigned,
        form=lambda r: {"version": str(r["version"])},
    ),
    Case(
        "review form",
        "POST",
        "/loop/reports/{report}/review",
        LEADS,
        _reported,
        form=lambda r: {
            "version": str(r["report_version"]),
            "task_id": str(r["id"]),
            "decision": "accept",
        },
    ),
    Case("assessment page", "GET", "/loop/assessment", ALL, _nothing),
    Case("assessment result page", "GET", "/loop/assessment/{id}", ALL - {"stranger"}, _assessment),
    Case("audit page", "GET", "/loop/audit", LEADS | {"stranger"}, _nothing),
    Case("notices page", "GET", "/loop/notices", ALL, _nothing),
    Case("projects page", "GET", "/loop/projects", ALL, _nothing),
    Case(
        "project form",
        "POST",
        "/loop/projects",
        LEADS,
        _nothing,
        form=lambda r: {
            "name": "表单项目",
            "year": "2026",
            "total_investment": "100",
            "region_code": REGION,
        },
    ),
    Case(
        "investment form",
        "POST",
        "/loop/projects/{id}/investment",
        LEADS | {"fgw"},
        _project,
        form=lambda r: {
            "version": str(r["version"]),
            "period": "2026",
            "completed": "3",
            "started_on": "2026-04-01",
        },
    ),
    Case("admin page", "GET", "/loop/admin", frozenset({"admin"}), _nothing),
]


def _call(loop: Loop, case: Case, who: str) -> int:
    record = case.prepare(loop)
    client = loop.client(who)
    path = case.path.format(**record)
    kwargs: dict[str, Any] = {}
    if case.body is not None:
        kwargs["json"] = case.body(record)
    if case.form is not None:
        data = case.form(record)
        if who != "anonymous":
            data["csrf_token"] = client.headers["X-CSRF-Token"]
        kwargs["data"] = data
    if case.files:
        kwargs["files"] = [("attachments", ("进度.txt", "本月进度".encode(), "text/plain"))]
    if case.form is not None:
        # a browser form carries its token in the field, not a header
        headers = {k: v for k, v in client.headers.items() if k.lower() != "x-csrf-token"}
        response = client.request(case.method, path, headers=headers, **kwargs)
    else:
        response = client.request(case.method, path, **kwargs)
    return response.status_code


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_matrix(module_loop: Loop, case: Case, who: str) -> None:
    status = _call(module_loop, case, who)
    page = not case.path.startswith("/api/")
    if who == "anonymous":
        expected = 303 if page and case.method == "GET" else 401
        assert status == expected, f"{case.name} without a login: {status}"
    elif who in case.allowed:
        ok = (303,) if page and case.method == "POST" else (200, 201)
        assert status in ok, f"{case.name} as {who}: {status}, expected success"
    else:
        assert status == 403, f"{case.name} as {who}: {status}, expected 403"


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_every_loop_route_is_in_the_table() -> None:
    """A new endpoint must be added to the matrix above."""
    covered = {(c.method, _shape(c.path)) for c in CASES}
    routes = {
        (method, _shape(route.path))
        for router in LOOP_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and (route.path.startswith(("/api/loop", "/loop")) or route.path == "/api/me")
        for method in route.methods
    }
    # pages whose library calls the table covers through their API twins
    twins = {
        ("POST", "/loop/tasks/{}/edit"),
        ("POST", "/loop/tasks/{}/report"),
        ("POST", "/loop/tasks/{}/review-start"),
        ("POST", "/loop/assessment"),
        ("POST", "/loop/notices/scan"),
        ("POST", "/loop/admin/users"),
        ("POST", "/loop/admin/users/{}/disable"),
        ("POST", "/loop/admin/users/{}/enable"),
        ("POST", "/loop/admin/departments"),
    }
    assert routes - covered == twins


def test_scopes_in_lists(module_loop: Loop) -> None:
    """Lists hold only what the role may see: no other county's rows, no other department's."""
    w = module_loop.world
    own = w.task(title="发改委的任务")
    shared = w.task(title="配合任务", co_department_ids=[w.other_dept_id])
    draft = w.task(title="草稿", assigned=False)

    def ids(who: str) -> set[int]:
        return {t["id"] for t in module_loop.client(who).get("/api/loop/tasks").json()}

    assert {own.id, shared.id, draft.id} <= ids("leader")
    assert {own.id, shared.id} <= ids("fgw") and draft.id not in ids("fgw")
    assert shared.id in ids("zjw") and own.id not in ids("zjw")
    assert ids("stranger") == set()
    trail = module_loop.client("stranger").get("/api/loop/audit").json()
    assert all(e["region_code"] == OTHER for e in trail)
    assert module_loop.client("leader").get("/api/loop/audit").json()


def test_a_co_operating_department_reads_but_does_not_act(module_loop: Loop) -> None:
    w = module_loop.world
    t = w.task(co_department_ids=[w.other_dept_id])
    zjw = module_loop.client("zjw")
    assert zjw.get(f"/api/loop/tasks/{t.id}").status_code == 200
    r = zjw.post(f"/api/loop/tasks/{t.id}/start", json={"version": t.version})
    assert r.status_code == 403 and "owner department" in r.json()["error"]


def test_a_disabled_account_loses_its_session_at_once(module_loop: Loop) -> None:
    from tests.web.loop.conftest import client_for, log_in

    name = _account(module_loop)["name"]
    c = client_for(module_loop.app)
    log_in(c, name)
    assert c.get("/api/loop/tasks").status_code == 200
    admin = module_loop.client("admin")
    assert admin.post(f"/api/loop/users/{name}/disable").status_code == 200
    assert c.get("/api/loop/tasks").status_code == 401
