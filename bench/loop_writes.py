"""Closed-loop writes: how long one step takes, and what 50 simultaneous writers get done.

usage: python bench/loop_writes.py [--db URL] [--runs 5] [--writers 50] [--cycles 30]

On a fresh store at ``--db`` (default: a temporary SQLite file; a PostgreSQL URL must name
an empty database), with a county, two departments and their accounts:

1. one writer: the median time of each step of the loop (edit a task, submit a report,
   review it), over ``--cycles`` cycles;
2. ``--writers`` threads started together on two tasks, each editing, reporting or
   reviewing once (retrying up to 4 times when refused as stale or out of turn): wall time,
   writes committed per second, refusals.

Timings are medians of ``--runs`` runs. Prints a table and writes bench/out/loop_writes.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from luoshi.errors import StaleEditError, TransitionError
from luoshi.loop.access import Principal
from luoshi.loop.reports import list_reports, review_report, submit_report
from luoshi.loop.tasks import assign_task, create_task, edit_task, get_task, start_task
from luoshi.loop.users import add_department, add_user
from luoshi.store import Store, models, open_store

OUT = Path(__file__).resolve().parent / "out" / "loop_writes.json"
REGION = "990001"


def _setup(store: Store) -> tuple[Principal, Principal, int]:
    with store.session() as s:
        s.add(models.Region(code=REGION, name="禾川县", is_official=False))
    system = Principal.system()
    dept = add_department(store, system, REGION, "县发展改革委")
    lead = add_user(
        store, system, username="lead", password="bench-pass", role="leader", region_code=REGION
    )
    fgw = add_user(
        store,
        system,
        username="fgw",
        password="bench-pass",
        role="department",
        department_id=dept.id,
    )
    leader = Principal(lead.id, "lead", "leader", REGION)
    department = Principal(fgw.id, "fgw", "department", REGION, dept.id)
    return leader, department, dept.id


def _task(store: Store, leader: Principal, dept: Principal, dept_id: int, title: str) -> int:
    t = create_task(
        store,
        leader,
        region_code=REGION,
        title=title,
        deadline=date(2030, 1, 1),
        owner_department_id=dept_id,
    )
    t = assign_task(store, leader, t.id, t.version)
    return start_task(store, dept, t.id, t.version).id


def _timed(fn: Callable[[], Any], into: list[float]) -> Any:
    t0 = time.perf_counter()
    out = fn()
    into.append(time.perf_counter() - t0)
    return out


def one_writer(
    store: Store, leader: Principal, dept: Principal, dept_id: int, cycles: int
) -> dict[str, float]:
    """Median seconds per step of the loop, one writer."""
    task_id = _task(store, leader, dept, dept_id, "单人基准任务")
    steps: dict[str, list[float]] = {"edit": [], "report": [], "review": []}
    for i in range(cycles):
        t = get_task(store, leader, task_id)
        t = _timed(
            lambda t=t, i=i: edit_task(
                store, leader, task_id, t.version, description=f"第{i}次修改"
            ),
            steps["edit"],
        )
        r = _timed(
            lambda t=t: submit_report(store, dept, task_id, t.version, period="2026", text="进展"),
            steps["report"],
        )
        _timed(
            lambda r=r: review_report(store, leader, r.id, r.version, accept=True), steps["review"]
        )
    return {k: statistics.median(v) for k, v in steps.items()}


def many_writers(
    store: Store, leader: Principal, dept: Principal, dept_id: int, writers: int
) -> dict[str, float]:
    """Wall time, committed writes and refusals of ``writers`` simultaneous threads."""
    ids = [_task(store, leader, dept, dept_id, f"并发基准任务{n}") for n in range(2)]
    lock = threading.Lock()
    done = {"writes": 0, "refusals": 0, "errors": 0}
    barrier = threading.Barrier(writers + 1)

    def work(i: int) -> None:
        task_id = ids[i % 2]
        barrier.wait()
        for _ in range(4):
            try:
                if i % 3 == 0:
                    t = get_task(store, leader, task_id)
                    edit_task(
                        store, leader, task_id, t.version, description=f"{t.description}[{i}]"
                    )
                elif i % 3 == 1:
                    t = get_task(store, dept, task_id)
                    submit_report(store, dept, task_id, t.version, period="2026", text=f"{i}")
                else:
                    waiting = [
                        r for r in list_reports(store, leader, task_id) if r.status == "submitted"
                    ]
                    if not waiting:
                        raise TransitionError("nothing to review")
                    review_report(store, leader, waiting[0].id, waiting[0].version, accept=True)
                with lock:
                    done["writes"] += 1
                return
            except (StaleEditError, TransitionError):
                with lock:
                    done["refusals"] += 1
            except Exception:
                with lock:
                    done["errors"] += 1
                return

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for th in threads:
        th.start()
    barrier.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    return {
        "wall_s": wall,
        "writes": done["writes"],
        "refusals": done["refusals"],
        "errors": done["errors"],
        "writes_per_s": done["writes"] / wall,
    }


def main() -> None:
    """Run the benchmark and print medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--writers", type=int, default=50)
    ap.add_argument("--cycles", type=int, default=30)
    args = ap.parse_args()
    results: list[dict[str, Any]] = []
    dialect = ""
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
            store = open_store(url)
            try:
                if run and args.db:  # a PostgreSQL database is reused: start it empty again
                    with store.engine.begin() as conn:
                        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                store.migrate()
                dialect = store.dialect
                leader, dept, dept_id = _setup(store)
                row = {
                    "one": one_writer(store, leader, dept, dept_id, args.cycles),
                    "many": many_writers(store, leader, dept, dept_id, args.writers),
                }
                results.append(row)
            finally:
                store.close()
    med = {
        "dialect": dialect,
        "runs": args.runs,
        "one_writer_ms": {
            k: 1000 * statistics.median(r["one"][k] for r in results)
            for k in ("edit", "report", "review")
        },
        "many_writers": {
            k: statistics.median(r["many"][k] for r in results)
            for k in ("wall_s", "writes", "refusals", "errors", "writes_per_s")
        },
        "writers": args.writers,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(med, indent=2, ensure_ascii=False))
    json.dump(med, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
