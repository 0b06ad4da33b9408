"""The demo's closed loop: accounts for every role, tasks in every state, a returned report,
projects; built through the library, idempotent, and documented in the README."""

from __future__ import annotations

from datetime import UTC, datetime

from luoshi.demo import DemoSummary
from luoshi.demo.loop import DEMO_ACCOUNTS, DEMO_LOOP_REGION, build_demo_loop, credentials
from luoshi.loop.access import ROLES, Principal
from luoshi.loop.audit import list_audit
from luoshi.loop.projects import project_summary
from luoshi.loop.reports import list_reports
from luoshi.loop.tasks import STATES, list_tasks
from luoshi.loop.users import list_users, log_in
from luoshi.store import Store
from luoshi.web import views
from tests.conftest import REPO


def test_tasks_in_every_state_and_a_returned_report(built: tuple[Store, DemoSummary]) -> None:
    store, _ = built
    tasks = list_tasks(store, Principal.system())
    assert {t.state for t in tasks} == set(STATES)
    assert all(t.region_code == DEMO_LOOP_REGION for t in tasks)
    statuses = [r.status for t in tasks for r in list_reports(store, Principal.system(), t.id)]
    assert "returned" in statuses and "accepted" in statuses and "submitted" in statuses
    closed = next(t for t in tasks if t.state == "closed")
    assert [r.status for r in list_reports(store, Principal.system(), closed.id)] == [
        "returned",
        "accepted",
    ]
    year = datetime.now(UTC).year
    summary = project_summary(store, Principal.system(), region_code=DEMO_LOOP_REGION, year=year)
    assert summary.projects == 2 and summary.started == 1
    # made through the library: the audit trail tells the story
    actions = {e.action for e in list_audit(store, Principal.system(), limit=100_000)}
    assert {"create", "assign", "start", "report", "return", "accept"} <= actions


def test_every_role_can_log_in_with_the_printed_credentials(
    built: tuple[Store, DemoSummary],
) -> None:
    store, _ = built
    assert {a.role for a in DEMO_ACCOUNTS} == set(ROLES)
    printed = "\n".join(credentials())
    for a in DEMO_ACCOUNTS:
        assert a.username in printed and a.password in printed
        _token, principal = log_in(store, a.username, a.password)
        assert principal.role == a.role
    users = {u.username: u for u in list_users(store, Principal.system())}
    assert users["dev"].department == "县发展和改革局"


def test_the_readme_lists_the_demo_logins() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for a in DEMO_ACCOUNTS:
        assert f"`{a.username}` | `{a.password}`" in readme


def test_building_twice_adds_nothing(built: tuple[Store, DemoSummary]) -> None:
    store, _ = built
    before = len(list_audit(store, Principal.system(), limit=100_000))
    assert build_demo_loop(store) is False
    assert len(list_audit(store, Principal.system(), limit=100_000)) == before


def test_only_the_accepted_reports_figure_shows_on_the_dashboard(
    built: tuple[Store, DemoSummary],
) -> None:
    """The demo's waiting and returned reports carry figures of their own: none of them is on
    the target's page, the region's chart or the compare table; the accepted one is, on all."""
    store, _ = built
    system = Principal.system()
    figures = {
        r.status: (f.target_id, f.year, f.value)
        for t in list_tasks(store, system)
        for r in list_reports(store, system, t.id)
        for f in r.figures
    }
    assert set(figures) == {"submitted", "returned", "accepted"}
    target_id, year, official = figures["accepted"]
    assert len({v for _, _, v in figures.values()}) == 3  # three different figures
    with store.session() as s:
        target = views.target_view(s, target_id)
        region = views.region_view(s, DEMO_LOOP_REGION)
        compare = views.compare_view(s, regions=[DEMO_LOOP_REGION])
    indicator = target["target"]["indicator_id"]
    [facts] = [f for f in region["facts"] if f["indicator_id"] == indicator]
    [column] = [i for i in compare["indicators"] if i["id"] == indicator]
    shown = {
        "target": [p[1] for p in target["observations"]],
        "region": [p[1] for p in facts["points"]],
        "compare": column["values"],
    }
    for reader, values in shown.items():
        assert official in values, reader
        for status in ("submitted", "returned"):
            assert figures[status][2] not in values, (reader, status)
    # the target page's latest value is that figure, within the target's period
    assert (target["target"]["latest_year"], target["target"]["latest"]) == (year, official)
    assert year <= target["target"]["deadline"]
