"""Property: whatever sequence of operations anyone tries on a task, the task stays in a
state the machine allows, every refusal is a LoopError that writes nothing, and the audit
trail has one entry per version of the task that replays into its state."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from luoshi.errors import LoopError
from luoshi.loop import models as lm
from luoshi.loop.audit import list_audit
from luoshi.loop.reports import list_reports, review_report, start_review, submit_report
from luoshi.loop.tasks import STATES, TRANSITIONS, assign_task, edit_task, get_task, start_task
from luoshi.store import open_store
from tests.loop.conftest import World, build_world

Action = Callable[[World, int], object]


def _version(w: World, task_id: int) -> int:
    return get_task(w.store, w.admin, task_id).version


def _pending(w: World, task_id: int) -> lm.Report:
    reports = [r for r in list_reports(w.store, w.admin, task_id) if r.status == "submitted"]
    if not reports:
        raise LoopError("no report waiting")
    return reports[-1]  # type: ignore[return-value]


ACTIONS: dict[str, Action] = {
    "assign": lambda w, i: assign_task(w.store, w.leader, i, _version(w, i)),
    "start": lambda w, i: start_task(w.store, w.dept, i, _version(w, i)),
    "start as co-operator": lambda w, i: start_task(w.store, w.other_dept, i, _version(w, i)),
    "report": lambda w, i: submit_report(
        w.store, w.dept, i, _version(w, i), period="2026", text="进展"
    ),
    "final report": lambda w, i: submit_report(
        w.store, w.dept, i, _version(w, i), period="2026", text="完成", final=True
    ),
    "report as viewer": lambda w, i: submit_report(
        w.store, w.viewer, i, _version(w, i), period="2026", text="x"
    ),
    "start review": lambda w, i: start_review(w.store, w.leader, i, _version(w, i)),
    "accept": lambda w, i: (
        lambda r: review_report(w.store, w.leader, r.id, r.version, accept=True)
    )(_pending(w, i)),
    "return": lambda w, i: (
        lambda r: review_report(w.store, w.leader, r.id, r.version, accept=False, comment="重做")
    )(_pending(w, i)),
    "edit": lambda w, i: edit_task(w.store, w.leader, i, _version(w, i), description="改"),
    "stale edit": lambda w, i: edit_task(w.store, w.leader, i, _version(w, i) - 1, title="旧"),
    "edit as department": lambda w, i: edit_task(w.store, w.dept, i, _version(w, i), title="x"),
}


def _rows(w: World) -> tuple[int, ...]:
    with w.store.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (lm.AuditEntry, lm.Report, lm.Notice)
        )


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(ACTIONS)), min_size=1, max_size=14))
def test_any_sequence_keeps_the_task_sound(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'p.db'}")
        try:
            store.migrate()
            w = build_world(store)
            task_id = w.task(assigned=False).id
            for name in names:
                before = (get_task(store, w.admin, task_id), _rows(w))
                try:
                    ACTIONS[name](w, task_id)
                except LoopError:
                    assert (get_task(store, w.admin, task_id), _rows(w)) == before, name
            t = get_task(store, w.admin, task_id)
            assert t.state in STATES
            trail = list_audit(store, w.admin, entity="task", entity_id=task_id)
            assert len(trail) == t.version
            state = "draft"
            for e in trail:
                if e.before and "state" in e.before:
                    assert e.after is not None and e.after["state"] in TRANSITIONS[state]  # type: ignore[index]
                    state = e.after["state"]
            assert state == t.state
        finally:
            store.close()
