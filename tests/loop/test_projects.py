"""Key projects: 开工率 and investment completion, and who may report them."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.errors import AccessError, LoopError, StaleEditError
from luoshi.loop.audit import list_audit
from luoshi.loop.projects import (
    create_project,
    list_projects,
    mark_started,
    project_summary,
    set_investment,
)
from tests.loop.conftest import REGION, World


def test_start_rate_and_investment_completion(world: World) -> None:
    s, lead = world.store, world.leader
    a = create_project(
        s,
        lead,
        region_code=REGION,
        name="工业园区标准厂房",
        year=2026,
        total_investment=50000,
        department_id=world.dept_id,
    )
    b = create_project(
        s,
        lead,
        region_code=REGION,
        name="城区污水管网",
        year=2026,
        total_investment=20000,
        department_id=world.other_dept_id,
    )
    create_project(s, lead, region_code=REGION, name="明年的项目", year=2027, total_investment=1)
    # a: the year's plan as one row; b: by quarter (counted as the sum, not twice)
    a = set_investment(s, world.dept, a.id, a.version, period="2026", planned=20000, completed=9000)
    a = mark_started(s, world.dept, a.id, a.version, on=date(2026, 3, 15))
    b = set_investment(
        s, world.other_dept, b.id, b.version, period="2026-Q1", planned=3000, completed=2000
    )
    b = set_investment(
        s, world.other_dept, b.id, b.version, period="2026-Q2", planned=5000, completed=1000
    )
    summary = project_summary(s, world.viewer, year=2026)
    assert (summary.projects, summary.started, summary.start_rate) == (2, 1, 0.5)
    assert (summary.planned, summary.completed) == (28000, 12000)
    assert summary.completion_rate == pytest.approx(12000 / 28000)
    assert summary.total_investment == 70000
    assert a.started and a.started_on == date(2026, 3, 15)
    assert [p.name for p in list_projects(s, world.viewer, year=2027)] == ["明年的项目"]
    assert project_summary(s, world.viewer, year=2030).start_rate is None
    assert [e.action for e in list_audit(s, lead, entity="project", entity_id=b.id)] == [
        "create",
        "investment",
        "investment",
    ]


def test_project_reporting_rules(world: World) -> None:
    s = world.store
    p = create_project(
        s,
        world.leader,
        region_code=REGION,
        name="园区道路",
        year=2026,
        total_investment=1000,
        department_id=world.dept_id,
    )
    with pytest.raises(AccessError, match="only the department in charge"):
        set_investment(s, world.other_dept, p.id, p.version, period="2026", completed=1)
    with pytest.raises(LoopError, match="period '2026年'"):
        set_investment(s, world.dept, p.id, p.version, period="2026年", completed=1)
    with pytest.raises(LoopError, match="finite amount"):
        set_investment(s, world.dept, p.id, p.version, period="2026", completed=-5)
    with pytest.raises(LoopError, match="finite amount"):
        set_investment(s, world.dept, p.id, p.version, period="2026", completed=float("nan"))
    set_investment(s, world.dept, p.id, p.version, period="2026", completed=1)
    with pytest.raises(StaleEditError):
        set_investment(s, world.leader, p.id, p.version, period="2026", completed=2)
    with pytest.raises(AccessError, match="outside your scope"):
        list_projects(s, world.stranger, region_code=REGION)
    with pytest.raises(LoopError, match="not a department of"):
        create_project(
            s,
            world.leader,
            region_code=REGION,
            name="x",
            year=2026,
            total_investment=1,
            department_id=999,
        )
