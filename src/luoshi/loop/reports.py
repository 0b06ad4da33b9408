"""Progress reports (反馈) and their review (督查): accepted figures become observations.

A department reports on a task it owns: text, figures for the targets linked to the task,
and attachments. A leader reviews the report: accepting it turns each figure into an
observation with source kind ``report`` in exactly the series the target is assessed on
(so the target's progress status moves), and closes the task when the report asked for
closing (申请销号); returning it sends the task back for rework with the reviewer's comments.

Attachments are checked by size, by extension and by their first bytes (a file named
.pdf must start like a PDF), and kept in the database under a cleaned name: a
user-supplied name never becomes a path on the server.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.config import Settings
from luoshi.errors import AccessError, LoopError, TransitionError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, aware, reading, require, task_scope, visible_task, writing
from luoshi.loop.audit import record
from luoshi.loop.notices import add_notice, returned_message
from luoshi.loop.tasks import check_version, move, require_owner
from luoshi.store import Store
from luoshi.store.models import Indicator, Observation, Target
from luoshi.store.repository import ConflictKey, conflict_key, refresh_conflicts
from luoshi.track.status import series_key_of

__all__ = [
    "ATTACHMENT_TYPES",
    "MAX_ATTACHMENTS",
    "AttachmentSpec",
    "FigureSpec",
    "ReportView",
    "figure_unit",
    "get_attachment",
    "last_figure_year",
    "list_reports",
    "review_report",
    "start_review",
    "submit_report",
]

#: Extension → (media type, accepted first bytes; empty for text, checked as UTF-8).
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain; charset=utf-8", ()),
    ".csv": ("text/csv; charset=utf-8", ()),
}
MAX_ATTACHMENTS = 10
_PERIOD = re.compile(r"^\d{4}(?:-(?:Q[1-4]|H[12]|(?:0[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class FigureSpec:
    """A figure for a linked target, in :func:`figure_unit` of that target, for ``year``."""

    target_id: int
    year: int
    value: float


@dataclass(frozen=True)
class AttachmentSpec:
    """An uploaded file: the name the user gave it and its bytes."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class ReportView:
    """A report as its reader sees it (attachments without their bytes)."""

    id: int
    task_id: int
    department_id: int
    period: str
    text: str
    final: bool
    status: str
    submitted_by: int
    submitted_at: datetime
    reviewed_by: int | None
    reviewed_at: datetime | None
    review_comment: str
    figures: tuple[FigureSpec, ...]
    attachments: tuple[tuple[int, str, str, int], ...]  # id, name, media type, size
    version: int


def _view(r: lm.Report) -> ReportView:
    return ReportView(
        r.id,
        r.task_id,
        r.department_id,
        r.period,
        r.text,
        r.final,
        r.status,
        r.submitted_by,
        aware(r.submitted_at) or r.submitted_at,
        r.reviewed_by,
        aware(r.reviewed_at),
        r.review_comment,
        tuple(FigureSpec(f.target_id, f.year, f.value) for f in r.figures),
        tuple((a.id, a.file_name, a.media_type, a.size) for a in r.attachments),
        r.version,
    )


def clean_file_name(name: str) -> str:
    """The last path part of ``name``, without control or path characters, at most 255 long."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(
        c
        for c in unicodedata.normalize("NFC", base)
        if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*'
    )
    base = base.strip(" .")
    return base[-255:] if base else ""


def _attachment(spec: AttachmentSpec, settings: Settings) -> lm.Attachment:
    name = clean_file_name(spec.file_name)
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if not name or ext not in ATTACHMENT_TYPES:
        raise LoopError(
            f"attachment {spec.file_name!r}: type not accepted; accepted:",
            zh=f"附件 {spec.file_name!r} 的类型不可用，可用",
            options=ATTACHMENT_TYPES,
        )
    size = len(spec.content)
    if size == 0:
        raise LoopError(f"attachment {name!r} is empty", zh=f"附件 {name!r} 是空文件")
    if size > settings.max_attachment_bytes:
        most = settings.max_attachment_bytes / 2**20
        raise LoopError(
            f"attachment {name!r}: {size / 2**20:.1f} MB is over the "
            f"{most:.0f} MB limit (LUOSHI_MAX_ATTACHMENT_MB)",
            zh=f"附件 {name!r} 大小 {size / 2**20:.1f} MB，超过 {most:.0f} MB 的上限"
            "（LUOSHI_MAX_ATTACHMENT_MB）",
        )
    media, magic = ATTACHMENT_TYPES[ext]
    if magic and not spec.content.startswith(magic):
        raise LoopError(
            f"attachment {name!r}: the content is not a {ext} file",
            zh=f"附件 {name!r} 的内容不是 {ext} 文件",
        )
    if not magic:
        try:
            spec.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LoopError(
                f"attachment {name!r}: a {ext} file must be UTF-8 text",
                zh=f"附件 {name!r}：{ext} 文件须为 UTF-8 编码的文本",
            ) from None
        if b"\x00" in spec.content:
            raise LoopError(
                f"attachment {name!r}: a {ext} file must be text, not binary",
                zh=f"附件 {name!r}：{ext} 文件须为文本，不能是二进制内容",
            )
    return lm.Attachment(
        file_name=name,
        media_type=media,
        size=size,
        sha256=hashlib.sha256(spec.content).hexdigest(),
        content=spec.content,
    )


def figure_unit(store: Store, target_id: int) -> str:
    """The unit a report's figure for ``target_id`` is given in: that of the series the
    target is assessed on (a growth target's figure is the indicator's level)."""
    with reading(store) as s:
        t = s.get(Target, target_id)
        if t is None:
            raise LoopError(f"target {target_id} does not exist", zh=f"目标 {target_id} 不存在")
        ind = s.get(Indicator, t.indicator_id) if t.indicator_id else None
        return series_key_of(t, ind)[3]


def last_figure_year(store: Store, target_id: int) -> int:
    """The latest year a report may give a figure for ``target_id``: this year, or the
    target's deadline when that has passed."""
    this_year = datetime.now(UTC).year
    with reading(store) as s:
        deadline = s.scalar(select(Target.deadline_year).where(Target.id == target_id))
    return min(this_year, deadline) if deadline is not None else this_year


