"""Batch extraction at scale: the local engine on 1 and 2 cores, Spark local[2], and load.

usage: python bench/batch_scale.py [--gb 1.0] [--sample-mb 50] [--spark-mb 0] [--load-mb 10]
                                   [--runs 3] [--workdir DIR] [--only local1,local2,spark,load]

Builds a corpus of at least ``--gb`` GB in a temp folder (never in the repository) by
repeating the real texts of ../shared/corpus (the three annotated documents and the
national government work reports), each copy lightly varied: a serial line on top and
its first decimal figure's last digit changed, so that every file is a distinct
document with its own content hash. Then measures:

1. ``luoshi batch extract --engine local`` (:class:`~luoshi.batch.local.LocalEngine`)
   with 1 process on a ``--sample-mb`` slice (median of ``--runs``), and with 2
   processes on the whole corpus (once);
2. ``luoshi batch extract`` on Spark ``local[2]`` on the whole corpus, or on a
   ``--spark-mb`` slice of it (once; the session start is timed separately);
3. ``luoshi load`` of a ``--load-mb`` result into SQLite and into a throw-away PostgreSQL
   (median of ``--runs``, each into an empty store): documents/s and rows/s, where rows
   are every stored document, statement, target, observation, framework and member.

Documents/s and MB/s count input bytes over wall time including writing the Parquet
result. ``--only`` runs some of the measurements; each figure is stored in
``bench/out/batch_scale.json`` with the time it was measured, beside the figures of
earlier runs it did not repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import real_texts
from store_scale import pg_database, pg_server

from luoshi.batch.base import BatchInput, BatchSummary
from luoshi.batch.local import LocalEngine
from luoshi.batch.result import iter_records
from luoshi.store import open_store
from luoshi.store.load import load_records

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "batch_scale.json"
_FIGURE = re.compile(rb"\d+\.(\d)")


def _vary(data: bytes, serial: int) -> bytes:
    """A light variation: a serial line on top, the first decimal's last digit changed."""
    m = _FIGURE.search(data)
    if m is not None:
        digit = str((int(m.group(1)) + serial) % 10).encode()
        data = data[: m.start(1)] + digit + data[m.end(1) :]
    return f"（第{serial}份）\n".encode() + data


