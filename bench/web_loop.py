"""Closed-loop pages and API: how long a logged-in user waits for each, over the demo.

usage: python bench/web_loop.py [--requests 50]

Builds the demo store (SQLite, temporary), serves the app in-process (Starlette's test
client: no network, so the figures are the application's own time, session check and CSRF
check included), logs in as the demo's leader and department, and times ``--requests``
requests of each kind: the login itself (Argon2id at its default cost, on purpose slow),
the task list page and API, a task's page, the audit page, and a report submitted by the
department and returned by the leader (each a write transaction with its audit entries).
Prints medians and 95th percentiles in ms and writes bench/out/web_loop.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from luoshi.demo import build_demo
from luoshi.demo.loop import DEMO_ACCOUNTS
from luoshi.store import open_store
from luoshi.web import WebSettings, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OUT = Path(__file__).resolve().parent / "out" / "web_loop.json"
PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


def _login(client: TestClient, user: str) -> None:
    r = client.post("/api/login", json={"username": user, "password": PASSWORDS[user]})
    r.raise_for_status()
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]


def _time(n: int, call: Callable[[], Any]) -> dict[str, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    n = parser.parse_args().requests
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.db'}")
        store.migrate()
        build_demo(store)
        with TestClient(create_app(WebSettings(demo=True), store=store)) as leader:
            dept = TestClient(leader.app)
            _login(leader, "leader")
            _login(dept, "dev")
            tasks = leader.get("/api/loop/tasks").json()
            task_id = tasks[0]["id"]

            def check(response: Any) -> None:
                assert response.status_code < 400, response.text

            results["login (Argon2id)"] = _time(
                min(n, 20),
                lambda: check(
                    TestClient(leader.app).post(
                        "/api/login",
                        json={"username": "viewer", "password": PASSWORDS["viewer"]},
                    )
                ),
            )
            results["GET /loop (task list page)"] = _time(n, lambda: check(leader.get("/loop")))
            results["GET /api/loop/tasks"] = _time(n, lambda: check(leader.get("/api/loop/tasks")))
            results["GET /loop/tasks/{id}"] = _time(
                n, lambda: check(leader.get(f"/loop/tasks/{task_id}"))
            )
            results["GET /loop/audit"] = _time(n, lambda: check(leader.get("/loop/audit")))

            # a report and its return, again and again on one task of the department's
            t = leader.post(
                "/api/loop/tasks",
                json={
                    "title": "基准测试任务",
                    "deadline": "2099-12-31",
                    "owner_department_id": dept.get("/api/me").json()["department_id"],
                },
            ).json()
            leader.post(f"/api/loop/tasks/{t['id']}/assign", json={"version": t["version"]})
            submit, review = [], []
            for _ in range(n):
                version = dept.get(f"/api/loop/tasks/{t['id']}").json()["task"]["version"]
                start = time.perf_counter()
                r = dept.post(
                    f"/api/loop/tasks/{t['id']}/reports",
                    data={"version": str(version), "period": "2026", "text": "进展"},
                    files=[("attachments", ("进度.txt", "本月进度".encode(), "text/plain"))],
                )
                submit.append((time.perf_counter() - start) * 1000)
                check(r)
                start = time.perf_counter()
                check(
                    leader.post(
                        f"/api/loop/reports/{r.json()['id']}/review",
                        json={"version": r.json()["version"], "accept": False, "comment": "补充"},
                    )
                )
                review.append((time.perf_counter() - start) * 1000)
            for name, times in (("POST report (1 attachment)", submit), ("POST review", review)):
                times.sort()
                results[name] = {
                    "median_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
                }
            dept.close()
        store.close()
    width = max(len(k) for k in results)
    print(f"{'request':<{width}}  median ms  p95 ms")
    for name, r in results.items():
        print(f"{name:<{width}}  {r['median_ms']:>9}  {r['p95_ms']:>6}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"requests": n, "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
