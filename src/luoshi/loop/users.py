"""Accounts, departments, logins and sessions.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second
recommended profile) and rehashed on login when those defaults move. Login attempts are
rows in ``login_attempt``, so every web worker sees the same count; an attempt is counted
before its password is checked (:func:`log_in`), so parallel guesses cannot outrun the
limits. A session token is 256 random bits;
only its SHA-256 is stored, with an expiry.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from luoshi.config import Settings
from luoshi.errors import AccessError, LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import ROLES, Principal, reading, require, writing
from luoshi.loop.audit import record, snapshot
from luoshi.store import Store
from luoshi.store.models import Region

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "DepartmentInfo",
    "UserInfo",
    "add_department",
    "add_user",
    "disable_user",
    "enable_user",
    "list_departments",
    "list_users",
    "log_in",
    "log_out",
    "principal_for_token",
    "set_password",
]

MIN_PASSWORD_LENGTH = 8
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so that a wrong name takes as long as a
# wrong password and names cannot be found by timing.
_DUMMY_HASH = _HASHER.hash("luoshi-no-such-user")
_USER_FIELDS = (
    "username",
    "display_name",
    "role",
    "region_code",
    "department_id",
    "disabled",
    "email",
)


@dataclass(frozen=True)
class UserInfo:
    """An account as listed (never with its hash)."""

    id: int
    username: str
    display_name: str
    role: str
    region_code: str | None
    department_id: int | None
    department: str | None
    disabled: bool
    email: str | None
    version: int


@dataclass(frozen=True)
class DepartmentInfo:
    """A department and its region."""

    id: int
    region_code: str
    name: str


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was stored as UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def add_department(store: Store, actor: Principal, region_code: str, name: str) -> DepartmentInfo:
    """Create a department of ``region_code`` (the region must be in the store)."""
    require(actor, "department.manage")
    name = name.strip()
    if not name:
        raise LoopError("a department needs a name", zh="部门需要名称")
    with writing(store) as s:
        if s.get(Region, region_code) is None:
            raise LoopError(
                f"region {region_code!r} is not in the store; add it first",
                zh=f"地区 {region_code!r} 不在库中，请先添加",
            )
        if (
            s.scalar(
                select(lm.Department.id).where(
                    lm.Department.region_code == region_code, lm.Department.name == name
                )
            )
            is not None
        ):
            raise LoopError(
                f"department {name!r} already exists in {region_code}",
                zh=f"{region_code} 已有部门 {name!r}",
            )
        d = lm.Department(region_code=region_code, name=name)
        s.add(d)
        s.flush()
        record(
            s,
            actor,
            entity="department",
            entity_id=d.id,
            action="create",
            region_code=region_code,
            after={"name": name},
        )
        return DepartmentInfo(d.id, d.region_code, d.name)


def list_departments(store: Store, actor: Principal) -> list[DepartmentInfo]:
    """Departments of the actor's region (every region for an administrator)."""
    q = select(lm.Department).order_by(lm.Department.region_code, lm.Department.id)
    if not actor.is_admin:
        q = q.where(lm.Department.region_code == actor.region_code)
    with reading(store) as s:
        return [DepartmentInfo(d.id, d.region_code, d.name) for d in s.scalars(q)]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LoopError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            zh=f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符",
        )
    if len(password) > 1024:
        raise LoopError("a password may have at most 1024 characters", zh="密码最多 1024 个字符")


def add_user(
    store: Store,
    actor: Principal,
    *,
    username: str,
    password: str,
    role: str,
    region_code: str | None = None,
    department_id: int | None = None,
    display_name: str = "",
    email: str | None = None,
) -> UserInfo:
    """Create an account. Leaders and viewers need a region; department accounts a department
    (whose region they take); administrators see every region."""
    require(actor, "user.manage")
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise LoopError(
            f"user name {username!r}: 1–100 characters without spaces",
            zh=f"用户名 {username!r} 不可用：须为 1—100 个字符，不含空格",
        )
    if role not in ROLES:
        raise LoopError(
            f"role {role!r} is not one of", zh=f"角色 {role!r} 不可用，可选", options=ROLES
        )
    _check_password(password)
    with writing(store) as s:
        if role == "department":
            dept = s.get(lm.Department, department_id) if department_id is not None else None
            if dept is None:
                raise LoopError(
                    "a department account needs an existing --department",
                    zh="部门账号需要指定一个已有的部门",
                )
            region_code = dept.region_code
        elif department_id is not None:
            raise LoopError(
                f"only department accounts belong to a department, not {role}",
                zh="只有部门账号属于某个部门",
            )
        if role in ("leader", "viewer") and (
            region_code is None or s.get(Region, region_code) is None
        ):
            raise LoopError(
                f"a {role} account needs a --region that is in the store",
                zh="领导和只读账号需要指定库中已有的地区",
            )
        if role == "administrator":
            region_code = None
        if s.scalar(select(lm.User.id).where(lm.User.username == username)) is not None:
            raise LoopError(f"user {username!r} already exists", zh=f"用户 {username!r} 已存在")
        u = lm.User(
            username=username,
            display_name=display_name,
            password_hash=_HASHER.hash(password),
            role=role,
            region_code=region_code,
            department_id=department_id,
            email=email,
        )
        s.add(u)
        s.flush()
        record(
            s,
            actor,
            entity="user",
            entity_id=u.id,
            action="create",
            region_code=region_code,
            after=snapshot(u, _USER_FIELDS),
        )
        return _info(u, None)


