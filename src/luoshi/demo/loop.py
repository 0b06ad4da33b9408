"""The demo's closed loop: departments, one account per role, tasks in every state, reports
(one of them returned for rework) and key projects, for a fictional county.

Everything is made through :mod:`luoshi.loop` as the console operator and the demo's own
accounts would make it, so the audit trail holds the whole story. The passwords are
printed by ``luoshi demo``: the demo is fictional data served on the user's own machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from luoshi.loop.access import Principal
from luoshi.loop.assessment import run_assessment
from luoshi.loop.notices import scan_deadlines
from luoshi.loop.projects import create_project, mark_started, set_investment
from luoshi.loop.reports import (
    FigureSpec,
    list_reports,
    review_report,
    start_review,
    submit_report,
)
from luoshi.loop.tasks import (
    MilestoneSpec,
    TaskView,
    assign_task,
    create_task,
    get_task,
    start_task,
)
from luoshi.loop.users import add_department, add_user, list_users
from luoshi.store import Store
from luoshi.store.models import Target

__all__ = ["DEMO_ACCOUNTS", "DEMO_LOOP_REGION", "DemoAccount", "build_demo_loop", "credentials"]

#: The county whose government runs the demo's loop (澄阳县, fictional).
DEMO_LOOP_REGION = "990101"
_DEPARTMENTS = ("县发展和改革局", "县住房和城乡建设局", "县交通运输局", "县农业农村局")


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: one per role (two departments, so that scopes can be seen)."""

    username: str
    password: str
    role: str
    label: str
    department: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "demo-admin-2026", "administrator", "系统管理员"),
    DemoAccount("leader", "demo-leader-2026", "leader", "县督查室（领导）"),
    DemoAccount("dev", "demo-dev-2026", "department", "县发展和改革局", _DEPARTMENTS[0]),
    DemoAccount("build", "demo-build-2026", "department", "县住房和城乡建设局", _DEPARTMENTS[1]),
    DemoAccount("viewer", "demo-viewer-2026", "viewer", "只读（统计局）"),
)


def credentials() -> list[str]:
    """One line per demo account, as ``luoshi demo`` prints them."""
    return [f"  {a.label:<12} {a.username:<8} 密码 {a.password}  ({a.role})" for a in DEMO_ACCOUNTS]


#: The indicator whose target the demo's departments report on: 一般公共预算收入, a figure a
#: 发展和改革局 report gives. Not GDP: the demo's documentation computes the GDP targets'
#: statuses by hand from the yearbook, and an accepted report's figure rightly moves them.
_REPORTED_INDICATOR = "general_budget_revenue"


def _level_targets(store: Store) -> list[Target]:
    """The county's targets that a report can give a figure for in their own unit, the one
    of :data:`_REPORTED_INDICATOR` first."""
    with store.session() as s:
        rows = s.scalars(
            select(Target)
            .where(Target.region_code == DEMO_LOOP_REGION, Target.measure == "level")
            .where(Target.indicator_id.is_not(None), Target.comparator.in_(("ge", "eq")))
            .order_by(Target.id)
        ).all()
        s.expunge_all()
        return sorted(rows, key=lambda t: t.indicator_id != _REPORTED_INDICATOR)


