"""Tasks: the list (清单), the detail page, create, edit, assign, start — pages and JSON API.

Every route takes the acting principal from its session (:data:`~luoshi.web.auth.Actor`)
and calls one library function, which decides what that principal may see and do.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field, StrictBool

from luoshi.display import headline
from luoshi.errors import NotFoundError
from luoshi.loop.access import Principal, can, check_region, require
from luoshi.loop.audit import list_audit
from luoshi.loop.queues import Queue, queue_tasks
from luoshi.loop.reports import figure_unit, last_figure_year, list_reports
from luoshi.loop.targets import linked_tasks
from luoshi.loop.tasks import (
    STATE_ZH,
    STATES,
    MilestoneSpec,
    State,
    TaskView,
    assign_task,
    create_task,
    edit_task,
    get_task,
    list_tasks,
    start_task,
)
from luoshi.loop.users import list_departments
from luoshi.web import choices
from luoshi.web.auth import Actor
from luoshi.web.deps import Blank
from luoshi.web.openapi import answers
from luoshi.web.routes.loop._common import (
    department_names,
    history_rows,
    loop_page,
    loop_translator,
    page_lang,
    store_of,
    task_actions,
)
from luoshi.web.routes.loop._forms import (
    MAX_ID,
    Id,
    MilestoneRows,
    PathId,
    department_id,
    department_ids,
    parse_date,
    parse_ids,
    parse_milestone_rows,
    parse_milestones,
)
from luoshi.web.supervision import target_rows

__all__ = ["router", "task_detail"]

router = APIRouter()
_TEXT = 100_000


class MilestoneIn(BaseModel):
    """A dated step of a task."""

    title: str = Field(min_length=1, max_length=500)
    due: date
    expected_value: float | None = Field(default=None, allow_inf_nan=False, strict=True)
    unit: str = Field(default="", max_length=50)
    done: StrictBool = False


class TaskIn(BaseModel):
    """A new task (a draft); the region defaults to the user's."""

    title: str = Field(min_length=1, max_length=2000)
    region_code: str | None = Field(default=None, max_length=12)
    description: str = Field(default="", max_length=_TEXT)
    deadline: date | None = None
    owner_department_id: Id | None = None
    co_department_ids: list[Id] = Field(default_factory=list, max_length=100)
    importance: int = Field(default=1, ge=1, le=3, strict=True)
    target_ids: list[Id] = Field(default_factory=list, max_length=200)
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=100)


class TaskEdit(BaseModel):
    """Changes to a task, made on ``version`` (the version the editor read)."""

    version: Id
    title: str | None = Field(default=None, min_length=1, max_length=2000)
    description: str | None = Field(default=None, max_length=_TEXT)
    deadline: date | None = None
    owner_department_id: Id | None = None
    co_department_ids: list[Id] | None = Field(default=None, max_length=100)
    importance: int | None = Field(default=None, ge=1, le=3, strict=True)
    target_ids: list[Id] | None = Field(default=None, max_length=200)
    milestones: list[MilestoneIn] | None = Field(default=None, max_length=100)


class VersionIn(BaseModel):
    """The version of the record the user acted on."""

    version: Id


def _milestones(items: list[MilestoneIn]) -> list[MilestoneSpec]:
    return [MilestoneSpec(m.title, m.due, m.expected_value, m.unit, m.done) for m in items]


def _overdue(t: TaskView, today: date) -> bool:
    return t.state == "overdue" or (
        t.deadline is not None and t.deadline < today and t.state not in ("closed", "draft")
    )


def task_json(t: TaskView, principal: Principal) -> dict[str, Any]:
    """A task as the API returns it, with the actions offered to ``principal``."""
    out = asdict(t)
    out.pop("extra", None)
    out["overdue"] = _overdue(t, datetime.now(UTC).date())
    out["actions"] = task_actions(principal, t)
    return out


def task_detail(request: Request, principal: Principal, task_id: int) -> dict[str, Any]:
    """Everything the detail page shows: the task, its reports, history and actions."""
    store = store_of(request)
    task = get_task(store, principal, task_id)
    reports = list_reports(store, principal, task_id)
    history: list[dict[str, Any]] = []
    if can(principal, "audit.read"):
        entries = list_audit(store, principal, entity="task", entity_id=task_id)
        for r in reports:
            entries += list_audit(store, principal, entity="report", entity_id=r.id)
        history = history_rows(
            sorted(entries, key=lambda e: e.id),
            page_lang(request),
            department_names(store, principal),
        )
    units = {tid: figure_unit(store, tid) for tid in task.target_ids}
    years = {tid: last_figure_year(store, tid) for tid in task.target_ids}
    with store.session() as s:
        targets = {r["id"]: r for r in target_rows(s, list(task.target_ids))}
    return {
        "task": task_json(task, principal),
        "reports": [asdict(r) for r in reports],
        "history": history,
        "units": units,
        "figure_years": years,
        # each linked target's figures, for its name: 地区生产总值增长5.5%左右 · 2025年
        "targets": targets,
    }