def build(folder: Path, megabytes: float) -> list[Path]:
    """Write varied copies of the real texts into ``folder`` until they reach ``megabytes``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = real_texts()
    target, written, serial = int(megabytes * 2**20), 0, 0
    paths: list[Path] = []
    while written < target:
        for name, data in texts:
            sub = folder / f"{serial // 1000:04d}"  # a thousand files per folder
            sub.mkdir(exist_ok=True)
            p = sub / f"{serial:07d}-{name}"
            p.write_bytes(_vary(data, serial))
            paths.append(p)
            written += p.stat().st_size
            serial += 1
            if written >= target:
                break
    return paths


def _slice(paths: list[Path], folder: Path, megabytes: float, *, county: bool = False) -> int:
    """Link the first files of ``paths`` reaching ``megabytes`` into ``folder``; their bytes.

    ``county``: only copies of the three county and city documents, not the national reports.
    """
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for p in paths:
        if county and "gwr-" in p.name:
            continue
        if total >= megabytes * 2**20:
            break
        os.link(p, folder / p.name)
        total += p.stat().st_size
    return total


def _rate(summary: BatchSummary, seconds: float) -> dict[str, Any]:
    docs = summary.documents + summary.failures
    return {
        "documents": docs,
        "failures": summary.failures,
        "statements": summary.statements,
        "megabytes": round(summary.input_bytes / 2**20, 1),
        "seconds": round(seconds, 1),
        "documents_per_s": round(docs / seconds, 1),
        "mb_per_s": round(summary.input_bytes / 2**20 / seconds, 3),
    }


def _timed(run: Callable[[], BatchSummary]) -> dict[str, Any]:
    start = time.perf_counter()
    summary = run()
    return _rate(summary, time.perf_counter() - start)


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**best, "runs_seconds": [r["seconds"] for r in runs]}


def _local(folder: Path, work: Path, jobs: int, runs: int) -> dict[str, Any]:
    results = []
    for i in range(runs):
        out = work / f"local-{jobs}-{i}"
        engine = LocalEngine(jobs)
        results.append(_timed(lambda e=engine, o=out: e.extract(BatchInput(str(folder)), str(o))))
        shutil.rmtree(out, ignore_errors=True)
        print(f"  local, {jobs} process(es), run {i + 1}: {results[-1]}", flush=True)
    return _median(results)


def _spark(folder: Path, out: Path) -> dict[str, Any]:
    from luoshi.batch.spark import SparkEngine, spark_session

    start = time.perf_counter()
    session = spark_session("local[2]")
    started = time.perf_counter() - start
    try:
        result = _timed(lambda: SparkEngine(session).extract(BatchInput(str(folder)), str(out)))
    finally:
        session.stop()
    return {**result, "session_start_seconds": round(started, 1)}


def _rows(url: str) -> int:
    from luoshi.store.repository import table_counts

    store = open_store(url)
    try:
        with store.session() as session:
            counts = table_counts(session)
    finally:
        store.close()
    tables = ("document", "statement", "target", "observation", "framework", "framework_member")
    return sum(counts[t] for t in tables)


def _load(result: Path, url_for: Callable[[int], str], runs: int, label: str) -> dict[str, Any]:
    results = []
    for i in range(runs):
        url = url_for(i)
        store = open_store(url)
        store.migrate()
        start = time.perf_counter()
        summary = load_records(store, iter_records(result))
        seconds = time.perf_counter() - start
        store.close()
        rows = _rows(url)
        results.append(
            {
                "documents": summary.documents_new,
                "rows": rows,
                "seconds": round(seconds, 1),
                "documents_per_s": round(summary.documents_new / seconds, 1),
                "rows_per_s": round(rows / seconds),
            }
        )
        print(f"  load into {label}, run {i + 1}: {results[-1]}", flush=True)
    return _median(results)


def main() -> None:
    """Build the corpus, run the measurements asked for, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--sample-mb", type=float, default=50.0)
    ap.add_argument("--spark-mb", type=float, default=0.0, help="0: the whole corpus")
    ap.add_argument("--load-mb", type=float, default=10.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--only", default="local1,local2,spark,load")
    args = ap.parse_args()
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="luoshi-batch-", dir=args.workdir))
    figures: dict[str, Any] = json.loads(OUT.read_text("utf-8")) if OUT.exists() else {}
    figures["cores"] = os.cpu_count()

    def note(key: str, value: dict[str, Any]) -> None:
        figures[key] = {**value, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
        print(f"{key}: {figures[key]}", flush=True)

    try:
        t = time.perf_counter()
        paths = build(work / "corpus", args.gb * 1024)
        size = sum(p.stat().st_size for p in paths)
        figures["corpus"] = {"files": len(paths), "megabytes": round(size / 2**20, 1)}
        print(f"corpus: {figures['corpus']} in {time.perf_counter() - t:.0f} s", flush=True)
        if "local1" in only:
            _slice(paths, work / "sample", args.sample_mb)
            note("local_1", _local(work / "sample", work, 1, args.runs))
        if "local2" in only:
            note("local_2", _local(work / "corpus", work, 2, 1))
        if "spark" in only:
            folder = work / "corpus"
            if args.spark_mb:
                folder = work / "spark-in"
                _slice(paths, folder, args.spark_mb)
            note("spark_local_2", _spark(folder, work / "spark-out"))
            shutil.rmtree(work / "spark-out", ignore_errors=True)
        if "load" in only:
            load_in = work / "load-in"
            # county documents only: the full-text index refuses some national reports'
            # passages on PostgreSQL (an empty word list), which would stop that load
            _slice(paths, load_in, args.load_mb, county=True)
            result = work / "load-result"
            LocalEngine(2).extract(BatchInput(str(load_in)), str(result))
            note("load_sqlite", _load(
                result, lambda i: f"sqlite:///{work / f'load-{i}.db'}", args.runs, "SQLite"
            ))  # fmt: skip
            with pg_server() as (host, port):

                def pg_url(i: int) -> str:
                    return pg_database(host, port, f"load_{i}")

                note("load_postgresql", _load(result, pg_url, args.runs, "PostgreSQL"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
