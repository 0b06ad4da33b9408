"""The local batch engine: this machine's cores, the same core and schema as Spark.

For a corpus one machine can handle, and as the reference the Spark engine's output is
checked against: worker processes run :func:`~luoshi.extract.record.extract_record`
(through :func:`~luoshi.extract.record.extract_files`) and this process writes the rows
of :func:`~luoshi.batch.schema.outcome_rows` with pyarrow, a chunk of documents at a
time, so memory stays bounded.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from luoshi.batch.base import (
    MANIFEST,
    STAGING_MARK,
    BatchInput,
    BatchSummary,
    Region,
    manifest_bytes,
    staging_name,
)
from luoshi.batch.schema import DATASETS, PARTITION, outcome_rows
from luoshi.errors import BatchError
from luoshi.extract.record import ExtractionRecord, FailureRecord, KnownRecord, extract_files
from luoshi.reading.formats import reader_for

__all__ = ["LocalEngine", "doc_id_of", "input_files"]

_CHUNK = 256  # documents per written file: small row groups cost little, memory stays flat


def doc_id_of(path: Path) -> str:
    """A local file's id in a batch result: its absolute path as Hadoop writes it (file:/…)."""
    return "file:" + str(path.resolve())


def input_files(pattern: str) -> list[Path]:
    """The files of an input: a file, every readable file under a folder, or a glob's matches.

    Folders and globs contribute only files of formats luoshi reads (as Spark's input
    filter does); a file named on its own is always tried, so a bad one is reported.
    """
    if glob.has_magic(pattern):
        matches = sorted(glob.glob(pattern, recursive=True))
    elif os.path.exists(pattern):
        matches = [pattern]
    else:  # as Spark refuses a path that is not there
        raise BatchError(f"{pattern}: no such file or folder")
    files: list[Path] = []
    for m in matches:
        p = Path(m)
        if p.is_dir():
            files.extend(
                c for c in sorted(p.rglob("*")) if c.is_file() and reader_for(c.name) is not None
            )
        elif m == pattern or reader_for(p.name) is not None:
            files.append(p)
    # a glob can name a folder and the files in it: each file once, in order
    files = list(dict.fromkeys(files))
    if not files:
        raise BatchError(
            f"{pattern}: no input files (luoshi reads .txt, .md, .html, .htm, .docx, .pdf)"
        )
    return files


class LocalEngine:
    """Runs a batch on this machine's cores and writes the result with pyarrow."""

    name = "local"

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)

    def extract(
        self,
        source: BatchInput,
        output: str,
        *,
        region: Region | None = None,
        overwrite: bool = False,
    ) -> BatchSummary:
        """Extract every file of ``source`` into a new result folder ``output``."""
        if source.path is None:
            raise BatchError(
                f"the local engine reads files, not tables ({source.describe()}); "
                "use --engine spark for a table"
            )
        started = time.perf_counter()
        files = input_files(source.path)
        out = Path(output).absolute()
        if out.exists() and not overwrite:
            raise BatchError(f"{out}: the output exists; give --overwrite to replace it")
        out.parent.mkdir(parents=True, exist_ok=True)
        for stale in out.parent.glob(f".{out.name}{STAGING_MARK}*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed run
        stage = out.parent / staging_name(out.name)
        summary = BatchSummary(engine=self.name)
        try:
            self._write(files, stage, region, summary)
            summary.seconds = time.perf_counter() - started
            (stage / MANIFEST).write_bytes(manifest_bytes(summary, source))
            _commit(stage, out)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return summary

    def _write(
        self, files: list[Path], stage: Path, region: Region | None, summary: BatchSummary
    ) -> None:
        buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
        for name in DATASETS:
            (stage / name).mkdir(parents=True)
        chunk = pending = 0
        jobs = min(self.jobs, len(files))
        for path, outcome in extract_files(files, jobs=jobs, region=region):
            if isinstance(outcome, KnownRecord):  # not asked for: every file is extracted
                continue
            summary.input_bytes += _size(path)
            _count(summary, outcome)
            for name, rows in outcome_rows(doc_id_of(path), outcome).items():
                buffers[name].extend(rows)
            pending += 1
            if pending >= _CHUNK:
                _flush(stage, buffers, chunk)
                chunk, pending = chunk + 1, 0
        _flush(stage, buffers, chunk)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _count(summary: BatchSummary, outcome: ExtractionRecord | FailureRecord) -> None:
    if isinstance(outcome, FailureRecord):
        summary.failures += 1
        return
    summary.documents += 1
    summary.statements += len(outcome.statements)
    summary.frameworks += len(outcome.frameworks)


def _flush(stage: Path, buffers: dict[str, list[dict[str, Any]]], chunk: int) -> None:
    for name, rows in buffers.items():
        if not rows:
            continue
        table = pa.Table.from_pylist(rows, schema=DATASETS[name])
        if name == "failures":
            pq.write_table(table, stage / name / f"part-{chunk:05d}.parquet")
        else:
            ds.write_dataset(
                table,
                stage / name,
                format="parquet",
                partitioning=ds.partitioning(PARTITION, flavor="hive"),
                basename_template=f"part-{chunk:05d}-{{i}}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )
        rows.clear()


def _commit(stage: Path, out: Path) -> None:
    """Move the finished staging folder into place: one rename, or two with --overwrite."""
    if out.exists():
        old = out.parent / f".{out.name}.replaced-{os.getpid()}"
        os.rename(out, old)
        os.rename(stage, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(stage, out)
