"""The closed loop on the command line: accounts, departments, backups, audit, deadlines, scores.

The console operator acts as the system principal (an administrator without an account):
whoever runs these commands already holds the database. Each command is one call into
:mod:`luoshi.loop` or :mod:`luoshi.store.backup`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli._common import report_error
from luoshi.cli.store import DbOption, opened_store
from luoshi.config import Settings
from luoshi.errors import LuoshiError
from luoshi.loop.access import ROLES, Principal
from luoshi.loop.assessment import run_assessment
from luoshi.loop.audit import export_audit, list_audit
from luoshi.loop.drafting import draft_tasks
from luoshi.loop.exports import write_bulletin, write_score_sheet
from luoshi.loop.notices import scan_deadlines
from luoshi.loop.users import (
    add_department,
    add_user,
    disable_user,
    enable_user,
    list_departments,
    list_users,
)
from luoshi.loop.users import set_password as set_user_password
from luoshi.store.backup import backup as backup_store
from luoshi.store.backup import restore as restore_store

__all__ = ["register"]

_SYSTEM = Principal.system()


def _fail(exc: LuoshiError) -> typer.Exit:
    report_error(exc)
    return typer.Exit(1)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return value


def _register_users(app: typer.Typer) -> None:
    user_app = typer.Typer(help="Accounts of the closed loop.", no_args_is_help=True)
    app.add_typer(user_app, name="user")

    @user_app.command("add")
    def user_add(
        username: Annotated[str, typer.Argument(help="Login name (no spaces).")],
        role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
        region: Annotated[
            str | None, typer.Option("--region", help="Region code (leader and viewer accounts).")
        ] = None,
        department: Annotated[
            int | None, typer.Option("--department", help="Department id (department accounts).")
        ] = None,
        name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
        email: Annotated[
            str | None, typer.Option("--email", help="Address for deadline warnings.")
        ] = None,
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="Read the password from standard input.")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Create an account (the password is asked for, never given on the command line)."""
        password = _password(password_stdin)
        with opened_store(db) as store:
            try:
                u = add_user(
                    store,
                    _SYSTEM,
                    username=username,
                    password=password,
                    role=role,
                    region_code=region,
                    department_id=department,
                    display_name=name,
                    email=email,
                )
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(f"user {u.id} {u.username} ({u.role})")

    @user_app.command("list")
    def user_list(db: DbOption = None) -> None:
        """List accounts: id, name, role, region, department, state."""
        with opened_store(db) as store:
            for u in list_users(store, _SYSTEM):
                state = "disabled" if u.disabled else "active"
                typer.echo(
                    f"{u.id}\t{u.username}\t{u.role}\t{u.region_code or '-'}\t"
                    f"{u.department or '-'}\t{state}"
                )

    @user_app.command("disable")
    def user_disable(
        username: Annotated[str, typer.Argument(help="Login name.")], db: DbOption = None
    ) -> None:
        """Disable an account and end its sessions."""
        with opened_store(db) as store:
            try:
                disable_user(store, _SYSTEM, username)
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(f"user {username} disabled")

    @user_app.command("enable")
    def user_enable(
        username: Annotated[str, typer.Argument(help="Login name.")], db: DbOption = None
    ) -> None:
        """Enable a disabled account again (it logs in anew)."""
        with opened_store(db) as store:
            try:
                enable_user(store, _SYSTEM, username)
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(f"user {username} enabled")

    @user_app.command("password")
    def user_password(
        username: Annotated[str, typer.Argument(help="Login name.")],
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="Read the password from standard input.")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Set an account's password and end its sessions."""
        password = _password(password_stdin)
        with opened_store(db) as store:
            try:
                set_user_password(store, _SYSTEM, username, password)
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(f"password of {username} set")

    dept_app = typer.Typer(help="Departments that own and report on tasks.", no_args_is_help=True)
    app.add_typer(dept_app, name="department")

    @dept_app.command("add")
    def department_add(
        name: Annotated[str, typer.Argument(help="Department name, e.g. 县发展改革委.")],
        region: Annotated[str, typer.Option("--region", help="Region code it belongs to.")],
        db: DbOption = None,
    ) -> None:
        """Add a department to a region."""
        with opened_store(db) as store:
            try:
                d = add_department(store, _SYSTEM, region, name)
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(f"department {d.id} {d.name} ({d.region_code})")

    @dept_app.command("list")
    def department_list(db: DbOption = None) -> None:
        """List departments: id, region, name."""
        with opened_store(db) as store:
            for d in list_departments(store, _SYSTEM):
                typer.echo(f"{d.id}\t{d.region_code}\t{d.name}")


