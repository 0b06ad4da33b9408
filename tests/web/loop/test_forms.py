"""The closed loop's page forms as a browser without JavaScript sends them: regions and
departments by name or code, targets by id (chosen or typed), milestones as rows (and the
older one-line-each text); and the parsing behind them (``routes/loop/_forms.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from luoshi.errors import LoopError
from luoshi.loop.access import Principal
from luoshi.loop.projects import list_projects
from luoshi.loop.tasks import MilestoneSpec, get_task, list_tasks
from luoshi.loop.users import DepartmentInfo, add_department, list_users
from luoshi.web.routes.loop._forms import (
    MilestoneRows,
    department_id,
    department_ids,
    parse_ids,
    parse_milestone_rows,
)
from tests.loop.conftest import OTHER
from tests.web.loop.conftest import REGION, Loop


@pytest.fixture
def loop(fresh_loop: Callable[..., Loop]) -> Iterator[Loop]:
    """A county with the sample plan's targets and a namesake 县发展改革委 next door."""
    made = fresh_loop()
    made.world.targets()
    add_department(made.store, Principal.system(), OTHER, "县发展改革委")
    yield made


def _rows(*rows: tuple[str, str, str, str], done: tuple[str, ...] = ()) -> dict[str, Any]:
    keys = [str(i) for i in range(len(rows))]
    return {
        "ms_row": keys,
        "ms_due": [r[0] for r in rows],
        "ms_title": [r[1] for r in rows],
        "ms_value": [r[2] for r in rows],
        "ms_unit": [r[3] for r in rows],
        "ms_done": list(done),
    }


def _new_task(loop: Loop, who: str, form: dict[str, Any]) -> Any:
    return loop.client(who).post("/loop/tasks/new", data={"title": "表单任务", **form})


def _created(loop: Loop, response: Any) -> int:
    assert response.status_code == 303, response.text
    found = re.search(r"/loop/tasks/(\d+)$", response.headers["location"])
    assert found, response.headers["location"]
    return int(found[1])


def test_a_task_with_everything_chosen_by_name(loop: Loop) -> None:
    w = loop.world
    targets = sorted(w.targets().values())
    r = _new_task(
        loop,
        "leader",
        {
            "owner_department_id": "县发展改革委",
            "co_department_ids": ["县住房城乡建设委"],
            # two chosen in the form's chips, one typed with its # and one repeated
            "target_ids": [str(targets[0]), str(targets[1]), f"#{targets[2]}, {targets[0]}"],
            **_rows(
                ("2026-06-30", "完成选址", "", ""),
                ("", "", "", ""),  # a row left empty is no milestone
                ("2026-09-30", "开工建设", "50", "%"),
                done=("0",),
            ),
        },
    )
    t = get_task(loop.store, w.leader, _created(loop, r))
    assert t.region_code == REGION
    assert t.owner_department_id == w.dept_id
    assert t.co_department_ids == (w.other_dept_id,)
    assert set(t.target_ids) == set(targets[:3])
    assert t.milestones == (
        MilestoneSpec("完成选址", date(2026, 6, 30), None, "", True),
        MilestoneSpec("开工建设", date(2026, 9, 30), 50.0, "%", False),
    )
    # the edit form shows them back as rows, the done one ticked, the targets as chips
    page = loop.client("leader").get(f"/loop/tasks/{t.id}/edit").text
    assert 'name="ms_title" id="ms-title-0" maxlength="500" value="完成选址"' in page
    assert re.search(r'name="ms_done" value="0"\s+checked', page)
    assert not re.search(r'name="ms_done" value="1"\s+checked', page)
    for tid in targets[:3]:
        assert re.search(rf'name="target_ids" value="{tid}" checked', page)


def test_editing_keeps_what_the_rows_say(loop: Loop) -> None:
    w = loop.world
    t = w.task(
        milestones=[MilestoneSpec("完成选址", date(2026, 6, 30), done=True)],
        target_ids=[],
    )
    r = loop.client("leader").post(
        f"/loop/tasks/{t.id}/edit",
        data={
            "version": str(t.version),
            "title": t.title,
            "owner_department_id": str(w.dept_id),
            "deadline": "2026-12-31",
            **_rows(("2026-06-30", "完成选址", "", ""), done=("0",)),
        },
    )
    assert r.status_code == 303, r.text
    # the done flag survives an edit (the one-line text used to lose it)
    assert get_task(loop.store, w.leader, t.id).milestones[0].done is True


