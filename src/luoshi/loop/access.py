"""Who may do what: roles, the acting principal, scope checks, and one transaction per write.

Every loop function takes the acting :class:`Principal` and checks two things on the
server before it touches a row: the *operation* (may this role do this at all, see
:data:`PERMISSIONS`) and the *scope* (is the row in the principal's region, and for a
department account, is the task its own or one it co-operates on). A denial is an
:class:`~luoshi.errors.AccessError`; a row outside the scope is reported exactly like a
missing one, so that ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast, get_args

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from luoshi.errors import AccessError, LoopError, StaleEditError
from luoshi.loop import models as lm
from luoshi.store import Store
from luoshi.store.db import database_error

__all__ = [
    "OPERATION_ZH",
    "PERMISSIONS",
    "ROLES",
    "ROLE_EN",
    "ROLE_ZH",
    "Principal",
    "Role",
    "aware",
    "can",
    "check_region",
    "reading",
    "require",
    "task_scope",
    "touch",
    "visible_task",
    "what_zh",
    "writing",
]

Role = Literal["administrator", "leader", "department", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_ZH: dict[Role, str] = {
    "administrator": "系统管理员",
    "leader": "领导",
    "department": "部门",
    "viewer": "只读",
}
ROLE_EN: dict[Role, str] = {
    "administrator": "administrator",
    "leader": "leader",
    "department": "department",
    "viewer": "read-only",
}

#: Operation → the roles that may perform it (scope is checked separately).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.manage": frozenset({"administrator"}),
    "department.manage": frozenset({"administrator"}),
    "task.read": frozenset(ROLES),
    "task.write": frozenset({"administrator", "leader"}),  # create, edit, assign, draft
    "task.start": frozenset({"department"}),
    "task.review": frozenset({"administrator", "leader"}),  # review reports, close
    "report.submit": frozenset({"department"}),
    "report.read": frozenset(ROLES),
    "project.write": frozenset({"administrator", "leader"}),
    "project.report": frozenset({"administrator", "leader", "department"}),
    "project.read": frozenset(ROLES),
    "target.write": frozenset({"administrator", "leader"}),
    # documents and statistics tables through the dashboard's upload
    "document.upload": frozenset({"administrator", "leader", "department"}),
    "assessment.run": frozenset({"administrator", "leader"}),
    "assessment.read": frozenset(ROLES),
    "audit.read": frozenset({"administrator", "leader"}),
    "notice.read": frozenset(ROLES),
    "notice.scan": frozenset({"administrator", "leader"}),
}


#: What each operation is, in Chinese, for the refusal of someone whose role may not.
OPERATION_ZH: dict[str, str] = {
    "user.manage": "管理用户",
    "department.manage": "管理部门",
    "task.read": "查看任务",
    "task.write": "新建或修改任务",
    "task.start": "办理任务",
    "task.review": "审核任务",
    "report.submit": "提交进展报告",
    "report.read": "查看进展报告",
    "project.write": "新建或修改重点项目",
    "project.report": "填报重点项目投资",
    "project.read": "查看重点项目",
    "target.write": "更正目标",
    "document.upload": "上传文件",
    "assessment.run": "计算考核结果",
    "assessment.read": "查看考核结果",
    "audit.read": "查看审计记录",
    "notice.read": "查看提醒",
    "notice.scan": "检查期限",
}
#: The kinds of record a refusal names (``task 12``), in Chinese.
_KIND_ZH = {
    "region": "地区",
    "task": "任务",
    "target": "目标",
    "report": "进展报告",
    "project": "重点项目",
    "document": "文件",
    "assessment": "考核",
    "attachment": "附件",
}


def what_zh(what: str) -> str:
    """``task 12`` in Chinese: 任务 12 (a kind this module does not know stays as it is)."""
    kind, _, rest = what.partition(" ")
    return f"{_KIND_ZH[kind]} {rest}" if kind in _KIND_ZH else what


@dataclass(frozen=True)
class Principal:
    """The acting user, as the server knows it (never as the client claims it)."""

    user_id: int | None
    username: str
    role: Role
    region_code: str | None = None
    department_id: int | None = None

    @classmethod
    def system(cls) -> Principal:
        """The operator at the server's console (the CLI): an administrator with no account."""
        return cls(user_id=None, username="system", role="administrator")

    @property
    def is_admin(self) -> bool:
        """Whether this principal is an administrator (every region)."""
        return self.role == "administrator"


