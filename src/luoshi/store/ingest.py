"""Ingest: read → extract → store, one transaction per document, idempotent by content.

The local runner over the one extraction core (:mod:`luoshi.extract.record`): worker
processes read and extract, this process stores. A document is identified by the
sha256 of its file's bytes: ingesting the same file twice (under any name) stores it
once. A file that cannot be read, extracted or stored is recorded with its reason and
the batch goes on, as a batch should.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from luoshi.config import Settings
from luoshi.errors import LuoshiError, StoreBusyError
from luoshi.extract.record import (
    INTERNAL_ERROR,
    INTERNAL_ERROR_ZH,
    ExtractionRecord,
    FailureRecord,
    KnownRecord,
    extract_files,
)
from luoshi.reading.formats import reader_for
from luoshi.store import models, repository
from luoshi.store.db import Store
from luoshi.store.search import passage_index

__all__ = ["IngestSummary", "ProgressCallback", "ingest_paths", "iter_files"]

log = logging.getLogger("luoshi.store")

#: Called once per file with its path and outcome: ``new``, ``unchanged`` or ``failed``.
ProgressCallback = Callable[[Path, str], None]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    documents_new: int = 0
    documents_unchanged: int = 0
    statements: int = 0
    targets: int = 0
    observations: int = 0
    frameworks: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)
    failures_zh: dict[Path, str] = field(default_factory=dict)  # each failure's reason in Chinese

    @property
    def ok(self) -> bool:
        """No file failed."""
        return not self.failures


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to ingest: each file named, and every readable file under each folder.

    A folder contributes only files of formats luoshi reads, in name order; a file named
    explicitly is always tried, so that an unreadable one is reported, not skipped.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and reader_for(child.name) is not None:
                    yield child
        else:
            yield p


def _store(store: Store, record: ExtractionRecord, path: Path, summary: IngestSummary) -> str:
    # segmenting the text for search takes seconds on a long document: done before the
    # transaction, which on SQLite holds the one write lock every other writer waits for
    passages = passage_index(record.document.text)
    with store.writing() as session:
        # the same bytes may come twice in one run (a copy under another name)
        if repository.document_by_hash(session, record.document.content_hash) is not None:
            summary.documents_unchanged += 1
            return "unchanged"
        _, counts = repository.store_extraction(session, record, path=str(path), passages=passages)
    summary.documents_new += 1
    summary.statements += counts.statements
    summary.targets += counts.targets
    summary.observations += counts.observations
    summary.frameworks += counts.frameworks
    return "new"


def _known_hashes(store: Store) -> frozenset[str]:
    with store.session() as session:
        return frozenset(session.scalars(select(models.Document.content_hash)))


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_progress: ProgressCallback | None = None,
    settings: Settings | None = None,
    region: tuple[str, str | None] | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Read, extract and store every file of ``paths`` (files or folders).

    ``region`` (code, name) is given to documents that name no region of their own.
    ``jobs`` worker processes read and extract (:func:`~luoshi.extract.record.extract_files`);
    this process stores each document in its own transaction, in input order. One that
    fails is rolled back, recorded in ``failures`` with the reason, and the others go on;
    a store too busy to take a document (:class:`~luoshi.errors.StoreBusyError`) stops the
    run instead, and running it again skips what was stored.
    The store must already be migrated (:meth:`Store.migrate`).
    """
    summary = IngestSummary()
    files = list(iter_files(paths))
    # documents stored before are not read again: their hashes go to the workers
    known = _known_hashes(store)
    outcomes = extract_files(
        files, jobs=min(jobs, len(files)), known=known, region=region, settings=settings
    )
    for path, outcome in outcomes:
        try:
            if isinstance(outcome, KnownRecord):
                summary.documents_unchanged += 1
                status = "unchanged"
            elif isinstance(outcome, FailureRecord):
                reason = outcome.reason.removeprefix(f"{path}: ")
                summary.failures.append((path, reason))
                summary.failures_zh[path] = outcome.reason_zh or reason
                status = "failed"
            else:
                status = _store(store, outcome, path, summary)
        except StoreBusyError:
            raise  # not this document's fault: the caller retries the whole run later
        except LuoshiError as exc:
            summary.failures.append((path, str(exc)))
            summary.failures_zh[path] = exc.message("zh")
            status = "failed"
        except Exception:  # a bug on one document must not stop a batch of thousands
            log.debug("internal error on %s", path, exc_info=True)
            summary.failures.append((path, INTERNAL_ERROR))
            summary.failures_zh[path] = INTERNAL_ERROR_ZH
            status = "failed"
        if on_progress is not None:
            on_progress(path, status)
    return summary
