"""The one extraction core: a document's bytes in, a plain serialisable record out.

:func:`extract_record` reads and extracts one document and returns either an
:class:`ExtractionRecord` (the document's fields, its statements, its frameworks) or a
:class:`FailureRecord` with the reason; it never raises for a bad document, because a
batch records a failed document and goes on. Every runner calls it: ``luoshi ingest``
in worker processes on one machine (:func:`extract_files`), ``luoshi batch extract``
in Spark executors. Records are plain dataclasses of strings, numbers and lists, so
they cross process boundaries by pickling and map one for one onto Parquet rows and
store rows; nothing here knows SQL or Spark.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from luoshi.config import Settings
from luoshi.errors import LuoshiError
from luoshi.extract import Extraction, extract
from luoshi.extract.doc import Framework, Statement
from luoshi.reading import cannot_read, file_too_large, read_bytes

__all__ = [
    "INTERNAL_ERROR",
    "INTERNAL_ERROR_ZH",
    "DocumentRecord",
    "ExtractionRecord",
    "FailureRecord",
    "KnownRecord",
    "Outcome",
    "content_hash",
    "default_jobs",
    "extract_files",
    "extract_record",
    "record_from_extraction",
]

#: (code, name) of the region given to documents that name none
Region = tuple[str, str | None]

log = logging.getLogger("luoshi.extract")

#: The reason recorded for a document a bug stopped: the exception goes to the log (at
#: debug level, so that a command line shows no traceback), never to the user.
INTERNAL_ERROR = "Internal error while reading or extracting this file (logged)."
#: :data:`INTERNAL_ERROR` in Chinese.
INTERNAL_ERROR_ZH = "内部错误：读取或抽取此文件时程序出错（已记入日志）"


@dataclass
class DocumentRecord:
    """A read document's fields: metadata, both texts and the offset map between them."""

    content_hash: str  # sha256 of the bytes: the document's identity
    name: str
    format: str
    encoding: str | None
    text: str  # the normalised text every offset refers to
    source_text: str  # the text as its reader decoded it
    offsets: list[list[int]]  # OffsetMap.to_list(): normalised → source
    warnings: list[str] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    source: str | None = None  # issuing body or publisher
    doc_type: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    region_level: str | None = None

    @property
    def year(self) -> int | None:
        """The document's year, when its date is known."""
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None


@dataclass
class ExtractionRecord:
    """One extracted document: its fields, its statements and its frameworks."""

    document: DocumentRecord
    statements: list[Statement] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)


@dataclass
class FailureRecord:
    """A document that could not be read or extracted, with the reason."""

    name: str
    reason: str
    content_hash: str | None = None  # None when the bytes could not even be read
    reason_zh: str = ""  # the reason in Chinese (the English when empty)


@dataclass
class KnownRecord:
    """A document whose bytes were already known to the caller: not extracted again."""

    name: str
    content_hash: str


Outcome = ExtractionRecord | FailureRecord | KnownRecord


