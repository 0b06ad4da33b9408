"""Tabular output shared by the commands: a Rich table, JSON, CSV, or an Excel 清单."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from luoshi.xlsx import new_workbook, style_sheet

__all__ = ["Column", "TableFormat", "write_table"]


class TableFormat(StrEnum):
    """Output formats of the listing commands."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Column:
    """A column: its key in the rows, its header, its Excel width and number format."""

    def __init__(
        self,
        key: str,
        header: str,
        width: int = 12,
        number_format: str | None = None,
        wrap: bool = False,
    ) -> None:
        self.key, self.header, self.width, self.number_format, self.wrap = (
            key,
            header,
            width,
            number_format,
            wrap,
        )


def _cell(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def write_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: TableFormat,
    output: Path | None,
    *,
    title: str = "",
    sheet: str = "清单",
) -> None:
    """Write ``rows`` in ``fmt``: to ``output``, else to standard output (xlsx needs a file)."""
    if fmt is TableFormat.xlsx:
        if output is None:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        _write_xlsx(rows, columns, output, sheet)
        return
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is TableFormat.json:
            json.dump(
                [{c.key: _cell(r.get(c.key)) for c in columns} for r in rows],
                out,
                ensure_ascii=False,
                indent=1,
            )
            out.write("\n")
        elif fmt is TableFormat.csv:
            writer = csv.writer(out)
            writer.writerow([c.header for c in columns])
            for r in rows:
                writer.writerow(
                    ["" if r.get(c.key) is None else _cell(r.get(c.key)) for c in columns]
                )
        else:
            table = Table(title=title or None)
            for c in columns:
                table.add_column(c.header, overflow="fold")
            for r in rows:
                table.add_row(
                    *("" if r.get(c.key) is None else str(_cell(r.get(c.key))) for c in columns)
                )
            Console(file=out, width=200).print(table)
    finally:
        if output:
            out.close()


def _write_xlsx(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], path: Path, sheet: str
) -> None:
    wb, ws = new_workbook(sheet)
    ws.append([c.header for c in columns])
    for r in rows:
        ws.append([_cell(r.get(c.key)) for c in columns])
    style_sheet(
        ws,
        [c.width for c in columns],
        {j: c.number_format for j, c in enumerate(columns) if c.number_format},
        wrap=[j for j, c in enumerate(columns) if c.wrap],
    )
    wb.save(path)
