"""Key projects (重点项目): the list with 开工率 and investment completion, registering a
project, reporting its investment and its start — pages and JSON API; and drafting tasks
from a stored document's outline."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from luoshi.loop.access import can
from luoshi.loop.drafting import draft_tasks
from luoshi.loop.projects import (
    create_project,
    list_projects,
    mark_started,
    project_summary,
    set_investment,
)
from luoshi.loop.users import list_departments
from luoshi.web import choices
from luoshi.web.auth import Actor
from luoshi.web.openapi import answers
from luoshi.web.routes.loop._common import department_names, loop_page, store_of
from luoshi.web.routes.loop._forms import Id, PathId, parse_date, parse_number
from luoshi.web.routes.loop._forms import department_id as department_id_field

__all__ = ["router"]

router = APIRouter()
# JSON numbers only: true or "1" is a 422, not 1
Year = Annotated[int, Field(ge=1900, le=2100, strict=True)]
Amount = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False, strict=True)]


class ProjectIn(BaseModel):
    """A key project planned to start in ``year``; the region defaults to the user's."""

    name: str = Field(min_length=1, max_length=500)
    year: Year
    total_investment: Amount
    region_code: str | None = Field(default=None, max_length=12)
    department_id: Id | None = None
    task_id: Id | None = None


class InvestmentIn(BaseModel):
    """Planned and completed investment (万元) of a period, on the project's ``version``."""

    version: Id
    period: str = Field(min_length=4, max_length=7)
    planned: Amount | None = None
    completed: Amount | None = None


class StartIn(BaseModel):
    """The day a project started (开工), on the project's ``version``."""

    version: Id
    on: date


class DraftIn(BaseModel):
    """A stored document whose outline items become draft tasks."""

    document_id: Id
    region_code: str | None = Field(default=None, max_length=12)


@router.get("/api/loop/projects", tags=["loop"])
def api_projects(
    principal: Actor,
    request: Request,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> dict[str, Any]:
    """The region's key projects and, for ``year`` (default this year), 开工率 and completion."""
    store = store_of(request)
    year = year or datetime.now(UTC).year
    return {
        "summary": asdict(project_summary(store, principal, year=year)),
        "projects": [asdict(p) for p in list_projects(store, principal)],
    }


@router.post("/api/loop/projects", tags=["loop"], status_code=201, responses=answers(400))
def api_create_project(principal: Actor, request: Request, body: ProjectIn) -> dict[str, Any]:
    """Register a key project (leaders)."""
    p = create_project(
        store_of(request),
        principal,
        region_code=body.region_code or principal.region_code or "",
        name=body.name,
        year=body.year,
        total_investment=body.total_investment,
        department_id=body.department_id,
        task_id=body.task_id,
    )
    return asdict(p)


@router.post(
    "/api/loop/projects/{project_id}/investment", tags=["loop"], responses=answers(400, 409)
)
def api_investment(
    principal: Actor, request: Request, project_id: PathId, body: InvestmentIn
) -> dict[str, Any]:
    """Report a period's planned and completed investment (the department in charge too)."""
    p = set_investment(
        store_of(request),
        principal,
        project_id,
        body.version,
        period=body.period,
        planned=body.planned,
        completed=body.completed,
    )
    return asdict(p)


@router.post("/api/loop/projects/{project_id}/start", tags=["loop"], responses=answers(400, 409))
def api_start_project(
    principal: Actor, request: Request, project_id: PathId, body: StartIn
) -> dict[str, Any]:
    """Record that a project has started (开工)."""
    return asdict(mark_started(store_of(request), principal, project_id, body.version, on=body.on))


@router.post("/api/loop/draft-tasks", tags=["loop"], status_code=201, responses=answers(400, 404))
def api_draft(principal: Actor, request: Request, body: DraftIn) -> list[dict[str, Any]]:
    """Draft a task for each 一是…/heading item of a stored document (leaders); drafting the
    same document again adds nothing."""
    made = draft_tasks(store_of(request), principal, body.document_id, region_code=body.region_code)
    return [{"id": t.id, "title": t.title, "source_sentence": t.source_sentence} for t in made]


# --- pages --------------------------------------------------------------------------------


@router.get("/loop/projects", response_class=HTMLResponse, include_in_schema=False)
def projects_page(
    principal: Actor,
    request: Request,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> HTMLResponse:
    store = store_of(request)
    year = year or datetime.now(UTC).year
    return loop_page(
        request,
        "loop/projects.html",
        principal,
        {
            "year": year,
            "summary": project_summary(store, principal, year=year),
            "projects": list_projects(store, principal),
            "departments": department_names(store, principal),
            "can_write": can(principal, "project.write"),
            "can_report": can(principal, "project.report"),
        },
    )


@router.post("/loop/projects", include_in_schema=False)
def project_submit(
    principal: Actor,
    request: Request,
    name: Annotated[str, Form(max_length=500)],
    year: Annotated[int, Form(ge=1900, le=2100)],
    total_investment: Annotated[str, Form(max_length=30)],
    department_id: Annotated[str, Form(max_length=200)] = "",
    region_code: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    store = store_of(request)
    if region_code.strip():  # typed by name or code, or chosen from the list
        with store.session() as s:
            region = choices.region_code(s, region_code)
    else:
        region = principal.region_code or ""
    create_project(
        store,
        principal,
        region_code=region,
        name=name,
        year=year,
        total_investment=parse_number(total_investment, "total investment"),
        department_id=department_id_field(
            department_id, list_departments(store, principal), "department", region
        ),
    )
    return RedirectResponse("/loop/projects", status_code=303)


@router.post("/loop/projects/{project_id}/investment", include_in_schema=False)
def investment_submit(
    principal: Actor,
    request: Request,
    project_id: PathId,
    version: Annotated[int, Form(ge=1, le=2_147_483_647)],
    period: Annotated[str, Form(max_length=7)],
    planned: Annotated[str, Form(max_length=30)] = "",
    completed: Annotated[str, Form(max_length=30)] = "",
    started_on: Annotated[str, Form(max_length=20)] = "",
) -> RedirectResponse:
    store = store_of(request)
    p = set_investment(
        store,
        principal,
        project_id,
        version,
        period=period.strip(),
        planned=parse_number(planned, "planned investment") if planned.strip() else None,
        completed=parse_number(completed, "completed investment") if completed.strip() else None,
    )
    day = parse_date(started_on, "start date")
    if day is not None:
        mark_started(store, principal, project_id, p.version, on=day)
    return RedirectResponse("/loop/projects", status_code=303)
