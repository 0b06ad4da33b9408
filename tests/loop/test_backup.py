"""Backups and restores of the whole store, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from luoshi.errors import StoreError
from luoshi.loop.audit import list_audit
from luoshi.loop.reports import AttachmentSpec, get_attachment, submit_report
from luoshi.loop.tasks import create_task, edit_task, get_task, list_tasks, start_task
from luoshi.store import Store, models
from luoshi.store.backup import backup, backup_format, restore
from tests.loop.conftest import REGION, World
from tests.store.conftest import PgServer

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


@pytest.fixture
def empty_url(world: World, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of the world's dialect."""
    if world.store.dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"restored_{uuid.uuid4().hex[:12]}"
    with server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.url(name)
    finally:
        with server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts(store: Store) -> dict[str, int]:
    names = inspect(store.engine).get_table_names()
    with store.engine.connect() as conn:
        return {
            n: conn.execute(select(func.count()).select_from(text(f'"{n}"'))).scalar_one()
            for n in names
            if not n.startswith("passage_fts")  # SQLite's full-text shadow tables
        }


def _fill(world: World) -> tuple[int, int]:
    world.targets()
    t = world.task()
    t = start_task(world.store, world.dept, t.id, t.version)
    r = submit_report(
        world.store,
        world.dept,
        t.id,
        t.version,
        period="2026",
        text="进展",
        attachments=[AttachmentSpec("现场照片说明.pdf", PDF)],
    )
    return t.id, r.attachments[0][0]


def test_round_trip(
    world: World, empty_url: str, tmp_path: Path, open_url: Callable[[str], Store]
) -> None:
    task_id, attachment_id = _fill(world)
    url = world.store.engine.url.render_as_string(hide_password=False)
    info = backup(url, tmp_path / "luoshi.bak")
    assert info.size > 0 and backup_format(info.path) == info.format
    assert info.format == ("sqlite" if world.store.dialect == "sqlite" else "pg_dump")

    restore(info.path, empty_url)
    restored = open_url(empty_url)
    assert _counts(restored) == _counts(world.store)
    assert _counts(restored)["task"] == 1 and _counts(restored)["statement"] > 0
    assert list_tasks(restored, world.leader) == list_tasks(world.store, world.leader)
    assert list_audit(restored, world.admin) == list_audit(world.store, world.admin)
    assert get_attachment(restored, world.leader, attachment_id)[2] == PDF
    # the trail stays append-only after a restore, and the schema needs no migration
    with pytest.raises(DBAPIError, match="append-only"), restored.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry"))
    restored.migrate()
    with restored.session() as s:
        assert s.scalar(select(func.count()).select_from(models.Document)) == 1
    # the restored store goes on: ids continue after the restored ones
    t = create_task(restored, world.leader, region_code=REGION, title="恢复后的新任务")
    assert t.id == task_id + 1


def test_restore_only_into_an_empty_store(world: World, tmp_path: Path) -> None:
    url = world.store.engine.url.render_as_string(hide_password=False)
    info = backup(url, tmp_path / "b.bak")
    with pytest.raises(StoreError, match="not empty"):
        restore(info.path, url)
    with pytest.raises(StoreError, match="never overwrites"):
        backup(url, info.path)


