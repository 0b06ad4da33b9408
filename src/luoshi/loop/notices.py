"""Warnings: overdue and at-risk tasks as in-app notices, and by e-mail when SMTP is set.

:func:`scan_deadlines` is run by a leader (or on a schedule by the administrator): open
tasks past their deadline become overdue; open tasks whose deadline or next milestone
is within ``days`` get an at-risk notice. There is one notice per task, kind and day,
so running the scan twice a day warns once. E-mail goes through the SMTP server named by
LUOSHI_SMTP_HOST to the accounts of the owner department that have an address; without
LUOSHI_SMTP_HOST nothing is sent (county networks often have no mail relay).
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.config import Settings
from luoshi.errors import LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, aware, check_region, reading, require, writing
from luoshi.loop.tasks import move
from luoshi.store import Store

__all__ = [
    "NoticeView",
    "ScanResult",
    "add_notice",
    "list_notices",
    "returned_message",
    "scan_deadlines",
    "send_email",
]

_OPEN = ("assigned", "in_progress", "returned", "overdue")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NoticeView:
    """A notice as shown in the application."""

    id: int
    region_code: str
    department_id: int | None
    task_id: int | None
    kind: str
    message: str
    created_at: datetime
    emailed: bool
    task_title: str = ""
    task_deadline: date | None = None
    detail: str = ""  # what the notice adds to its kind: a returned report's comment


@dataclass(frozen=True)
class ScanResult:
    """What a deadline scan did."""

    overdue: list[int]
    at_risk: list[int]
    notices: int
    emails: int


def returned_message(title: str, comment: str) -> str:
    """The notice of a returned report, as stored and e-mailed (in Chinese)."""
    return f"任务“{title}”的进展报告被退回：{comment}"


def _detail(n: lm.Notice, title: str) -> str:
    """What a notice says beyond its kind and task: a returned report's comment (the
    message after the words :func:`returned_message` puts before it), else the date the
    message names (the deadline passed, or the deadline or milestone due)."""
    if n.kind == "returned":
        head = returned_message(title, "")
        return n.message.removeprefix(head) if n.message.startswith(head) else ""
    found = _DATE.search(n.message)
    return found.group() if found else ""


def add_notice(s: Session, task: lm.Task, kind: str, message: str, day: date | None = None) -> bool:
    """Add a notice for ``task``'s owner department unless one of this kind exists for the day."""
    day = day or datetime.now(UTC).date()
    exists = s.scalar(
        select(lm.Notice.id).where(
            lm.Notice.task_id == task.id, lm.Notice.kind == kind, lm.Notice.day == day
        )
    )
    if exists is not None:
        return False
    s.add(
        lm.Notice(
            region_code=task.region_code,
            department_id=task.owner_department_id,
            task_id=task.id,
            kind=kind,
            message=message,
            day=day,
        )
    )
    return True


def list_notices(store: Store, principal: Principal, *, limit: int = 200) -> list[NoticeView]:
    """Notices the principal may see: their department's, or their region's; newest first."""
    require(principal, "notice.read")
    q = select(lm.Notice).order_by(lm.Notice.id.desc()).limit(max(1, min(limit, 10_000)))
    if not principal.is_admin:
        q = q.where(lm.Notice.region_code == principal.region_code)
    if principal.role == "department":
        q = q.where(lm.Notice.department_id == principal.department_id)
    with reading(store) as s:
        out = []
        for n in s.scalars(q):
            task = s.get(lm.Task, n.task_id) if n.task_id is not None else None
            out.append(
                NoticeView(
                    n.id,
                    n.region_code,
                    n.department_id,
                    n.task_id,
                    n.kind,
                    n.message,
                    aware(n.created_at) or n.created_at,
                    n.emailed,
                    task.title if task else "",
                    task.deadline if task else None,
                    _detail(n, task.title if task else ""),
                )
            )
        return out