# --- JSON API -----------------------------------------------------------------------------


@router.get("/api/loop/tasks", tags=["loop"], responses=answers(400, 403))
def api_tasks(
    principal: Actor,
    request: Request,
    state: Annotated[State | None, Blank, Query(description="Task state.")] = None,
    department_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    mine: bool = False,
) -> list[dict[str, Any]]:
    """The tasks in the user's scope (``mine``: of the user's department)."""
    if mine and principal.department_id is not None:
        department_id = principal.department_id
    tasks = list_tasks(store_of(request), principal, state=state, department_id=department_id)
    return [task_json(t, principal) for t in tasks]


@router.post("/api/loop/tasks", tags=["loop"], status_code=201, responses=answers(400))
def api_create_task(principal: Actor, request: Request, body: TaskIn) -> dict[str, Any]:
    """Create a draft task."""
    t = create_task(
        store_of(request),
        principal,
        region_code=body.region_code or principal.region_code or "",
        title=body.title,
        description=body.description,
        deadline=body.deadline,
        owner_department_id=body.owner_department_id,
        co_department_ids=body.co_department_ids,
        importance=body.importance,
        target_ids=body.target_ids,
        milestones=_milestones(body.milestones),
    )
    return task_json(t, principal)


@router.get("/api/loop/tasks/{task_id}", tags=["loop"], responses=answers(403))
def api_task(principal: Actor, request: Request, task_id: PathId) -> dict[str, Any]:
    """A task with its reports, its history (for who may read the audit trail) and actions."""
    return task_detail(request, principal, task_id)


@router.patch("/api/loop/tasks/{task_id}", tags=["loop"], responses=answers(400, 409))
def api_edit_task(
    principal: Actor, request: Request, task_id: PathId, body: TaskEdit
) -> dict[str, Any]:
    """Edit a task; refused with 409 if it changed since ``version``."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if "milestones" in changes:
        changes["milestones"] = _milestones(body.milestones or [])
    for key in ("co_department_ids", "target_ids"):
        if key in changes and changes[key] is None:
            changes[key] = []
    if "title" in changes and changes["title"] is None:
        changes.pop("title")
    t = edit_task(store_of(request), principal, task_id, version, **changes)
    return task_json(t, principal)


@router.post("/api/loop/tasks/{task_id}/assign", tags=["loop"], responses=answers(400, 409))
def api_assign(
    principal: Actor, request: Request, task_id: PathId, body: VersionIn
) -> dict[str, Any]:
    """Assign a draft to its owner department (交办)."""
    return task_json(assign_task(store_of(request), principal, task_id, body.version), principal)


@router.post("/api/loop/tasks/{task_id}/start", tags=["loop"], responses=answers(400, 409))
def api_start(
    principal: Actor, request: Request, task_id: PathId, body: VersionIn
) -> dict[str, Any]:
    """The owner department takes the task up (承办)."""
    return task_json(start_task(store_of(request), principal, task_id, body.version), principal)


# --- pages --------------------------------------------------------------------------------


@router.get("/loop", response_class=HTMLResponse, include_in_schema=False)
def tasks_page(
    principal: Actor,
    request: Request,
    state: Annotated[str, Query(max_length=20)] = "",
    mine: bool = False,
    queue: Annotated[Queue | None, Blank, Query()] = None,
    owner: Annotated[int | None, Blank, Query(ge=1, le=MAX_ID)] = None,
    sort: Annotated[str, Query(pattern="^(deadline|state|owner|id)$")] = "id",
) -> HTMLResponse:
    store = store_of(request)
    department_id = principal.department_id if mine else owner
    today = datetime.now(UTC).date()
    tasks = queue_tasks(
        store,
        principal,
        queue=queue,
        state=state or None,
        department_id=department_id,
        sort=sort,
        today=today,
    )
    return loop_page(
        request,
        "loop/tasks.html",
        principal,
        {
            "tasks": [task_json(t, principal) for t in tasks],
            "departments": department_names(store, principal),
            "states": STATES,
            "state_zh": STATE_ZH,
            "state": state,
            "mine": mine,
            "queue": queue,
            "owner": owner,
            "sort": sort,
            "today": today,
            "can_write": can(principal, "task.write"),
        },
    )


def _form_page(
    request: Request,
    principal: Principal,
    task: dict[str, Any] | None,
    form: dict[str, Any],
    prefill: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The task form, filled with ``form`` (a task's fields, or a new task's); ``prefill``
    is the target a new task was started from (交办), if any."""
    store = store_of(request)
    lang = page_lang(request)
    with store.session() as s:
        labels = choices.target_labels(s, form["target_ids"], lang)
        region = choices.region_choice(s, form.get("region") or "")
        options = choices.departments(s, list_departments(store, principal), "", limit=10_000)
    return loop_page(
        request,
        "loop/task_form.html",
        principal,
        {
            "task": task,
            "prefill": prefill,
            "form": form,
            # an administrator sees every county's 发展和改革局: the region tells them apart
            "departments": {
                int(c.value): f"{c.label} · {c.hint}" if principal.is_admin else c.label
                for c in options
            },
            "targets": [labels[i] for i in form["target_ids"] if i in labels],
            "region": region,
            "blank_milestones": 1 if form["milestones"] else 2,
        },
    )