def submit_report(
    store: Store,
    principal: Principal,
    task_id: int,
    version: int,
    *,
    period: str,
    text: str,
    figures: Sequence[FigureSpec] = (),
    attachments: Sequence[AttachmentSpec] = (),
    final: bool = False,
    settings: Settings | None = None,
) -> ReportView:
    """The owner department reports on a task (on the task version it read); the task becomes
    reported. ``final`` asks for the task to be closed when the report is accepted."""
    require(principal, "report.submit")
    settings = settings or Settings()
    if not _PERIOD.match(period):
        raise LoopError(
            f"period {period!r}: use 2026, 2026-H1, 2026-Q3 or 2026-07",
            zh=f"报告期 {period!r} 不可用，请写作 2026、2026-H1、2026-Q3 或 2026-07",
        )
    if not text.strip() or len(text) > 100_000:
        raise LoopError(
            "a report needs a text of 1–100000 characters", zh="报告内容须为 1—100000 个字符"
        )
    if len(attachments) > MAX_ATTACHMENTS:
        raise LoopError(
            f"at most {MAX_ATTACHMENTS} attachments per report",
            zh=f"每份报告最多 {MAX_ATTACHMENTS} 个附件",
        )
    files = [_attachment(a, settings) for a in attachments]
    with writing(store) as s:
        t = visible_task(s, principal, task_id)
        require_owner(principal, t)
        check_version(t, version, f"task {task_id}")
        linked = {x.target_id for x in t.targets}
        this_year = datetime.now(UTC).year
        for f in figures:
            if f.target_id not in linked:
                raise LoopError(
                    f"target {f.target_id} is not linked to task {task_id}",
                    zh=f"目标 {f.target_id} 未关联到任务 {task_id}",
                )
            if not 1900 <= f.year <= 2100:
                raise LoopError(
                    f"year {f.year} of target {f.target_id} is not a plausible year",
                    zh=f"目标 {f.target_id} 的年份 {f.year} 不是有效年份",
                )
            if f.year > this_year:
                raise LoopError(
                    f"year {f.year} of target {f.target_id} is in the future: a report gives "
                    f"figures measured up to {this_year}",
                    zh=f"目标 {f.target_id} 的年份 {f.year} 尚未到来：报告只能填报截至 "
                    f"{this_year} 年的数据",
                )
            deadline = s.scalar(select(Target.deadline_year).where(Target.id == f.target_id))
            if deadline is not None and f.year > deadline:
                # the target is assessed on its series up to its deadline: a later figure
                # would show on the charts but never count for the target it was given for
                raise LoopError(
                    f"year {f.year} of target {f.target_id} is after its deadline {deadline}; "
                    f"give the figure of a year up to {deadline}",
                    zh=f"目标 {f.target_id} 的年份 {f.year} 晚于其期限 {deadline} 年，"
                    f"请填报 {deadline} 年及以前的数据",
                )
        if principal.user_id is None or t.owner_department_id is None:
            raise LoopError(
                "a report needs a department account and a task with an owner",
                zh="进展报告须由部门账号提交，且任务须有责任单位",
            )
        move(s, principal, t, "reported", "report")
        r = lm.Report(
            task_id=t.id,
            department_id=t.owner_department_id,
            period=period,
            text=text,
            final=final,
            submitted_by=principal.user_id,
            figures=[
                lm.ReportFigure(target_id=f.target_id, year=f.year, value=float(f.value))
                for f in figures
            ],
            attachments=files,
        )
        s.add(r)
        s.flush()
        record(
            s,
            principal,
            entity="report",
            entity_id=r.id,
            action="submit",
            region_code=t.region_code,
            after={
                "task_id": t.id,
                "period": period,
                "text": text,
                "final": final,
                "figures": [[f.target_id, f.year, f.value] for f in figures],
                "attachments": [[a.file_name, a.size, a.sha256] for a in files],
            },
        )
        return _view(r)


