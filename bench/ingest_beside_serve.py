"""A CLI ingest into the SQLite store a live server reads: do the server's clients notice?

usage: python bench/ingest_beside_serve.py [--clients 30] [--duration 60] [--docs 40]
                                           [--scale 1] [--workers 2] [--jobs N] [--runs 3]
                                           [--timeout 10]

Each run, on a fresh SQLite store:

1. build: the store is migrated and given the bundled sample and the three annotated
   documents of ../shared/corpus/docs (so that every page has data);
2. serve: ``luoshi serve --workers`` on a free 127.0.0.1 port;
3. baseline: ``--clients`` threads, each with its own HTTP client, request pages one after
   another without pause for ``--duration`` seconds: in turn at random the overview page,
   the list of documents, the targets API, a target's page and a search page;
4. beside an ingest: the same clients again, while ``luoshi ingest --jobs`` stores the
   first ``--docs`` national government work reports of ../shared/corpus/national-gwr
   (2.5 MB of text at 40; ``--scale N`` makes each document N copies of its report) into
   the same store; they run until the ingest ends, and for ``--duration`` seconds at least.
   The figures of this phase are of the requests sent while the ingest ran, and its
   ``seconds`` are the ingest's.

A request that takes longer than ``--timeout`` seconds counts as a time-out; any answer
but a 200 counts as an error (with its status). Latencies are of every request completed
in the phase. Prints, per phase, the median over ``--runs`` of the requests completed,
requests per second, the 50th, 95th and 99th percentile latency, time-outs and errors, and
the ingest's seconds; writes ``bench/out/ingest_beside_serve.json``. The clients run on
the same machine as the server and the ingest and take part of its cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from _corpus import SHARED

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "ingest_beside_serve.json"
SAMPLE = HERE.parent / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _luoshi(*args: str) -> list[str]:
    return [sys.executable, "-c", "from luoshi.cli import main; main()", *args]


def build(folder: Path) -> str:
    """A migrated store with the sample and the annotated documents; its URL."""
    url = f"sqlite:///{folder / 'plan.db'}"
    warm = folder / "warm"
    warm.mkdir()
    for p in [SAMPLE, *sorted((SHARED / "docs").glob("*.txt"))]:
        shutil.copy(p, warm / p.name)
    subprocess.run(_luoshi("ingest", "--db", url, str(warm)), check=True, capture_output=True)
    return url


def serve(url: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``luoshi serve`` over ``url``; the process and its base URL once it answers."""
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _luoshi("serve", "--db", url, "--port", str(port), "--workers", str(workers)),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers with it: see stop()
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/api/overview", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            sys.exit(f"the server did not start:\n{log.read_text()}")
        time.sleep(0.3)


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the server and its workers (one process group): politely, then not."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


def pages(base: str) -> list[str]:
    """The pages clients ask for: the overview, documents, targets, a target, a search."""
    targets = httpx.get(f"{base}/api/targets", params={"limit": 200}, timeout=30).json()
    ids = [t["id"] for t in targets] or [1]
    return [
        "/",
        "/documents",
        "/api/targets?limit=100",
        *(f"/targets/{i}" for i in random.sample(ids, min(20, len(ids)))),
        "/search?q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC",  # 地区生产总值
        "/search?q=%E7%B2%AE%E9%A3%9F",  # 粮食
    ]


