"""How long building the demo store takes, on SQLite and PostgreSQL.

usage: python bench/demo_build.py [--backend sqlite|postgresql|both] [--runs 3]

Each run opens a fresh, migrated store (migration not timed) and times
:func:`luoshi.demo.build_demo` on it (every document read, extracted and stored, the
yearbook table imported), then a second call on the same store (which must change
nothing). PostgreSQL is a throw-away server (``store_scale.pg_server``). Prints the
medians and writes ``bench/out/demo_build.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from store_scale import pg_database, pg_server

from luoshi.demo import build_demo
from luoshi.store import open_store

OUT = Path(__file__).resolve().parent / "out" / "demo_build.json"


def _time_builds(url_of: Any, runs: int) -> dict[str, Any]:
    first: list[float] = []
    again: list[float] = []
    for _ in range(runs):
        store = open_store(url_of())
        try:
            store.migrate()
            t0 = time.perf_counter()
            summary = build_demo(store)
            t1 = time.perf_counter()
            repeat = build_demo(store)
            t2 = time.perf_counter()
        finally:
            store.close()
        if repeat.changed:
            sys.exit("the second build changed the store: build_demo is not idempotent")
        first.append(t1 - t0)
        again.append(t2 - t1)
    return {
        "build_s": round(statistics.median(first), 3),
        "rebuild_s": round(statistics.median(again), 3),
        "runs": runs,
        "documents": summary.documents_new,
        "targets": summary.targets,
        "observations": summary.observations + summary.table_observations,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    # one throw-away build first: imports, the indicator lexicons and jieba's cache warm up
    with tempfile.TemporaryDirectory() as tmp:
        warm = open_store(f"sqlite:///{Path(tmp) / 'warm.db'}")
        warm.migrate()
        build_demo(warm)
        warm.close()
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = _time_builds(
                lambda: f"sqlite:///{Path(tmp) / f'{uuid.uuid4().hex}.db'}", args.runs
            )
    if args.backend in ("postgresql", "both"):
        with pg_server() as (host, port):
            results["postgresql"] = _time_builds(
                lambda: pg_database(host, port, f"demo_{uuid.uuid4().hex[:12]}"), args.runs
            )
    for backend, r in results.items():
        print(
            f"{backend:11} build {r['build_s']:.2f} s, second build {r['rebuild_s']:.2f} s "
            f"(median of {r['runs']}; {r['documents']} documents, {r['targets']} targets, "
            f"{r['observations']} observations)"
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
