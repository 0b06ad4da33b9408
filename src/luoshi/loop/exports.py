"""An assessment on paper: the xlsx score sheet (考核得分表) and the .docx 督查通报.

The score sheet has the look of every luoshi 清单 (:mod:`luoshi.xlsx`): a league table
sheet and a task sheet. The bulletin follows the usual shape of a supervision bulletin:
title, the period, an overview, the league table, then overdue and returned work by name.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from luoshi.loop.assessment import AssessmentResult
from luoshi.loop.tasks import STATE_ZH
from luoshi.xlsx import new_workbook, style_sheet

__all__ = ["write_bulletin", "write_score_sheet"]


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


def write_score_sheet(result: AssessmentResult, path: str | Path) -> Path:
    """Write the league table and every task's components to an .xlsx file."""
    wb, ws = new_workbook("部门排名")
    ws.append(["名次", "部门", "考核任务数", "按时办结", "逾期", "得分"])
    for r in result.league:
        ws.append([r.rank, r.department, r.tasks, r.closed_on_time, r.overdue, r.score])
    style_sheet(ws, [8, 24, 12, 12, 8, 10], {5: "0.00"})
    tasks = wb.create_sheet("任务得分")
    tasks.append(
        [
            "任务编号",
            "任务",
            "责任部门",
            "重要程度",
            "状态",
            "期限",
            "按时办结(%)",
            "目标进度(%)",
            "督查结果(%)",
            "得分",
        ]
    )
    for sc in result.scores:
        tasks.append(
            [
                sc.task_id,
                sc.title,
                sc.department,
                sc.importance,
                STATE_ZH.get(sc.state, sc.state),  # type: ignore[call-overload]
                sc.deadline,
                _pct(sc.on_time),
                _pct(sc.progress),
                _pct(sc.review),
                sc.total,
            ]
        )
    style_sheet(
        tasks, [10, 50, 20, 10, 10, 12, 12, 12, 12, 10], {5: "yyyy-mm-dd", 9: "0.00"}, wrap={1}
    )
    scheme = wb.create_sheet("考核办法")
    scheme.append(["项目", "权重或分值"])
    for key, label in (
        ("on_time", "按时办结权重"),
        ("progress", "目标进度权重"),
        ("review", "督查结果权重"),
        ("late_credit", "逾期办结得分率"),
    ):
        scheme.append([label, result.scheme.get(key)])
    style_sheet(scheme, [20, 14])
    out = Path(path)
    wb.save(out)
    return out


def write_bulletin(result: AssessmentResult, path: str | Path, *, region_name: str = "") -> Path:
    """Write a 督查通报 for the assessment as .docx."""
    doc = new_docx()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{region_name}重点工作督查通报（{result.period}）")
    run.bold, run.font.size = True, Pt(18)
    scores = result.scores
    closed = sum(1 for s in scores if s.state == "closed")
    on_time = sum(1 for s in scores if s.on_time == 1.0)
    overdue = [s for s in scores if s.state == "overdue"]
    returned = [s for s in scores if s.state == "returned"]
    doc.add_paragraph(
        f"根据重点工作闭环落实机制，现将 {result.period_start.isoformat()} 至 "
        f"{result.period_end.isoformat()} 期间到期的 {len(scores)} 项重点任务督查考核情况通报如下。"
    )
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph(
        f"纳入考核任务 {len(scores)} 项，已销号 {closed} 项，其中按时办结 {on_time} 项；"
        f"逾期未办结 {len(overdue)} 项；退回整改 {len(returned)} 项。"
    )
    doc.add_heading("二、部门考核排名", level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["名次", "部门", "任务数", "按时办结", "得分"], strict=True
    ):
        cell.text = text
    for r in result.league:
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            [str(r.rank), r.department, str(r.tasks), str(r.closed_on_time), f"{r.score:.2f}"],
            strict=True,
        ):
            cell.text = text
    doc.add_heading("三、逾期未办结任务", level=1)
    for s in overdue or []:
        doc.add_paragraph(f"{s.department}：{s.title}（期限 {s.deadline}）", style="List Number")
    if not overdue:
        doc.add_paragraph("无。")
    doc.add_heading("四、退回整改任务", level=1)
    for s in returned:
        doc.add_paragraph(f"{s.department}：{s.title}", style="List Number")
    if not returned:
        doc.add_paragraph("无。")
    doc.add_paragraph("请各责任单位对照通报问题，抓紧整改落实，按时反馈办理情况。")
    out = Path(path)
    doc.save(str(out))
    return out
