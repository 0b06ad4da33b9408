"""Consistent online backups of the plan store, and restoring one into an empty store.

SQLite goes through SQLite's online backup API (``sqlite3.Connection.backup``): it copies
a consistent snapshot page by page while other connections keep reading and writing.
PostgreSQL goes through ``pg_dump --format=custom``, which dumps one snapshot of the
database, and ``pg_restore`` in a single transaction, so a failed restore leaves nothing
behind. A backup is written to a temporary file beside its destination and renamed when
complete, so a failed one leaves no file. A restore takes only a luoshi store (its schema
revision one this luoshi ships, with that revision's tables), checked before anything is
written, and goes only into an empty store: it never merges into or overwrites data.
The audit trail's triggers travel with the schema, so a restored trail is append-only too.
"""

from __future__ import annotations

import functools
import glob
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from luoshi.errors import StoreError
from luoshi.store.db import _normalise_url, migrations_config

__all__ = ["BackupInfo", "backup", "backup_format", "check_luoshi_store", "restore"]

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


def _publish(tmp: Path, out: Path) -> None:
    """Give the finished ``tmp`` its name ``out``, never replacing a file that appeared
    meanwhile (a hard link fails if the name exists; without hard links, a checked rename)."""
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise StoreError(f"{out} exists; a backup never overwrites a file") from None
    except OSError:  # a file system without hard links
        if out.exists():
            raise StoreError(f"{out} exists; a backup never overwrites a file") from None
        os.replace(tmp, out)
        return
    tmp.unlink()


def _temp_beside(out: Path) -> Path:
    """A new, unused name in ``out``'s folder, so that the final rename stays on one file
    system (and is atomic)."""
    return out.with_name(f".{out.name}.{secrets.token_hex(6)}.partial")


def backup(url: str, dest: str | Path) -> BackupInfo:
    """Write a consistent backup of the store at ``url`` to ``dest`` (which must not exist).

    The backup is written to a temporary file in ``dest``'s folder and renamed to ``dest``
    only when it is complete (and, for SQLite, passes ``PRAGMA quick_check``): a failed or
    interrupted backup leaves no file behind, never an empty or half-written one.
    """
    u = _url(url)
    out = Path(dest)
    if out.exists():
        raise StoreError(f"{out} exists; a backup never overwrites a file")
    if not out.parent.is_dir():
        raise StoreError(f"{out.parent} is not a folder")
    backend = u.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"{backend}: luoshi backs up sqlite and postgresql only")
    tmp = _temp_beside(out)
    try:
        if backend == "sqlite":
            kind = "sqlite"
            _sqlite_backup(u, tmp)
        else:
            kind = "pg_dump"
            args, env = _pg_args(u)
            cmd = [
                _pg_tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(tmp),
                "--dbname",
                str(u.database),
            ]
            _run(cmd, env, f"pg_dump of {u.render_as_string(hide_password=True)}")
        _publish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupInfo(out, kind, out.stat().st_size)


def _sqlite_backup(u: URL, tmp: Path) -> None:
    src_path = _sqlite_path(u)
    if not src_path.is_file():
        raise StoreError(f"{src_path}: no such database")
    try:
        with closing(sqlite3.connect(src_path)) as src, closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            check = dst.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{src_path}: backup failed ({exc})") from exc
    if not check or check[0] != "ok":
        raise StoreError(f"{src_path}: the database is damaged ({check[0] if check else '?'})")


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


@functools.cache
def _known_revisions() -> tuple[str, ...]:
    """The migrations this luoshi ships, newest first."""
    script = ScriptDirectory.from_config(migrations_config())
    return tuple(r.revision for r in script.walk_revisions())


@functools.cache
def _tables_at(revision: str) -> frozenset[str]:
    """The tables a store has at ``revision``: the shipped migrations run up to it on a
    scratch in-memory SQLite database (SQLite's full-text shadow tables left out)."""
    engine = create_engine("sqlite://")
    cfg = migrations_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
            names = inspect(connection).get_table_names()
    finally:
        engine.dispose()
    return frozenset(n for n in names if not n.startswith("passage_fts_"))


