"""The whole loop at library level, as three roles: a leader assigns a task, a department
reports twice (returned once), the leader closes it; the score sheet, the bulletin and the
audit trail show it all, and the accepted figure moves the target's progress status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document as read_docx
from openpyxl import load_workbook

from luoshi.loop.assessment import run_assessment
from luoshi.loop.audit import export_audit, list_audit
from luoshi.loop.exports import write_bulletin, write_score_sheet
from luoshi.loop.notices import list_notices
from luoshi.loop.reports import FigureSpec, list_reports, review_report, submit_report
from luoshi.loop.tasks import assign_task, create_task, get_task, start_task
from luoshi.loop.users import log_in
from luoshi.store.models import Observation
from luoshi.track.bulk import assess_all
from luoshi.track.status import target_statuses
from tests.loop.conftest import PASSWORD, REGION, World


def test_the_whole_loop(world: World, tmp_path: Path) -> None:
    store = world.store
    targets = world.targets()
    key_projects = targets["key_projects"]  # 全年实施重点项目50个以上 (2023)
    with store.session() as s:
        before = {t.target_id: t.status for t in target_statuses(s, region=REGION)}
    assert before[key_projects] == "insufficient_data"

    # the three roles log in with passwords
    _, leader = log_in(store, "leader", PASSWORD)
    _, dept = log_in(store, "fgw", PASSWORD)
    assert leader == world.leader and dept == world.dept

    # the leader drafts and assigns (交办)
    t = create_task(
        store,
        leader,
        region_code=REGION,
        title="全年实施重点项目50个以上",
        deadline=date(2023, 12, 31),
        owner_department_id=world.dept_id,
        co_department_ids=[world.other_dept_id],
        importance=3,
        target_ids=[key_projects],
    )
    assert t.state == "draft"
    t = assign_task(store, leader, t.id, t.version)
    assert t.state == "assigned"

    # the department takes it up (承办) and reports (反馈), asking to close
    t = start_task(store, dept, t.id, t.version)
    r1 = submit_report(
        store,
        dept,
        t.id,
        t.version,
        period="2023-H1",
        text="已实施重点项目31个。",
        figures=[FigureSpec(key_projects, 2023, 31)],
        final=True,
    )
    assert get_task(store, dept, t.id).state == "reported"

    # the leader returns it (督查: 退回整改) with a comment
    r1 = review_report(
        store, leader, r1.id, r1.version, accept=False, comment="未达到50个，继续推进"
    )
    t = get_task(store, dept, t.id)
    assert (t.state, r1.status) == ("returned", "returned")
    assert [n.kind for n in list_notices(store, dept)] == ["returned"]

    # the department reports again; the leader accepts and the task is closed (销号)
    r2 = submit_report(
        store,
        dept,
        t.id,
        t.version,
        period="2023",
        text="全年实施重点项目52个。",
        figures=[FigureSpec(key_projects, 2023, 52)],
        final=True,
    )
    r2 = review_report(store, leader, r2.id, r2.version, accept=True)
    t = get_task(store, leader, t.id)
    assert t.state == "closed" and t.closed_at is not None
    assert [r.status for r in list_reports(store, dept, t.id)] == ["returned", "accepted"]

    # the accepted figure (not the returned one) is an observation that moves the target
    with store.session() as s:
        obs = s.query(Observation).filter_by(source_kind="report").all()
        assert [(o.value, o.year, o.indicator_id) for o in obs] == [(52.0, 2023, "key_projects")]
        after = {x.target_id: x.status for x in target_statuses(s, region=REGION)}
    assert after[key_projects] == "achieved"
    with store.session() as s:  # the bulk (SQL) assessment sees the same
        bulk = assess_all(s, region=REGION)
    assert dict(zip(bulk.target_ids.tolist(), bulk.statuses(), strict=True))[key_projects] == (
        "achieved"
    )

    # assessment: closed late (the deadline was 2023), target achieved, 1 of 2 reviews accepted
    result = run_assessment(
        store,
        leader,
        region_code=REGION,
        period="2023",
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    [score] = result.scores
    assert (score.on_time, score.progress, score.review) == (0.5, 1.0, 0.5)
    assert score.total == round(100 * (40 * 0.5 + 30 * 1.0 + 30 * 0.5) / 100, 2)
    assert [(r.department, r.score) for r in result.league] == [("县发展改革委", score.total)]

    sheet = load_workbook(write_score_sheet(result, tmp_path / "score.xlsx"))
    league = list(sheet["部门排名"].iter_rows(values_only=True))
    assert league[1] == (1, "县发展改革委", 1, 0, 0, score.total)
    rows = list(sheet["任务得分"].iter_rows(values_only=True))
    assert rows[1][:5] == (t.id, "全年实施重点项目50个以上", "县发展改革委", 3, "已销号")

    bulletin = read_docx(str(write_bulletin(result, tmp_path / "b.docx", region_name="禾川县")))
    text = "\n".join(p.text for p in bulletin.paragraphs)
    assert "禾川县重点工作督查通报（2023）" in text and "已销号 1 项" in text
    assert bulletin.tables[0].rows[1].cells[1].text == "县发展改革委"

    # the audit trail tells the story in order, with who did what
    story = [
        (e.actor, e.entity, e.action)
        for e in list_audit(store, leader, entity_id=t.id)
        if e.entity == "task"
    ]
    assert story == [
        ("leader", "task", "create"),
        ("leader", "task", "assign"),
        ("fgw", "task", "start"),
        ("fgw", "task", "report"),
        ("leader", "task", "start_review"),
        ("leader", "task", "return"),
        ("fgw", "task", "report"),
        ("leader", "task", "start_review"),
        ("leader", "task", "accept"),
    ]
    reviews = [e for e in list_audit(store, leader, entity="report") if e.action == "review"]
    assert [e.after for e in reviews] == [
        {"status": "returned", "comment": "未达到50个，继续推进"},
        {"status": "accepted", "comment": ""},
    ]
    assert any(e.entity == "assessment" for e in list_audit(store, leader))
    out = export_audit(list_audit(store, leader), tmp_path / "audit.xlsx")
    exported = list(load_workbook(out).active.iter_rows(values_only=True))
    assert exported[0][:3] == ("编号", "时间", "操作人") and len(exported) > 12
