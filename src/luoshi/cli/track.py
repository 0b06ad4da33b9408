"""``luoshi targets``, ``status``, ``compare`` and ``index``: what the store says about the plan."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from luoshi.cli._common import err_console, report_error
from luoshi.cli._output import Column, TableFormat, write_table
from luoshi.cli.store import DbOption, opened_store
from luoshi.errors import LuoshiError
from luoshi.track import STATUSES, compare, composite_index, rank_stability
from luoshi.track.ledger import ledger_record
from luoshi.track.status import TargetStatus, plan_findings, region_matrix, target_statuses

__all__ = ["register"]


class Normalisation(StrEnum):
    """How indicators are put on one scale."""

    minmax = "minmax"
    zscore = "zscore"


class Weighting(StrEnum):
    """How indicators are weighted inside a dimension."""

    equal = "equal"
    entropy = "entropy"


class Aggregation(StrEnum):
    """How weighted indicators are combined."""

    arithmetic = "arithmetic"
    geometric = "geometric"


Fmt = Annotated[TableFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx.")]
Out = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (xlsx needs it).")
]
RegionOpt = Annotated[
    str | None, typer.Option("--region", help="Region code (GB/T 2260 or your own).")
]
IndicatorOpt = Annotated[
    str | None, typer.Option("--indicator", help="Canonical indicator id or phrase.")
]
DimensionOpt = Annotated[
    str | None, typer.Option("--dimension", help="创新 协调 绿色 开放 共享 (or 经济).")
]
RegionsOpt = Annotated[list[str] | None, typer.Option("--region", help="Regions (repeat).")]
ParentOpt = Annotated[str | None, typer.Option("--parent", help="The regions under this one.")]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", help="Deadline year (targets) or latest year (compare, index)."),
]

_TARGET_COLUMNS = [
    Column("region", "地区", 16),
    Column("indicator", "指标", 22),
    Column("target", "目标值", 14, "#,##0.####"),
    Column("unit", "单位", 8),
    Column("comparator", "比较", 6),
    Column("measure", "度量", 8),
    Column("deadline", "期限", 8),
    Column("baseline", "基期值", 14, "#,##0.####"),
    Column("baseline_year", "基期", 8),
    Column("latest", "最新值", 14, "#,##0.####"),
    Column("latest_year", "最新年份", 8),
    Column("status", "进度", 10),
    Column("ratio", "实际/应有", 10, "0.00"),
    Column("explanation", "说明", 50, wrap=True),
    Column("source", "来源句子", 60, wrap=True),
    Column("document", "文件", 24),
]


def _target_row(t: TargetStatus) -> dict[str, Any]:
    """A ledger record with the status in Chinese (the 清单's 进度 column)."""
    row = ledger_record(t)
    return {**row, "status": row["status_zh"], "status_code": row["status"]}


def register(app: typer.Typer) -> None:
    """Add the tracking commands to ``app``."""

    def _list(
        db: str | None,
        region: str | None,
        indicator: str | None,
        dimension: str | None,
        year: int | None,
        status: str | None,
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Target rows, and the consistency findings of their plans."""
        if status and status not in STATUSES:
            raise typer.BadParameter(f"--status {status!r}: choose one of {', '.join(STATUSES)}")
        with opened_store(db) as store, store.session() as session:
            found = target_statuses(
                session,
                region=region,
                indicator=indicator,
                dimension=dimension,
                year=year,
                status=status,
            )
            findings = [f.message for f in plan_findings(found)]
            return [_target_row(t) for t in found], findings

    @app.command("targets")
    def targets(
        region: RegionOpt = None,
        indicator: IndicatorOpt = None,
        dimension: DimensionOpt = None,
        year: YearOpt = None,
        status: Annotated[
            str | None, typer.Option("--status", help=f"One of {', '.join(STATUSES)}.")
        ] = None,
        fmt: Fmt = TableFormat.table,
        output: Out = None,
        db: DbOption = None,
    ) -> None:
        """The 清单 of targets: value, deadline, baseline, latest value, status, source sentence."""
        rows, _ = _list(db, region, indicator, dimension, year, status)
        write_table(rows, _TARGET_COLUMNS, fmt, output, title="目标清单", sheet="目标清单")

    @app.command("status")
    def status_cmd(
        region: RegionOpt = None,
        indicator: IndicatorOpt = None,
        dimension: DimensionOpt = None,
        year: YearOpt = None,
        fmt: Fmt = TableFormat.table,
        output: Out = None,
        db: DbOption = None,
    ) -> None:
        """Targets that have data, with their status and the numbers behind it; counts by status."""
        listed, findings = _list(db, region, indicator, dimension, year, None)
        rows = [r for r in listed if r["status_code"] not in ("insufficient_data", "no_verdict")]
        cols = [
            c
            for c in _TARGET_COLUMNS
            if c.key
            in (
                "region",
                "indicator",
                "target",
                "unit",
                "deadline",
                "baseline",
                "baseline_year",
                "latest",
                "latest_year",
                "status",
                "ratio",
                "explanation",
            )
        ]
        write_table(rows, cols, fmt, output, title="目标进度", sheet="目标进度")
        if fmt is TableFormat.table and output is None:
            counts: dict[str, int] = {}
            for r in rows:
                counts[r["status"]] = counts.get(r["status"], 0) + 1
            typer.echo("  ".join(f"{k} {v}" for k, v in counts.items()) or "no target has data yet")
        for message in findings:
            # targets of one plan that cannot both hold: said on stderr in every format
            err_console.print(f"consistency: {message}", markup=False)

    @app.command("compare")
    def compare_cmd(
        region: RegionsOpt = None,
        parent: ParentOpt = None,
        indicator: Annotated[
            list[str] | None, typer.Option("--indicator", help="Indicators (repeat).")
        ] = None,
        dimension: DimensionOpt = None,
        year: YearOpt = None,
        fmt: Fmt = TableFormat.table,
        output: Out = None,
        db: DbOption = None,
    ) -> None:
        """Regions × indicators: the latest value of each and the region's rank on it."""
        with opened_store(db) as store, store.session() as session:
            m = region_matrix(
                session,
                regions=region,
                parent=parent,
                indicators=indicator,
                dimension=dimension,
                year=year,
            )
        if not m.regions or not m.indicators:
            typer.echo("no observations to compare")
            return
        table = compare(m.values, m.directions, regions=m.regions, indicators=m.indicators)
        rows: list[dict[str, Any]] = []
        for i, code in enumerate(m.regions):
            row: dict[str, Any] = {"region": m.region_names[i], "region_code": code}
            for j, ind in enumerate(m.indicators):
                v = m.values[i, j]
                row[ind] = None if np.isnan(v) else float(v)
                row[f"{ind}:rank"] = int(table.ranks[i, j]) or None
            rows.append(row)
        cols = [Column("region_code", "代码", 10), Column("region", "地区", 16)]
        for ind, name in zip(m.indicators, m.indicator_names, strict=True):
            cols += [Column(ind, name, 16, "#,##0.####"), Column(f"{ind}:rank", "位次", 6)]
        write_table(rows, cols, fmt, output, title="地区比较", sheet="地区比较")

    @app.command("index")
    def index_cmd(
        region: RegionsOpt = None,
        parent: ParentOpt = None,
        year: YearOpt = None,
        normalisation: Annotated[
            Normalisation, typer.Option("--normalisation", help="minmax or zscore.")
        ] = Normalisation.minmax,
        weighting: Annotated[
            Weighting, typer.Option("--weighting", help="equal or entropy.")
        ] = Weighting.equal,
        aggregation: Annotated[
            Aggregation, typer.Option("--aggregation", help="arithmetic or geometric.")
        ] = Aggregation.arithmetic,
        fmt: Fmt = TableFormat.table,
        output: Out = None,
        db: DbOption = None,
    ) -> None:
        """The composite development index over 创新/协调/绿色/开放/共享, with rank stability."""
        with opened_store(db) as store, store.session() as session:
            m = region_matrix(session, regions=region, parent=parent, year=year)
        keep = [
            j for j, d in enumerate(m.dimensions) if d in ("创新", "协调", "绿色", "开放", "共享")
        ]
        if len(m.regions) < 2 or not keep:
            typer.echo(
                "the index needs at least two regions with indicators of the five dimensions"
            )
            return
        values = m.values[:, keep]
        dirs = [m.directions[j] for j in keep]
        dims = [m.dimensions[j] for j in keep]
        try:
            result = composite_index(
                values,
                dirs,
                dims,
                normalisation=normalisation.value,
                weighting=weighting.value,
                aggregation=aggregation.value,
            )
            stability = rank_stability(values, dirs, dims)
        except LuoshiError as exc:
            report_error(exc)
            raise typer.Exit(1) from None
        rows = []
        for i, code in enumerate(m.regions):
            row: dict[str, Any] = {
                "region": m.region_names[i],
                "region_code": code,
                "score": round(float(result.scores[i]), 4),
                "rank": int(result.ranks[i]),
            }
            for k, d in enumerate(result.dimensions):
                row[d] = round(float(result.sub_scores[i, k]), 4)
            row.update(
                median_rank=float(stability.median[i]),
                best=int(stability.best[i]),
                worst=int(stability.worst[i]),
            )
            rows.append(row)
        rows.sort(key=lambda r: r["rank"])
        cols = [
            Column("rank", "位次", 6),
            Column("region", "地区", 16),
            Column("region_code", "代码", 10),
            Column("score", "综合指数", 10, "0.0000"),
        ]
        cols += [Column(d, d, 8, "0.0000") for d in result.dimensions]
        cols += [
            Column("median_rank", "位次中位数", 10),
            Column("best", "最好", 6),
            Column("worst", "最差", 6),
        ]
        write_table(
            rows,
            cols,
            fmt,
            output,
            title=f"综合发展指数 ({result.method}; imputed {result.imputed})",
            sheet="综合指数",
        )
