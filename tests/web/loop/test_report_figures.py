"""A report's figure is official only once the report is accepted, and then on every page.

Through HTTP, as the department and the leader use it: a report waiting for review
(待审核) changes nothing any reader shows; accepting it adds its figure to the target's
numbers and chart, the region's chart and 清单, the compare table and the overview alike;
returning a later report changes nothing again. SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from luoshi.store import Store
from tests.loop.conftest import OTHER
from tests.web.loop.conftest import REGION, Loop, make_loop

YEAR, FIGURE = 2024, 1.45e10  # 地区生产总值 2024: 145亿元 (the plan: ≥160亿 by 2025)
LATER = 1.52e10  # the figure of the report that is returned


def _gdp_target(loop: Loop) -> int:
    """The sample plan's 地区生产总值 level target: ≥160亿元 by 2025, from 128.6亿 in 2022."""
    loop.world.targets()
    found = loop.client("anonymous").get("/api/targets", params={"indicator": "gdp"}).json()
    [level] = [t["id"] for t in found if t["measure"] == "level"]
    return int(level)


def _readers(loop: Loop, target_id: int) -> dict[str, Any]:
    """What every public reader shows about the target's series, for comparison."""
    c = loop.client("anonymous")
    target = c.get(f"/api/targets/{target_id}").json()
    region = c.get(f"/api/regions/{REGION}").json()
    compare = c.get("/api/compare", params={"region": [REGION, OTHER]}).json()
    overview = c.get("/api/overview").json()
    pages = {
        path: _strip(c.get(path).text)
        for path in (f"/targets/{target_id}", f"/regions/{REGION}", "/compare", "/")
    }
    gdp_cells = [
        row["cells"][j]
        for row in compare["rows"]
        for j, ind in enumerate(compare["indicators"])
        if ind["id"] == "gdp" and row["code"] == REGION
    ]
    row = next(t for t in region["targets"] if t["id"] == target_id)
    return {
        "target": target,
        "region_row": row,
        "region_facts": [f for f in region["facts"] if f["indicator_id"] == "gdp"],
        "compare_gdp": gdp_cells,
        "status_counts": overview["status_counts"],
        "observations": overview["counts"]["observations"],
        "pages": pages,
    }


def _strip(html: str) -> str:
    """A page without what differs between two renderings of the same data."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def _submit(loop: Loop, task_id: int, target_id: int, year: int, value: float) -> dict[str, Any]:
    dept = loop.client("fgw")
    version = dept.get(f"/api/loop/tasks/{task_id}").json()["task"]["version"]
    r = dept.post(
        f"/api/loop/tasks/{task_id}/reports",
        data={
            "version": str(version),
            "period": str(year),
            "text": "地区生产总值完成情况",
            "figures": json.dumps([{"target_id": target_id, "year": year, "value": value}]),
        },
    )
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def _review(loop: Loop, report: dict[str, Any], *, accept: bool) -> None:
    body = {"version": report["version"], "accept": accept, "comment": "" if accept else "请核实"}
    r = loop.client("leader").post(f"/api/loop/reports/{report['id']}/review", json=body)
    assert r.status_code == 200, r.text


def _start(loop: Loop, task_id: int) -> None:
    dept = loop.client("fgw")
    version = dept.get(f"/api/loop/tasks/{task_id}").json()["task"]["version"]
    r = dept.post(f"/api/loop/tasks/{task_id}/start", json={"version": version})
    assert r.status_code == 200, r.text


def test_only_an_accepted_reports_figure_is_official_on_every_page(store: Store) -> None:
    loop = make_loop(store)
    target_id = _gdp_target(loop)
    task = loop.world.task(target_ids=[target_id])
    _start(loop, task.id)
    before = _readers(loop, target_id)
    assert before["target"]["target"]["latest"] is None  # only the plan's 2022 base figure
    assert before["target"]["observations"] == [[2022, 1.286e10]]

    # submitted, waiting for review: no reader shows it
    report = _submit(loop, task.id, target_id, YEAR, FIGURE)
    assert _readers(loop, target_id) == before

    # accepted: the same official figure on every reader
    _review(loop, report, accept=True)
    after = _readers(loop, target_id)
    t = after["target"]["target"]
    assert (t["latest_year"], t["latest"]) == (YEAR, FIGURE)
    assert after["target"]["observations"][-1] == [YEAR, FIGURE]
    assert t["status"] != before["target"]["target"]["status"]  # the status moved
    assert (after["region_row"]["latest_year"], after["region_row"]["latest"]) == (YEAR, FIGURE)
    assert after["region_row"]["status"] == t["status"]
    assert after["region_row"]["spark"] == after["target"]["observations"]
    [facts] = after["region_facts"]
    assert facts["points"][-1] == [YEAR, FIGURE]
    assert after["compare_gdp"] == [{"value": FIGURE, "year": YEAR, "rank": 1}]
    assert after["observations"] == before["observations"] + 1
    page = after["pages"][f"/targets/{target_id}"]
    assert "145亿元" in page and f"({YEAR})" in page  # 14,500,000,000 元, as people write it
    assert f'data-report="{report["id"]}"' in page  # the source of the new point
    assert "data-report" not in before["pages"][f"/targets/{target_id}"]
    task_page = loop.client("leader").get(f"/loop/tasks/{task.id}").text
    assert "已计入实绩" in task_page

    # a later report (the work went on), returned for rework: nothing changes again
    second = _submit(loop, task.id, target_id, 2025, LATER)
    assert _readers(loop, target_id) == after
    assert "待审核：审核通过后计入实绩" in loop.client("leader").get(f"/loop/tasks/{task.id}").text
    _review(loop, second, accept=False)
    assert _readers(loop, target_id) == after


@pytest.mark.parametrize(
    ("year", "message"),
    [(2026, "after its deadline 2025"), (2999, "not a plausible year"), (2100, "in the future")],
)
def test_a_figure_that_could_not_count_is_refused(store: Store, year: int, message: str) -> None:
    loop = make_loop(store)
    target_id = _gdp_target(loop)
    task = loop.world.task(target_ids=[target_id])
    _start(loop, task.id)
    dept = loop.client("fgw")
    version = dept.get(f"/api/loop/tasks/{task.id}").json()["task"]["version"]
    r = dept.post(
        f"/api/loop/tasks/{task.id}/reports",
        data={
            "version": str(version),
            "period": "2026",
            "text": "x",
            "figures": json.dumps([{"target_id": target_id, "year": year, "value": 1.0}]),
        },
    )
    assert r.status_code == 400 and message in r.json()["error"]