def _info(u: lm.User, dept: str | None) -> UserInfo:
    return UserInfo(
        u.id,
        u.username,
        u.display_name,
        u.role,
        u.region_code,
        u.department_id,
        dept,
        u.disabled,
        u.email,
        u.version,
    )


def list_users(store: Store, actor: Principal) -> list[UserInfo]:
    """Every account (administrators only)."""
    require(actor, "user.manage")
    with reading(store) as s:
        rows = s.execute(
            select(lm.User, lm.Department.name)
            .outerjoin(lm.Department, lm.User.department_id == lm.Department.id)
            .order_by(lm.User.id)
        ).all()
        return [_info(u, d) for u, d in rows]


def disable_user(store: Store, actor: Principal, username: str) -> UserInfo:
    """Disable an account and end its sessions (never deleted: the audit trail names it).

    Refused for one's own account (an administrator would lock themselves out mid-task) and
    for the last active administrator (nobody could manage accounts on the web any more;
    the console's ``luoshi user enable`` would be the only way back)."""
    require(actor, "user.manage")
    with writing(store) as s:
        u = s.scalars(select(lm.User).where(lm.User.username == username)).first()
        if u is None:
            raise LoopError(f"no user {username!r}", zh=f"用户 {username!r} 不存在")
        if actor.user_id is not None and u.id == actor.user_id:
            raise LoopError(
                "you cannot disable your own account; ask another administrator",
                zh="不能停用自己的账号，请由另一位系统管理员停用",
            )
        if u.role == "administrator" and not u.disabled:
            # Lock every active administrator's row (PostgreSQL; SQLite's BEGIN IMMEDIATE
            # already serialises writers), so that two administrators disabling each other
            # at once cannot both pass this count.
            active = s.scalars(
                select(lm.User.id)
                .where(lm.User.role == "administrator", lm.User.disabled.is_(False))
                .with_for_update()
            ).all()
            if len(active) <= 1:
                raise LoopError(
                    f"{username} is the last active administrator; add another administrator first",
                    zh=f"{username} 是最后一位在用的系统管理员，停用后将无人能管理账号；"
                    "请先添加另一位系统管理员",
                )
        return _set_disabled(s, actor, u, True)


def enable_user(store: Store, actor: Principal, username: str) -> UserInfo:
    """Enable a disabled account again (its old sessions stay ended: it logs in anew)."""
    require(actor, "user.manage")
    with writing(store) as s:
        u = s.scalars(select(lm.User).where(lm.User.username == username)).first()
        if u is None:
            raise LoopError(f"no user {username!r}", zh=f"用户 {username!r} 不存在")
        return _set_disabled(s, actor, u, False)


def _set_disabled(s: Session, actor: Principal, u: lm.User, disabled: bool) -> UserInfo:
    before = snapshot(u, _USER_FIELDS)
    if u.disabled == disabled:  # nothing to change, nothing to record
        return _info(u, None)
    u.disabled = disabled
    if disabled:
        for t in s.scalars(select(lm.SessionToken).where(lm.SessionToken.user_id == u.id)):
            t.revoked = True
    s.flush()
    record(
        s,
        actor,
        entity="user",
        entity_id=u.id,
        action="disable" if disabled else "enable",
        region_code=u.region_code,
        before=before,
        after=snapshot(u, _USER_FIELDS),
    )
    return _info(u, None)


def set_password(store: Store, actor: Principal, username: str, password: str) -> None:
    """Set a password: administrators for anyone, every user for themselves. Ends other sessions."""
    if actor.username != username:
        require(actor, "user.manage")
    _check_password(password)
    with writing(store) as s:
        u = s.scalars(select(lm.User).where(lm.User.username == username)).first()
        if u is None:
            raise LoopError(f"no user {username!r}", zh=f"用户 {username!r} 不存在")
        u.password_hash = _HASHER.hash(password)
        for t in s.scalars(select(lm.SessionToken).where(lm.SessionToken.user_id == u.id)):
            t.revoked = True
        record(
            s,
            actor,
            entity="user",
            entity_id=u.id,
            action="set_password",
            region_code=u.region_code,
            after={"password": "changed"},
        )


def _principal(u: lm.User) -> Principal:
    return Principal(u.id, u.username, u.role, u.region_code, u.department_id)  # type: ignore[arg-type]