def aware(t: datetime | None) -> datetime | None:
    """A stored datetime as an aware UTC one (SQLite hands back naive values for UTC)."""
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def can(principal: Principal, operation: str) -> bool:
    """Whether ``principal``'s role allows ``operation`` at all."""
    try:
        return principal.role in PERMISSIONS[operation]
    except KeyError:
        raise LoopError(
            f"unknown operation {operation!r}; known:",
            zh=f"未知的操作 {operation!r}，已知",
            options=sorted(PERMISSIONS),
        ) from None


def require(principal: Principal, operation: str) -> None:
    """Refuse with :class:`AccessError` unless ``principal``'s role allows ``operation``."""
    if not can(principal, operation):
        raise AccessError(
            f"{principal.username} ({principal.role}) may not {operation.replace('.', ' ')}",
            zh=f"{principal.username}（{ROLE_ZH[principal.role]}）无权"
            f"{OPERATION_ZH.get(operation, operation)}",
        )


def check_region(principal: Principal, region_code: str | None, what: str) -> None:
    """Refuse a row of another region as if it did not exist."""
    if not principal.is_admin and region_code != principal.region_code:
        raise AccessError(
            f"{what} does not exist or is outside your scope",
            zh=f"{what_zh(what)} 不存在或不在您的权限范围内",
        )


def task_scope(query: Select[Any], principal: Principal) -> Select[Any]:
    """Narrow a query over :class:`Task` to what ``principal`` may see."""
    if principal.is_admin:
        return query
    query = query.where(lm.Task.region_code == principal.region_code)
    if principal.role == "department":
        co = exists().where(
            lm.TaskDepartment.task_id == lm.Task.id,
            lm.TaskDepartment.department_id == principal.department_id,
        )
        query = query.where(
            or_(lm.Task.owner_department_id == principal.department_id, co),
            lm.Task.state != "draft",  # drafts are the leader's working copy
        )
    return query


def visible_task(session: Session, principal: Principal, task_id: int) -> lm.Task:
    """The task ``task_id`` if ``principal`` may see it; otherwise :class:`AccessError`."""
    query = task_scope(select(lm.Task).where(lm.Task.id == task_id), principal)
    task = cast(lm.Task | None, session.scalars(query).first())
    if task is None:
        raise AccessError(
            f"task {task_id} does not exist or is outside your scope",
            zh=f"任务 {task_id} 不存在或不在您的权限范围内",
        )
    return task


_TOUCH: dict[type, str] = {lm.Task: "title", lm.Project: "name", lm.Report: "text"}


def touch(session: Session, row: lm.Task | lm.Project | lm.Report) -> None:
    """Move ``row``'s version even when only its child rows changed: the optimistic lock is
    per task or project, and SQLAlchemy bumps the version only when the row itself is updated."""
    # flagging the version column itself leaves its bind parameter unset; a plain column works
    flag_modified(row, _TOUCH[type(row)])
    session.flush()


@contextmanager
def writing(store: Store) -> Iterator[Session]:
    """One write transaction: committed at the end, rolled back on any error.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``: a deferred transaction that
    reads and then writes fails at once with "database is locked" when another writer
    committed in between (SQLite's documented SQLITE_BUSY_SNAPSHOT case), whereas an
    immediate one waits its turn under the busy timeout. A stale optimistic-lock update
    comes out as :class:`StaleEditError`.
    """
    session = Session(store.engine, expire_on_commit=False, autoflush=True)
    try:
        if store.dialect == "sqlite":
            connection = session.connection()
            connection.exec_driver_sql("PRAGMA busy_timeout = 30000")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError(
            "the record was changed by someone else since you read it; reload it and try again",
            zh="读取之后该记录已被他人修改，请刷新后重试",
        ) from exc
    except IntegrityError as exc:
        session.rollback()
        # the rule the change broke, in plain words: a refusal of this input, not a failure
        plain = database_error(store.url, exc)
        raise LoopError(str(plain), zh=plain.zh) from exc
    except SQLAlchemyError as exc:
        session.rollback()
        raise database_error(store.url, exc) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def reading(store: Store) -> Iterator[Session]:
    """A read-only session, rolled back at the end."""
    session = Session(store.engine, expire_on_commit=False)
    try:
        yield session
    except SQLAlchemyError as exc:
        raise database_error(store.url, exc) from exc
    finally:
        session.rollback()
        session.close()
