"""The look every luoshi Excel 清单 shares: a dark frozen header row, column widths,
number formats and wrapped long text. Used by the extraction and the listing exports."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["new_workbook", "style_sheet"]


def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """A workbook whose only sheet is ``first_sheet``."""
    wb = Workbook()
    ws = wb.create_sheet(first_sheet, 0)
    wb.remove(wb.worksheets[1])  # the empty default sheet
    return wb, ws


def style_sheet(
    ws: Worksheet,
    widths: Sequence[int],
    number_formats: Mapping[int, str] | None = None,
    wrap: Collection[int] = (),
) -> None:
    """Freeze and style the header row; set widths; format and wrap the data columns
    (0-based column indexes)."""
    ws.freeze_panes = "A2"
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(horizontal="center")
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    formats = number_formats or {}
    if not formats and not wrap:
        return
    for row in ws.iter_rows(min_row=2):
        for j, fmt in formats.items():
            row[j].number_format = fmt
        for j in wrap:
            row[j].alignment = Alignment(wrap_text=True, vertical="top")
