"""``luoshi ingest`` and ``luoshi import-data``: fill the plan store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from luoshi.cli._common import err_console, expand_paths, progress, report_error
from luoshi.errors import LuoshiError
from luoshi.extract.record import default_jobs
from luoshi.store import Store, import_table, ingest_paths, models, open_store
from luoshi.store.repository import ensure_region

__all__ = ["DbOption", "opened_store", "register", "register_regions"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: LUOSHI_DATABASE_URL, else sqlite:///luoshi.db)."
    ),
]


@contextmanager
def opened_store(db: str | None) -> Iterator[Store]:
    """The store at ``db`` (migrated), closed afterwards; a store that cannot be opened is
    one clear line and exit status 1."""
    try:
        store = open_store(db)
        store.migrate()
    except LuoshiError as exc:
        report_error(exc)
        raise typer.Exit(1) from None
    try:
        yield store
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``import-data`` to ``app``."""

    @app.command("ingest")
    def ingest(
        paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to ingest.")],
        region: Annotated[
            str | None,
            typer.Option("--region", help="Region code for documents that name none."),
        ] = None,
        region_name: Annotated[
            str | None,
            typer.Option("--region-name", help="Name of a --region that is not an official one."),
        ] = None,
        jobs: Annotated[
            int | None,
            typer.Option(
                "--jobs", "-j", min=1, help="Processes that read and extract (default: all cores)."
            ),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Read, extract and store documents: each in its own transaction, once per content."""
        files = list(expand_paths(paths))
        with opened_store(db) as store, progress(len(files), "ingesting") as bar:
            task = bar.add_task("ingest", total=len(files))
            summary = ingest_paths(
                store,
                files,
                on_progress=lambda _p, _o: bar.advance(task),
                region=(region, region_name) if region else None,
                jobs=jobs or default_jobs(),
            )
        for path, reason in summary.failures:
            zh = summary.failures_zh.get(path, "")
            said = f"{zh} / {reason}" if zh and zh != reason else reason
            err_console.print(
                f"[red]error:[/red] {said if str(path) in said else f'{path}: {said}'}",
                markup=True,
            )
        typer.echo(
            f"documents: {summary.documents_new} new, {summary.documents_unchanged} unchanged, "
            f"{len(summary.failures)} failed; statements {summary.statements}, "
            f"targets {summary.targets}, observations {summary.observations}, "
            f"frameworks {summary.frameworks}"
        )
        if summary.failures:
            raise typer.Exit(1)

    @app.command("import-data")
    def import_data(
        files: Annotated[list[Path], typer.Argument(help="CSV or XLSX tables of statistics.")],
        region: Annotated[
            str | None,
            typer.Option("--region", help="Region code for a table without a region column."),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Load observation tables (region × indicator × year) into the store."""
        failed = False
        with opened_store(db) as store:
            for f in files:
                try:
                    s = import_table(store, f, region_code=region)
                except LuoshiError as exc:
                    failed = True
                    report_error(exc)
                    continue
                if s.unchanged:
                    typer.echo(f"{f}: unchanged (imported before)")
                    continue
                typer.echo(
                    f"{f}: {s.rows_ok} rows imported, {s.rows_bad} bad; "
                    f"{s.observations} observations, {s.conflicts} conflicts"
                )
                for row, reason in s.bad_rows:
                    err_console.print(f"  row {row}: {reason}", markup=False)
                if s.unmapped_indicators:
                    typer.echo(f"  not mapped to an indicator: {'、'.join(s.unmapped_indicators)}")
                if s.unmapped_regions:
                    typer.echo(f"  regions not found: {'、'.join(s.unmapped_regions)}")
                failed = failed or bool(s.rows_bad)
        if failed:
            raise typer.Exit(1)


def register_regions(app: typer.Typer) -> None:
    """Add ``region add`` and ``region list`` to ``app``."""
    region_app = typer.Typer(
        help="Regions: the official division list, and your own (zones).", no_args_is_help=True
    )
    app.add_typer(region_app, name="region")

    @region_app.command("add")
    def region_add(
        code: Annotated[
            str, typer.Argument(help="A code outside GB/T 2260 (e.g. 990001), or an official one.")
        ],
        name: Annotated[str, typer.Argument(help="Its name, e.g. 某某经济技术开发区.")],
        level: Annotated[
            str | None, typer.Option("--level", help="province, city, county or zone.")
        ] = None,
        parent: Annotated[
            str | None, typer.Option("--parent", help="Code of the region it belongs to.")
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Add a region the official list does not have (a development zone, a fictional county)."""
        with opened_store(db) as store, store.session() as session:
            try:
                ensure_region(session, parent)
                ensure_region(session, code, name=name, level=level)
                row = session.get(models.Region, code)
                if row is not None and parent and row.parent_code is None and not row.is_official:
                    row.parent_code = parent
            except LuoshiError as exc:
                report_error(exc)
                raise typer.Exit(1) from None
        typer.echo(f"region {code} {name}")

    @region_app.command("list")
    def region_list(db: DbOption = None) -> None:
        """The regions in the store."""
        with opened_store(db) as store, store.session() as session:
            for r in session.scalars(select(models.Region).order_by(models.Region.code)):
                kind = "official" if r.is_official else "user"
                typer.echo(f"{r.code}\t{r.name}\t{r.level or ''}\t{r.parent_code or ''}\t{kind}")
