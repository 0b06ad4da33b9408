"""Each user's queues: what a count on the first screen says is what its list holds, a
department sees only what it owns, and lists sort by deadline, state or owner."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.errors import LoopError
from luoshi.loop.queues import QUEUES, ROLE_QUEUES, queue_counts, queue_tasks
from luoshi.loop.reports import review_report, start_review, submit_report
from luoshi.loop.tasks import get_task, start_task
from tests.loop.conftest import World

TODAY = date(2026, 6, 1)


def _fill(world: World) -> dict[str, int]:
    """One task in each queue (owned by 发改委), and one of 住建委 coming due."""
    draft = world.task(assigned=False, title="起草年度重点项目清单")
    late = world.task(title="完成园区道路建设", deadline=date(2026, 3, 31))
    soon = world.task(title="报送季度投资数据", deadline=date(2026, 6, 20))
    other = world.task(
        title="推进老旧小区改造",
        deadline=date(2026, 6, 15),
        owner_department_id=world.other_dept_id,
    )
    reviewed = world.task(title="编制产业规划", deadline=date(2026, 12, 31))
    t = start_task(world.store, world.dept, reviewed.id, reviewed.version)
    submit_report(world.store, world.dept, reviewed.id, t.version, period="2026", text="已完成初稿")
    returned = world.task(title="招商引资", deadline=date(2026, 12, 31))
    t = start_task(world.store, world.dept, returned.id, returned.version)
    r = submit_report(world.store, world.dept, returned.id, t.version, period="2026", text="进展")
    t = get_task(world.store, world.leader, returned.id)
    start_review(world.store, world.leader, returned.id, t.version)
    review_report(world.store, world.leader, r.id, r.version, accept=False, comment="缺少数据")
    return {
        "draft": draft.id,
        "late": late.id,
        "soon": soon.id,
        "other": other.id,
        "review": reviewed.id,
        "returned": returned.id,
    }


def test_counts_are_the_lists(world: World) -> None:
    ids = _fill(world)
    for who in (world.leader, world.dept, world.other_dept, world.admin):
        with world.store.session() as s:
            counts = queue_counts(s, who, TODAY, QUEUES)
        for q in QUEUES:
            listed = queue_tasks(world.store, who, queue=q, today=TODAY)
            assert counts[q] == len(listed), (who.username, q)
    leader = {
        q: {t.id for t in queue_tasks(world.store, world.leader, queue=q, today=TODAY)}
        for q in QUEUES
    }
    assert leader["to_assign"] == {ids["draft"]}
    assert leader["overdue"] == {ids["late"]}
    assert leader["review"] == {ids["review"]}
    assert leader["returned"] == {ids["returned"]}
    assert {ids["late"], ids["soon"], ids["other"]} <= leader["due"]


def test_a_department_queues_hold_only_its_own_tasks(world: World) -> None:
    ids = _fill(world)
    mine = {t.id for t in queue_tasks(world.store, world.dept, queue="due", today=TODAY)}
    theirs = {t.id for t in queue_tasks(world.store, world.other_dept, queue="due", today=TODAY)}
    assert ids["soon"] in mine and ids["other"] not in mine
    assert theirs == {ids["other"]}
    with world.store.session() as s:
        assert queue_counts(s, world.dept, TODAY) == {"due": 2, "returned": 1, "overdue": 1}
        assert queue_counts(s, world.viewer, TODAY) == {}
    assert ROLE_QUEUES["viewer"] == ()


def test_lists_sort_and_refuse_unknown_words(world: World) -> None:
    _fill(world)
    by_deadline = queue_tasks(world.store, world.leader, sort="deadline", today=TODAY)
    deadlines = [t.deadline for t in by_deadline if t.deadline is not None]
    assert deadlines == sorted(deadlines) and len(by_deadline) == 6
    by_owner = queue_tasks(world.store, world.leader, sort="owner", today=TODAY)
    owners = [t.owner_department_id for t in by_owner]
    assert owners.index(world.other_dept_id) in (0, len(owners) - 1), "one owner's tasks together"
    with pytest.raises(LoopError, match="sort"):
        queue_tasks(world.store, world.leader, sort="nonsense", today=TODAY)
    with pytest.raises(LoopError, match="queue"):
        queue_tasks(world.store, world.leader, queue="nonsense", today=TODAY)
