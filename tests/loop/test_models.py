"""The loop's schema: named by the convention, created and removed by migration 0004_loop."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from luoshi.loop import models as lm
from luoshi.store import Store
from luoshi.store.db import migrations_config

LOOP_TABLES = {
    m.__tablename__
    for m in (
        lm.Department,
        lm.User,
        lm.LoginAttempt,
        lm.SessionToken,
        lm.Task,
        lm.TaskDepartment,
        lm.TaskTarget,
        lm.Milestone,
        lm.Project,
        lm.ProjectPeriod,
        lm.Report,
        lm.ReportFigure,
        lm.Attachment,
        lm.Notice,
        lm.Assessment,
        lm.Score,
        lm.AuditEntry,
    )
}


def test_every_loop_constraint_is_named_by_the_convention(store: Store) -> None:
    insp = inspect(store.engine)
    assert set(insp.get_table_names()) >= LOOP_TABLES
    for table in LOOP_TABLES:
        for fk in insp.get_foreign_keys(table):
            column, referred = fk["constrained_columns"][0], fk["referred_table"]
            assert fk["name"] == f"fk_{table}_{column}_{referred}"
        for ix in insp.get_indexes(table):
            if ix.get("duplicates_constraint"):
                continue
            assert ix["name"] == f"ix_{table}_" + "_".join(str(c) for c in ix["column_names"])
        for uq in insp.get_unique_constraints(table):
            assert uq["name"] == f"uq_{table}_" + "_".join(uq["column_names"])


def test_the_loop_migration_goes_down_and_up(store: Store) -> None:
    cfg = migrations_config()
    with store.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0003_search")  # the revision before the loop
    names = set(inspect(store.engine).get_table_names())
    assert not names & LOOP_TABLES and "target" in names
    with store.engine.connect() as conn:
        applied = set(conn.execute(text("select version_num from alembic_version")).scalars())
    assert applied == {"0003_search"}  # the revisions before it stay
    store.migrate()
    assert set(inspect(store.engine).get_table_names()) >= LOOP_TABLES
