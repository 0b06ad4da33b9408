"""The loop's commands: accounts, departments, backup and restore, audit, deadlines, scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.cli import app
from tests.loop.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store with the sample plan's county in it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    done = runner.invoke(
        app, ["ingest", str(SAMPLE), "--region", "990001", "--region-name", "禾川县", "--db", url]
    )
    assert done.exit_code == 0, done.output
    return url


def _ok(*args: str, input: str | None = None) -> str:
    done = runner.invoke(app, list(args), input=input)
    assert done.exit_code == 0, done.output
    return done.output


def test_accounts_and_departments(db: str) -> None:
    assert "department 1 县发展改革委 (990001)" in _ok(
        "department", "add", "县发展改革委", "--region", "990001", "--db", db
    )
    assert "1\t990001\t县发展改革委" in _ok("department", "list", "--db", db)
    out = _ok(
        "user",
        "add",
        "fgw",
        "--role",
        "department",
        "--department",
        "1",
        "--name",
        "发改委账号",
        "--email",
        "fgw@county.example",
        "--password-stdin",
        "--db",
        db,
        input="a long password\n",
    )
    assert "user 1 fgw (department)" in out
    _ok(
        "user",
        "add",
        "lead",
        "--role",
        "leader",
        "--region",
        "990001",
        "--db",
        db,
        input="another password\nanother password\n",
    )  # the prompt asks twice
    listed = _ok("user", "list", "--db", db)
    assert "fgw\tdepartment\t990001\t县发展改革委\tactive" in listed and "lead\tleader" in listed
    _ok("user", "password", "lead", "--password-stdin", "--db", db, input="a third password\n")
    assert "disabled" in _ok("user", "disable", "fgw", "--db", db)
    assert "fgw\tdepartment\t990001\t县发展改革委\tdisabled" in _ok("user", "list", "--db", db)
    assert "user fgw enabled" in _ok("user", "enable", "fgw", "--db", db)
    assert "fgw\tdepartment\t990001\t县发展改革委\tactive" in _ok("user", "list", "--db", db)
    missing = runner.invoke(app, ["user", "enable", "nobody", "--db", db])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    audit = _ok("audit", "--entity", "user", "--db", db)
    assert "set_password" in audit and "disable" in audit and "long password" not in audit
    assert "\tenable\t" in audit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["user", "add", "x", "--role", "king", "--region", "990001"], "role 'king'"),
        (["user", "add", "x", "--role", "leader", "--region", "000000"], "needs a --region"),
        (["user", "disable", "nobody"], "no user 'nobody'"),
        (["department", "add", "某局", "--region", "000000"], "not in the store"),
        (
            [
                "assess",
                "--region",
                "990001",
                "--period",
                "2026",
                "--start",
                "2026-13-01",
                "--end",
                "2026-12-31",
            ],
            "month must be in 1..12",
        ),
        (["draft-tasks", "99"], "document 99 does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(db: str, args: list[str], message: str) -> None:
    done = runner.invoke(app, [*args, "--db", db], input="a long password\n" * 2)
    assert done.exit_code == 1
    assert message in done.output and "Traceback" not in done.output


def test_backup_and_restore(db: str, tmp_path: Path) -> None:
    _ok("department", "add", "县发展改革委", "--region", "990001", "--db", db)
    out = _ok("backup", str(tmp_path / "b.bak"), "--db", db)
    assert "sqlite backup" in out
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    _ok("restore", str(tmp_path / "b.bak"), "--db", fresh)
    assert "县发展改革委" in _ok("department", "list", "--db", fresh)
    refused = runner.invoke(app, ["restore", str(tmp_path / "b.bak"), "--db", db])
    assert refused.exit_code == 1 and "not empty" in refused.output


def test_draft_scan_assess_and_export(db: str, tmp_path: Path) -> None:
    out = _ok("draft-tasks", "1", "--db", db)
    assert "5 draft tasks" in out
    assert "overdue 0" in _ok("scan-deadlines", "--region", "990001", "--days", "3", "--db", db)
    out = _ok(
        "assess",
        "--region",
        "990001",
        "--period",
        "2026",
        "--start",
        "2026-01-01",
        "--end",
        "2026-12-31",
        "--xlsx",
        str(tmp_path / "s.xlsx"),
        "--docx",
        str(tmp_path / "b.docx"),
        "--db",
        db,
    )
    assert "score sheet" in out and "督查通报" in out
    assert load_workbook(tmp_path / "s.xlsx").sheetnames == ["部门排名", "任务得分", "考核办法"]
    out = _ok("audit", "--output", str(tmp_path / "a.csv"), "--db", db)
    assert (
        "entries" in out
        and (tmp_path / "a.csv").read_text(encoding="utf-8-sig").count("起草") == 5  # draft
    )
    listed = _ok("audit", "--entity", "task", "--id", "1", "--actor", "system", "--db", db)
    assert "draft" in listed