def test_bad_backups_are_refused(world: World, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(StoreError, match="not a luoshi backup"):
        restore(junk, f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(StoreError, match="cannot read"):
        restore(tmp_path / "missing.bak", f"sqlite:///{tmp_path / 'x.db'}")
    url = world.store.engine.url.render_as_string(hide_password=False)
    info = backup(url, tmp_path / "b.bak")
    other = (
        "postgresql://u@127.0.0.1:1/x"
        if info.format == "sqlite"
        else f"sqlite:///{tmp_path / 'y.db'}"
    )
    with pytest.raises(StoreError, match="backup; restore it into a"):
        restore(info.path, other)
    with pytest.raises(StoreError, match="in-memory"):
        backup("sqlite://", tmp_path / "m.bak")


def test_a_backup_taken_during_writes_is_consistent(
    world: World, empty_url: str, tmp_path: Path, open_url: Callable[[str], Store]
) -> None:
    """Writers keep editing while the backup runs; the backup holds a state in which every
    task's version matches its audit entries (no half-committed write)."""
    ids = [world.task(title=f"任务{n}").id for n in range(3)]
    stop = threading.Event()
    failures: list[BaseException] = []
    edits = dict.fromkeys(ids, 0)

    def edit_forever(task_id: int) -> None:
        n = 0
        while not stop.is_set():
            try:
                t = get_task(world.store, world.leader, task_id)
                edit_task(world.store, world.leader, task_id, t.version, description=f"{n}")
                n += 1
                edits[task_id] = n
            except BaseException as exc:
                failures.append(exc)
                return

    threads = [threading.Thread(target=edit_forever, args=(i,)) for i in ids]
    for th in threads:
        th.start()
    try:
        _wait_for(lambda: min(edits.values()) >= 2)
        url = world.store.engine.url.render_as_string(hide_password=False)
        seen = dict(edits)
        info = backup(url, tmp_path / "live.bak")
        _wait_for(lambda: all(edits[i] > seen[i] for i in ids))
    finally:
        stop.set()
        for th in threads:
            th.join()
    assert failures == []
    restore(info.path, empty_url)
    restored = open_url(empty_url)
    for task_id in ids:
        t = get_task(restored, world.leader, task_id)
        trail = list_audit(restored, world.admin, entity="task", entity_id=task_id)
        assert t.version == len(trail) and t.version > 2
        assert t.version <= get_task(world.store, world.leader, task_id).version


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writers made no progress"
        time.sleep(0.01)


def _url_of(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _tables(url: str, open_url: Callable[[str], Store]) -> list[str]:
    return inspect(open_url(url).engine).get_table_names()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("DROP TABLE alembic_version", "is not a luoshi store (it has no alembic_version"),
        (
            "UPDATE alembic_version SET version_num = '9999_from_the_future'",
            "is not a store of this luoshi (its schema revision is 9999_from_the_future",
        ),
        ("DELETE FROM alembic_version", "its schema revision is missing"),
        ("DROP TABLE notice", "lacks the tables notice"),
    ],
)
def test_restore_refuses_a_backup_that_is_not_a_luoshi_store(
    world: World,
    empty_url: str,
    tmp_path: Path,
    open_url: Callable[[str], Store],
    spoil: str,
    message: str,
) -> None:
    """A backup of the wrong database is refused before anything is written: the target
    stays empty (a new SQLite file is not even made)."""
    _fill(world)
    with world.store.engine.begin() as conn:
        conn.execute(text(spoil))
    info = backup(_url_of(world.store), tmp_path / "spoilt.bak")
    with pytest.raises(StoreError, match=re.escape(message)):
        restore(info.path, empty_url)
    if world.store.dialect == "sqlite":
        assert not Path(empty_url.removeprefix("sqlite:///")).exists()
    else:
        assert _tables(empty_url, open_url) == []


def test_restore_refuses_any_other_sqlite_file(tmp_path: Path) -> None:
    other = tmp_path / "address-book.db"
    with closing(sqlite3.connect(other)) as c:
        c.execute("CREATE TABLE person (name TEXT, phone TEXT)")
        c.execute("INSERT INTO person VALUES ('张三', '123')")
        c.commit()
    target = tmp_path / "new.db"
    with pytest.raises(StoreError, match=r"not a luoshi store .*it holds person"):
        restore(other, f"sqlite:///{target}")
    assert not target.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # a 0-byte file is an empty SQLite database
    with pytest.raises(StoreError, match="not a luoshi backup"):
        restore(empty, f"sqlite:///{target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["address-book.db", "empty.db"]


def test_a_failed_backup_leaves_no_file(world: World, tmp_path: Path) -> None:
    """Nothing under the backup's name, and no temporary file, when the backup fails."""
    out = tmp_path / "backups"
    out.mkdir()
    if world.store.dialect == "sqlite":
        # a damaged database: pages overwritten in the middle of the file
        source = tmp_path / "damaged.db"
        assert world.targets()
        world.store.close()
        source.write_bytes(Path(world.store.engine.url.database or "").read_bytes())
        data = bytearray(source.read_bytes())
        data[8192:32768] = b"\xa5" * (32768 - 8192)
        source.write_bytes(bytes(data))
        bad = f"sqlite:///{source}"
        expected = "damaged|backup failed"
    else:
        url = world.store.engine.url
        bad = url.set(database="no_such_database").render_as_string(hide_password=False)
        expected = "pg_dump of .* failed"
    with pytest.raises(StoreError, match=expected):
        backup(bad, out / "luoshi.bak")
    assert list(out.iterdir()) == []
    # and a backup that works is written whole under its name, and only that
    info = backup(_url_of(world.store), out / "ok.bak")
    assert [p.name for p in out.iterdir()] == ["ok.bak"] and info.size > 0


def test_an_interrupted_backup_leaves_no_file(
    pg_server: PgServer, tmp_path: Path, open_url: Callable[[str], Store]
) -> None:
    """``luoshi backup`` stopped with Ctrl-C while pg_dump waits for a lock: no file is left
    under the backup's name (pg_dump makes its output file before it reads anything)."""
    name = f"busy_{uuid.uuid4().hex[:12]}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_server.url(name)
    open_url(url).migrate()
    out = tmp_path / "backups"
    out.mkdir()
    log = tmp_path / "backup.log"
    with (
        psycopg.connect(
            host=pg_server.host, port=pg_server.port, user=pg_server.user, dbname=name
        ) as holder,
        log.open("w") as sink,
    ):
        holder.execute("LOCK TABLE region IN ACCESS EXCLUSIVE MODE")  # until the end
        proc = subprocess.Popen(
            [sys.executable, "-c", "from luoshi.cli import main; main()",
             "backup", str(out / "luoshi.bak"), "--db", url],
            stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for(lambda: any(out.iterdir()), 60)  # pg_dump has made its file and waits
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        holder.rollback()
    assert proc.returncode != 0, log.read_text()
    assert list(out.iterdir()) == []
    with pg_server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