def content_hash(data: bytes) -> str:
    """The document identity: the sha256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def record_from_extraction(extraction: Extraction, digest: str) -> ExtractionRecord:
    """The record of an extraction already made, for bytes hashing to ``digest``."""
    doc, meta = extraction.doc, extraction.doc.meta
    document = DocumentRecord(
        content_hash=digest,
        name=doc.name,
        format=doc.format,
        encoding=doc.encoding,
        text=doc.text,
        source_text=doc.source,
        offsets=doc.offsets.to_list(),
        warnings=list(doc.warnings),
        title=meta.title,
        date=meta.date,
        source=meta.source,
        doc_type=meta.doc_type,
        region_code=meta.region_code,
        region_name=meta.region_name,
        region_level=meta.region_level,
    )
    return ExtractionRecord(document, list(extraction.statements), list(extraction.frameworks))


def extract_record(
    data: bytes,
    name: str,
    *,
    region: Region | None = None,
    settings: Settings | None = None,
) -> ExtractionRecord | FailureRecord:
    """Read and extract one document from its bytes; ``name`` (a file name) picks the format.

    ``region`` (code, name) is given to a document that names no region of its own.
    Never raises for a bad document: any failure comes back as a :class:`FailureRecord`.
    """
    digest = content_hash(data)
    try:
        doc = read_bytes(data, name, settings or Settings())
        if region is not None and doc.meta.region_code is None:
            # the user says where documents that name no region belong (a zone, a redacted county)
            doc.meta.region_code, doc.meta.region_name = region
        return record_from_extraction(extract(doc), digest)
    except LuoshiError as exc:
        # reading errors already name the file; the record carries the name beside the reason
        return _failure(name, exc, digest)
    except Exception:  # a bug on one document must not stop a batch of thousands
        log.debug("internal error on %s", name, exc_info=True)
        return FailureRecord(name, INTERNAL_ERROR, digest, INTERNAL_ERROR_ZH)


# --- many files on one machine ---------------------------------------------------------

_IN_PROCESS = threading.Lock()
_WORKER_NICENESS = 10
_worker_known: Collection[str] = frozenset()
_worker_region: Region | None = None
_worker_settings: Settings | None = None


def _init_worker(
    known: Collection[str], region: Region | None, settings: Settings, alive: Connection
) -> None:
    global _worker_known, _worker_region, _worker_settings
    _worker_known, _worker_region, _worker_settings = known, region, settings
    _exit_with_parent(alive)
    # Batch work yields the processor to interactive work (a server beside an ingest);
    # with nothing else to run, the niceness changes nothing.
    with contextlib.suppress(OSError):
        os.nice(_WORKER_NICENESS)


def _exit_with_parent(alive: Connection) -> None:
    """End this worker as soon as the process that started the pool is gone.

    ``alive`` is the reading end of a pipe whose only writing end the pool's owner holds;
    nothing is ever written, so a read returns only when that end closes: when the owner
    closes it after the pool, or the kernel does as the owner dies (kill -9 included).
    Without this, workers of a killed ``luoshi ingest`` kept running, and then waiting,
    for as long as the machine stayed up, with the forkserver and the resource tracker
    they keep alive. (The workers' parent is the forkserver, which outlives the owner
    while it has children, so neither ``os.getppid()`` nor PR_SET_PDEATHSIG sees it go.)
    """

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            alive.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="luoshi-owner-watch", daemon=True).start()


def _failure(name: str, exc: LuoshiError, digest: str | None = None) -> FailureRecord:
    """The record of a file refused by ``exc``, its reason in both languages without the
    file's name (the record carries it)."""
    zh = exc.message("zh").removeprefix(f"{name}：").removeprefix(f"{name}: ")
    return FailureRecord(name, str(exc).removeprefix(f"{name}: "), digest, zh)


def _extract_path(path: Path) -> Outcome:
    """A worker's task: one file, with what the pool's initializer gave the worker."""
    return _extract_one(path, _worker_known, _worker_region, _worker_settings or Settings())


def _extract_one(
    path: Path, known: Collection[str], region: Region | None, settings: Settings
) -> Outcome:
    try:
        # the size first: a file of gigabytes is refused without reading it into memory
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise file_too_large(path.name, size, settings)
        data = path.read_bytes()
    except LuoshiError as exc:
        return _failure(path.name, exc)
    except OSError as exc:
        return _failure(path.name, cannot_read(path.name, exc))
    digest = content_hash(data)
    if digest in known:
        return KnownRecord(path.name, digest)
    return extract_record(data, path.name, region=region, settings=settings)


def extract_files(
    paths: Iterable[Path],
    *,
    jobs: int = 1,
    known: Collection[str] = frozenset(),
    region: Region | None = None,
    settings: Settings | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """Read and extract every file of ``paths`` on ``jobs`` processes, yielding in input order.

    A file whose content hash is in ``known`` is not extracted (a :class:`KnownRecord`).
    At most a few documents per process are in flight, so memory stays bounded however
    slowly the caller consumes the results.
    """
    settings = settings or Settings()
    if jobs <= 1:
        for path in paths:
            # One extraction at a time in this process (the web server's upload threads):
            # the interpreter's lock runs one anyway, and each holds memory in proportion
            # to its document.
            with _IN_PROCESS:
                outcome = _extract_one(path, known, region, settings)
            yield path, outcome
        return
    # Written by hand because Executor.map submits every input at once and keeps every
    # result until it is consumed: a folder of a million documents would sit in memory.
    # "forkserver", not "fork": the parent may run threads (a progress bar, a Spark gateway)
    # and forking a threaded process can deadlock.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["luoshi.extract.record"])
    window = max(2, jobs * 4)
    alive, owner = context.Pipe(duplex=False)  # see _exit_with_parent
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(frozenset(known), region, settings, alive),
        ) as pool:
            pending: deque[tuple[Path, Future[Outcome]]] = deque()
            for path in paths:
                pending.append((path, pool.submit(_extract_path, path)))
                if len(pending) >= window:
                    done_path, future = pending.popleft()
                    yield done_path, future.result()
            while pending:
                done_path, future = pending.popleft()
                yield done_path, future.result()
    finally:
        owner.close()
        alive.close()


def default_jobs() -> int:
    """The processes a local run uses by default: every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
