"""Write extraction results: JSON lines (the contract), a table, an Excel 清单."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from luoshi.extract import Extraction
from luoshi.xlsx import new_workbook, style_sheet

__all__ = ["frame_note", "plain_value", "write_jsonl", "write_xlsx"]

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
        frame = frame_note(result) if explain else ""
        for s in result.statements:
            row = s.as_dict(explain=explain)
            if explain:
                row["explain"]["document"] = frame
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        for f in result.frameworks:
            out.write(json.dumps(f.as_dict(explain=explain), ensure_ascii=False) + "\n")
    return n


def frame_note(result: Extraction) -> str:
    """How the document's own year, genre and region were found (or why not): the frame
    that dates and places every figure the sentence does not."""
    meta = result.doc.meta
    parts = [
        f"date {meta.date or 'unknown'} ({meta.found.get('date', '')})",
        f"type {meta.doc_type or 'unknown'} ({meta.found.get('doc_type', '')})",
        f"region {meta.region_name or 'unknown'} {meta.region_code or ''} "
        f"({meta.found.get('region', '')})",
    ]
    return "; ".join(parts)


def plain_value(v: float | list[float]) -> float | str:
    """A value for a cell: a number, or a ratio's terms as ``8.4:64.9:26.7``."""
    return ":".join(f"{x:g}" for x in v) if isinstance(v, list) else v


def write_xlsx(results: Iterable[Extraction], path: Path) -> int:
    """An Excel workbook: a 清单 of statements (one row each, with its sentence) and a
    sheet of frameworks; frozen header, widths, number formats."""
    wb, ws = new_workbook("指标清单")
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
            value, base = plain_value(s.value), plain_value(s.base_value)
            ws.append([
                s.doc, s.indicator, _KIND[s.kind], _MEASURE[s.measure], _COMPARATOR[s.comparator],
                value, s.unit, base, s.base_unit, s.year, s.text, s.sentence,
            ])  # fmt: skip
            n += 1
        for f in result.frameworks:
            fw.append([f.doc, f.name, f.count, "、".join(f.members)])
    style_sheet(
        ws,
        [22, 24, 6, 6, 6, 14, 8, 18, 8, 8, 14, 80],
        {5: "#,##0.####", 7: "#,##0.####"},
        wrap=(11,),
    )
    style_sheet(fw, [22, 30, 6, 100])
    wb.save(path)
    return n
