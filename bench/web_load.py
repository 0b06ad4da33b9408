"""The dashboard under load: 50 concurrent clients on the synthetic large store.

usage: python bench/web_load.py [--regions 3000] [--years 15] [--targets-per-region 50]
                                [--users 50] [--think 5 1 0] [--duration 60] [--workers 2]
                                [--db FILE] [--keep]

1. build: the synthetic store of ``bench/store_scale.py`` (its own loader, run as a child:
   ``--regions`` regions × 60 indicators × ``--years`` years of observations and
   ``--targets-per-region`` targets a region, 150,000 by default) in an SQLite file; each
   plan document is given the text of its statements and indexed for search, so that the
   search page has 150,000 passages to look through. ``--db FILE`` reuses a store built
   before (``--keep`` keeps the one built now).
2. serve: ``luoshi serve --workers`` on a free 127.0.0.1 port.
3. load: Locust (its FastHttpUser, to leave the server as much CPU as it can), headless,
   ``--users`` clients started at once, each requesting in turn (at random) a region page,
   a target page, a compare page of ten regions and a search page, waiting ``--think``
   seconds (uniformly 0.5× to 1.5×) between requests; 0 means no wait, the server's
   saturation throughput. Ten seconds of warm-up are not counted.

Before the first load, one client requests each page 60 times in turn (the latency with
no other load; search pages beyond the first, so none comes from the results cache), the
supervision pages too: the first screen, the target list across regions (filtered, sorted
and paged at random), the region list, the indicator list and an indicator's page. The
server judges the targets as of ``--as-of`` (2025 by default: the synthetic plans run to
2025, so every verdict is a progress measure and the off-track lists are full); the
kept verdicts are brought up to date first, and the time that takes is reported.
Prints requests/s and the 50th/95th/99th percentile latency of each page, and writes
``bench/out/web_load.json``. The load generator runs on the same machine as the server
and takes part of its two cores; the figures include that contention.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "web_load.json"
PAGES = ("region", "target", "compare", "search")

# -- the Locust user (this file is also the locustfile) ---------------------------------

_REGIONS = int(os.environ.get("LUOSHI_BENCH_REGIONS", "3000"))
_TARGETS = int(os.environ.get("LUOSHI_BENCH_TARGETS", "150000"))
_THINK = float(os.environ.get("LUOSHI_BENCH_THINK", "1.0"))
_WORDS = os.environ.get("LUOSHI_BENCH_WORDS", "地区生产总值").split(",")

if __name__ != "__main__":
    # Only Locust's own process imports locust: it patches the standard library (gevent),
    # which the orchestrating process must not have.
    from locust import FastHttpUser, between, constant, task

    class DashboardUser(FastHttpUser):
        """A planner clicking through regions, targets, comparisons and search."""

        wait_time = between(_THINK * 0.5, _THINK * 1.5) if _THINK > 0 else constant(0)

        def _region(self) -> str:
            return f"Z{random.randrange(_REGIONS):05d}"

        @task
        def region(self) -> None:
            self.client.get(f"/regions/{self._region()}", name="region")

        @task
        def target(self) -> None:
            self.client.get(f"/targets/{random.randint(1, _TARGETS)}", name="target")

        @task
        def compare(self) -> None:
            query = "&".join(f"region={self._region()}" for _ in range(10))
            self.client.get(f"/compare?{query}", name="compare")

        @task
        def search(self) -> None:
            word = quote(random.choice(_WORDS))
            self.client.get(f"/search?q={word}", name="search")


# -- building, serving, loading ----------------------------------------------------------


def build(args: argparse.Namespace, path: Path) -> dict[str, Any]:
    """The synthetic store (store_scale's loader) with searchable plan texts."""
    url = f"sqlite:///{path}"
    started = time.perf_counter()
    cmd = [sys.executable, str(HERE / "store_scale.py"), "--phase", "load", "--url", url,
           "--regions", str(args.regions), "--years", str(args.years),
           "--targets-per-region", str(args.targets_per_region)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"building the store failed:\n{done.stdout}{done.stderr}")
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    from sqlalchemy import select

    from luoshi.store import models, open_store
    from luoshi.store.search import index_document

    store = open_store(url)
    t0 = time.perf_counter()
    with store.session() as session:
        sentences: dict[int, list[str]] = {}
        for doc_id, sentence in session.execute(
            select(models.Statement.document_id, models.Statement.sentence).order_by(
                models.Statement.id
            )
        ):
            sentences.setdefault(doc_id, []).append(sentence + "。")
        for doc in session.scalars(select(models.Document)):
            doc.text = "\n".join(sentences.get(doc.id, []))
            index_document(session, doc)
    indexed = time.perf_counter() - t0
    store.close()
    return {
        "rows": loaded["rows_total"],
        "build_s": round(time.perf_counter() - started, 1),
        "index_s": round(indexed, 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _words(path: Path) -> list[str]:
    """Search words: the names of the indicators the synthetic plans use."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT DISTINCT indicator FROM statement LIMIT 60")]
    return names or ["地区生产总值"]


def load(args: argparse.Namespace, db: Path, think: float) -> dict[str, Any]:
    """Serve ``db`` and run Locust against it; the stats of each page."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-c", "from luoshi.cli import main; main()", "serve",
         "--db", f"sqlite:///{db}", "--port", str(port), "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "LUOSHI_AS_OF_YEAR": str(args.as_of)},
    )  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="luoshi-load-"))
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/regions/Z00000", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("the server did not start")
            time.sleep(0.5)
        judged = _wait_for_verdicts(base, started)
        single = _one_client(base, args) if think == args.think[0] else None
        if args.one_client_only:
            return {"one_client": single, "verdicts_ready_s": judged}
        env = {
            **os.environ,
            "LUOSHI_BENCH_REGIONS": str(args.regions),
            "LUOSHI_BENCH_TARGETS": str(args.regions * args.targets_per_region),
            "LUOSHI_BENCH_THINK": str(think),
            "LUOSHI_BENCH_WORDS": ",".join(_words(db)),
        }
        for phase, seconds in (("warmup", 10), ("run", args.duration)):
            cmd = [sys.executable, "-m", "locust", "-f", __file__, "--headless",
                   "--users", str(args.users), "--spawn-rate", str(args.users),
                   "--run-time", f"{seconds}s", "--host", base, "--csv", str(work / phase),
                   "--only-summary", "--loglevel", "ERROR"]  # fmt: skip
            subprocess.run(cmd, env=env, capture_output=True, check=False)
        stats = _read_stats(work / "run_stats.csv")
        stats["verdicts_ready_s"] = judged
        if single is not None:
            stats["one_client"] = single
        return stats
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


