"""Target corrections: compare-and-set, scoped, audited."""

from __future__ import annotations

import pytest

from luoshi.errors import AccessError, LoopError, StaleEditError
from luoshi.loop.audit import list_audit
from luoshi.loop.targets import correct_target
from luoshi.store.models import Target
from tests.loop.conftest import World


def test_a_correction_is_checked_against_what_was_seen(world: World) -> None:
    ids = world.targets()
    tid = ids["key_projects"]
    after = correct_target(world.store, world.leader, tid, expected={"value": 50.0}, value=55.0)
    assert after["value"] == 55.0
    with world.store.session() as s:
        assert s.get_one(Target, tid).value == 55.0
    # someone who still saw 50 is refused, and 55 stands
    with pytest.raises(StaleEditError, match="changed by someone else"):
        correct_target(world.store, world.admin, tid, expected={"value": 50.0}, value=60.0)
    [entry] = list_audit(world.store, world.leader, entity="target", entity_id=tid)
    assert (entry.actor, entry.before, entry.after) == ("leader", {"value": 50.0}, {"value": 55.0})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "个"}, "cannot correct"),
        ({"deadline_year": 20255}, "a year between"),
        ({"comparator": "gt"}, "comparator 'gt'"),
        ({"value": float("inf")}, "finite number"),
    ],
)
def test_bad_corrections(world: World, changes: dict[str, object], message: str) -> None:
    tid = world.targets()["key_projects"]
    with pytest.raises(LoopError, match=message):
        correct_target(world.store, world.leader, tid, expected=dict.fromkeys(changes), **changes)


def test_who_may_correct(world: World) -> None:
    tid = world.targets()["key_projects"]
    for who in (world.dept, world.viewer):
        with pytest.raises(AccessError, match="may not"):
            correct_target(world.store, who, tid, expected={"value": 50.0}, value=1.0)
    with pytest.raises(AccessError, match="outside your scope"):
        correct_target(world.store, world.stranger, tid, expected={"value": 50.0}, value=1.0)
    with pytest.raises(LoopError, match="name the values you saw"):
        correct_target(world.store, world.leader, tid, expected={}, value=1.0)