def _advisory_key(kind: str, value: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks, from a name."""
    digest = hashlib.sha256(f"luoshi-login:{kind}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _reserve(
    store: Store, username: str, address: str | None, settings: Settings, now: datetime
) -> int:
    """Count the window's failures and, if no limit is reached, record this attempt as a
    failure, in one transaction and before the password is checked: the id of the attempt.

    Checking first and recording after Argon2 let parallel guesses all pass the check (60
    simultaneous wrong passwords were all evaluated against a limit of 5). Here each
    attempt takes its place in the count before it is evaluated; an attempt that turns out
    right is then marked a success. The count and the insert are serialised per account
    and per address: on PostgreSQL by transaction-scoped advisory locks, taken in key order
    so that two attempts never wait on each other crosswise; on SQLite by the write
    transaction itself (``BEGIN IMMEDIATE``: one writer at a time).
    """
    A = lm.LoginAttempt
    since = now - timedelta(minutes=settings.login_window_minutes)
    failed = (A.success.is_(False), A.at >= since)
    from_address = A.address == address if address else A.address.is_(None)
    with writing(store) as s:
        if store.dialect == "postgresql":
            keys = sorted(
                {_advisory_key("account", username), _advisory_key("address", address or "")}
            )
            for key in keys:
                s.execute(select(func.pg_advisory_xact_lock(key)))

        def count(*where: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(A).where(*where)) or 0)

        if (
            count(A.username == username, from_address, *failed) >= settings.login_max_failures
            or count(from_address, *failed) >= settings.login_address_max_failures
            or count(A.username == username, *failed) >= settings.login_account_max_failures
        ):
            raise AccessError(
                f"too many failed logins; try again in {settings.login_window_minutes} minutes",
                zh=f"登录失败次数过多，请 {settings.login_window_minutes} 分钟后再试",
            )
        attempt = A(username=username, success=False, address=address, at=now)
        s.add(attempt)
        s.flush()
        return attempt.id


def log_in(
    store: Store,
    username: str,
    password: str,
    *,
    address: str | None = None,
    settings: Settings | None = None,
) -> tuple[str, Principal]:
    """Check a password and open a session: the token to hand to the client, and who it is.

    Throttled (:func:`_reserve`): within ``login_window_minutes``, ``login_max_failures``
    failures of an account from one address stop that address trying it,
    ``login_address_max_failures`` stop the address, and ``login_account_max_failures``
    (from several addresses) lock the account. The first limit is the lowest, so one
    address alone can never lock someone else's account. Every refusal is the same
    :class:`AccessError` message (no hint whether the name exists), except the lock-out,
    which says how long to wait.
    """
    settings = settings or Settings()
    now = _now()
    username = username[:100]
    address = address[:64] if address else None
    attempt_id = _reserve(store, username, address, settings, now)
    # The hash is checked outside any write transaction: Argon2 takes a good fraction of a
    # second by design, and on SQLite a write transaction holds the one write lock.
    with reading(store) as s:
        found = s.execute(
            select(lm.User.id, lm.User.password_hash).where(
                lm.User.username == username, lm.User.disabled.is_(False)
            )
        ).first()
    try:
        ok = _HASHER.verify(found[1] if found else _DUMMY_HASH, password) and found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        raise AccessError(
            "wrong user name or password", zh="用户名或密码不正确"
        )  # the attempt stays a failure
    with writing(store) as s:
        u = s.get(lm.User, found[0])
        if u is None or u.disabled:  # disabled while the hash was checked
            raise AccessError("wrong user name or password", zh="用户名或密码不正确")
        s.execute(
            update(lm.LoginAttempt).where(lm.LoginAttempt.id == attempt_id).values(success=True)
        )
        if _HASHER.check_needs_rehash(u.password_hash):
            u.password_hash = _HASHER.hash(password)
        token = secrets.token_urlsafe(32)
        s.add(
            lm.SessionToken(
                token_hash=_token_hash(token),
                user_id=u.id,
                expires_at=now + timedelta(hours=settings.session_hours),
            )
        )
        return token, _principal(u)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_for_token(store: Store, token: str) -> Principal:
    """The principal of a live session token; :class:`AccessError` if it is unknown,
    expired, revoked or its account disabled."""
    with reading(store) as s:
        row = s.execute(
            select(lm.SessionToken, lm.User)
            .join(lm.User, lm.SessionToken.user_id == lm.User.id)
            .where(lm.SessionToken.token_hash == _token_hash(token))
        ).first()
        if row is None:
            raise AccessError("not logged in (unknown session)", zh="尚未登录（会话无效）")
        t, u = row
        if t.revoked or u.disabled or _aware(t.expires_at) <= _now():
            raise AccessError("the session has ended; log in again", zh="会话已结束，请重新登录")
        return _principal(u)


def log_out(store: Store, token: str) -> None:
    """End a session (idempotent)."""
    with writing(store) as s:
        for t in s.scalars(
            select(lm.SessionToken).where(lm.SessionToken.token_hash == _token_hash(token))
        ):
            t.revoked = True