#: A new task's fields before anything is filled in.
BLANK_FORM: dict[str, Any] = {
    "title": "",
    "description": "",
    "deadline": "",
    "owner_department_id": None,
    "co_department_ids": [],
    "importance": 1,
    "target_ids": [],
    "milestones": [],
    "region": "",
}


def _from_target(request: Request, principal: Principal, target_id: int) -> dict[str, Any]:
    """A new task's fields from a target (交办 from the target's page): its name as the
    title, its region, the link to it, the end of its year as the deadline, its sentence
    as the description, and the department that owns it (else the last to have a task on
    it), if any."""
    lang = page_lang(request)
    with store_of(request).session() as s:
        rows = target_rows(s, [target_id])
        if not rows:
            raise NotFoundError(
                f"no target with id {target_id} in the store",
                zh=f"库中没有编号为 {target_id} 的目标",
            )
        row = rows[0]
        check_region(principal, row["region_code"], f"target {target_id}")
        linked = linked_tasks(s, [target_id], principal)[target_id]
    lead = next((o["id"] for o in row["owners"]), None)
    if lead is None:
        lead = next(
            (x.owner_department_id for x in reversed(linked) if x.owner_department_id), None
        )
    name = headline(
        row["indicator"],
        row["target"],
        row["unit"],
        measure=row["measure"],
        comparator="eq" if row["comparator_code"] == "range" else row["comparator_code"],
        value_high=row["target_high"],
        deadline=row["deadline"],
        lang=lang,
    )
    said = (
        f"“{row['source']}”（{row['document']}）"
        if lang != "en"
        else (f"“{row['source']}” ({row['document']})")
    )
    return {
        "title": loop_translator(lang)("assign_title").format(name=name, region=row["region"]),
        "description": said,
        "region_code": row["region_code"],
        "deadline": date(row["deadline"], 12, 31).isoformat() if row["deadline"] else "",
        "owner_department_id": lead,
        "target_ids": [target_id],
        "target": row,
    }


@router.get("/loop/tasks/new", response_class=HTMLResponse, include_in_schema=False)
def new_task_page(
    principal: Actor,
    request: Request,
    target: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Prefill from a target.")
    ] = None,
) -> HTMLResponse:
    require(principal, "task.write")  # the form is only for those who may send it
    form = dict(BLANK_FORM)
    prefill = None
    if target is not None:
        prefill = _from_target(request, principal, target)
        form.update(
            {k: prefill[k] for k in ("title", "description", "deadline", "owner_department_id")}
        )
        form["target_ids"] = prefill["target_ids"]
        form["region"] = prefill["region_code"]
    return _form_page(request, principal, None, form, prefill)


#: The form's fields of a milestone row (see ``parse_milestone_rows``).
RowF = Annotated[list[str], Form(max_length=100)]


TitleF = Annotated[str, Form(max_length=2000)]
TextF = Annotated[str, Form(max_length=_TEXT)]
ShortF = Annotated[str, Form(max_length=2000)]
CoF = Annotated[list[str], Form(max_length=100)]
TargetsF = Annotated[list[str], Form(max_length=200)]
ImportanceF = Annotated[int, Form(ge=1, le=3)]