def test_the_older_milestone_text_is_still_taken(loop: Loop) -> None:
    r = _new_task(loop, "leader", {"milestones": "2026-06-30 | 完成选址 | 50 | %\n"})
    t = get_task(loop.store, loop.world.leader, _created(loop, r))
    assert t.milestones == (MilestoneSpec("完成选址", date(2026, 6, 30), 50.0, "%"),)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_rows(("2026-06-30", "", "", "")), "第1行节点缺少名称"),
        (_rows(("", "", "", ""), ("", "完成选址", "", "")), "第2行节点缺少日期"),
        (_rows(("2026-06-31", "完成选址", "", "")), "不是日期"),
        (_rows(("2026-06-30", "完成选址", "五十", "")), "不是数字"),
        ({**_rows(("2026-06-30", "完成选址", "", "")), "ms_unit": []}, "节点各行字段不全"),
        ({"owner_department_id": "县财政局"}, "没有这个部门"),
        ({"target_ids": ["地区生产总值"]}, "不是编号"),
    ],
)
def test_bad_fields_get_a_clear_refusal(loop: Loop, form: dict[str, Any], message: str) -> None:
    before = len(list_tasks(loop.store, loop.world.leader))
    r = _new_task(loop, "leader", form)
    assert r.status_code == 400
    assert message in r.text
    assert len(list_tasks(loop.store, loop.world.leader)) == before


def test_a_refusal_in_english_is_all_english(loop: Loop) -> None:
    c = loop.client("leader")
    r = c.post(
        "/loop/tasks/new?lang=en", data={"title": "表单任务", **_rows(("2026-06-30", "", "", ""))}
    )
    assert r.status_code == 400 and "milestone row 1: give it a name" in r.text
    assert "缺少" not in r.text
    r = c.post(
        "/loop/tasks/new?lang=en", data={"title": "表单任务", "owner_department_id": "县财政局"}
    )
    assert r.status_code == 400 and "no such department" in r.text and "没有这个部门" not in r.text


def test_an_administrator_names_the_region(loop: Loop) -> None:
    w = loop.world
    # by name; the department's name is read in that region (禾山县 has one too)
    r = _new_task(loop, "admin", {"region_code": "禾川县", "owner_department_id": "县发展改革委"})
    t = get_task(loop.store, w.admin, _created(loop, r))
    assert (t.region_code, t.owner_department_id) == (REGION, w.dept_id)
    r = _new_task(loop, "admin", {"region_code": OTHER, "owner_department_id": "县发展改革委"})
    t = get_task(loop.store, w.admin, _created(loop, r))
    assert t.region_code == OTHER and t.owner_department_id not in (w.dept_id, None)
    r = _new_task(loop, "admin", {"region_code": "禾"})
    assert r.status_code == 400 and "没有这个地区" in r.text and "禾川县（990001）" in r.text


def test_projects_and_accounts_by_name(loop: Loop) -> None:
    admin = loop.client("admin")
    r = admin.post(
        "/loop/projects",
        data={
            "name": "工业园区道路",
            "year": "2026",
            "total_investment": "1200",
            "region_code": "禾山县",
            "department_id": "县发展改革委",
        },
    )
    assert r.status_code == 303, r.text
    project = next(
        p for p in list_projects(loop.store, Principal.system()) if p.name == "工业园区道路"
    )
    assert project.region_code == OTHER
    r = admin.post("/loop/admin/departments", data={"region_code": "禾山县", "name": "县财政局"})
    assert r.status_code == 303, r.text
    r = admin.post(
        "/loop/admin/users",
        data={
            "username": "czj",
            "password": "correct horse battery",
            "role": "department",
            "region_code": "禾山县",
            "department_id": "县财政局",
        },
    )
    assert r.status_code == 303, r.text
    user = next(u for u in list_users(loop.store, Principal.system()) if u.username == "czj")
    assert (user.region_code, user.department) == (OTHER, "县财政局")
    # without the region, a name two counties share is not guessed
    r = admin.post(
        "/loop/admin/users",
        data={
            "username": "fgw2",
            "password": "correct horse battery",
            "role": "department",
            "department_id": "县发展改革委",
        },
    )
    assert r.status_code == 400 and "同名部门有2个" in r.text