def _wait_for_verdicts(base: str, started: float, limit: float = 1800) -> float:
    """Seconds from the server's start until its kept verdicts are up to date (it judges
    them in the background on a first start, a new year or new rules)."""
    while time.monotonic() - started < limit:
        try:
            if httpx.get(f"{base}/api/overview", timeout=60).json().get("verdicts_fresh"):
                return round(time.monotonic() - started, 1)
        except httpx.HTTPError:
            pass
        time.sleep(2)
    sys.exit("the kept verdicts were not brought up to date")


def _indicators(path: Path) -> list[str]:
    """The canonical indicators the synthetic targets use."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT DISTINCT indicator_id FROM target LIMIT 60")]


def _one_client(base: str, args: argparse.Namespace, n: int = 60) -> dict[str, Any]:
    """Latency with no other load: one client, ``n`` requests a page, one after another
    (search on pages of results no earlier request asked for, so nothing comes from the
    cache)."""
    words = _words(Path(args.db_path))
    pick = random.Random(7)

    def region() -> str:
        return f"Z{pick.randrange(args.regions):05d}"

    indicators = _indicators(Path(args.db_path)) or ["gdp"]
    statuses = ("off_track", "missed", "needs_acceleration", "on_track", "insufficient_data")

    def target_list() -> str:
        return pick.choice(
            [
                "/targets",
                f"/targets?status={pick.choice(statuses)}&sort=gap",
                f"/targets?region={region()}",
                f"/targets?sort=deadline&page={pick.randint(1, 1000)}",
                f"/targets?indicator={pick.choice(indicators)}&sort=region",
                f"/targets?status=off_track&year=2025&page={pick.randint(1, 20)}",
            ]
        )

    urls = {
        "region": lambda: f"/regions/{region()}",
        "target": lambda: f"/targets/{pick.randint(1, args.regions * args.targets_per_region)}",
        "compare": lambda: "/compare?" + "&".join(f"region={region()}" for _ in range(10)),
        "search": lambda: f"/search?q={quote(pick.choice(words))}&page={pick.randint(2, 100)}",
        "first_screen": lambda: "/",
        "target_list": target_list,
        "region_list": lambda: pick.choice(
            [f"/regions?page={pick.randint(1, 60)}", "/regions?sort=behind"]
        ),
        "indicator_list": lambda: "/indicators",
        "indicator": lambda: f"/indicators/{pick.choice(indicators)}?page={pick.randint(1, 3)}",
    }
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, url in urls.items():
            times = []
            for _ in range(n):
                t0 = time.perf_counter()
                client.get(url()).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            out[name] = {
                "p50_ms": round(times[n // 2], 1),
                "p95_ms": round(times[int(n * 0.95)], 1),
            }
    return out


def _read_stats(path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Name"] in PAGES else row["Name"].lower()
            out[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--targets-per-region", type=int, default=50)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, nargs="+", default=[5.0, 1.0, 0.0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, help="reuse a store built by this script")
    parser.add_argument("--keep", type=Path, help="keep the built store at this path")
    parser.add_argument("--build-only", action="store_true", help="build (with --keep), no load")
    parser.add_argument("--as-of", type=int, default=2025, help="the year the server judges in")
    parser.add_argument(
        "--one-client-only", action="store_true", help="only the one-client latencies, no load"
    )
    args = parser.parse_args()
    report: dict[str, Any] = {
        "regions": args.regions,
        "targets": args.regions * args.targets_per_region,
        "users": args.users,
        "duration_s": args.duration,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    tmp = Path(tempfile.mkdtemp(prefix="luoshi-webload-"))
    try:
        db = args.db
        args.db_path = db
        if db is None:
            db = args.keep or tmp / "scale.db"
            print(f"building {db} …", file=sys.stderr, flush=True)
            report["build"] = build(args, db)
            args.db_path = db
            if args.build_only:
                print(json.dumps(report["build"]))
                return
        report["runs"] = []
        for think in args.think[:1] if args.one_client_only else args.think:
            print(f"load: {args.users} users, think {think} s …", file=sys.stderr, flush=True)
            report["runs"].append({"think_s": think, "pages": load(args, db, think)})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for run in report["runs"]:
        if "one_client" in run["pages"]:
            run["one_client"] = run["pages"].pop("one_client")
        run["verdicts_ready_s"] = run["pages"].pop("verdicts_ready_s", None)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"{report['regions']} regions, {report['targets']} targets; {args.users} clients, "
          f"{args.workers} workers, {args.duration} s")  # fmt: skip
    print(f"{'think s':>8} {'page':>10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'fail':>6}")  # fmt: skip
    for run in report["runs"]:
        for name, s in run["pages"].items():
            print(f"{run['think_s']:>8} {name:>10} {s['rps']:>8} {s['p50_ms']:>8} "
                  f"{s['p95_ms']:>8} {s['p99_ms']:>8} {s['failures']:>6}")  # fmt: skip
    for run in report["runs"]:
        print(f"kept verdicts up to date {run['verdicts_ready_s']} s after the server started")
        for name, v in (run.get("one_client") or {}).items():
            print(f"one client at a time: {name} p50 {v['p50_ms']} ms, p95 {v['p95_ms']} ms")
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