class TaskForm:
    """The task form's fields as a browser sends them, the new form's and the edit form's
    alike (a FastAPI dependency: each parameter is a form field)."""

    def __init__(
        self,
        title: TitleF,
        description: TextF = "",
        deadline: ShortF = "",
        owner_department_id: ShortF = "",
        co_department_ids: CoF = [],  # noqa: B006 - FastAPI copies form defaults
        importance: ImportanceF = 1,
        target_ids: TargetsF = [],  # noqa: B006
        ms_row: RowF = [],  # noqa: B006
        ms_due: RowF = [],  # noqa: B006
        ms_title: RowF = [],  # noqa: B006
        ms_value: RowF = [],  # noqa: B006
        ms_unit: RowF = [],  # noqa: B006
        ms_done: RowF = [],  # noqa: B006
        milestones: TextF = "",
    ) -> None:
        self.title = title
        self.description = description
        self.deadline = deadline
        self.owner = owner_department_id
        self.co = co_department_ids
        self.importance = importance
        self.targets = target_ids
        self.rows = MilestoneRows(ms_row, ms_due, ms_title, ms_value, ms_unit, ms_done)
        self.milestones = milestones

    def fields(self, request: Request, principal: Principal, region: str | None) -> dict[str, Any]:
        """The fields as the library's values: departments by id or name (of the task's
        region), targets by id, milestones from the editor's rows and the older text field."""
        departments = list_departments(store_of(request), principal)
        return {
            "title": self.title,
            "description": self.description,
            "deadline": parse_date(self.deadline, "deadline"),
            "owner_department_id": department_id(
                self.owner, departments, "owner department", region
            ),
            "co_department_ids": department_ids(
                self.co, departments, "co-operating department", region
            ),
            "importance": self.importance,
            "target_ids": parse_ids(self.targets, "target"),
            "milestones": parse_milestone_rows(self.rows) + parse_milestones(self.milestones),
        }


TaskFormDep = Annotated[TaskForm, Depends()]


@router.post("/loop/tasks/new", include_in_schema=False)
def new_task_submit(
    principal: Actor,
    request: Request,
    form: TaskFormDep,
    region_code: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    store = store_of(request)
    if region_code.strip():
        with store.session() as s:
            region = choices.region_code(s, region_code)
    else:
        region = principal.region_code or ""
    fields = form.fields(request, principal, region)
    t = create_task(store, principal, region_code=region, **fields)
    return RedirectResponse(f"/loop/tasks/{t.id}", status_code=303)


@router.get("/loop/tasks/{task_id}", response_class=HTMLResponse, include_in_schema=False)
def task_page(principal: Actor, request: Request, task_id: PathId) -> HTMLResponse:
    detail = task_detail(request, principal, task_id)
    store = store_of(request)
    return loop_page(
        request,
        "loop/task.html",
        principal,
        {
            **detail,
            "departments": department_names(store, principal),
            "state_zh": STATE_ZH,
            "this_year": datetime.now(UTC).year,
        },
    )


@router.get("/loop/tasks/{task_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_task_page(principal: Actor, request: Request, task_id: PathId) -> HTMLResponse:
    require(principal, "task.write")
    task = task_json(get_task(store_of(request), principal, task_id), principal)
    form = {**task, "deadline": task["deadline"] or "", "region": task["region_code"]}
    return _form_page(request, principal, task, form)


@router.post("/loop/tasks/{task_id}/edit", include_in_schema=False)
def edit_task_submit(
    principal: Actor,
    request: Request,
    task_id: PathId,
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
    form: TaskFormDep,
) -> RedirectResponse:
    store = store_of(request)
    region = get_task(store, principal, task_id).region_code
    edit_task(store, principal, task_id, version, **form.fields(request, principal, region))
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)


@router.post("/loop/tasks/{task_id}/assign", include_in_schema=False)
async def assign_submit(
    principal: Actor,
    request: Request,
    task_id: PathId,
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> RedirectResponse:
    await run_in_threadpool(assign_task, store_of(request), principal, task_id, version)
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)


@router.post("/loop/tasks/{task_id}/start", include_in_schema=False)
async def start_submit(
    principal: Actor,
    request: Request,
    task_id: PathId,
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> RedirectResponse:
    await run_in_threadpool(start_task, store_of(request), principal, task_id, version)
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)
