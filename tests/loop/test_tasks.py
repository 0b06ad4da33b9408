"""Tasks: the state machine, optimistic locking, and checked edits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from luoshi.errors import LoopError, StaleEditError, TransitionError
from luoshi.loop import models as lm
from luoshi.loop.access import writing
from luoshi.loop.tasks import (
    STATES,
    TRANSITIONS,
    MilestoneSpec,
    assign_task,
    create_task,
    edit_task,
    get_task,
    list_tasks,
    move,
)
from luoshi.loop.users import add_department
from tests.loop.conftest import OTHER, REGION, World

PAIRS = [(a, b) for a in STATES for b in STATES]


def test_the_machine_is_the_documented_one() -> None:
    assert TRANSITIONS["draft"] == {"assigned"}
    assert TRANSITIONS["under_review"] == {"closed", "returned", "in_progress"}
    assert TRANSITIONS["closed"] == frozenset()
    assert all(to in STATES for targets in TRANSITIONS.values() for to in targets)
    # every state but draft can be reached, and closed from every open state
    reachable = {to for targets in TRANSITIONS.values() for to in targets}
    assert reachable == set(STATES) - {"draft"}


def test_every_move_allowed_or_refused_as_designed(world: World) -> None:
    t = world.task()
    for here, to in PAIRS:
        with world.store.session() as s:
            s.execute(update(lm.Task).where(lm.Task.id == t.id).values(state=here))
        if to in TRANSITIONS[here]:  # type: ignore[index]
            with writing(world.store) as s:
                move(s, world.leader, s.get_one(lm.Task, t.id), to, "test")  # type: ignore[arg-type]
            assert get_task(world.store, world.leader, t.id).state == to
        else:
            with (
                pytest.raises(TransitionError, match=f"is {here} .* cannot become {to}"),
                writing(world.store) as s,
            ):
                move(s, world.leader, s.get_one(lm.Task, t.id), to, "test")  # type: ignore[arg-type]
            assert get_task(world.store, world.leader, t.id).state == here


def test_a_stale_edit_is_refused_and_overwrites_nothing(world: World) -> None:
    t = world.task()
    first = edit_task(world.store, world.leader, t.id, t.version, description="甲的修改")
    with pytest.raises(StaleEditError, match=rf"now version {first.version}.*version {t.version}"):
        edit_task(world.store, world.admin, t.id, t.version, description="乙的修改")
    assert get_task(world.store, world.leader, t.id).description == "甲的修改"


def test_a_change_to_milestones_alone_moves_the_version(world: World) -> None:
    t = world.task()
    ms = [MilestoneSpec("完成选址", date(2026, 3, 31)),
          MilestoneSpec("开工建设", date(2026, 6, 30), 30.0, "%")]  # fmt: skip
    t2 = edit_task(world.store, world.leader, t.id, t.version, milestones=ms)
    assert t2.version == t.version + 1 and t2.milestones == tuple(ms)
    t3 = edit_task(
        world.store, world.leader, t.id, t2.version, co_department_ids=[world.other_dept_id]
    )
    assert t3.version == t2.version + 1 and t3.co_department_ids == (world.other_dept_id,)
    with pytest.raises(StaleEditError):
        edit_task(world.store, world.leader, t.id, t2.version, milestones=[])


def test_assigning_needs_an_owner_and_a_deadline(world: World) -> None:
    t = create_task(world.store, world.leader, region_code=REGION, title="无责任单位")
    with pytest.raises(LoopError, match="needs an owner department and a deadline"):
        assign_task(world.store, world.leader, t.id, t.version)
    t = edit_task(world.store, world.leader, t.id, t.version, owner_department_id=world.dept_id,
                  deadline=date(2026, 9, 30))  # fmt: skip
    assert assign_task(world.store, world.leader, t.id, t.version).state == "assigned"


def test_a_closed_task_is_not_edited(world: World) -> None:
    t = world.task()
    with world.store.session() as s:
        s.execute(update(lm.Task).where(lm.Task.id == t.id).values(state="closed"))
    with pytest.raises(TransitionError, match="closed"):
        edit_task(world.store, world.leader, t.id, t.version, title="改")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"state": "closed"}, "cannot edit"),
        ({"importance": 5}, "importance 5"),
        ({"title": "  "}, "needs a title"),
        ({"owner_department_id": 999}, "not a department of"),
        ({"target_ids": [999]}, "target 999 is not"),
        ({"framework_member_id": 999}, "framework member 999"),
    ],
)
def test_bad_edits_are_refused(world: World, changes: dict[str, object], message: str) -> None:
    t = world.task()
    with pytest.raises(LoopError, match=message):
        edit_task(world.store, world.leader, t.id, t.version, **changes)
    assert get_task(world.store, world.leader, t.id) == t


def test_a_department_of_another_county_cannot_own_a_task(world: World) -> None:
    elsewhere = add_department(world.store, world.admin, OTHER, "外县发改委")
    with pytest.raises(LoopError, match="not a department of 990001"):
        world.task(owner_department_id=elsewhere.id)
    with pytest.raises(LoopError, match="state 'done' is not one of"):
        list_tasks(world.store, world.leader, state="done")