def build_demo_loop(store: Store, *, today: date | None = None) -> bool:
    """Add the demo's loop data to a store holding the demo regions; False if already there."""
    system = Principal.system()
    if any(u.username == DEMO_ACCOUNTS[0].username for u in list_users(store, system)):
        return False
    today = today or datetime.now(UTC).date()
    depts = {n: add_department(store, system, DEMO_LOOP_REGION, n).id for n in _DEPARTMENTS}
    who: dict[str, Principal] = {}
    for a in DEMO_ACCOUNTS:
        u = add_user(
            store,
            system,
            username=a.username,
            password=a.password,
            role=a.role,
            region_code=None if a.role in ("administrator", "department") else DEMO_LOOP_REGION,
            department_id=depts[a.department] if a.department else None,
            display_name=a.label,
        )
        key = a.role if a.role != "department" else a.username
        who[key] = Principal(u.id, u.username, a.role, u.region_code, u.department_id)  # type: ignore[arg-type]
    leader, dev, build = who["leader"], who["dev"], who["build"]
    targets = _level_targets(store)
    linked = [targets[0].id] if targets else []
    # A report's figure is last year's (this year's is not measured yet), never past the
    # target's deadline. Each report gives its own figure, so that the pages show which
    # one counts: only the accepted report's; the waiting and the returned ones' do not.
    year = today.year
    figure_year = year - 1
    if targets and targets[0].deadline_year is not None:
        figure_year = min(figure_year, targets[0].deadline_year)
    goal = targets[0].value if targets else 0.0

    def task(
        title: str, owner: int, *, days: int = 120, assign: bool = True, **kw: object
    ) -> TaskView:
        t = create_task(
            store,
            leader,
            region_code=DEMO_LOOP_REGION,
            title=title,
            deadline=today + timedelta(days=days),
            owner_department_id=owner,
            **kw,  # type: ignore[arg-type]
        )
        return assign_task(store, leader, t.id, t.version) if assign else t

    def report(t: TaskView, text: str, *, final: bool = False, share: float = 0.0) -> int:
        figs = []
        if share and linked:
            figs = [FigureSpec(linked[0], figure_year, round(goal * share, 2))]
        r = submit_report(
            store, dev, t.id, t.version, period=str(year), text=text, figures=figs, final=final
        )
        return r.id

    def version(task_id: int) -> int:
        return get_task(store, leader, task_id).version

    def review(rid: int, task_id: int, accept: bool, comment: str) -> None:
        r = next(r for r in list_reports(store, leader, task_id) if r.id == rid)
        review_report(store, leader, rid, r.version, accept=accept, comment=comment)

    dev_id, build_id = depts[_DEPARTMENTS[0]], depts[_DEPARTMENTS[1]]
    task("谋划储备一批“十五五”重大项目", dev_id, assign=False, importance=2)
    task("编制县域国土空间总体规划实施方案", build_id, importance=2)
    t = task(
        "推进城东片区老旧小区改造",
        build_id,
        milestones=[MilestoneSpec("完成入户调查", today + timedelta(days=30))],
    )
    start_task(store, build, t.id, t.version)
    t = task("完成年度固定资产投资目标", dev_id, importance=3, target_ids=linked)
    t = start_task(store, dev, t.id, t.version)
    report(t, "全年固定资产投资进度过半，重点项目均已开工。", share=0.95)
    t = task("开展营商环境专项督查整改", dev_id, co_department_ids=[build_id])
    report(t, "已完成问题清单梳理，整改措施正在推进。")
    start_review(store, leader, t.id, version(t.id))
    t = task("推进县城污水管网改造", dev_id, importance=2)
    rid = report(t, "管网改造已完成部分路段。")
    review(rid, t.id, False, "请补充完成长度和投资额，并附现场照片。")
    t = task("落实高标准农田建设任务", depts[_DEPARTMENTS[3]], days=-20)
    scan_deadlines(store, leader, today=today)
    t = task("建成县级政务服务中心综合窗口", dev_id, importance=3, target_ids=linked)
    t = start_task(store, dev, t.id, t.version)
    rid = report(t, "综合窗口已建成并投入运行，申请销号。", final=True, share=0.9)
    review(rid, t.id, False, "请补充群众满意度评价结果。")
    t = start_task(store, dev, t.id, version(t.id))
    rid = report(t, "已补充满意度评价：满意率98.6%。申请销号。", final=True, share=0.92)
    review(rid, t.id, True, "同意销号。")
    p = create_project(
        store,
        leader,
        region_code=DEMO_LOOP_REGION,
        name="澄阳县城东物流园",
        year=year,
        total_investment=52000.0,
        department_id=dev_id,
    )
    p = set_investment(
        store, leader, p.id, p.version, period=str(year), planned=18000.0, completed=11500.0
    )
    mark_started(store, leader, p.id, p.version, on=today - timedelta(days=40))
    p = create_project(
        store,
        leader,
        region_code=DEMO_LOOP_REGION,
        name="澄阳县第二污水处理厂",
        year=year,
        total_investment=21000.0,
        department_id=build_id,
    )
    set_investment(store, leader, p.id, p.version, period=str(year), planned=9000.0, completed=0.0)
    # a 考核 already computed, so that its page has a league table on arrival: the tasks
    # due from the start of this year to half a year ahead, every department ranked
    start, end = date(year, 1, 1), today + timedelta(days=183)
    label = str(year) if end.year == year else f"{year}-{end.year}"
    run_assessment(store, leader, region_code=DEMO_LOOP_REGION, period=label, start=start, end=end)
    return True
