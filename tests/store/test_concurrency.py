"""Writers at once on one SQLite store: each takes its turn at the write lock, none is lost.

SQLite admits one writer at a time. Store writes begin with ``BEGIN IMMEDIATE`` and every
connection waits for the lock (:data:`luoshi.store.db.SQLITE_BUSY_TIMEOUT_MS`); a lock
not had in time is a :class:`StoreBusyError` whose message shows no SQL and no path.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import luoshi.store.db
from luoshi.errors import StoreBusyError
from luoshi.store import Store, ingest_paths, models, open_store
from tests.conftest import REPO

SAMPLE = (REPO / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt").read_text("utf-8")


def documents(folder: Path, count: int, copies: int) -> list[Path]:
    """``count`` different documents of ``copies`` times the sample each."""
    paths = []
    for i in range(count):
        p = folder / f"doc-{i}.txt"
        p.write_text(f"第{i}号文件\n" + "\n".join([SAMPLE] * copies), encoding="utf-8")
        paths.append(p)
    return paths


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'busy.db'}")
    store.migrate()
    yield store
    store.close()


def test_ten_ingests_at_once_all_land(sqlite_store: Store, tmp_path: Path) -> None:
    paths = documents(tmp_path, 10, 40)  # about 100 KB each
    results: dict[int, object] = {}
    start = threading.Barrier(len(paths))

    def ingest(i: int) -> None:
        start.wait()
        try:
            results[i] = ingest_paths(sqlite_store, [paths[i]])
        except Exception as exc:  # recorded, so that the assertion shows every outcome
            results[i] = exc

    threads = [threading.Thread(target=ingest, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failures = {i: r for i, r in results.items() if not getattr(r, "ok", False)}
    assert not failures, {i: getattr(r, "failures", r) for i, r in failures.items()}
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Document)) == 10


def test_a_lock_not_had_in_time_is_busy_and_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a short wait, so that the test does not sit through the real minute
    pragmas = [p for p in luoshi.store.db._SQLITE_PRAGMAS if not p.startswith("busy_timeout")]
    monkeypatch.setattr(luoshi.store.db, "_SQLITE_PRAGMAS", (*pragmas, "busy_timeout=200"))
    path = tmp_path / "held.db"
    store = open_store(f"sqlite:///{path}")
    store.migrate()
    (doc,) = documents(tmp_path, 1, 1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's write, never finishing in time
    try:
        with pytest.raises(StoreBusyError) as caught:
            ingest_paths(store, [doc])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message, zh = str(caught.value), caught.value.zh
    assert zh.startswith("数据库正忙") and "try again" in message
    for leak in ("INSERT", "SELECT", "BEGIN", str(tmp_path), "OperationalError", "sqlite3"):
        assert leak not in message and leak not in zh
    assert ingest_paths(store, [doc]).documents_new == 1, "once the lock is free it lands"
    store.close()


def test_ingests_at_once_keep_their_own_region(sqlite_store: Store, tmp_path: Path) -> None:
    # the sample names no region: each ingest gives its own, and none may take another's
    paths = documents(tmp_path, 8, 5)
    start = threading.Barrier(len(paths))
    errors: list[BaseException] = []

    def ingest(i: int) -> None:
        start.wait()
        try:
            summary = ingest_paths(sqlite_store, [paths[i]], region=(f"99040{i}", f"第{i}区"))
            assert summary.ok, summary.failures
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with sqlite_store.session() as session:
        rows = session.execute(select(models.Document.name, models.Document.region_code)).all()
    assert sorted(rows) == [(f"doc-{i}.txt", f"99040{i}") for i in range(len(paths))]
