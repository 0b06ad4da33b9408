"""The closed loop's tables: people, tasks, projects, reports, notices, scores, audit.

They live on :class:`luoshi.store.models.Base` (one metadata, one naming convention).
Rows that people edit concurrently carry a ``version`` column that SQLAlchemy uses as
its ``version_id_col``: an UPDATE names the version it read, and one that finds a newer
version changes nothing and is refused (optimistic locking). The audit table has no
foreign keys on purpose: an entry must outlive whatever it describes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from luoshi.store.models import Base

__all__ = [
    "Assessment",
    "Attachment",
    "AuditEntry",
    "Department",
    "LoginAttempt",
    "Milestone",
    "Notice",
    "Project",
    "ProjectPeriod",
    "Report",
    "ReportFigure",
    "Score",
    "SessionToken",
    "Task",
    "TaskDepartment",
    "TaskTarget",
    "User",
]


def _now() -> datetime:
    return datetime.now(UTC)


class Department(Base):
    """A department of a region's government (发改局, 住建局 …) that owns and reports on tasks."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    __table_args__ = (UniqueConstraint("region_code", "name"),)


class User(Base):
    """An account: a role, and the region and department that scope what it sees."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # administrator | leader | department | viewer
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class LoginAttempt(Base):
    """One login attempt, kept in the database so that throttling holds across workers."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    success: Mapped[bool] = mapped_column(Boolean)
    address: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    __table_args__ = (Index(None, "username", "at"), Index(None, "address", "at"))


class SessionToken(Base):
    """A login session: only its token's SHA-256 is stored, so a leaked table logs no one in."""

    __tablename__ = "session_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Task(Base):
    """A concrete piece of work under a goal: owner, deadline, state, importance."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    source_sentence: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    framework_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_member.id", ondelete="SET NULL"), index=True
    )
    owner_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    importance: Mapped[int] = mapped_column(Integer, default=1)  # 1 一般, 2 重要, 3 重点
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    co_departments: Mapped[list[TaskDepartment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Milestone.due"
    )
    targets: Mapped[list[TaskTarget]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TaskDepartment(Base):
    """A co-operating department of a task (配合单位)."""

    __tablename__ = "task_department"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id"), primary_key=True, index=True
    )


class TaskTarget(Base):
    """A target of the plan store that a task serves; its figures come in through reports."""

    __tablename__ = "task_target"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("target.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Milestone(Base):
    """A dated step of a task, with an expected value where the step is measurable."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    due: Mapped[date] = mapped_column(Date)
    expected_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(50), default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class Project(Base):
    """A key project (重点项目): its investment and whether it has started (开工)."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    name: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)  # the year it is planned to start
    total_investment: Mapped[float] = mapped_column(Float)  # 万元
    started: Mapped[bool] = mapped_column(Boolean, default=False)
    started_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)

    periods: Mapped[list[ProjectPeriod]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProjectPeriod.period"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectPeriod(Base):
    """Planned and completed investment of a project in one period (``2026``, ``2026-Q1``)."""

    __tablename__ = "project_period"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(20))
    planned: Mapped[float] = mapped_column(Float, default=0.0)
    completed: Mapped[float] = mapped_column(Float, default=0.0)

    __table_args__ = (UniqueConstraint("project_id", "period"),)


class Report(Base):
    """A progress report a department submits on a task, and its review."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    period: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # asks for closing (申请销号)
    status: Mapped[str] = mapped_column(String(20), default="submitted")  # accepted | returned
    submitted_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer)

    figures: Mapped[list[ReportFigure]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ReportFigure(Base):
    """A figure a report gives for a linked target's indicator; accepted, it becomes an
    observation (source kind ``report``)."""

    __tablename__ = "report_figure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)  # in the target's base unit
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observation.id", ondelete="SET NULL"), index=True
    )


class Attachment(Base):
    """A file attached to a report; its bytes live in the database, never at a user-given path."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column()


class Notice(Base):
    """An in-app warning for a department or a user: an overdue or at-risk task."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # overdue | at_risk | returned
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    day: Mapped[date] = mapped_column(Date)  # one notice per task, kind and day
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("task_id", "kind", "day"),)


class Assessment(Base):
    """One run of the scoring scheme over a period (考核), with the weights it used."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    period: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    scheme: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: console
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    scores: Mapped[list[Score]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class Score(Base):
    """A task's score within an assessment, by component."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    importance: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[float | None] = mapped_column(Float)
    review: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)


class AuditEntry(Base):
    """One recorded change: who, when, what, before and after. Append-only, also in the database."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(32), index=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    __table_args__ = (Index(None, "entity", "entity_id"),)
