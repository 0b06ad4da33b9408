"""The audit trail: written in the change's transaction, append-only in the database too."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from luoshi.errors import LoopError, TransitionError
from luoshi.loop.audit import export_audit, list_audit
from luoshi.loop.tasks import assign_task, edit_task, get_task
from luoshi.loop.users import add_user
from tests.loop.conftest import World


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET actor = 'nobody'",
        "DELETE FROM audit_entry",
        "UPDATE audit_entry SET after = NULL WHERE id = 1",
    ],
)
def test_the_database_refuses_changes_to_the_trail(world: World, statement: str) -> None:
    entries = list_audit(world.store, world.admin)
    assert entries
    with pytest.raises(DBAPIError, match="append-only"), world.store.engine.begin() as conn:
        conn.execute(text(statement))
    assert list_audit(world.store, world.admin) == entries


def test_postgresql_refuses_truncate_too(world: World) -> None:
    if world.store.dialect != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement (SQLite has DELETE only)")
    with pytest.raises(DBAPIError, match="append-only"), world.store.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_entry"))


def test_an_entry_records_who_what_and_before_after(world: World) -> None:
    t = world.task()
    edit_task(world.store, world.leader, t.id, t.version, title="新标题", importance=3)
    [e] = [
        e
        for e in list_audit(world.store, world.leader, entity="task", entity_id=t.id)
        if e.action == "edit"
    ]
    assert e.actor == "leader" and e.region_code == t.region_code
    assert e.before == {"title": t.title, "importance": 1}
    assert e.after == {"title": "新标题", "importance": 3}


def test_a_refused_change_leaves_no_entry(world: World) -> None:
    t = world.task()
    n = len(list_audit(world.store, world.admin))
    with pytest.raises(TransitionError):
        assign_task(world.store, world.leader, t.id, t.version)  # already assigned
    with pytest.raises(LoopError):
        edit_task(world.store, world.leader, t.id, t.version, owner_department_id=999)
    assert len(list_audit(world.store, world.admin)) == n
    assert get_task(world.store, world.leader, t.id).owner_department_id == world.dept_id


def test_user_entries_never_hold_a_password(world: World) -> None:
    add_user(
        world.store,
        world.admin,
        username="newbie",
        password="s3cret-pass",
        role="viewer",
        region_code=world.leader.region_code,
    )
    dumped = repr(list_audit(world.store, world.admin, entity="user"))
    assert "s3cret-pass" not in dumped and "argon2" not in dumped


def test_leaders_see_their_region_only(world: World) -> None:
    world.task()
    assert list_audit(world.store, world.leader)
    seen = list_audit(world.store, world.stranger)
    assert {e.region_code for e in seen} == {world.stranger.region_code}  # its own account


def test_export_to_xlsx_and_csv(world: World, tmp_path: Path) -> None:
    world.task()
    entries = list_audit(world.store, world.admin)
    rows = list(
        load_workbook(export_audit(entries, tmp_path / "a.xlsx")).active.iter_rows(values_only=True)
    )
    assert len(rows) == len(entries) + 1 and rows[0][0] == "编号"
    out = export_audit(entries, tmp_path / "a.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        read = list(csv.reader(f))
    assert len(read) == len(entries) + 1
    assert read[-1][2] == entries[-1].actor