def scan_deadlines(
    store: Store,
    principal: Principal,
    *,
    region_code: str | None = None,
    today: date | None = None,
    days: int = 7,
    settings: Settings | None = None,
) -> ScanResult:
    """Mark overdue tasks, raise overdue and at-risk notices, and e-mail them if SMTP is set."""
    require(principal, "notice.scan")
    if region_code is not None:
        check_region(principal, region_code, f"region {region_code}")
    elif not principal.is_admin:
        region_code = principal.region_code
    if days < 0:
        raise LoopError(
            f"days must be zero or more, not {days}", zh=f"天数须不小于 0，而不是 {days}"
        )
    today = today or datetime.now(UTC).date()
    soon = today + timedelta(days=days)
    overdue: list[int] = []
    at_risk: list[int] = []
    fresh: list[tuple[int | None, str]] = []
    settings = settings or Settings()
    mail: dict[int, tuple[list[str], list[str]]] = {}
    with writing(store) as s:
        q = select(lm.Task).where(lm.Task.state.in_(_OPEN), lm.Task.deadline.is_not(None))
        if region_code is not None:
            q = q.where(lm.Task.region_code == region_code)
        for t in s.scalars(q.order_by(lm.Task.id)):
            assert t.deadline is not None
            if t.deadline < today:
                if t.state != "overdue":
                    move(s, principal, t, "overdue", "overdue", deadline=t.deadline.isoformat())
                    overdue.append(t.id)
                msg = f"任务“{t.title}”已逾期（期限 {t.deadline.isoformat()}），请尽快办理并反馈。"
                if add_notice(s, t, "overdue", msg, today):
                    fresh.append((t.owner_department_id, msg))
                continue
            due = [m.due for m in t.milestones if not m.done and today <= m.due <= soon]
            if t.deadline <= soon or due:
                when = min([t.deadline, *due])
                msg = f"任务“{t.title}”将于 {when.isoformat()} 到期，请按时完成并反馈。"
                at_risk.append(t.id)
                if add_notice(s, t, "at_risk", msg, today):
                    fresh.append((t.owner_department_id, msg))
        if settings.smtp_host and fresh:
            mail = _recipients(s, fresh)
    # Mail goes out after the commit: a mail server that is down must not undo the scan.
    emails = 0
    for dept, (to, messages) in mail.items():
        send_email(settings, to, "落实：任务预警", "\n".join(messages))
        emails += 1
        with writing(store) as s:
            for n in s.scalars(
                select(lm.Notice).where(
                    lm.Notice.department_id == dept,
                    lm.Notice.day == today,
                    lm.Notice.emailed.is_(False),
                )
            ):
                n.emailed = True
    return ScanResult(overdue, at_risk, len(fresh), emails)


def _recipients(
    s: Session, fresh: Sequence[tuple[int | None, str]]
) -> dict[int, tuple[list[str], list[str]]]:
    """Department → (addresses of its active accounts, its new messages)."""
    out: dict[int, tuple[list[str], list[str]]] = {}
    for dept, msg in fresh:
        if dept is None:
            continue
        if dept not in out:
            to = [
                a
                for a in s.scalars(
                    select(lm.User.email).where(
                        lm.User.department_id == dept, lm.User.disabled.is_(False)
                    )
                )
                if a
            ]
            out[dept] = (to, [])
        out[dept][1].append(msg)
    return {d: v for d, v in out.items() if v[0]}


def send_email(settings: Settings, to: Sequence[str], subject: str, body: str) -> None:
    """Send one plain-text message through the configured SMTP server."""
    if not settings.smtp_host:
        raise LoopError(
            "no SMTP server configured (set LUOSHI_SMTP_HOST)",
            zh="未配置邮件服务器（请设置 LUOSHI_SMTP_HOST）",
        )
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise LoopError(
            f"e-mail through {settings.smtp_host}:{settings.smtp_port} failed: {exc}",
            zh=f"通过 {settings.smtp_host}:{settings.smtp_port} 发送邮件失败",
        ) from exc