class Load:
    """``clients`` threads requesting ``urls`` without pause until stopped."""

    def __init__(self, base: str, urls: list[str], clients: int, timeout: float) -> None:
        self.base, self.urls, self.timeout = base, urls, timeout
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[tuple[float, float]] = []  # (sent at, seconds taken)
        self.timeouts: list[float] = []  # sent at
        self.errors: Counter[str] = Counter()
        self.threads = [threading.Thread(target=self._client) for _ in range(clients)]

    def _client(self) -> None:
        rng = random.Random()
        with httpx.Client(base_url=self.base, timeout=self.timeout) as client:
            while not self.stop.is_set():
                url = rng.choice(self.urls)
                started = time.perf_counter()
                try:
                    status = client.get(url).status_code
                except httpx.TimeoutException:
                    with self.lock:
                        self.timeouts.append(started)
                    continue
                except httpx.HTTPError as exc:
                    with self.lock:
                        self.errors[type(exc).__name__] += 1
                    continue
                took = time.perf_counter() - started
                with self.lock:
                    self.latencies.append((started, took))
                    if status != 200:
                        self.errors[str(status)] += 1

    def run(self, seconds: float, until: subprocess.Popen[bytes] | None = None) -> dict[str, Any]:
        """Load for ``seconds``, and until ``until`` ends when given; the figures, of the
        requests sent before ``until`` ended when given."""
        started = time.perf_counter()
        ended: float | None = None
        for t in self.threads:
            t.start()
        while time.perf_counter() - started < seconds or ended is None:
            if ended is None and (until is None or until.poll() is not None):
                ended = time.perf_counter()
            time.sleep(0.1)
        self.stop.set()
        for t in self.threads:
            t.join()
        window = ended - started if until is not None else time.perf_counter() - started
        limit = started + window
        lat = sorted(took for sent, took in self.latencies if sent < limit)
        elapsed = window

        def pct(q: float) -> float:
            return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

        return {
            "seconds": round(elapsed, 1),
            "requests": len(lat),
            "per_second": round(len(lat) / elapsed, 1),
            "p50": round(pct(0.50), 3),
            "p95": round(pct(0.95), 3),
            "p99": round(pct(0.99), 3),
            "max": round(lat[-1], 3) if lat else None,
            "timeouts": sum(1 for sent in self.timeouts if sent < limit),
            "errors": dict(self.errors),
        }


def one_run(args: argparse.Namespace, reports: list[Path], index: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="luoshi-beside-"))
    OUT.parent.mkdir(exist_ok=True)
    try:
        url = build(folder)
        incoming = folder / "incoming"
        incoming.mkdir()
        for p in reports[: args.docs]:
            # --scale copies of the report in one file: a longer document of the same text
            (incoming / p.name).write_bytes(b"\n".join([p.read_bytes()] * args.scale))
        server, base = serve(url, args.workers, folder / "serve.log")
        try:
            urls = pages(base)
            baseline = Load(base, urls, args.clients, args.timeout).run(args.duration)
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            ingest = subprocess.Popen(
                _luoshi("ingest", "--db", url, *jobs, str(incoming)),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            beside = Load(base, urls, args.clients, args.timeout).run(args.duration, ingest)
            output = ingest.communicate()[0].decode(errors="replace").strip()
            beside["ingest_exit"] = ingest.returncode
            beside["ingest_output"] = output.splitlines()[-1] if output else ""
        finally:
            stop(server)
            shutil.copy(folder / "serve.log", OUT.with_suffix(f".serve-{index + 1}.log"))
        print(f"run {index + 1}: baseline {baseline}\n       beside   {beside}", flush=True)
        return {"baseline": baseline, "beside_ingest": beside}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def median(runs: list[dict[str, Any]], phase: str) -> dict[str, Any]:
    keys = ["requests", "per_second", "p50", "p95", "p99", "timeouts", "seconds"]
    out = {k: statistics.median(r[phase][k] for r in runs) for k in keys}
    out["errors"] = [r[phase]["errors"] for r in runs]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=0, help="ingest processes (0: all cores)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--scale", type=int, default=1, help="copies of a report per document")
    args = parser.parse_args()
    reports = sorted((SHARED / "national-gwr").glob("*.txt"))
    if len(reports) < args.docs:
        sys.exit(f"{SHARED / 'national-gwr'} holds {len(reports)} reports, not {args.docs}")
    runs = [one_run(args, reports, i) for i in range(args.runs)]
    result: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()},
        "settings": vars(args),
        "median": {phase: median(runs, phase) for phase in ("baseline", "beside_ingest")},
        "runs": runs,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for phase, figures in result["median"].items():
        print(f"{phase:>14}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
