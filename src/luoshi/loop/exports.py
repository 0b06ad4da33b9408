"""An assessment on paper: the xlsx score sheet (考核得分表) and the .docx 督查通报.

The score sheet has the look of every luoshi 清单 (:mod:`luoshi.xlsx`): a league table
sheet and a task sheet. The bulletin follows the usual shape of a supervision bulletin:
title, the period, an overview, the league table, then overdue and returned work by name.
Both are in Chinese, an official document's language; ``lang="en"`` writes them in
English for a reader who asked for it (the names of tasks and departments stay as written).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from luoshi.display import number
from luoshi.loop.assessment import AssessmentResult
from luoshi.loop.tasks import STATE_EN, STATE_ZH
from luoshi.xlsx import new_workbook, style_sheet

__all__ = ["write_bulletin", "write_score_sheet"]

# key: (Chinese, English)
_WORDS: dict[str, tuple[str, str]] = {
    "league": ("部门排名", "League table"),
    "rank": ("名次", "Rank"),
    "department": ("部门", "Department"),
    "tasks_assessed": ("考核任务数", "Tasks assessed"),
    "on_time": ("按时办结", "Closed on time"),
    "overdue": ("逾期", "Overdue"),
    "score": ("得分", "Score"),
    "task_scores": ("任务得分", "Task scores"),
    "task_no": ("任务编号", "Task no."),
    "task": ("任务", "Task"),
    "owner": ("责任部门", "Owner department"),
    "importance": ("重要程度（1—3）", "Importance (1–3)"),
    "state": ("状态", "State"),
    "deadline": ("期限", "Deadline"),
    "on_time_pct": ("按时办结（%）", "On time (%)"),
    "progress_pct": ("目标进度（%）", "Target progress (%)"),
    "review_pct": ("督查结果（%）", "Review (%)"),
    "scheme": ("考核办法", "Scoring scheme"),
    "item": ("项目", "Item"),
    "weight": ("权重或分值", "Weight or value"),
    "w_on_time": ("按时办结权重", "Weight of closing on time"),
    "w_progress": ("目标进度权重", "Weight of target progress"),
    "w_review": ("督查结果权重", "Weight of the review"),
    "late_credit": ("逾期办结得分率", "Credit for closing late"),
    "title": ("{region}重点工作督查通报（{period}）", "Bulletin on key tasks{region} ({period})"),
    "intro": (
        "根据重点工作闭环落实机制，现将 {start} 至 {end} 期间到期的 {n} 项重点任务"
        "督查考核情况通报如下。",
        "Under the closed-loop system for key tasks, this bulletin reports the review and "
        "assessment of the {n} key tasks due from {start} to {end}.",
    ),
    "overall": ("一、总体情况", "1. Overall"),
    "summary": (
        "纳入考核任务 {n} 项，已销号 {closed} 项，其中按时办结 {on_time} 项；"
        "逾期未办结 {overdue} 项；退回整改 {returned} 项。",
        "{n} tasks were assessed: {closed} closed, {on_time} of them on time; {overdue} "
        "overdue and not closed; {returned} returned for rework.",
    ),
    "ranking": ("二、部门考核排名", "2. Departments ranked"),
    "task_count": ("任务数", "Tasks"),
    "overdue_tasks": ("三、逾期未办结任务", "3. Overdue tasks not closed"),
    "overdue_line": (
        "{department}：{title}（期限 {deadline}）",
        "{department}: {title} (due {deadline})",
    ),
    "returned_tasks": ("四、退回整改任务", "4. Tasks returned for rework"),
    "returned_line": ("{department}：{title}", "{department}: {title}"),
    "none": ("无。", "None."),
    "closing": (
        "请各责任单位对照通报问题，抓紧整改落实，按时反馈办理情况。",
        "Each department in charge is asked to act on the problems reported here and to "
        "report back on time.",
    ),
}


def _say(lang: str, key: str, **params: object) -> str:
    text = _WORDS[key][0 if lang == "zh" else 1]
    return text.format(**params) if params else text


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


def write_score_sheet(result: AssessmentResult, path: str | Path, *, lang: str = "zh") -> Path:
    """Write the league table and every task's components to an .xlsx file."""
    lang = "en" if lang == "en" else "zh"

    def w(key: str) -> str:
        return _say(lang, key)

    states = STATE_ZH if lang == "zh" else STATE_EN
    wb, ws = new_workbook(w("league"))
    ws.append(
        [w(k) for k in ("rank", "department", "tasks_assessed", "on_time", "overdue", "score")]
    )
    for r in result.league:
        ws.append([r.rank, r.department, r.tasks, r.closed_on_time, r.overdue, r.score])
    style_sheet(ws, [8, 24, 12, 12, 8, 10], {5: "0.00"})
    tasks = wb.create_sheet(w("task_scores"))
    tasks.append(
        [
            w(k)
            for k in (
                "task_no",
                "task",
                "owner",
                "importance",
                "state",
                "deadline",
                "on_time_pct",
                "progress_pct",
                "review_pct",
                "score",
            )
        ]
    )
    for sc in result.scores:
        tasks.append(
            [
                sc.task_id,
                sc.title,
                sc.department,
                sc.importance,  # the task's weight in its department's score
                states.get(sc.state, sc.state),  # type: ignore[call-overload]
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
    scheme = wb.create_sheet(w("scheme"))
    scheme.append([w("item"), w("weight")])
    for key, label in (
        ("on_time", "w_on_time"),
        ("progress", "w_progress"),
        ("review", "w_review"),
        ("late_credit", "late_credit"),
    ):
        scheme.append([w(label), result.scheme.get(key)])
    style_sheet(scheme, [24, 14])
    out = Path(path)
    wb.save(out)
    return out


def write_bulletin(
    result: AssessmentResult, path: str | Path, *, region_name: str = "", lang: str = "zh"
) -> Path:
    """Write a 督查通报 for the assessment as .docx."""
    lang = "en" if lang == "en" else "zh"
    doc = new_docx()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    region = region_name if lang == "zh" or not region_name else f": {region_name}"
    run = title.add_run(_say(lang, "title", region=region, period=result.period))
    run.bold, run.font.size = True, Pt(18)
    scores = result.scores
    closed = sum(1 for s in scores if s.state == "closed")
    on_time = sum(1 for s in scores if s.on_time == 1.0)
    overdue = [s for s in scores if s.state == "overdue"]
    returned = [s for s in scores if s.state == "returned"]
    doc.add_paragraph(
        _say(
            lang,
            "intro",
            start=result.period_start.isoformat(),
            end=result.period_end.isoformat(),
            n=len(scores),
        )
    )
    doc.add_heading(_say(lang, "overall"), level=1)
    doc.add_paragraph(
        _say(
            lang,
            "summary",
            n=len(scores),
            closed=closed,
            on_time=on_time,
            overdue=len(overdue),
            returned=len(returned),
        )
    )
    doc.add_heading(_say(lang, "ranking"), level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    heads = [_say(lang, k) for k in ("rank", "department", "task_count", "on_time", "score")]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for r in result.league:
        cells = table.add_row().cells
        row = [str(r.rank), r.department, str(r.tasks), str(r.closed_on_time), number(r.score)]
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_heading(_say(lang, "overdue_tasks"), level=1)
    for s in overdue:
        doc.add_paragraph(
            _say(lang, "overdue_line", department=s.department, title=s.title, deadline=s.deadline),
            style="List Number",
        )
    if not overdue:
        doc.add_paragraph(_say(lang, "none"))
    doc.add_heading(_say(lang, "returned_tasks"), level=1)
    for s in returned:
        doc.add_paragraph(
            _say(lang, "returned_line", department=s.department, title=s.title),
            style="List Number",
        )
    if not returned:
        doc.add_paragraph(_say(lang, "none"))
    doc.add_paragraph(_say(lang, "closing"))
    out = Path(path)
    doc.save(str(out))
    return out