def test_the_forms_offer_names_not_codes(loop: Loop) -> None:
    page = loop.client("admin").get("/loop/tasks/new").text
    assert 'data-pick="regions"' in page and 'data-pick="departments"' in page
    assert 'data-pick-multi="targets"' in page and "data-ms-editor" in page
    # an administrator's department choices say whose they are
    assert "县发展改革委 · 禾川县" in page and "县发展改革委 · 禾山县" in page
    assert "(2026-06-30 | 完成选址" not in page  # no pipe syntax to learn
    for path in ("/loop/projects", "/loop/admin", "/upload"):
        assert 'data-pick="regions"' in loop.client("admin").get(path).text, path


def test_the_filters_and_the_assessment_choose_by_name(loop: Loop) -> None:
    admin, leader = loop.client("admin"), loop.client("leader")
    # the task list's owner filter searches departments; it takes ids only, so its picker
    # sends nothing for text that was not chosen
    tasks = leader.get("/loop").text
    assert re.search(
        r'<select name="owner" id="owner-filter" data-pick="departments" data-pick-strict', tasks
    )
    # the target list: the region by name; the owner searched when signed in (the search
    # needs a login), 未交办 kept as a choice of the page's own words
    targets = leader.get("/targets").text
    assert 'id="filter-region"' in targets and 'data-pick="regions"' in targets
    assert re.search(r'id="filter-owner" data-pick="departments"', targets)
    assert re.search(r'<option value="none" data-fixed', targets)
    anonymous = loop.client("anonymous").get("/targets").text
    assert 'data-pick="regions"' in anonymous and 'data-pick="departments"' not in anonymous
    # an administrator assesses a region named by its name, as by its code
    page = admin.get("/loop/assessment").text
    assert 'id="assess-region"' in page and 'data-pick="regions"' in page
    form = {"period": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    r = admin.post("/loop/assessment", data={**form, "region_code": "禾川县"})
    assert r.status_code == 303, r.text
    number = r.headers["location"].rsplit("/", 1)[1]
    assert admin.get(f"/api/loop/assessments/{number}").json()["region_code"] == REGION
    r = admin.post("/loop/assessment", data={**form, "region_code": "禾"})
    assert r.status_code == 400 and "没有这个地区" in r.text


# --- the parsers ---------------------------------------------------------------------------

DEPARTMENTS = [
    DepartmentInfo(1, REGION, "县发展改革委"),
    DepartmentInfo(2, REGION, "县住房城乡建设委"),
    DepartmentInfo(3, OTHER, "县发展改革委"),
]


def test_departments_by_id_or_name() -> None:
    assert department_id("", DEPARTMENTS, "owner") is None
    assert department_id("2", DEPARTMENTS, "owner") == 2
    assert department_id("#3", DEPARTMENTS, "owner") == 3
    assert department_id(" 县住房城乡建设委 ", DEPARTMENTS, "owner") == 2
    assert department_id("县发展改革委", DEPARTMENTS, "owner", OTHER) == 3
    with pytest.raises(LoopError, match="2 departments have this name") as shared:
        department_id("县发展改革委", DEPARTMENTS, "owner")
    assert "同名部门有2个" in shared.value.zh
    with pytest.raises(LoopError, match="no such department") as unknown:
        department_id("县发展改革委", DEPARTMENTS, "owner", "990009")
    assert "没有这个部门" in unknown.value.zh
    assert department_ids(["1", "县住房城乡建设委，1"], DEPARTMENTS, "co", REGION) == [1, 2]


def test_ids_from_chips_and_typed_text() -> None:
    assert parse_ids(["3", "1", "#2、3 4"], "target") == [3, 1, 2, 4]
    assert parse_ids("5, 6", "target") == [5, 6]
    with pytest.raises(LoopError, match="is not an id") as bad:
        parse_ids(["3", "GDP"], "target")
    assert "不是编号" in bad.value.zh
    with pytest.raises(LoopError):
        parse_ids(["99999999999"], "target")


def test_milestone_rows() -> None:
    rows = MilestoneRows(
        row=["a", "b", "c"],
        due=["2026-06-30", " ", "2026-12-31"],
        title=[" 完成选址 ", "", "竣工"],
        value=["", "", "1.5"],
        unit=["", "", "亿元"],
        done=["c"],
    )
    assert parse_milestone_rows(rows) == [
        MilestoneSpec("完成选址", date(2026, 6, 30)),
        MilestoneSpec("竣工", date(2026, 12, 31), 1.5, "亿元", True),
    ]
    assert parse_milestone_rows(MilestoneRows([], [], [], [], [], [])) == []
    with pytest.raises(LoopError, match="not a finite number"):
        parse_milestone_rows(MilestoneRows(["a"], ["2026-01-01"], ["x"], ["inf"], [""], []))
