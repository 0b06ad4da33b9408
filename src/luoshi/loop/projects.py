"""Key projects (重点项目): investment per period, start status, 开工率 and investment completion.

Reports quote two figures about key projects: the start rate (开工率, projects started
over projects planned to start in the year) and investment completion (完成投资 over
计划投资 for the year). A project's year figures are its annual row (``2026``) when
there is one, else the sum of its quarter, half-year or month rows (``2026-Q1`` …), so
that a department may report either way without counting twice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import AccessError, LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, check_region, reading, require, touch, writing
from luoshi.loop.audit import record, snapshot
from luoshi.loop.tasks import check_version
from luoshi.store import Store
from luoshi.store.models import Region

__all__ = [
    "ProjectSummary",
    "ProjectView",
    "create_project",
    "list_projects",
    "mark_started",
    "project_summary",
    "set_investment",
]

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
_FIELDS = ("name", "department_id", "task_id", "year", "total_investment", "started", "started_on")


@dataclass(frozen=True)
class ProjectView:
    """A project with its periods: (period, planned, completed), in 万元."""

    id: int
    region_code: str
    name: str
    department_id: int | None
    task_id: int | None
    year: int
    total_investment: float
    started: bool
    started_on: date | None
    periods: tuple[tuple[str, float, float], ...]
    version: int


@dataclass(frozen=True)
class ProjectSummary:
    """A region's key-project figures for a year (a rate is ``None`` with nothing to divide by)."""

    region_code: str
    year: int
    projects: int
    started: int
    start_rate: float | None
    planned: float
    completed: float
    completion_rate: float | None
    total_investment: float


def _view(p: lm.Project) -> ProjectView:
    return ProjectView(
        p.id,
        p.region_code,
        p.name,
        p.department_id,
        p.task_id,
        p.year,
        p.total_investment,
        p.started,
        p.started_on,
        tuple((x.period, x.planned, x.completed) for x in p.periods),
        p.version,
    )


_AMOUNT_ZH = {
    "total investment": "总投资",
    "planned investment": "计划投资",
    "completed investment": "完成投资",
}


def _amount(value: float, what: str) -> float:
    if not math.isfinite(value) or value < 0:
        raise LoopError(
            f"{what} must be a finite amount of 0 or more (in 10,000 yuan), not {value}",
            zh=f"{_AMOUNT_ZH.get(what, what)}须为不小于 0 的有限数额（万元），而不是 {value}",
        )
    return float(value)


def create_project(
    store: Store,
    principal: Principal,
    *,
    region_code: str,
    name: str,
    year: int,
    total_investment: float,
    department_id: int | None = None,
    task_id: int | None = None,
) -> ProjectView:
    """Register a key project planned to start in ``year``."""
    require(principal, "project.write")
    check_region(principal, region_code, f"region {region_code}")
    if not name.strip():
        raise LoopError("a project needs a name", zh="重点项目需要名称")
    if not 1900 <= year <= 2100:
        raise LoopError(f"year {year} is not a plausible year", zh=f"年份 {year} 无效")
    with writing(store) as s:
        if s.get(Region, region_code) is None:
            raise LoopError(
                f"region {region_code!r} is not in the store", zh=f"地区 {region_code!r} 不在库中"
            )
        if department_id is not None:
            d = s.get(lm.Department, department_id)
            if d is None or d.region_code != region_code:
                raise LoopError(
                    f"department {department_id} is not a department of {region_code}",
                    zh=f"部门 {department_id} 不是 {region_code} 的部门",
                )
        if task_id is not None:
            t = s.get(lm.Task, task_id)
            if t is None or t.region_code != region_code:
                raise LoopError(
                    f"task {task_id} is not a task of {region_code}",
                    zh=f"任务 {task_id} 不是 {region_code} 的任务",
                )
        p = lm.Project(
            region_code=region_code,
            name=name.strip(),
            year=year,
            total_investment=_amount(total_investment, "total investment"),
            department_id=department_id,
            task_id=task_id,
        )
        s.add(p)
        s.flush()
        record(
            s,
            principal,
            entity="project",
            entity_id=p.id,
            action="create",
            region_code=region_code,
            after=snapshot(p, _FIELDS),
        )
        return _view(p)


