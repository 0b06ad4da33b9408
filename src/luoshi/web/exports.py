"""Lists as files: the Excel 清单 (in the look of ``luoshi.xlsx``), CSV, and a .docx
督查通报-style progress report."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from docx import Document as WordDocument
from docx.shared import Pt

from luoshi.track.progress import STATUS_ORDER, STATUS_ZH, format_value
from luoshi.xlsx import new_workbook, style_sheet

__all__ = [
    "COMPARE_COLUMNS",
    "CROSS_COLUMNS",
    "DOCUMENT_COLUMNS",
    "LEDGER_COLUMNS",
    "SEARCH_COLUMNS",
    "TARGET_COLUMNS",
    "Column",
    "csv_bytes",
    "report_docx",
    "xlsx_bytes",
]

#: (key, header, Excel width, number format or None, wrap)
Column = tuple[str, str, int, str | None, bool]

TARGET_COLUMNS: list[Column] = [
    ("region", "地区", 16, None, False),
    ("indicator", "指标", 22, None, False),
    ("target", "目标值", 14, "#,##0.####", False),
    ("unit", "单位", 8, None, False),
    ("comparator", "比较", 6, None, False),
    ("measure", "度量", 8, None, False),
    ("deadline", "期限", 8, None, False),
    ("baseline", "基期值", 14, "#,##0.####", False),
    ("baseline_year", "基期", 8, None, False),
    ("latest", "最新值", 14, "#,##0.####", False),
    ("latest_year", "最新年份", 8, None, False),
    ("status_zh", "进度", 10, None, False),
    ("gap", "差距", 10, "#,##0.####", False),
    ("ratio", "实际/应有", 10, "0.00", False),
    ("explanation", "说明", 50, None, True),
    ("source", "来源句子", 60, None, True),
    ("document", "文件", 24, None, False),
    ("result_source", "实绩原文", 60, None, True),
    ("result_document", "实绩来源", 24, None, False),
]
#: The 承诺兑现台账: the promise, then the result, then the verdict.
LEDGER_COLUMNS: list[Column] = [
    ("region", "地区", 14, None, False),
    ("region_code", "地区代码", 10, None, False),
    ("indicator", "指标", 20, None, False),
    ("measure", "度量", 8, None, False),
    ("comparator", "比较", 6, None, False),
    ("target", "目标值", 12, "#,##0.####", False),
    ("target_high", "目标上限", 12, "#,##0.####", False),
    ("unit", "单位", 8, None, False),
    ("deadline", "目标年份", 8, None, False),
    ("source", "承诺原文", 50, None, True),
    ("document", "承诺文件", 22, None, False),
    ("latest", "实绩", 12, "#,##0.####", False),
    ("latest_year", "实绩年份", 8, None, False),
    ("result_source", "实绩原文", 50, None, True),
    ("result_document", "实绩来源", 22, None, False),
    ("status_zh", "判断", 10, None, False),
    ("gap", "差距", 10, "#,##0.####", False),
    ("gap_share", "差距占目标", 10, "0.0%", False),
    ("explanation", "说明", 60, None, True),
    ("explanation_en", "Explanation", 60, None, True),
]
#: One indicator and year across regions, each beside its parent's target.
CROSS_COLUMNS: list[Column] = [
    ("region", "地区", 14, None, False),
    ("region_code", "地区代码", 10, None, False),
    ("comparator", "比较", 6, None, False),
    ("target", "目标值", 10, "#,##0.####", False),
    ("target_high", "目标上限", 10, "#,##0.####", False),
    ("parent_region", "上级地区", 10, None, False),
    ("parent_target", "上级目标", 10, "#,##0.####", False),
    ("above_parent", "高于上级", 10, "#,##0.####", False),
    ("latest", "实绩", 10, "#,##0.####", False),
    ("status_zh", "判断", 10, None, False),
    ("gap", "差距", 10, "#,##0.####", False),
    ("source", "承诺原文", 50, None, True),
    ("result_source", "实绩原文", 50, None, True),
]
DOCUMENT_COLUMNS: list[Column] = [
    ("id", "编号", 8, None, False),
    ("name", "文件", 30, None, False),
    ("title", "标题", 40, None, True),
    ("date", "日期", 12, None, False),
    ("doc_type", "类型", 14, None, False),
    ("region_code", "地区代码", 12, None, False),
    ("issuer", "发文单位", 20, None, False),
]
SEARCH_COLUMNS: list[Column] = [
    ("document", "文件", 30, None, False),
    ("date", "日期", 12, None, False),
    ("region_code", "地区代码", 12, None, False),
    ("text", "句子", 80, None, True),
    ("start", "位置", 8, None, False),
]
COMPARE_COLUMNS: list[Column] = [
    ("code", "代码", 10, None, False),
    ("name", "地区", 16, None, False),
]


def _cell(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def xlsx_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[Column], sheet: str) -> bytes:
    """An Excel 清单: a frozen dark header, column widths, number formats, wrapped text."""
    wb, ws = new_workbook(sheet)
    ws.append([c[1] for c in columns])
    for r in rows:
        ws.append([_cell(r.get(c[0])) for c in columns])
    style_sheet(
        ws,
        [c[2] for c in columns],
        {j: c[3] for j, c in enumerate(columns) if c[3]},
        wrap=[j for j, c in enumerate(columns) if c[4]],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> bytes:
    """CSV with the same headers, UTF-8 with a byte-order mark so that Excel and WPS
    open the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c[1] for c in columns])
    for r in rows:
        writer.writerow(["" if r.get(c[0]) is None else _cell(r.get(c[0])) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _n(x: Any) -> str:
    return "—" if x is None else format_value(float(x))


def report_docx(rows: Sequence[dict[str, Any]], scope: str, *, demo: bool = False) -> bytes:
    """A 督查通报-style report: counts by status, then every target missed, off track or
    needing acceleration, with the promise beside the result and both sentences."""
    doc = WordDocument()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    doc.add_heading(f"{scope}目标任务落实情况通报", level=0)
    doc.add_paragraph(f"截至 {date.today().isoformat()}，共跟踪目标 {len(rows)} 项。")
    if demo:
        doc.add_paragraph("（演示数据，均为虚构。）")
    counts = {s: 0 for s in STATUS_ORDER}
    for r in rows:
        counts[r["status"]] += 1
    doc.add_heading("一、总体情况", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "判断", "目标数"
    for s in STATUS_ORDER:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = STATUS_ZH[s], str(counts[s])
    for heading, wanted in (
        ("二、未完成的目标", "missed"),
        ("三、进度滞后的目标", "off_track"),
        ("四、需要加快推进的目标", "needs_acceleration"),
    ):
        doc.add_heading(heading, level=1)
        picked = [r for r in rows if r["status"] == wanted]
        if not picked:
            doc.add_paragraph("无。")
        for i, r in enumerate(picked, 1):
            high = f"—{_n(r.get('target_high'))}" if r.get("target_high") is not None else ""
            said = (
                f"{i}. {r['region']} {r['indicator']}：目标 {r['comparator']}{_n(r['target'])}"
                f"{high}{r['unit']}（{r['deadline'] or '—'}年），"
                f"实绩 {_n(r['latest'])}（{r['latest_year'] or '—'}年）"
            )
            if r.get("gap") is not None:
                said += f"，差距 {_n(r['gap'])}"
            if r.get("ratio") is not None:
                said += f"，实际/应有 {_n(r['ratio'])}"
            doc.add_paragraph(f"{said}。{r['explanation']}")
            doc.add_paragraph(f"承诺：{r['document']}：“{r['source']}”", style="Intense Quote")
            if r.get("result_source"):
                said = f"实绩：{r['result_document']}：“{r['result_source']}”"
            elif r.get("result_document"):
                said = f"实绩：{r['result_document']}（导入的统计表）"
            else:
                said = ""
            if said:
                doc.add_paragraph(said, style="Intense Quote")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
