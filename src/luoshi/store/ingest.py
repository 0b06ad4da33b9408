"""Ingest: read → extract → store, one transaction per document, idempotent by content.

A document is identified by the sha256 of its file's bytes: ingesting the same file
twice (under any name) stores it once. A file that cannot be read, extracted or
stored is recorded with its reason and the batch goes on, as a batch should.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.config import Settings
from luoshi.errors import LuoshiError
from luoshi.extract import extract
from luoshi.reading import read_bytes
from luoshi.reading.formats import reader_for
from luoshi.store import repository
from luoshi.store.db import Store

__all__ = ["IngestSummary", "ProgressCallback", "ingest_paths", "iter_files"]

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


def _ingest_one(
    store: Store,
    path: Path,
    settings: Settings,
    summary: IngestSummary,
    region: tuple[str, str | None] | None = None,
) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Failure(f"cannot read ({exc.strerror or exc})") from exc
    digest = hashlib.sha256(data).hexdigest()
    with store.session() as session:
        if repository.document_by_hash(session, digest) is not None:
            summary.documents_unchanged += 1
            return "unchanged"
    doc = read_bytes(data, path.name, settings)
    if region is not None and doc.meta.region_code is None:
        # the user says where documents that name no region belong (a zone, a redacted county)
        doc.meta.region_code, doc.meta.region_name = region
    extraction = extract(doc)
    with store.session() as session:
        _, counts = repository.store_extraction(
            session, extraction, content_hash=digest, path=str(path)
        )
    summary.documents_new += 1
    summary.statements += counts.statements
    summary.targets += counts.targets
    summary.observations += counts.observations
    summary.frameworks += counts.frameworks
    return "new"


class _Failure(Exception):
    """A file-level failure outside luoshi's own error tree (the file system)."""


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_progress: ProgressCallback | None = None,
    settings: Settings | None = None,
    region: tuple[str, str | None] | None = None,
) -> IngestSummary:
    """Read, extract and store every file of ``paths`` (files or folders).

    ``region`` (code, name) is given to documents that name no region of their own.

    Each document is stored in its own transaction; one that fails is rolled back,
    recorded in ``failures`` with the reason, and the others go on. The store must
    already be migrated (:meth:`Store.migrate`).
    """
    settings = settings or Settings()
    summary = IngestSummary()
    for path in iter_files(paths):
        try:
            outcome = _ingest_one(store, path, settings, summary, region)
        except (LuoshiError, _Failure) as exc:
            reason = str(exc)
            # ReadError messages already name the file; keep the reason short
            for prefix in (f"{path}: ", f"{path.name}: "):
                reason = reason.removeprefix(prefix)
            summary.failures.append((path, reason))
            outcome = "failed"
        except Exception as exc:  # a bug on one document must not stop a batch of thousands
            summary.failures.append((path, f"internal error ({type(exc).__name__}: {exc})"))
            outcome = "failed"
        if on_progress is not None:
            on_progress(path, outcome)
    return summary