def check_luoshi_store(tables: Iterable[str], revisions: Iterable[str], what: str) -> str:
    """Refuse anything but a luoshi store: one ``alembic_version`` row naming a migration
    this luoshi ships, and every table the store has at that migration. The revision."""
    found = {t for t in tables if not t.startswith("passage_fts_")}
    if "alembic_version" not in found:
        raise StoreError(
            f"{what} is not a luoshi store (it has no alembic_version table; it holds "
            f"{', '.join(sorted(found)[:8]) or 'no tables'}); nothing was restored"
        )
    rows = list(revisions)
    known = _known_revisions()
    if len(rows) != 1 or rows[0] not in known:
        raise StoreError(
            f"{what} is not a store of this luoshi (its schema revision is "
            f"{', '.join(rows) or 'missing'}; this luoshi knows {', '.join(reversed(known))}: "
            "a backup from a newer luoshi needs that version); nothing was restored"
        )
    missing = _tables_at(rows[0]) - found
    if missing:
        raise StoreError(
            f"{what} is not a complete luoshi store (at revision {rows[0]} it lacks the "
            f"tables {', '.join(sorted(missing))}); nothing was restored"
        )
    return rows[0]


def _sqlite_contents(path: Path) -> tuple[list[str], list[str]]:
    """The tables and the ``alembic_version`` rows of an SQLite file, read-only."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as c:
        check = c.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise StoreError(f"{path}: the backup is damaged ({check[0] if check else '?'})")
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        revisions: list[str] = []
        if "alembic_version" in tables:
            revisions = [r[0] for r in c.execute("SELECT version_num FROM alembic_version")]
        return tables, revisions


# a table in ``pg_restore --list``: "216; 1259 16389 TABLE public region postgres"
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+)(?: |$)", re.M)
# the table's rows in the plain SQL ``pg_restore --file=-`` prints, up to the "\." line
_COPY = re.compile(
    r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)^\\\.$", re.M | re.S
)


def _pg_contents(path: Path) -> tuple[list[str], list[str]]:
    """The tables and the ``alembic_version`` rows of a pg_dump archive (``pg_restore``
    lists the archive and prints that one table's data; nothing is restored)."""
    tool = _pg_tool("pg_restore")
    toc = _output([tool, "--list", str(path)], f"pg_restore --list {path}")
    tables = [name for _schema, name in _TOC_TABLE.findall(toc)]
    revisions: list[str] = []
    if "alembic_version" in tables:
        data = _output(
            [tool, "--data-only", "--table=alembic_version", "--file=-", str(path)],
            f"pg_restore of {path}'s alembic_version",
        )
        copied = _COPY.search(data)
        revisions = copied.group(1).split() if copied else []
    return tables, revisions


def _output(cmd: list[str], what: str) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        raise StoreError(f"{what} failed: {(done.stderr or done.stdout).strip()[:2000]}")
    return done.stdout


def restore(src: str | Path, url: str) -> None:
    """Restore the backup ``src`` into the empty store at ``url`` (of the backup's dialect).

    The backup must be a luoshi store (:func:`check_luoshi_store`), checked before anything
    is written: any other SQLite file or pg_dump archive is refused with the reason.
    """
    src = Path(src)
    kind = backup_format(src)
    u = _url(url)
    backend = u.get_backend_name()
    want = {"sqlite": "sqlite", "pg_dump": "postgresql"}[kind]
    if backend != want:
        raise StoreError(f"{src} is a {kind} backup; restore it into a {want} store, not {backend}")
    shown = u.render_as_string(hide_password=True)
    try:
        tables, revisions = _sqlite_contents(src) if kind == "sqlite" else _pg_contents(src)
    except sqlite3.Error as exc:
        raise StoreError(f"{src}: cannot read the backup ({exc})") from exc
    check_luoshi_store(tables, revisions, str(src))
    if backend == "sqlite" and not _sqlite_path(u).exists():
        pass  # a new file: empty by definition
    elif not _empty(url):
        raise StoreError(f"{shown} is not empty; restore only into an empty store")
    if backend == "sqlite":
        _sqlite_restore(src, _sqlite_path(u))
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


def _sqlite_restore(src: Path, target: Path) -> None:
    """Copy the backup into ``target``: a new file is written beside it and renamed when
    complete, so a failed restore leaves no half-made store."""
    new = not target.exists()
    dest = _temp_beside(target) if new else target
    try:
        with closing(sqlite3.connect(src)) as s, closing(sqlite3.connect(dest)) as d:
            s.backup(d)
        if new:
            _publish(dest, target)
    except sqlite3.Error as exc:
        raise StoreError(f"{src}: restore failed ({exc})") from exc
    finally:
        if new:
            dest.unlink(missing_ok=True)
