"""The plan store at province-to-nation scale, on SQLite and PostgreSQL.

usage: python bench/store_scale.py [--regions 3000] [--years 15] [--targets-per-region 50]
                                   [--backend sqlite|postgresql|both] [--runs 3] [--docs 60]

For each backend, a synthetic store: ``--regions`` user-defined regions × 60 canonical
indicators × ``--years`` years of observations (2.7 million rows by default) and one plan
per region with ``--targets-per-region`` targets (150,000), each with its statement. Then:

1. load: bulk inserts in one transaction (SQLAlchemy Core ``insert()`` executemany on
   SQLite; ``COPY`` through psycopg on PostgreSQL), then ``ANALYZE``; rows per second.
2. assess: :func:`luoshi.track.bulk.assess_all`, every target's verdict (the counts of the
   overview).
3. ledger: :func:`luoshi.track.ledger.ledger` for one region (50 targets), for one
   indicator and year across every region (``gdp``, 2025), and the view across regions
   (:func:`luoshi.track.ledger.cross_region`), each with the sentences behind the results.
4. index: ``region_matrix`` + ``composite_index`` + ``rank_stability`` over all regions.
5. ingest: ``ingest_paths`` over ``--docs`` copies of the three real documents (each
   with its own trailing comment line, so each is a new document) into a fresh store,
   after one warm-up document; documents per second.

Load, measure and ingest each run in a fresh process, so that the peak memory (max RSS)
of the assess and index steps is theirs and not the loader's. PostgreSQL is a
throw-away server in a temp folder (run as the postgres user when we are root), stopped
at the end; its own memory is not in these figures. Timed steps are the median of
``--runs`` runs. Prints a table and writes ``bench/out/store_scale.json``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "store_scale.json"
DOCS = HERE.parents[1] / "shared" / "corpus" / "docs"
FIRST_YEAR = 2008
DOC_DATE = "2021-03-01"  # base year 2020
DEADLINE = 2025
AS_OF = 2024  # the plans still run: verdicts are progress measures, the costlier kind
CHUNK_REGIONS = 100


# -- PostgreSQL: a throw-away server (as tests/store/conftest.py starts one) ---------------


def _pg_bindir() -> Path:
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()]
    if not found:
        sys.exit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


@contextmanager
def pg_server() -> Iterator[tuple[str, int]]:
    """Start PostgreSQL in a temp folder; yield (host, port); stop and delete it."""
    bindir, base = _pg_bindir(), Path(tempfile.mkdtemp(prefix="luoshi-bench-pg-"))
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(base, "postgres", "postgres")

    def run(*args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args] if as_root else list(args)
        subprocess.run(cmd, check=True, capture_output=True)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    data = base / "data"
    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--no-sync")  # fmt: skip
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o", options,
        "start")  # fmt: skip
    try:
        yield "127.0.0.1", port
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def pg_database(host: str, port: int, name: str) -> str:
    import psycopg

    with psycopg.connect(host=host, port=port, user="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@{host}:{port}/{name}"


# -- the synthetic store ---------------------------------------------------------------


def _columns(table: Any) -> list[str]:
    return [c.name for c in table.columns]


def generate(args: argparse.Namespace, lo: int, hi: int) -> dict[str, list[tuple[Any, ...]]]:
    """Rows (in table column order) for regions lo..hi-1, deterministic per region."""
    from luoshi.extract.components.indicator import vocabulary

    inds = vocabulary()[:60]
    now = datetime.now(UTC)
    years = np.arange(FIRST_YEAR, FIRST_YEAR + args.years)
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in
            ("region", "document", "statement", "target", "observation")}  # fmt: skip
    per = args.targets_per_region
    measures = np.array(["level", "growth", "share", "change", "rank"])
    for r in range(lo, hi):
        rng = np.random.default_rng(r)
        code = f"Z{r:05d}"
        rows["region"].append((code, f"区域{r}", "zone", None, False))
        rows["document"].append(
            (r + 1, f"{r:064x}", f"plan-{code}.txt", None, f"{code}规划", DOC_DATE, None,
             None, code, "text", "utf-8", "", "", [], [], now)
        )  # fmt: skip
        start = rng.uniform(10, 1000, len(inds))
        growth = rng.uniform(-0.03, 0.10, len(inds))
        noise = rng.normal(1, 0.01, (len(inds), len(years)))
        values = start[:, None] * (1 + growth[:, None]) ** (years - FIRST_YEAR) * noise
        imported = rng.random((len(inds), len(years))) < 0.9
        oid = r * len(inds) * len(years)
        for j, ind in enumerate(inds):
            for k, year in enumerate(years.tolist()):
                oid += 1
                rows["observation"].append(
                    (oid, code, ind.id, ind.name, year, float(values[j, k]), None, None,
                     ind.unit, "level", "import" if imported[j, k] else "document",
                     None, None, False, 1 if imported[j, k] else 0, None)
                )  # fmt: skip
        picks = rng.choice(len(inds), per, replace=per > len(inds))
        kinds = rng.choice(measures, per, p=[0.7, 0.15, 0.08, 0.05, 0.02])
        base_k = min(max(2020 - FIRST_YEAR, 0), len(years) - 1)
        for n, (j, measure) in enumerate(zip(picks.tolist(), kinds.tolist(), strict=True)):
            ind = inds[j]
            tid = r * per + n + 1
            base = float(values[j, base_k])
            if measure == "growth":
                value, unit = float(rng.uniform(3, 9)), "%"
            elif measure == "change":
                value, unit = base * float(rng.uniform(0.05, 0.3)), ind.unit
            else:
                value, unit = base * float(rng.uniform(0.8, 1.6)), ind.unit
            comparator = str(rng.choice(["ge", "approx"] if ind.direction == "higher" else ["le"]))
            stored = rng.random() < 0.3
            rows["statement"].append(
                (tid, r + 1, f"{ind.name}{value:.1f}", f"到{DEADLINE}年，{ind.name}达到{value:.1f}",
                 value, unit, value, unit, value, ind.name, ind.id,
                 "target", measure, comparator, DEADLINE, n * 40, n * 40 + 10, n * 40,
                 n * 40 + 10, n * 40, "number", 1, code, 0.9, {})
            )  # fmt: skip
            rows["target"].append(
                (tid, code, ind.id, ind.name, value, None, None, unit, unit, comparator,
                 measure, DEADLINE, base if stored else None, 2020 if stored else None, tid)
            )  # fmt: skip
    return rows


def phase_load(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import JSON, insert, text

    from luoshi.store import models, open_store

    store = open_store(args.url)
    store.migrate()
    tables = {
        "region": models.Region.__table__,
        "document": models.Document.__table__,
        "statement": models.Statement.__table__,
        "target": models.Target.__table__,
        "observation": models.Observation.__table__,
    }
    counts = dict.fromkeys(tables, 0)
    started = time.perf_counter()
    generating = 0.0
    if store.dialect == "postgresql":
        raw = store.engine.raw_connection()
        conn = raw.driver_connection
        with conn.cursor() as cur:  # type: ignore[union-attr]
            for lo in range(0, args.regions, CHUNK_REGIONS):
                t0 = time.perf_counter()
                rows = generate(args, lo, min(lo + CHUNK_REGIONS, args.regions))
                generating += time.perf_counter() - t0
                for name, table in tables.items():
                    cols = ", ".join(f'"{c}"' for c in _columns(table))
                    # COPY takes JSON as text; None stays NULL
                    js = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
                    with cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
                        for row in rows[name]:
                            if js:
                                row = tuple(json.dumps(v) if i in js and v is not None else v
                                            for i, v in enumerate(row))  # fmt: skip
                            copy.write_row(row)
                    counts[name] += len(rows[name])
        conn.commit()  # type: ignore[union-attr]
        loaded = time.perf_counter() - started
        conn.autocommit = True  # type: ignore[union-attr]
        conn.execute("VACUUM ANALYZE")  # type: ignore[union-attr]
        raw.close()
    else:
        with store.engine.begin() as conn:
            for lo in range(0, args.regions, CHUNK_REGIONS):
                t0 = time.perf_counter()
                rows = generate(args, lo, min(lo + CHUNK_REGIONS, args.regions))
                generating += time.perf_counter() - t0
                for name, table in tables.items():
                    cols = _columns(table)
                    if rows[name]:
                        conn.execute(insert(table), [dict(zip(cols, r, strict=True))
                                                     for r in rows[name]])  # fmt: skip
                    counts[name] += len(rows[name])
        loaded = time.perf_counter() - started
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    analysed = time.perf_counter() - started - loaded
    store.close()
    total = sum(counts.values())
    return {
        "rows": counts,
        "rows_total": total,
        "load_s": round(loaded, 2),
        "generate_s": round(generating, 2),
        "analyze_s": round(analysed, 2),
        "load_rows_per_s": round(total / loaded),
        "load_peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _median(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), [round(t, 3) for t in times]


def phase_measure(args: argparse.Namespace) -> dict[str, Any]:
    from luoshi.store import open_store
    from luoshi.track import composite_index, rank_stability
    from luoshi.track.bulk import assess_all
    from luoshi.track.ledger import cross_region, ledger
    from luoshi.track.status import region_matrix

    store = open_store(args.url)
    found: dict[str, Any] = {}

    def assess() -> None:
        with store.session() as s:
            bulk = assess_all(s, as_of=AS_OF)
        found["targets"], found["counts"] = int(bulk.target_ids.size), bulk.counts

    middle = f"Z{args.regions // 2:05d}"

    def ledger_region() -> None:
        with store.session() as s:
            found["ledger_region_rows"] = len(ledger(s, region=middle, as_of=AS_OF))

    def ledger_indicator() -> None:
        with store.session() as s:
            found["ledger_indicator_rows"] = len(
                ledger(s, indicator="gdp", year=DEADLINE, as_of=AS_OF)
            )

    def across() -> None:
        with store.session() as s:
            view = cross_region(s, "gdp", DEADLINE, as_of=AS_OF)
        found["across_rows"], found["across_counts"] = len(view.rows), view.counts

    def index() -> None:
        with store.session() as s:
            m = region_matrix(s)
        composite_index(m.values, m.directions, m.dimensions)
        rank_stability(m.values, m.directions, m.dimensions)
        found["matrix"] = list(m.values.shape)

    assess_s, assess_runs = _median(assess, args.runs)
    region_s, region_runs = _median(ledger_region, args.runs)
    indicator_s, indicator_runs = _median(ledger_indicator, args.runs)
    across_s, across_runs = _median(across, args.runs)
    index_s, index_runs = _median(index, args.runs)
    store.close()
    return {
        "assess_s": round(assess_s, 3),
        "assess_runs": assess_runs,
        "ledger_region_s": round(region_s, 3),
        "ledger_region_runs": region_runs,
        "ledger_indicator_s": round(indicator_s, 3),
        "ledger_indicator_runs": indicator_runs,
        "across_s": round(across_s, 3),
        "across_runs": across_runs,
        "index_s": round(index_s, 3),
        "index_runs": index_runs,
        "peak_rss_mb": _peak_rss_mb(),
        **found,
    }


def phase_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from luoshi.store import ingest_paths, open_store

    sources = sorted(DOCS.glob("*.txt"))
    if not sources:
        sys.exit(f"no documents in {DOCS}")
    folder = Path(tempfile.mkdtemp(prefix="luoshi-bench-docs-"))
    try:
        for i in range(args.docs + 1):
            src = sources[i % len(sources)]
            (folder / f"{i:03d}-{src.name}").write_bytes(
                src.read_bytes() + f"\n# copy {i}\n".encode()
            )
        files = sorted(folder.iterdir())
        with open_store(f"sqlite:///{folder}/warm.db") as warm:  # jieba, regexes, tables
            warm.migrate()
            ingest_paths(warm, files[:1])
        with open_store(args.url) as store:
            store.migrate()
            start = time.perf_counter()
            summary = ingest_paths(store, files[1:])
            seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "ingest_docs": summary.documents_new,
        "ingest_failures": len(summary.failures),
        "ingest_s": round(seconds, 2),
        "ingest_docs_per_s": round(summary.documents_new / seconds, 2),
        "ingest_targets": summary.targets,
        "ingest_peak_rss_mb": _peak_rss_mb(),
    }


# -- orchestration ------------------------------------------------------------------------


def child(args: argparse.Namespace, phase: str, url: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", phase, "--url", url,
           "--regions", str(args.regions), "--years", str(args.years),
           "--targets-per-region", str(args.targets_per_region),
           "--runs", str(args.runs), "--docs", str(args.docs)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{phase} on {url} failed:\n{done.stdout}{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_backend(args: argparse.Namespace, backend: str, work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": backend}

    def urls(pg: tuple[str, int] | None) -> tuple[str, str]:
        if pg is None:
            return f"sqlite:///{work}/scale.db", f"sqlite:///{work}/ingest.db"
        return pg_database(*pg, "scale"), pg_database(*pg, "ingest")

    @contextmanager
    def server() -> Iterator[tuple[str, int] | None]:
        if backend == "sqlite":
            yield None
        else:
            with pg_server() as pg:
                yield pg

    with server() as pg:
        scale, ingest = urls(pg)
        print(f"[{backend}] loading ...", file=sys.stderr, flush=True)
        out.update(child(args, "load", scale))
        print(f"[{backend}] assess + index ...", file=sys.stderr, flush=True)
        out.update(child(args, "measure", scale))
        print(f"[{backend}] ingest ...", file=sys.stderr, flush=True)
        out.update(child(args, "ingest", ingest))
    if backend == "sqlite":
        out["db_mb"] = round((work / "scale.db").stat().st_size / 2**20, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--targets-per-region", type=int, default=50)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--phase", choices=("load", "measure", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phases = {"load": phase_load, "measure": phase_measure, "ingest": phase_ingest}
        print(json.dumps(phases[args.phase](args)))
        return
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = []
    started = time.perf_counter()
    for backend in backends:
        work = Path(tempfile.mkdtemp(prefix=f"luoshi-bench-{backend}-"))
        try:
            results.append(run_backend(args, backend, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "regions": args.regions,
        "indicators": 60,
        "years": args.years,
        "targets_per_region": args.targets_per_region,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "total_s": round(time.perf_counter() - started, 1),
        "results": results,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"{args.regions} regions × 60 indicators × {args.years} years; "
          f"{args.targets_per_region} targets a region; median of {args.runs}")  # fmt: skip
    head = ("backend", "rows", "load rows/s", "assess-all s", "ledger 1 reg s",
            "ledger gdp s", "across s", "index s", "peak MB", "ingest docs/s")  # fmt: skip
    print("  ".join(f"{h:>13}" for h in head))
    for r in results:
        cells = (r["backend"], r["rows_total"], r["load_rows_per_s"], r["assess_s"],
                 r["ledger_region_s"], r["ledger_indicator_s"], r["across_s"], r["index_s"],
                 r["peak_rss_mb"], r["ingest_docs_per_s"])  # fmt: skip
        print("  ".join(f"{c:>13}" for c in cells))
    for r in results:
        print(f"{r['backend']}: statuses {r['counts']}; load {r['load_s']} s "
              f"(+ analyze {r['analyze_s']} s, peak {r['load_peak_rss_mb']} MB); "
              f"assess runs {r['assess_runs']}; index runs {r['index_runs']}; "
              f"ingest {r['ingest_docs']} docs in {r['ingest_s']} s")  # fmt: skip
    print(f"total {report['total_s']} s; wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
