"""Consistent online backups of the plan store, and restoring one into an empty store.

SQLite goes through SQLite's online backup API (``sqlite3.Connection.backup``): it copies
a consistent snapshot page by page while other connections keep reading and writing.
PostgreSQL goes through ``pg_dump --format=custom``, which dumps one snapshot of the
database, and ``pg_restore`` in a single transaction, so a failed restore leaves nothing
behind. A restore goes only into an empty store: it never merges into or overwrites data.
The audit trail's triggers travel with the schema, so a restored trail is append-only too.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from luoshi.errors import StoreError
from luoshi.store.db import _normalise_url

__all__ = ["BackupInfo", "backup", "backup_format", "restore"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_MAGIC = b"PGDMP"
_TIMEOUT = 3600  # seconds a dump or restore may take before it is stopped


@dataclass(frozen=True)
class BackupInfo:
    """A written backup: where, of which kind, how large."""

    path: Path
    format: str  # sqlite | pg_dump
    size: int


def _url(url: str) -> URL:
    try:
        return make_url(_normalise_url(url))
    except Exception as exc:  # sqlalchemy raises ArgumentError, or ValueError for a bad port
        raise StoreError(f"{url!r} is not a database URL ({exc})") from exc


def _sqlite_path(u: URL) -> Path:
    if not u.database or u.database == ":memory:":
        raise StoreError("an in-memory SQLite database cannot be backed up or restored")
    return Path(u.database)


def _pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: the newest server version's, else the one on PATH."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise StoreError(
            f"{name} not found; install the PostgreSQL client (apt-get install postgresql-client)"
        )
    return tool


def _pg_args(u: URL) -> tuple[list[str], dict[str, str]]:
    args = []
    if u.host:
        args += ["--host", u.host]
    if u.port:
        args += ["--port", str(u.port)]
    if u.username:
        args += ["--username", u.username]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)  # never on the command line, where ps shows it
    return args, env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        raise StoreError(f"{what} failed: {(done.stderr or done.stdout).strip()[:2000]}")


def backup(url: str, dest: str | Path) -> BackupInfo:
    """Write a consistent backup of the store at ``url`` to ``dest`` (which must not exist)."""
    u = _url(url)
    out = Path(dest)
    if out.exists():
        raise StoreError(f"{out} exists; a backup never overwrites a file")
    if not out.parent.is_dir():
        raise StoreError(f"{out.parent} is not a folder")
    if u.get_backend_name() == "sqlite":
        src_path = _sqlite_path(u)
        if not src_path.exists():
            raise StoreError(f"{src_path}: no such database")
        try:
            with closing(sqlite3.connect(src_path)) as src, closing(sqlite3.connect(out)) as dst:
                src.backup(dst)
        except sqlite3.Error as exc:
            out.unlink(missing_ok=True)
            raise StoreError(f"{src_path}: backup failed ({exc})") from exc
        return BackupInfo(out, "sqlite", out.stat().st_size)
    if u.get_backend_name() == "postgresql":
        args, env = _pg_args(u)
        cmd = [
            _pg_tool("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(out),
            "--dbname",
            str(u.database),
        ]
        try:
            _run(cmd, env, f"pg_dump of {u.render_as_string(hide_password=True)}")
        except StoreError:
            out.unlink(missing_ok=True)
            raise
        return BackupInfo(out, "pg_dump", out.stat().st_size)
    raise StoreError(f"{u.get_backend_name()}: luoshi backs up sqlite and postgresql only")


def backup_format(path: str | Path) -> str:
    """``sqlite`` or ``pg_dump``, from the file's first bytes."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise StoreError(f"{p}: cannot read the backup ({exc.strerror})") from exc
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(_PG_MAGIC):
        return "pg_dump"
    raise StoreError(f"{p}: not a luoshi backup (neither an SQLite file nor a pg_dump archive)")


def _empty(url: str) -> bool:
    engine = create_engine(_normalise_url(url))
    try:
        return not inspect(engine).get_table_names()
    except SQLAlchemyError as exc:
        raise StoreError(f"{url}: cannot open the target store ({exc})") from exc
    finally:
        engine.dispose()


def restore(src: str | Path, url: str) -> None:
    """Restore the backup ``src`` into the empty store at ``url`` (of the backup's dialect)."""
    kind = backup_format(src)
    u = _url(url)
    backend = u.get_backend_name()
    want = {"sqlite": "sqlite", "pg_dump": "postgresql"}[kind]
    if backend != want:
        raise StoreError(f"{src} is a {kind} backup; restore it into a {want} store, not {backend}")
    shown = u.render_as_string(hide_password=True)
    if backend == "sqlite" and not _sqlite_path(u).exists():
        pass  # a new file: empty by definition
    elif not _empty(url):
        raise StoreError(f"{shown} is not empty; restore only into an empty store")
    if backend == "sqlite":
        try:
            with closing(sqlite3.connect(src)) as s, closing(sqlite3.connect(_sqlite_path(u))) as d:
                check = s.execute("PRAGMA integrity_check").fetchone()
                if not check or check[0] != "ok":
                    raise StoreError(f"{src}: the backup is damaged ({check})")
                s.backup(d)
        except sqlite3.Error as exc:
            raise StoreError(f"{src}: restore failed ({exc})") from exc
        return
    args, env = _pg_args(u)
    cmd = [
        _pg_tool("pg_restore"),
        *args,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        str(u.database),
        str(src),
    ]
    _run(cmd, env, f"pg_restore into {shown}")
