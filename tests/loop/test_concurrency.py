"""Fifty simultaneous writers editing, reporting on and reviewing the same two tasks, on
SQLite and on PostgreSQL: no lost update, no corrupt state, every refusal a clear one."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest

from luoshi.errors import LuoshiError, StaleEditError, TransitionError
from luoshi.loop.audit import list_audit
from luoshi.loop.reports import list_reports, review_report, submit_report
from luoshi.loop.tasks import TRANSITIONS, edit_task, get_task, list_tasks, start_task
from tests.loop.conftest import World

WRITERS = 50
ATTEMPTS = 4  # a refused writer reloads and tries again, as a person would


@dataclass
class Outcome:
    """What the writers did, shared between threads under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    edits: dict[int, list[str]] = field(default_factory=lambda: {})
    reports: Counter[int] = field(default_factory=Counter)
    reviews: Counter[int] = field(default_factory=Counter)
    refusals: list[LuoshiError] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def _writer(world: World, i: int, task_id: int, start: threading.Barrier, out: Outcome) -> None:
    store = world.store
    start.wait()
    for _attempt in range(ATTEMPTS):
        try:
            if i % 3 == 0:  # the leader edits the description, adding a mark of this writer
                t = get_task(store, world.leader, task_id)
                mark = f"[w{i}]"
                edit_task(store, world.leader, task_id, t.version, description=t.description + mark)
                with out.lock:
                    out.edits.setdefault(task_id, []).append(mark)
            elif i % 3 == 1:  # the department reports
                t = get_task(store, world.dept, task_id)
                submit_report(
                    store,
                    world.dept,
                    task_id,
                    t.version,
                    period="2026-Q3",
                    text=f"writer {i} reports",
                )
                with out.lock:
                    out.reports[task_id] += 1
            else:  # the leader reviews the oldest report waiting
                waiting = [
                    r for r in list_reports(store, world.leader, task_id) if r.status == "submitted"
                ]
                if not waiting:
                    raise TransitionError(f"task {task_id} has no report waiting for review")
                review_report(store, world.leader, waiting[0].id, waiting[0].version, accept=True)
                with out.lock:
                    out.reviews[task_id] += 1
            return
        except (StaleEditError, TransitionError) as exc:
            with out.lock:
                out.refusals.append(exc)
        except BaseException as exc:  # anything else is a failure of the test
            with out.lock:
                out.errors.append(exc)
            return


@pytest.mark.slow
def test_fifty_writers_lose_nothing(world: World) -> None:
    store = world.store
    ids = []
    for n in range(2):
        t = world.task(title=f"并发任务{n}")
        ids.append(start_task(store, world.dept, t.id, t.version).id)
    out = Outcome()
    start = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=_writer, args=(world, i, ids[i % 2], start, out))
        for i in range(WRITERS)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not any(th.is_alive() for th in threads)
    assert out.errors == [], out.errors[:3]

    # every refusal is a clear one: a stale edit or a move the state machine forbids
    for exc in out.refusals:
        message = str(exc)
        assert re.search(
            r"changed by someone else|cannot become|no report waiting|already", message
        )
        assert "Traceback" not in message and "sqlalchemy" not in message.lower()
    assert sum(out.reports.values()) > 0 and sum(len(v) for v in out.edits.values()) > 0

    for task_id in ids:
        t = get_task(store, world.leader, task_id)
        # no lost update: every edit that succeeded is in the final text, exactly once
        marks = re.findall(r"\[w\d+\]", t.description)
        assert sorted(marks) == sorted(out.edits.get(task_id, []))
        # every report that succeeded is stored; every review matches a reviewed report
        reports = list_reports(store, world.leader, task_id)
        assert len(reports) == out.reports[task_id]
        assert sum(r.status == "accepted" for r in reports) == out.reviews[task_id]
        assert all(r.reviewed_by is not None for r in reports if r.status == "accepted")
        # the audit trail replays into the final state through allowed moves only, and it
        # has one entry per version of the row
        trail = [e for e in list_audit(store, world.leader, entity="task", entity_id=task_id)]
        state = "draft"
        for e in trail:
            if e.before and "state" in e.before:
                assert e.before["state"] == state
                assert e.after is not None and e.after["state"] in TRANSITIONS[state]  # type: ignore[operator]
                state = e.after["state"]
        assert state == t.state
        assert t.version == len(trail)
    assert {t.id for t in list_tasks(store, world.leader)} == set(ids)