def start_review(store: Store, principal: Principal, task_id: int, version: int) -> None:
    """A reviewer takes up a reported task (督查)."""
    require(principal, "task.review")
    with writing(store) as s:
        t = visible_task(s, principal, task_id)
        check_version(t, version, f"task {task_id}")
        move(s, principal, t, "under_review", "start_review")


def review_report(
    store: Store,
    principal: Principal,
    report_id: int,
    version: int,
    *,
    accept: bool,
    comment: str = "",
) -> ReportView:
    """Accept or return a report, on the version of the report the reviewer read.

    Accepting records its figures as observations and closes the task if the report asked
    for it (otherwise the work goes on: in progress). Returning needs a comment.
    """
    require(principal, "task.review")
    if not accept and not comment.strip():
        raise LoopError(
            "returning a report needs a comment saying what to rework",
            zh="退回报告时须填写意见，说明需要整改的内容",
        )
    with writing(store) as s:
        r = s.get(lm.Report, report_id)
        if r is None:
            raise AccessError(
                f"report {report_id} does not exist or is outside your scope",
                zh=f"报告 {report_id} 不存在或不在您的权限范围内",
            )
        t = visible_task(s, principal, r.task_id)
        check_version(r, version, f"report {report_id}")
        if r.status != "submitted":
            said = {"accepted": "通过", "returned": "退回"}.get(r.status, r.status)
            raise TransitionError(
                f"report {report_id} was already {r.status}",
                zh=f"报告 {report_id} 已审核（{said}）",
            )
        if t.state == "reported":
            move(s, principal, t, "under_review", "start_review")
        r.status = "accepted" if accept else "returned"
        r.reviewed_by = principal.user_id
        r.reviewed_at = datetime.now(UTC)
        r.review_comment = comment
        if accept:
            _observe(s, r, t.region_code)
            move(s, principal, t, "closed" if r.final else "in_progress", "accept", report_id=r.id)
        else:
            move(s, principal, t, "returned", "return", report_id=r.id, comment=comment)
            add_notice(s, t, "returned", returned_message(t.title, comment))
        s.flush()
        record(
            s,
            principal,
            entity="report",
            entity_id=r.id,
            action="review",
            region_code=t.region_code,
            before={"status": "submitted"},
            after={"status": r.status, "comment": comment},
        )
        return _view(r)


def _observe(s: Session, r: lm.Report, region_code: str) -> None:
    """Record an accepted report's figures as observations: the only way a report's figure
    becomes official (a submitted or returned report's figures stay in the report)."""
    if r.status != "accepted":
        raise TransitionError(
            f"report {r.id} is {r.status}: only an accepted report's figures count",
            zh=f"报告 {r.id} 尚未通过审核：只有审核通过的报告数据才计入实绩",
        )
    keys: set[ConflictKey] = set()
    for f in r.figures:
        t = s.get(Target, f.target_id)
        if t is None:  # the target went with its document since the report came in
            continue
        ind = s.get(Indicator, t.indicator_id) if t.indicator_id else None
        _region, _ind, measure, unit = series_key_of(t, ind)
        o = Observation(
            region_code=t.region_code or region_code,
            indicator_id=t.indicator_id,
            indicator_phrase=t.indicator_phrase,
            year=f.year,
            value=f.value,
            base_unit=unit,
            measure=measure,
            source_kind="report",
        )
        s.add(o)
        s.flush()
        f.observation_id = o.id
        keys.add(conflict_key(o))
    refresh_conflicts(s, keys)


def list_reports(store: Store, principal: Principal, task_id: int) -> list[ReportView]:
    """A task's reports, oldest first."""
    require(principal, "report.read")
    with reading(store) as s:
        visible_task(s, principal, task_id)
        q = select(lm.Report).where(lm.Report.task_id == task_id).order_by(lm.Report.id)
        return [_view(r) for r in s.scalars(q)]


def get_attachment(
    store: Store, principal: Principal, attachment_id: int
) -> tuple[str, str, bytes]:
    """An attachment's name, media type and bytes, if the principal may see its task."""
    require(principal, "report.read")
    with reading(store) as s:
        q = task_scope(
            select(lm.Attachment)
            .join(lm.Report, lm.Attachment.report_id == lm.Report.id)
            .join(lm.Task, lm.Report.task_id == lm.Task.id)
            .where(lm.Attachment.id == attachment_id),
            principal,
        )
        a = s.scalars(q).first()
        if a is None:
            raise AccessError(
                f"attachment {attachment_id} does not exist or is outside your scope",
                zh=f"附件 {attachment_id} 不存在或不在您的权限范围内",
            )
        return a.file_name, a.media_type, a.content
