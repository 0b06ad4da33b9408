"""The whole closed loop in a real browser, as three roles, against ``luoshi demo``.

A leader assigns a task, the owner department reports twice (the first report is returned
with a comment), the leader closes it; the score sheet (downloaded, opened with openpyxl)
and the audit trail show it all, and a read-only account sees it without any action.
Logins are the demo's printed credentials. Screenshots go to ``test-artifacts/loop-*.png``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from luoshi.demo.loop import DEMO_ACCOUNTS
from tests.web.conftest import ARTIFACTS, demo_server

pytestmark = pytest.mark.slow

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A demo of its own (this test changes it); checks that it printed the demo logins."""
    with demo_server("loop-demo-server.log") as base:
        printed = (ARTIFACTS / "loop-demo-server.log").read_text(encoding="utf-8")
        for a in DEMO_ACCOUNTS:
            assert a.username in printed and a.password in printed, printed
        yield base


def _page(browser: Browser, server: str, errors: list[str]) -> Page:
    context = browser.new_context(base_url=server, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"loop-{name}.png"), full_page=True)


def _log_in(page: Page, username: str) -> None:
    page.goto("/loop")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"/loop$"))
    expect(page.locator("#who")).to_contain_text(username)


def _demo_target(server: str) -> int:
    """A target of the demo county that its tasks report figures for."""
    with httpx.Client(base_url=server) as c:
        r = c.post("/api/login", json={"username": "leader", "password": PASSWORDS["leader"]})
        r.raise_for_status()
        for t in c.get("/api/loop/tasks").json():
            if t["target_ids"]:
                return int(t["target_ids"][0])
    raise AssertionError("the demo has no task with a linked target")


