"""Write extraction results: JSON lines (the contract), a table, an Excel 清单."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from luoshi.extract import Extraction

__all__ = ["write_jsonl", "write_xlsx"]

_KIND = {"target": "目标", "actual": "实绩"}
_MEASURE = {
    "level": "水平",
    "growth": "增速",
    "share": "占比",
    "ratio": "比例",
    "change": "变化",
    "rank": "位次",
}
_COMPARATOR = {"eq": "=", "ge": "≥", "le": "≤", "approx": "≈"}


def write_jsonl(results: Iterable[Extraction], out: IO[str], *, explain: bool = False) -> int:
    """One JSON object a line per statement, then the frameworks, per document."""
    n = 0
    for result in results:
        for s in result.statements:
            out.write(json.dumps(s.as_dict(explain=explain), ensure_ascii=False) + "\n")
            n += 1
        for f in result.frameworks:
            out.write(json.dumps(f.as_dict(explain=explain), ensure_ascii=False) + "\n")
    return n


def write_xlsx(results: Iterable[Extraction], path: Path) -> int:
    """An Excel workbook: a 清单 of statements (one row each, with its sentence) and a
    sheet of frameworks; frozen header, widths, number formats."""
    wb = Workbook()
    ws = wb.create_sheet("指标清单", 0)
    wb.remove(wb.worksheets[1])  # the empty default sheet
    header = [
        "文件",
        "指标",
        "类型",
        "度量",
        "比较",
        "数值",
        "单位",
        "基准数值",
        "基准单位",
        "年份",
        "原文",
        "所在句子",
    ]
    ws.append(header)
    fw = wb.create_sheet("框架")
    fw.append(["文件", "名称", "数目", "成员"])
    n = 0
    for result in results:
        for s in result.statements:
            value = (
                s.value if not isinstance(s.value, list) else ":".join(f"{v:g}" for v in s.value)
            )
            base = (
                s.base_value
                if not isinstance(s.base_value, list)
                else ":".join(f"{v:g}" for v in s.base_value)
            )
            ws.append([
                s.doc, s.indicator, _KIND[s.kind], _MEASURE[s.measure], _COMPARATOR[s.comparator],
                value, s.unit, base, s.base_unit, s.year, s.text, s.sentence,
            ])  # fmt: skip
            n += 1
        for f in result.frameworks:
            fw.append([f.doc, f.name, f.count, "、".join(f.members)])
    for sheet in (ws, fw):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E78")
            cell.alignment = Alignment(horizontal="center")
    widths = [22, 24, 6, 6, 6, 14, 8, 18, 8, 8, 14, 80]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=2):
        row[5].number_format = "#,##0.####"
        row[7].number_format = "#,##0.####"
        row[11].alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate([22, 30, 6, 100], 1):
        fw.column_dimensions[get_column_letter(i)].width = w
    wb.save(path)
    return n
