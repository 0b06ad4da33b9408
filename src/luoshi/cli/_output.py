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
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from rich.console import Console
from rich.table import Table

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
    wb = Workbook()
    ws = wb.create_sheet(sheet, 0)
    wb.remove(wb.worksheets[1])
    ws.append([c.header for c in columns])
    for r in rows:
        ws.append([_cell(r.get(c.key)) for c in columns])
    ws.freeze_panes = "A2"
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(horizontal="center")
    for i, c in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
        for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if c.number_format:
                row[0].number_format = c.number_format
            if c.wrap:
                row[0].alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