def test_the_whole_loop_as_three_roles(browser: Browser, server: str, tmp_path: Path) -> None:
    errors: list[str] = []
    today = datetime.now(UTC).date()
    title = f"浏览器测试：推进智慧社区建设 {time.time_ns()}"
    target = _demo_target(server)

    # the leader drafts and assigns the task
    leader = _page(browser, server, errors)
    _log_in(leader, "leader")
    _shot(leader, "1-leader-tasks")
    leader.click("#new-task")
    leader.fill("#task-title", title)
    leader.fill("#task-deadline", (today + timedelta(days=30)).isoformat())
    # the owner by name, searched as it is typed and chosen with the keyboard
    owner = leader.locator("#task-owner")
    owner.press_sequentially("发展")
    expect(leader.locator("#task-owner-list [role=option]").first).to_have_text(
        re.compile("县发展和改革局")
    )
    owner.press("ArrowDown")
    owner.press("Enter")
    expect(owner).to_have_value("县发展和改革局")
    # the target by its number: Enter takes the first match, which is that target
    leader.locator("#task-targets").press_sequentially(str(target))
    leader.locator("#task-targets").press("Enter")
    chip = leader.locator(".pick-multi .chip:visible")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(f"#{target}")
    # milestones as rows: fill the first, add two, remove the last
    leader.fill("#ms-due-0", (today + timedelta(days=10)).isoformat())
    leader.fill("#ms-title-0", "完成摸底调查")
    leader.click(".ms-add")
    leader.locator(".ms-row").nth(1).locator("input[name=ms_title]").fill("完成3个社区改造")
    leader.locator(".ms-row").nth(1).locator("input[type=date]").fill(
        (today + timedelta(days=20)).isoformat()
    )
    leader.click(".ms-add")
    expect(leader.locator(".ms-row")).to_have_count(3)
    leader.locator(".ms-row").nth(2).locator(".ms-remove").click()
    expect(leader.locator(".ms-row")).to_have_count(2)
    leader.click("#task-save")
    expect(leader.locator("#task-title")).to_have_text(title)
    expect(leader.locator("#task-owner")).to_have_text("县发展和改革局")
    expect(leader.locator("#milestones tbody tr")).to_have_count(2)
    expect(leader.locator("#milestones")).to_contain_text("完成3个社区改造")
    task_url = leader.url
    leader.click("#action-assign")
    expect(leader.locator(".state")).to_have_attribute("data-state", "assigned")
    _shot(leader, "2-leader-assigned")

    # the department takes it up and reports
    dept = _page(browser, server, errors)
    _log_in(dept, "dev")
    expect(dept.locator("#task-list")).to_contain_text(title)
    dept.goto(task_url)
    expect(dept.locator("#action-edit")).to_have_count(0)  # not the department's to edit
    dept.click("#action-start")
    expect(dept.locator(".state")).to_have_attribute("data-state", "in_progress")
    dept.fill("#report-text", "已完成3个社区的智慧化改造。")
    dept.locator(".report-figure").first.fill("123")
    evidence = tmp_path / "进度说明.txt"
    evidence.write_text("第一次报告的附件", encoding="utf-8")
    dept.set_input_files("#report-files", str(evidence))
    dept.click("#report-submit")
    expect(dept.locator(".state")).to_have_attribute("data-state", "reported")
    expect(dept.locator(".report")).to_have_count(1)
    _shot(dept, "3-department-reported")

    # the leader returns the first report with a comment
    leader.goto(task_url)
    leader.fill(".review-comment-input", "请补充改造社区名单和居民满意度。")
    leader.click(".review-return")
    expect(leader.locator(".state")).to_have_attribute("data-state", "returned")
    _shot(leader, "4-leader-returned")

    # the department sees why, reworks and reports again, asking to close
    dept.goto(task_url)
    expect(dept.locator(".review-comment")).to_contain_text("请补充改造社区名单")
    dept.click("#action-start")
    dept.fill("#report-text", "已补充名单：东城、西湖、南苑社区；居民满意度96%。申请销号。")
    dept.locator(".report-figure").first.fill("130")
    dept.check("#report-final")
    dept.click("#report-submit")
    expect(dept.locator(".report")).to_have_count(2)
    _shot(dept, "5-department-second-report")

    # the leader accepts: the task is closed (销号)
    leader.goto(task_url)
    leader.locator(".report[data-status='submitted'] .review-accept").click()
    expect(leader.locator(".state")).to_have_attribute("data-state", "closed")
    expect(leader.locator("#actions button")).to_have_count(0)
    history = leader.locator("#history")
    for action in ("create", "assign", "start", "report", "return", "accept"):
        expect(history.locator(f"tr[data-action='{action}']").first).to_be_visible()
    _shot(leader, "6-leader-closed")

    # the assessment: league table on the page, the score sheet as a download
    leader.click("text=考核")
    leader.fill("#assess-start", f"{today.year}-01-01")
    leader.fill("#assess-end", f"{today.year + 1}-12-31")
    leader.click("#assess-run")
    expect(leader.locator("#league")).to_contain_text("县发展和改革局")
    expect(leader.locator("#scores")).to_contain_text(title)
    _shot(leader, "7-assessment")
    with leader.expect_download() as info:
        leader.click("#score-sheet")
    sheet = tmp_path / "score.xlsx"
    info.value.save_as(sheet)
    book = load_workbook(sheet, read_only=True)
    cells = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    assert title in cells and "县发展和改革局" in cells
    row = next(r for ws in book.worksheets for r in ws.iter_rows(values_only=True) if title in r)
    assert "closed" in row or "已销号" in row, row

    # the audit trail shows every step, and cannot be edited from the page
    leader.click("text=审计记录")
    audit = leader.locator("#audit")
    task_id = task_url.rstrip("/").rsplit("/", 1)[-1]
    rows = f"tr[data-entity='task'][data-entity-id='{task_id}']"
    # once each: drafted, assigned, returned, closed; twice: taken up, reported, reviewed
    counts = {"create": 1, "assign": 1, "return": 1, "accept": 1}
    counts |= {"start": 2, "report": 2, "start_review": 2}
    for action, n in counts.items():
        expect(audit.locator(f"{rows}[data-action='{action}']")).to_have_count(n)
    expect(audit.locator("tr[data-entity='report'][data-action='review']")).not_to_have_count(0)
    expect(leader.locator("#audit input, #audit button, #audit form")).to_have_count(0)
    _shot(leader, "8-audit")

    # the key projects: the demo's two, one started
    leader.click("#loop-nav >> text=重点项目")
    expect(leader.locator("#projects tbody tr")).to_have_count(2)
    expect(leader.locator("#project-summary")).to_contain_text("50%开工率")
    _shot(leader, "8b-projects")

    # a read-only account sees the closed task and no actions
    viewer = _page(browser, server, errors)
    _log_in(viewer, "viewer")
    viewer.goto(task_url)
    expect(viewer.locator(".state")).to_have_attribute("data-state", "closed")
    expect(viewer.locator("#actions > *")).to_have_count(0)
    expect(viewer.locator("#report-form")).to_have_count(0)
    _shot(viewer, "9-viewer")
    viewer.click("#logout")
    expect(viewer).to_have_url(re.compile(r"/login$"))
    viewer.goto(task_url)
    expect(viewer).to_have_url(re.compile(r"/login\?next="))
    assert not errors, f"JavaScript errors: {errors}"
