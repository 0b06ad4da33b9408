"""``luoshi batch extract`` and ``luoshi load``: extraction at scale, its result into a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.batch.base import BatchEngine, BatchInput, BatchSummary
from luoshi.batch.local import LocalEngine
from luoshi.batch.result import iter_records, read_manifest
from luoshi.cli._common import progress, report_error
from luoshi.cli.store import DbOption, opened_store
from luoshi.errors import BatchError, LuoshiError
from luoshi.extract.record import default_jobs
from luoshi.store.load import load_records

__all__ = ["register"]

_ENGINES = ("spark", "local")


def _run(
    engine_name: str,
    master: str | None,
    jobs: int | None,
    source: BatchInput,
    output: str,
    region: tuple[str, str | None] | None,
    overwrite: bool,
) -> BatchSummary:
    engine: BatchEngine
    if engine_name == "local":
        engine = LocalEngine(jobs or default_jobs())
        return engine.extract(source, output, region=region, overwrite=overwrite)
    from luoshi.batch.spark import SparkEngine, spark_session

    session = spark_session(master)
    try:
        engine = SparkEngine(session)
        return engine.extract(source, output, region=region, overwrite=overwrite)
    finally:
        session.stop()  # and with it the JVM this process started


def register(app: typer.Typer) -> None:
    """Add ``batch extract`` and ``load`` to ``app``."""
    batch_app = typer.Typer(
        help="Batch extraction at scale: Spark (any cluster, or local[N]) or this machine.",
        no_args_is_help=True,
    )
    app.add_typer(batch_app, name="batch")

    @batch_app.command("extract")
    def batch_extract(
        source: Annotated[
            str,
            typer.Argument(
                help="Input files: a path, folder or glob (file:, hdfs:, s3a:); "
                "with --table, a table of (id, name, content)."
            ),
        ],
        output: Annotated[str, typer.Argument(help="The result folder to create (Parquet).")],
        table: Annotated[
            bool, typer.Option("--table", help="SOURCE names a table, not files.")
        ] = False,
        engine: Annotated[
            str, typer.Option("--engine", help="spark (default) or local (this machine's cores).")
        ] = "spark",
        master: Annotated[
            str | None,
            typer.Option(
                "--master",
                help="Spark master: local[N], yarn, k8s://…, spark://… "
                "(default: what spark-submit sets, else local[*]).",
            ),
        ] = None,
        jobs: Annotated[
            int | None,
            typer.Option(
                "--jobs", "-j", min=1, help="Processes for --engine local (default: all cores)."
            ),
        ] = None,
        region: Annotated[
            str | None,
            typer.Option("--region", help="Region code for documents that name none."),
        ] = None,
        region_name: Annotated[
            str | None,
            typer.Option("--region-name", help="Name of a --region that is not an official one."),
        ] = None,
        overwrite: Annotated[
            bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")
        ] = False,
    ) -> None:
        """Extract every document of SOURCE into Parquet datasets under OUTPUT, atomically."""
        if engine not in _ENGINES:
            report_error(BatchError(f"--engine {engine!r}: choose one of {', '.join(_ENGINES)}"))
            raise typer.Exit(1)
        try:
            spec = BatchInput(table=source) if table else BatchInput(path=source)
            summary = _run(
                engine, master, jobs, spec, output, (region, region_name) if region else None,
                overwrite,
            )  # fmt: skip
        except LuoshiError as exc:
            report_error(exc)
            raise typer.Exit(1) from None
        rate = summary.input_bytes / 2**20 / summary.seconds if summary.seconds else 0.0
        typer.echo(
            f"documents {summary.documents}, failed {summary.failures}; "
            f"statements {summary.statements}, frameworks {summary.frameworks}; "
            f"{summary.seconds:.1f} s ({rate:.2f} MB/s) → {output}"
        )

    @app.command("load")
    def load(
        result: Annotated[Path, typer.Argument(help="A result folder of luoshi batch extract.")],
        chunk: Annotated[
            int, typer.Option("--chunk", min=1, help="Documents per transaction.")
        ] = 200,
        db: DbOption = None,
    ) -> None:
        """Bring a batch result into the plan store: in bulk, once per content."""
        try:
            manifest = read_manifest(result)
        except LuoshiError as exc:
            report_error(exc)
            raise typer.Exit(1) from None
        total = int(manifest.get("summary", {}).get("documents", 0))
        with opened_store(db) as store, progress(total, "loading") as bar:
            task = bar.add_task("load", total=total)
            try:
                summary = load_records(
                    store,
                    iter_records(result, chunk=chunk),
                    on_progress=lambda n: bar.advance(task, n),
                )
            except LuoshiError as exc:
                report_error(exc)
                raise typer.Exit(1) from None
        failed = int(manifest.get("summary", {}).get("failures", 0))
        typer.echo(
            f"documents: {summary.documents_new} new, {summary.documents_unchanged} unchanged "
            f"({failed} failed in the batch, see its failures dataset); "
            f"statements {summary.statements}, targets {summary.targets}, "
            f"observations {summary.observations}, frameworks {summary.frameworks}"
        )
