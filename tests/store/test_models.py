"""The schema: migrations create it, names follow the convention, SQLite is set up right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

import luoshi.loop.models  # noqa: F401  (the loop's tables are part of the schema)
from luoshi.errors import StoreError
from luoshi.extract.components.indicator import vocabulary
from luoshi.store import Store, models, open_store
from luoshi.store.db import migrations_config

TABLES = {
    "region",
    "indicator",
    "document",
    "statement",
    "target",
    "observation",
    "framework",
    "framework_member",
    "import_batch",
}

#: Indexes whose convention name would pass PostgreSQL's 63-byte limit.
NAMED_BY_HAND = {"ix_observation_series"}


def test_migrate_creates_the_schema(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert names >= TABLES | {"alembic_version"}
    heads = set(ScriptDirectory.from_config(migrations_config()).get_heads())
    with store.engine.connect() as conn:
        applied = set(conn.execute(text("select version_num from alembic_version")).scalars())
    assert applied == heads


def test_migration_matches_the_models(store: Store) -> None:
    """The hand-checked 0001 migration and the models describe the same schema."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                # full-text search's index is dialect-specific SQL, outside the models
                "include_name": lambda name, kind, _p: not str(name).startswith("passage_fts"),
            },
        )
        assert compare_metadata(context, models.Base.metadata) == []


def test_every_migration_goes_down_and_up_again(store: Store) -> None:
    cfg = migrations_config()
    with store.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    store.migrate()
    assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_migrate_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    with store.session() as session:
        ids = set(session.scalars(select(models.Indicator.id)))
    assert ids == {i.id for i in vocabulary()}


def test_indicators_carry_their_national_name(store: Store) -> None:
    with store.session() as session:
        gdp = session.get(models.Indicator, "gdp")
        cpi = session.get(models.Indicator, "cpi")
        assert gdp is not None and cpi is not None
        assert (gdp.name, gdp.national_name) == ("地区生产总值", "国内生产总值")
        assert gdp.name_at("national") == "国内生产总值" and gdp.name_at("county") == "地区生产总值"
        assert cpi.name_at("national") == cpi.name and cpi.ceiling


def test_every_constraint_is_named_by_the_convention(store: Store) -> None:
    insp = inspect(store.engine)
    for table in TABLES:
        for fk in insp.get_foreign_keys(table):
            column, referred = fk["constrained_columns"][0], fk["referred_table"]
            assert fk["name"] == f"fk_{table}_{column}_{referred}"
        for ix in insp.get_indexes(table):
            if ix.get("duplicates_constraint"):  # PostgreSQL: the index behind a unique
                continue
            if ix["name"] in NAMED_BY_HAND:
                continue
            assert ix["name"] == f"ix_{table}_" + "_".join(str(c) for c in ix["column_names"])
        for uq in insp.get_unique_constraints(table):
            assert uq["name"] == f"uq_{table}_" + "_".join(uq["column_names"])
        if store.dialect == "postgresql":  # SQLite does not keep primary key names
            assert insp.get_pk_constraint(table)["name"] == f"pk_{table}"
    assert {u["name"] for u in insp.get_unique_constraints("document")} == {
        "uq_document_content_hash"
    }


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(StoreError, match=r"(?i)foreign key"), store.session() as session:
        session.add(
            models.Framework(
                document_id=999, name="x", count=1, start=0, end=1, source_start=0, source_end=1
            )
        )


def test_a_failed_session_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        session.add(models.Region(code="999001", name="测试区", is_official=False))
        session.flush()
        raise RuntimeError("boom")
    with store.session() as session:
        assert session.get(models.Region, "999001") is None


def test_sqlite_pragmas(tmp_path: Path, open_url: Callable[[str], Store]) -> None:
    s = open_url(f"sqlite:///{tmp_path / 'p.db'}")
    s.migrate()
    with s.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    assert (tmp_path / "p.db-wal").exists()


def test_default_url_comes_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_url: Callable[[str], Store]
) -> None:
    monkeypatch.setenv("LUOSHI_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    s = open_store()
    try:
        assert s.url.endswith("env.db") and s.dialect == "sqlite"
    finally:
        s.close()
    monkeypatch.delenv("LUOSHI_DATABASE_URL")
    monkeypatch.chdir(tmp_path)
    s = open_store()
    try:
        s.migrate()
    finally:
        s.close()
    assert (tmp_path / "luoshi.db").exists()


def test_postgresql_urls_use_psycopg() -> None:
    for url in ("postgresql://u@localhost/db", "postgres://u@localhost/db"):
        s = open_store(url)  # no connection is made until used
        try:
            assert s.engine.url.drivername == "postgresql+psycopg"
        finally:
            s.close()


@pytest.mark.parametrize("url", ["not a url", "oracle://x@y/z", "mysql://x@y/z"])
def test_bad_urls_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError):
        open_store(url)