def _editable(s: Session, principal: Principal, project_id: int, version: int) -> lm.Project:
    require(principal, "project.report")
    p = s.get(lm.Project, project_id)
    if p is None or (not principal.is_admin and p.region_code != principal.region_code):
        raise AccessError(
            f"project {project_id} does not exist or is outside your scope",
            zh=f"重点项目 {project_id} 不存在或不在您的权限范围内",
        )
    if principal.role == "department" and p.department_id != principal.department_id:
        raise AccessError(
            f"only the department in charge of project {project_id} may report on it",
            zh=f"只有重点项目 {project_id} 的责任部门可以填报",
        )
    check_version(p, version, f"project {project_id}")
    return p


def set_investment(
    store: Store,
    principal: Principal,
    project_id: int,
    version: int,
    *,
    period: str,
    planned: float | None = None,
    completed: float | None = None,
) -> ProjectView:
    """Set a period's planned and/or completed investment (万元)."""
    if not _PERIOD.match(period):
        raise LoopError(
            f"period {period!r}: use 2026, 2026-H1, 2026-Q3 or 2026-07",
            zh=f"报告期 {period!r} 不可用，请写作 2026、2026-H1、2026-Q3 或 2026-07",
        )
    with writing(store) as s:
        p = _editable(s, principal, project_id, version)
        row = next((x for x in p.periods if x.period == period), None)
        before = {
            "period": period,
            "planned": row.planned if row else None,
            "completed": row.completed if row else None,
        }
        if row is None:
            row = lm.ProjectPeriod(period=period, planned=0.0, completed=0.0)
            p.periods.append(row)
        if planned is not None:
            row.planned = _amount(planned, "planned investment")
        if completed is not None:
            row.completed = _amount(completed, "completed investment")
        touch(s, p)
        record(
            s,
            principal,
            entity="project",
            entity_id=p.id,
            action="investment",
            region_code=p.region_code,
            before=before,
            after={"period": period, "planned": row.planned, "completed": row.completed},
        )
        return _view(p)


def mark_started(
    store: Store, principal: Principal, project_id: int, version: int, *, on: date
) -> ProjectView:
    """Record that a project has started (开工) on ``on``."""
    with writing(store) as s:
        p = _editable(s, principal, project_id, version)
        before = snapshot(p, _FIELDS)
        p.started, p.started_on = True, on
        s.flush()
        record(
            s,
            principal,
            entity="project",
            entity_id=p.id,
            action="start",
            region_code=p.region_code,
            before=before,
            after=snapshot(p, _FIELDS),
        )
        return _view(p)


def _visible(principal: Principal, region_code: str | None) -> str | None:
    require(principal, "project.read")
    if principal.is_admin:
        return region_code
    if region_code is not None:
        check_region(principal, region_code, f"region {region_code}")
    return principal.region_code


def list_projects(
    store: Store, principal: Principal, *, region_code: str | None = None, year: int | None = None
) -> list[ProjectView]:
    """Projects the principal may see (its region's), optionally of one year."""
    region_code = _visible(principal, region_code)
    q = select(lm.Project).order_by(lm.Project.id)
    if region_code is not None:
        q = q.where(lm.Project.region_code == region_code)
    if year is not None:
        q = q.where(lm.Project.year == year)
    with reading(store) as s:
        return [_view(p) for p in s.scalars(q)]


def _year_figures(p: ProjectView, year: int) -> tuple[float, float]:
    rows = [
        (period, planned, done) for period, planned, done in p.periods if period[:4] == str(year)
    ]
    annual = [r for r in rows if r[0] == str(year)]
    use = annual or rows
    return sum(r[1] for r in use), sum(r[2] for r in use)


def project_summary(
    store: Store, principal: Principal, *, region_code: str | None = None, year: int
) -> ProjectSummary:
    """开工率 and investment completion of a region's key projects for ``year``."""
    projects = list_projects(store, principal, region_code=region_code, year=year)
    started = sum(p.started for p in projects)
    planned = completed = 0.0
    for p in projects:
        a, b = _year_figures(p, year)
        planned, completed = planned + a, completed + b
    return ProjectSummary(
        region_code=region_code or principal.region_code or "",
        year=year,
        projects=len(projects),
        started=started,
        start_rate=started / len(projects) if projects else None,
        planned=planned,
        completed=completed,
        completion_rate=completed / planned if planned else None,
        total_investment=sum(p.total_investment for p in projects),
    )