def register(app: typer.Typer) -> None:
    """Add ``user``, ``department``, ``backup``, ``restore``, ``audit``, ``draft-tasks``,
    ``scan-deadlines`` and ``assess`` to ``app``."""
    _register_users(app)

    @app.command("backup")
    def backup(
        dest: Annotated[Path, typer.Argument(help="File to write (must not exist).")],
        db: DbOption = None,
    ) -> None:
        """Write a consistent online backup (SQLite backup API, or pg_dump for PostgreSQL)."""
        try:
            info = backup_store(db or Settings().database_url, dest)
        except LuoshiError as exc:
            raise _fail(exc) from None
        typer.echo(f"{info.path}: {info.format} backup, {info.size} bytes")

    @app.command("restore")
    def restore(
        src: Annotated[Path, typer.Argument(help="A file written by `luoshi backup`.")],
        db: DbOption = None,
    ) -> None:
        """Restore a backup into an empty store of the same kind."""
        try:
            restore_store(src, db or Settings().database_url)
        except LuoshiError as exc:
            raise _fail(exc) from None
        typer.echo(f"restored {src}")

    @app.command("audit")
    def audit(
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to .xlsx or .csv.")
        ] = None,
        entity: Annotated[
            str | None, typer.Option("--entity", help="Only task, report, user, project, …")
        ] = None,
        entity_id: Annotated[str | None, typer.Option("--id", help="Only this record.")] = None,
        actor: Annotated[str | None, typer.Option("--actor", help="Only this user's.")] = None,
        db: DbOption = None,
    ) -> None:
        """Show or export the audit trail."""
        with opened_store(db) as store:
            records = list_audit(
                store, _SYSTEM, entity=entity, entity_id=entity_id, actor=actor, limit=100_000
            )
        if output is not None:
            export_audit(records, output)
            typer.echo(f"{output}: {len(records)} entries")
            return
        for e in records:
            at = e.at.isoformat(sep=" ", timespec="seconds")
            typer.echo(
                f"{e.id}\t{at}\t{e.actor}\t{e.entity} {e.entity_id}\t{e.action}\t"
                f"{e.before or ''} → {e.after or ''}"
            )

    @app.command("draft-tasks")
    def draft(
        document: Annotated[int, typer.Argument(help="Id of a stored document.")],
        region: Annotated[
            str | None, typer.Option("--region", help="Region code, if the document names none.")
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Draft a task for each 一是…/heading item under a goal of a stored document."""
        with opened_store(db) as store:
            try:
                tasks = draft_tasks(store, _SYSTEM, document, region_code=region)
            except LuoshiError as exc:
                raise _fail(exc) from None
        for t in tasks:
            typer.echo(f"{t.id}\t{t.title}")
        typer.echo(f"{len(tasks)} draft tasks")

    @app.command("scan-deadlines")
    def scan(
        region: Annotated[str | None, typer.Option("--region", help="Only this region.")] = None,
        days: Annotated[
            int, typer.Option("--days", help="Warn this many days before a deadline.")
        ] = 7,
        db: DbOption = None,
    ) -> None:
        """Mark overdue tasks and raise overdue and at-risk notices (e-mailed if SMTP is set)."""
        with opened_store(db) as store:
            try:
                r = scan_deadlines(store, _SYSTEM, region_code=region, days=days)
            except LuoshiError as exc:
                raise _fail(exc) from None
        typer.echo(
            f"overdue {len(r.overdue)}, at risk {len(r.at_risk)}, "
            f"new notices {r.notices}, e-mails {r.emails}"
        )

    @app.command("assess")
    def assess(
        region: Annotated[str, typer.Option("--region", help="Region code.")],
        period: Annotated[str, typer.Option("--period", help="Label, e.g. 2026 or 2026-H1.")],
        start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")],
        end: Annotated[str, typer.Option("--end", help="Last day, YYYY-MM-DD.")],
        xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the score sheet.")] = None,
        docx: Annotated[Path | None, typer.Option("--docx", help="Write the 督查通报.")] = None,
        db: DbOption = None,
    ) -> None:
        """Score the tasks due in a period and print the department league table."""
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError as exc:
            report_error(exc)
            raise typer.Exit(1) from None
        with opened_store(db) as store:
            try:
                result = run_assessment(
                    store, _SYSTEM, region_code=region, period=period, start=first, end=last
                )
            except LuoshiError as exc:
                raise _fail(exc) from None
        for r in result.league:
            typer.echo(f"{r.rank}\t{r.department}\t{r.tasks}\t{r.score:.2f}")
        if xlsx is not None:
            write_score_sheet(result, xlsx)
            typer.echo(f"{xlsx}: score sheet")
        if docx is not None:
            write_bulletin(result, docx)
            typer.echo(f"{docx}: 督查通报")
