"""Opening the plan store: an engine per :class:`Store`, never one at module level.

SQLite (the default, ``sqlite:///luoshi.db``) gets WAL journalling, enforced foreign
keys and ``synchronous=NORMAL`` on every connection: WAL lets readers (the web view)
work while an ingest writes, and NORMAL is the setting SQLite's documentation gives as
safe under WAL. PostgreSQL goes through psycopg 3 (``postgresql+psycopg://``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from luoshi.config import Settings
from luoshi.errors import StoreError
from luoshi.extract.components.indicator import vocabulary
from luoshi.store import models

__all__ = ["Store", "migrations_config", "open_store"]

_SQLITE_PRAGMAS = ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL")


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

        Database errors come out as :class:`~luoshi.errors.StoreError`.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(
                f"{self.url}: {type(exc).__name__}: {exc}",
                zh=f"数据库出错（{type(exc).__name__}），请稍后再试",
            ) from exc
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
            raise StoreError(f"{self.url}: migration failed ({exc})", zh="数据库升级失败") from exc
        with self.session() as session:
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
        engine = create_engine(parsed)
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
