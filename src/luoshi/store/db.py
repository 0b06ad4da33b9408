"""Opening the plan store: an engine per :class:`Store`, never one at module level.

SQLite (the default, ``sqlite:///luoshi.db``) gets WAL journalling, enforced foreign
keys and ``synchronous=NORMAL`` on every connection: WAL lets readers (the web view)
work while an ingest writes, and NORMAL is the setting SQLite's documentation gives as
safe under WAL. SQLite admits one writer at a time: :meth:`Store.writing` takes the write
lock when its transaction begins and every connection waits up to
:data:`SQLITE_BUSY_TIMEOUT_MS` for it. PostgreSQL goes through psycopg 3
(``postgresql+psycopg://``).

Database failures come out as :class:`~luoshi.errors.StoreError` (a lock or a connection
not had in time as :class:`~luoshi.errors.StoreBusyError`) with a plain message: the
database's own text (SQL, the file's path) goes to the log, not to the user.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from luoshi.config import Settings
from luoshi.errors import StoreBusyError, StoreError
from luoshi.extract.components.indicator import vocabulary
from luoshi.store import models

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "Store", "database_error", "migrations_config", "open_store"]

log = logging.getLogger("luoshi.store")

#: How long a SQLite connection waits for the write lock (or a reader for a checkpoint)
#: before giving up: one generous wait for every connection, so that a queue of writers
#: (ten uploads at once, an ingest beside the server) each get their turn.
SQLITE_BUSY_TIMEOUT_MS = 60_000

_SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "foreign_keys=ON",
    "synchronous=NORMAL",
    f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)
# Connections a process keeps: the web server's thread pool (40 threads) can all hold one
# at once. SQLite connections cost a file handle; PostgreSQL's default max_connections
# (100) leaves room for two server workers and an ingest.
_POOL = {"pool_size": 20, "max_overflow": 20, "pool_timeout": 30}
# SQLite's answers when the lock or the database cannot be had (sqlite3 gives no codes
# before Python 3.11's sqlite_errorcode, and SQLAlchemy wraps them all as OperationalError).
_BUSY_TEXTS = ("database is locked", "database table is locked", "database is busy")
# The rule an integrity error broke, as SQLite and PostgreSQL name it (never their SQL).
_CONSTRAINTS = (
    (
        "foreign key",
        "引用的记录不存在（外键约束）",
        "a row it refers to does not exist (foreign key)",
    ),
    ("unique", "同样的记录已经存在（唯一约束）", "the same row exists already (unique)"),
    ("not null", "缺少必填的值（非空约束）", "a required value is missing (not null)"),
    ("check", "值不在允许的范围内（检查约束）", "a value is outside what is allowed (check)"),
)


def database_error(url: str, exc: SQLAlchemyError) -> StoreError:
    """The :class:`StoreError` to raise for a database failure, with a message for users.

    The database's own message (SQL, parameters, the file's path) is logged with ``url``;
    the error says what happened in plain words, in English and (``zh``) in Chinese.
    """
    log.warning("database error on %s: %s", url, exc)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, PoolTimeoutError) or (
        isinstance(exc, OperationalError) and any(t in text for t in _BUSY_TEXTS)
    ):
        return StoreBusyError(
            "The plan store is busy with another write; try again shortly.",
            zh="数据库正忙：另一项写入尚未完成，请稍后重试。",
        )
    if isinstance(exc, IntegrityError):
        zh, en = next(
            ((zh, en) for key, zh, en in _CONSTRAINTS if key in text),
            ("与已存数据冲突", "it conflicts with stored data"),
        )
        return StoreError(
            f"The plan store refused the change: {en}.", zh=f"数据库拒绝了这次写入：{zh}。"
        )
    return StoreError(
        "The plan store cannot be used right now; try again later (details are logged).",
        zh="数据库暂时无法使用，请稍后重试；详情已记入服务日志。",
    )


def _normalise_url(url: str) -> str:
    """Plain ``postgresql://`` (and Heroku-style ``postgres://``) URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def migrations_config(url: str | None = None) -> Config:
    """An Alembic configuration for the shipped migrations, built in code (no alembic.ini)."""
    cfg = Config()
    # Alembic reads scripts from the file system: the folder beside this module
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    if url is not None:
        # ConfigParser interpolation: a literal % in a password must be doubled
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class Store:
    """The plan store: an engine, a session factory, and the schema's migrations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.

        For reading, or writing on PostgreSQL; a transaction that writes to SQLite should be
        :meth:`writing`. Database errors come out as :class:`~luoshi.errors.StoreError`.
        """
        with self._transaction(immediate=False) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on error.

        On SQLite it starts with ``BEGIN IMMEDIATE``, taking the write lock at once (waiting
        for it up to :data:`SQLITE_BUSY_TIMEOUT_MS`): a deferred transaction that reads and
        then writes fails at once with "database is locked" when another writer committed
        in between (SQLite's SQLITE_BUSY_SNAPSHOT), however long the busy timeout. Keep
        the work inside short: everything that can be prepared before it, should be.
        """
        with self._transaction(immediate=True) as session:
            yield session

    @contextmanager
    def _transaction(self, *, immediate: bool) -> Iterator[Session]:
        session = self._sessions()
        try:
            if immediate and self.dialect == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise database_error(self.url, exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def migrate(self) -> None:
        """Bring the schema to the newest migration and sync the indicator vocabulary."""
        cfg = migrations_config()
        try:
            with self.engine.begin() as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            log.error("migration of %s failed: %s", self.url, exc)
            raise StoreError(
                "Migrating the plan store failed; the details are logged.",
                zh="数据库结构升级失败，详情已记入日志。",
            ) from exc
        with self.writing() as session:
            sync_indicators(session)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sync_indicators(session: Session) -> int:
    """Insert or update the canonical indicators (the shipped file plus LUOSHI_INDICATORS).

    Done on :meth:`Store.migrate` rather than in a migration, because the vocabulary is
    extensible by the user and grows between releases. Returns the number changed.
    """
    existing = {i.id: i for i in session.scalars(select(models.Indicator))}
    changed = 0
    for ind in vocabulary():
        fields = {
            "name": ind.name,
            "unit": ind.unit,
            "direction": ind.direction,
            "dimension": ind.dimension,
            "binding": ind.binding,
            "synonyms": list(ind.synonyms),
            "nature": ind.nature,
            "ceiling": ind.ceiling,
            "national_name": ind.national_name,
        }
        row = existing.get(ind.id)
        if row is None:
            row = models.Indicator(id=ind.id, **fields)
            session.add(row)
            existing[ind.id] = row
            changed += 1
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(row, k, v)
            changed += 1
    return changed


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url`` (default: ``Settings().database_url``).

    Does not create tables: call :meth:`Store.migrate` for that.
    """
    raw = url if url is not None else Settings().database_url
    try:
        parsed = make_url(_normalise_url(raw))
        memory = parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")
        engine = create_engine(parsed) if memory else create_engine(parsed, **_POOL)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"{raw!r} is not a database URL luoshi can open ({exc}); "
            "use sqlite:///path.db or postgresql://user@host/db",
            zh=f"{raw!r} 不是可打开的数据库地址；请使用 sqlite:///path.db 或 "
            "postgresql://user@host/db",
        ) from exc
    except ImportError as exc:
        raise StoreError(
            f"{raw!r}: the database driver is not installed ({exc})",
            zh=f"{raw!r}：数据库驱动未安装",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        engine.dispose()
        raise StoreError(
            f"{raw!r}: unsupported database; luoshi supports sqlite and postgresql",
            zh=f"{raw!r}：不支持的数据库；可用 sqlite 或 postgresql",
        )
    return Store(engine)
