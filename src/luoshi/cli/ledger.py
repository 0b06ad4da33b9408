"""``luoshi ledger``: the 承诺兑现台账, every target beside the result that answers it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from luoshi.cli._output import Column, TableFormat, write_table
from luoshi.cli.store import DbOption, opened_store
from luoshi.track.ledger import cross_region, ledger, ledger_record
from luoshi.track.progress import STATUS_ORDER, STATUS_ZH

__all__ = ["CROSS_COLUMNS", "LEDGER_COLUMNS", "register"]

#: The 台账's columns: the promise, then the result, then the verdict.
LEDGER_COLUMNS = [
    Column("region", "地区", 14),
    Column("region_code", "地区代码", 10),
    Column("indicator", "指标", 20),
    Column("measure", "度量", 8),
    Column("comparator", "比较", 6),
    Column("target", "目标值", 12, "#,##0.####"),
    Column("target_high", "目标上限", 12, "#,##0.####"),
    Column("unit", "单位", 8),
    Column("deadline", "目标年份", 8),
    Column("source", "承诺原文", 50, wrap=True),
    Column("document", "承诺文件", 22),
    Column("latest", "实绩", 12, "#,##0.####"),
    Column("latest_year", "实绩年份", 8),
    Column("result_source", "实绩原文", 50, wrap=True),
    Column("result_document", "实绩来源", 22),
    Column("status", "判断", 10),
    Column("gap", "差距", 10, "#,##0.####"),
    Column("gap_share", "差距占目标", 10, "0.0%"),
    Column("explanation", "说明", 60, wrap=True),
    Column("explanation_en", "Explanation", 60, wrap=True),
]
#: What a terminal table shows of a row (the files carry every column).
_SHORT = (
    "region",
    "indicator",
    "comparator",
    "target",
    "unit",
    "deadline",
    "latest",
    "latest_year",
    "status",
    "gap",
)
CROSS_COLUMNS = [
    Column("region", "地区", 14),
    Column("region_code", "地区代码", 10),
    Column("comparator", "比较", 6),
    Column("target", "目标值", 10, "#,##0.####"),
    Column("target_high", "目标上限", 10, "#,##0.####"),
    Column("parent_region", "上级地区", 10),
    Column("parent_target", "上级目标", 10, "#,##0.####"),
    Column("above_parent", "高于上级", 10, "#,##0.####"),
    Column("latest", "实绩", 10, "#,##0.####"),
    Column("status", "判断", 10),
    Column("gap", "差距", 10, "#,##0.####"),
    Column("source", "承诺原文", 50, wrap=True),
    Column("result_source", "实绩原文", 50, wrap=True),
]


def _zh(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "status": row["status_zh"], "status_code": row["status"]}


def register(app: typer.Typer) -> None:
    """Add ``ledger`` to ``app``."""

    @app.command("ledger")
    def ledger_cmd(
        region: Annotated[
            str | None,
            typer.Option("--region", help="Region code (GB/T 2260, 100000, or your own)."),
        ] = None,
        year: Annotated[int | None, typer.Option("--year", help="The targets' year.")] = None,
        indicator: Annotated[
            str | None, typer.Option("--indicator", help="Canonical indicator id or phrase.")
        ] = None,
        status: Annotated[
            str | None,
            typer.Option("--status", help=f"One of {', '.join(STATUS_ORDER)}."),
        ] = None,
        across: Annotated[
            bool,
            typer.Option(
                "--across",
                help="One row per region for --indicator and --year, beside its parent's target.",
            ),
        ] = False,
        as_of: Annotated[
            int | None,
            typer.Option(
                "--as-of",
                help="The current year (default: today's): later targets are still running.",
            ),
        ] = None,
        fmt: Annotated[
            TableFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx.")
        ] = TableFormat.table,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to this file (xlsx needs it).")
        ] = None,
        db: DbOption = None,
    ) -> None:
        """承诺兑现台账: each target beside the result that answers it, the verdict and the gap."""
        if status and status not in STATUS_ORDER:
            raise typer.BadParameter(
                f"--status {status!r}: choose one of {', '.join(STATUS_ORDER)}"
            )
        if across and (indicator is None or year is None):
            raise typer.BadParameter("--across needs --indicator and --year")
        with opened_store(db) as store, store.session() as session:
            if across:
                assert indicator is not None and year is not None
                view = cross_region(session, indicator, year, parent=region, as_of=as_of)
                rows = [
                    {
                        **_zh(ledger_record(c.row)),
                        "parent_region": c.parent_region,
                        "parent_target": c.parent_target,
                        "above_parent": c.above_parent,
                    }
                    for c in view.rows
                    if not status or c.row.status == status
                ]
                title = f"{view.indicator} {year}年 各地区目标与实绩"
                write_table(rows, CROSS_COLUMNS, fmt, output, title=title, sheet="地区对比")
                if fmt is TableFormat.table and output is None:
                    counts = "  ".join(f"{STATUS_ZH[s]} {n}" for s, n in view.counts.items() if n)
                    typer.echo(counts or "no region has a target for this indicator and year")
                return
            found = ledger(
                session, region=region, indicator=indicator, year=year, status=status, as_of=as_of
            )
            rows = [_zh(ledger_record(r)) for r in found]
        columns = LEDGER_COLUMNS
        if fmt is TableFormat.table and output is None:
            columns = [c for c in LEDGER_COLUMNS if c.key in _SHORT]
        write_table(rows, columns, fmt, output, title="承诺兑现台账", sheet="承诺兑现台账")
