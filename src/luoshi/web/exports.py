"""Lists as files: the Excel 清单 (in the look of ``luoshi.xlsx``), CSV, and a .docx
督查通报-style progress report.

A file is in the language of the pages it is downloaded from, Chinese unless English was
asked for, and says its figures as people read them (不低于260亿元, 增长5.5%左右,
低于目标0.3个百分点: :mod:`luoshi.display`); names, titles and sentences stay as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from docx import Document as WordDocument
from docx.shared import Pt

from luoshi import display
from luoshi.track.progress import STATUS_ORDER
from luoshi.web.i18n import Translator, translator
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
    "readable",
    "report_docx",
    "xlsx_bytes",
]

#: (key, heading's catalogue key, Excel width, number format or None, wrap)
Column = tuple[str, str, int, str | None, bool]

TARGET_COLUMNS: list[Column] = [
    ("region", "col.region", 16, None, False),
    ("indicator", "col.indicator", 22, None, False),
    ("promise_text", "col.target", 18, None, False),
    ("deadline", "col.deadline", 8, None, False),
    ("baseline_text", "col.baseline", 14, None, False),
    ("baseline_year", "col.baseline_year", 8, None, False),
    ("latest_text", "col.latest", 14, None, False),
    ("latest_year", "col.latest_year", 8, None, False),
    ("status_text", "col.status", 10, None, False),
    ("gap_text", "col.gap", 18, None, False),
    ("ratio", "col.ratio", 10, "0.00", False),
    ("explanation_text", "col.explanation", 50, None, True),
    ("source", "col.source", 60, None, True),
    ("document", "col.document", 24, None, False),
    ("result_source", "col.result_source", 60, None, True),
    ("result_document", "col.result_document", 24, None, False),
]
#: The 承诺兑现台账: the promise, then the result, then the verdict.
LEDGER_COLUMNS: list[Column] = [
    ("region", "col.region", 14, None, False),
    ("region_code", "col.region_code", 10, None, False),
    ("indicator", "col.indicator", 20, None, False),
    ("measure_text", "col.measure", 8, None, False),
    ("promise_text", "col.target", 18, None, False),
    ("deadline", "col.target_year", 8, None, False),
    ("source", "col.promise_source", 50, None, True),
    ("document", "col.promise_document", 22, None, False),
    ("latest_text", "col.actual", 14, None, False),
    ("latest_year", "col.actual_year", 8, None, False),
    ("result_source", "col.result_source", 50, None, True),
    ("result_document", "col.result_document", 22, None, False),
    ("status_text", "col.verdict", 10, None, False),
    ("gap_text", "col.gap", 18, None, False),
    ("gap_share", "col.gap_share", 10, "0.0%", False),
    ("explanation_text", "col.explanation", 60, None, True),
]
#: One indicator and year across regions, each beside its parent's target.
CROSS_COLUMNS: list[Column] = [
    ("region", "col.region", 14, None, False),
    ("region_code", "col.region_code", 10, None, False),
    ("promise_text", "col.target", 18, None, False),
    ("parent_region", "col.parent_region", 10, None, False),
    ("parent_target_text", "col.parent_target", 14, None, False),
    ("above_parent_text", "col.above_parent", 14, None, False),
    ("latest_text", "col.actual", 14, None, False),
    ("status_text", "col.verdict", 10, None, False),
    ("gap_text", "col.gap", 18, None, False),
    ("source", "col.promise_source", 50, None, True),
    ("result_source", "col.result_source", 50, None, True),
]
DOCUMENT_COLUMNS: list[Column] = [
    ("id", "col.id", 8, None, False),
    ("name", "col.name", 30, None, False),
    ("title", "col.title", 40, None, True),
    ("date", "col.date", 12, None, False),
    ("doc_type_text", "col.doc_type", 14, None, False),
    ("region_code", "col.region_code", 12, None, False),
    ("issuer", "col.issuer", 20, None, False),
]
SEARCH_COLUMNS: list[Column] = [
    ("document", "col.document", 30, None, False),
    ("date", "col.date", 12, None, False),
    ("region_code", "col.region_code", 12, None, False),
    ("text", "col.sentence", 80, None, True),
    ("start", "col.position", 8, None, False),
]
COMPARE_COLUMNS: list[Column] = [
    ("code", "col.code", 10, None, False),
    ("name", "col.region", 16, None, False),
]


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def readable(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """A row of the API with its figures and codes also as people read them, in ``lang``:
    ``promise_text`` (不低于260亿元), ``baseline_text``, ``latest_text`` (增长5.2%),
    ``gap_text`` (低于目标0.3个百分点), ``status_text``, ``measure_text``,
    ``explanation_text``, ``parent_target_text``, ``above_parent_text``, ``doc_type_text``."""
    t = translator(lang)
    out = dict(row)
    unit, measure = row.get("unit") or "", row.get("measure") or "level"
    target = _f(row.get("target"))
    if target is not None:
        comparator = row.get("comparator_code") or "eq"
        out["promise_text"] = display.promise(
            target,
            unit,
            measure=measure,
            comparator="eq" if comparator == "range" else comparator,
            value_high=_f(row.get("target_high")),
            lang=lang,
        )
    if (baseline := _f(row.get("baseline"))) is not None:
        out["baseline_text"] = display.amount(baseline, row.get("level_unit") or "", lang)
    if (latest := _f(row.get("latest"))) is not None:
        out["latest_text"] = display.promise(
            latest,
            row.get("latest_unit") or "",
            measure=row.get("latest_measure") or "level",
            lang=lang,
        )
    if (gap := _f(row.get("gap"))) is not None:
        out["gap_text"] = display.gap(gap, unit, measure, lang)
    if (parent := _f(row.get("parent_target"))) is not None:
        out["parent_target_text"] = display.promise(parent, unit, measure=measure, lang=lang)
    if (above := _f(row.get("above_parent"))) is not None:
        points = measure == "growth" or unit == "%"
        out["above_parent_text"] = display.signed(above, "个百分点" if points else unit, lang)
    if row.get("status"):
        out["status_text"] = t(f"status.{row['status']}")
    if row.get("measure"):
        out["measure_text"] = t(f"measure.{row['measure']}")
    if "explanation" in row:
        out["explanation_text"] = row["explanation_en"] if lang == "en" else row["explanation"]
    if row.get("doc_type"):
        out["doc_type_text"] = t(f"doc_type.{row['doc_type']}")
    return out


def _cell(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def xlsx_bytes(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], sheet: str, lang: str = "zh"
) -> bytes:
    """An Excel 清单: a frozen dark header, column widths, number formats, wrapped text;
    headings in ``lang``, rows as :func:`readable` words them."""
    t = translator(lang)
    wb, ws = new_workbook(sheet)
    ws.append([_heading(c, t) for c in columns])
    for r in rows:
        shown = readable(r, lang)
        ws.append([_cell(shown.get(c[0])) for c in columns])
    style_sheet(
        ws,
        [c[2] for c in columns],
        {j: c[3] for j, c in enumerate(columns) if c[3]},
        wrap=[j for j, c in enumerate(columns) if c[4]],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _heading(c: Column, t: Translator) -> str:
    # a compare column's heading is an indicator's name and unit, not a catalogue key
    return t(c[1]) if c[1].startswith("col.") else c[1]


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[Column], lang: str = "zh") -> bytes:
    """CSV with the same headers, UTF-8 with a byte-order mark so that Excel and WPS
    open the Chinese text correctly."""
    t = translator(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_heading(c, t) for c in columns])
    for r in rows:
        shown = readable(r, lang)
        writer.writerow(
            ["" if shown.get(c[0]) is None else _cell(shown.get(c[0])) for c in columns]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_docx(
    rows: Sequence[dict[str, Any]], scope: str, *, demo: bool = False, lang: str = "zh"
) -> bytes:
    """A 督查通报-style report: counts by status, then every target missed, off track or
    needing acceleration, with the promise beside the result and both sentences; in
    Chinese unless ``lang`` is English."""
    t = translator(lang)
    doc = WordDocument()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    doc.add_heading(
        t("report.title", scope=t("report.scope", region=scope) if scope else ""), level=0
    )
    doc.add_paragraph(t("report.as_of", date=date.today().isoformat(), n=len(rows)))
    if demo:
        doc.add_paragraph(t("report.demo"))
    counts = {s: 0 for s in STATUS_ORDER}
    for r in rows:
        counts[r["status"]] += 1
    doc.add_heading(t("report.overall"), level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = t("col.verdict"), t("report.count")
    for s in STATUS_ORDER:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = t(f"status.{s}"), str(counts[s])
    for wanted in ("missed", "off_track", "needs_acceleration"):
        doc.add_heading(t(f"report.{wanted}"), level=1)
        picked = [readable(r, lang) for r in rows if r["status"] == wanted]
        if not picked:
            doc.add_paragraph(t("report.none"))
        for i, r in enumerate(picked, 1):
            actual = r.get("latest_text") or "—"
            if r.get("latest_year"):
                actual += t("report.year", year=r["latest_year"])
            said = t(
                "report.line",
                i=i,
                region=r["region"],
                indicator=r["indicator"],
                promise=r.get("promise_text", ""),
                deadline=r["deadline"] or "—",
                actual=actual,
            )
            if r.get("gap_text"):
                said += t("report.gap", gap=r["gap_text"])
            if r.get("ratio") is not None:
                said += t("report.ratio", ratio=display.number(float(r["ratio"])))
            doc.add_paragraph(f"{said}{t('report.stop')}{r['explanation_text']}")
            doc.add_paragraph(
                t("report.promise", document=r["document"], sentence=r["source"]),
                style="Intense Quote",
            )
            if r.get("result_source"):
                said = t(
                    "report.result", document=r["result_document"], sentence=r["result_source"]
                )
            elif r.get("result_document"):
                said = t("report.result_table", document=r["result_document"])
            else:
                said = ""
            if said:
                doc.add_paragraph(said, style="Intense Quote")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
