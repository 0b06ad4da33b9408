"""Accounts, logins, throttling and sessions."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from luoshi.config import Settings
from luoshi.errors import AccessError, LoopError
from luoshi.loop import models as lm
from luoshi.loop import users
from luoshi.loop.access import Principal
from luoshi.loop.audit import list_audit
from luoshi.loop.users import (
    add_department,
    add_user,
    disable_user,
    enable_user,
    list_departments,
    list_users,
    log_in,
    log_out,
    principal_for_token,
    set_password,
)
from luoshi.store import Store
from tests.loop.conftest import OTHER, PASSWORD, REGION, World


def test_the_library_hashes_with_argon2id_defaults() -> None:
    # the tests swap in a cheap hasher; the shipped one keeps argon2-cffi's RFC 9106 profile
    shipped = PasswordHasher()
    digest = shipped.hash("x" * 12)
    assert digest.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert users._DUMMY_HASH.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_passwords_are_stored_hashed(world: World) -> None:
    with world.store.session() as s:
        stored = s.scalars(select(lm.User.password_hash).where(lm.User.username == "leader")).one()
    assert PASSWORD not in stored and stored.startswith("$argon2id$")


def test_login_gives_a_session_stored_only_as_its_hash(world: World) -> None:
    token, who = log_in(world.store, "fgw", PASSWORD, address="10.0.0.5")
    assert who == world.dept and len(token) >= 43
    with world.store.session() as s:
        hashes = list(s.scalars(select(lm.SessionToken.token_hash)))
    assert hashlib.sha256(token.encode()).hexdigest() in hashes and token not in hashes
    assert principal_for_token(world.store, token) == world.dept
    log_out(world.store, token)
    with pytest.raises(AccessError, match="ended"):
        principal_for_token(world.store, token)
    with pytest.raises(AccessError, match="unknown session"):
        principal_for_token(world.store, "forged-token")


@pytest.mark.parametrize(("name", "password"), [("leader", "wrong password"), ("nobody", PASSWORD)])
def test_a_failed_login_says_the_same_for_name_and_password(
    world: World, name: str, password: str
) -> None:
    with pytest.raises(AccessError, match=r"^wrong user name or password$"):
        log_in(world.store, name, password)


def test_expired_sessions_end(world: World) -> None:
    token, _ = log_in(world.store, "viewer", PASSWORD)
    with world.store.session() as s:
        s.execute(update(lm.SessionToken).values(expires_at=datetime.now(UTC) - timedelta(1)))
    with pytest.raises(AccessError, match="ended"):
        principal_for_token(world.store, token)


def test_throttling_locks_the_account_for_the_window(world: World) -> None:
    settings = Settings(login_max_failures=3, login_window_minutes=15)
    for _ in range(3):
        with pytest.raises(AccessError, match="wrong"):
            log_in(world.store, "leader", "guess guess", settings=settings)
    # now even the right password is refused, and says for how long
    with pytest.raises(AccessError, match="too many failed logins; try again in 15 minutes"):
        log_in(world.store, "leader", PASSWORD, settings=settings)
    # other accounts are not locked; the count lives in the database (every worker sees it)
    log_in(world.store, "viewer", PASSWORD, settings=settings)
    with world.store.session() as s:
        s.execute(update(lm.LoginAttempt).values(at=datetime.now(UTC) - timedelta(minutes=16)))
    log_in(world.store, "leader", PASSWORD, settings=settings)


def test_throttling_by_address(world: World) -> None:
    settings = Settings(login_max_failures=2, login_address_max_failures=8, login_window_minutes=15)
    for i in range(8):  # eight different names from one address
        with pytest.raises(AccessError, match="wrong"):
            log_in(world.store, f"guess{i}", "x" * 10, address="203.0.113.9", settings=settings)
    with pytest.raises(AccessError, match="too many"):
        log_in(world.store, "leader", PASSWORD, address="203.0.113.9", settings=settings)
    log_in(world.store, "leader", PASSWORD, address="10.0.0.1", settings=settings)


def test_disabling_ends_sessions_and_logins(world: World) -> None:
    token, _ = log_in(world.store, "fgw", PASSWORD)
    disable_user(world.store, world.admin, "fgw")
    with pytest.raises(AccessError):
        principal_for_token(world.store, token)
    with pytest.raises(AccessError, match="wrong user name or password"):
        log_in(world.store, "fgw", PASSWORD)
    assert [u.disabled for u in list_users(world.store, world.admin) if u.username == "fgw"] == [
        True
    ]


def test_setting_a_password(world: World) -> None:
    token, _ = log_in(world.store, "viewer", PASSWORD)
    set_password(world.store, world.viewer, "viewer", "a brand new one")  # oneself
    with pytest.raises(AccessError):
        principal_for_token(world.store, token)  # other sessions end
    log_in(world.store, "viewer", "a brand new one")
    with pytest.raises(AccessError, match="may not"):
        set_password(world.store, world.viewer, "leader", "taken over!")
    with pytest.raises(LoopError, match="at least 8"):
        set_password(world.store, world.admin, "viewer", "short")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "bad name", "role": "viewer", "region_code": REGION}, "without spaces"),
        ({"username": "x", "role": "king", "region_code": REGION}, "role 'king' is not one of"),
        ({"username": "x", "role": "leader"}, "needs a --region"),
        ({"username": "x", "role": "leader", "region_code": "123456"}, "needs a --region"),
        ({"username": "x", "role": "department"}, "needs an existing --department"),
        (
            {"username": "x", "role": "viewer", "region_code": REGION, "department_id": 1},
            "only department accounts",
        ),
        ({"username": "leader", "role": "viewer", "region_code": REGION}, "already exists"),
    ],
)
def test_bad_accounts_are_refused(world: World, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LoopError, match=message):
        add_user(world.store, world.admin, password=PASSWORD, **kwargs)  # type: ignore[arg-type]


def test_a_department_account_takes_its_departments_region(world: World) -> None:
    u = add_user(
        world.store,
        world.admin,
        username="new",
        password=PASSWORD,
        role="department",
        department_id=world.other_dept_id,
        region_code=OTHER,
    )
    assert u.region_code == REGION


def test_departments(world: World) -> None:
    with pytest.raises(LoopError, match="already exists"):
        add_department(world.store, world.admin, REGION, "县发展改革委")
    with pytest.raises(LoopError, match="not in the store"):
        add_department(world.store, world.admin, "000000", "某局")
    with pytest.raises(AccessError):
        add_department(world.store, world.leader, REGION, "某局")
    assert [d.name for d in list_departments(world.store, world.leader)] == [
        "县发展改革委",
        "县住房城乡建设委",
    ]
    assert list_departments(world.store, world.stranger) == []


def test_throttling_holds_across_workers(
    world: World, store_url: str, open_url: Callable[[str], Store]
) -> None:
    """Two workers (two engines on one database) share one failure count."""
    settings = Settings(login_max_failures=4, login_window_minutes=15)
    second = open_url(store_url)
    for store in (world.store, second, world.store, second):
        with pytest.raises(AccessError, match="wrong"):
            log_in(store, "leader", "guess guess", settings=settings)
    for store in (world.store, second):
        with pytest.raises(AccessError, match="too many"):
            log_in(store, "leader", PASSWORD, settings=settings)


def test_an_administrator_cannot_disable_their_own_account(world: World) -> None:
    add_user(world.store, world.admin, username="admin2", password=PASSWORD, role="administrator")
    before = len(list_audit(world.store, world.admin))
    with pytest.raises(LoopError, match=r"cannot disable your own account") as caught:
        disable_user(world.store, world.admin, "admin")
    assert caught.value.zh.startswith("不能停用自己的账号")
    assert not _disabled(world, "admin")
    assert len(list_audit(world.store, world.admin)) == before  # nothing written


def test_the_last_administrator_cannot_be_disabled(world: World) -> None:
    system = Principal.system()
    with pytest.raises(LoopError, match=r"last active administrator") as caught:
        disable_user(world.store, system, "admin")
    assert "最后一位在用的系统管理员" in caught.value.zh
    second = add_user(
        world.store, system, username="admin2", password=PASSWORD, role="administrator"
    )
    disable_user(world.store, system, "admin")  # two active: one may go
    admin2 = Principal(second.id, "admin2", "administrator")
    with pytest.raises(LoopError, match="cannot disable your own account"):
        disable_user(world.store, admin2, "admin2")
    with pytest.raises(LoopError, match="last active administrator"):
        disable_user(world.store, system, "admin2")
    # enabling brings the first back; then either may be disabled again
    enable_user(world.store, admin2, "admin")
    log_in(world.store, "admin", PASSWORD)
    disable_user(world.store, admin2, "admin")
    assert _disabled(world, "admin") and not _disabled(world, "admin2")
    actions = [e.action for e in list_audit(world.store, system, entity="user")]
    assert actions.count("disable") == 2 and actions.count("enable") == 1


def test_two_administrators_disabling_each_other_at_once_leave_one(world: World) -> None:
    """The count of active administrators and the change are one step: of two administrators
    disabling each other at the same moment, exactly one succeeds."""
    system = Principal.system()
    second = add_user(
        world.store, system, username="admin2", password=PASSWORD, role="administrator"
    )
    admin2 = Principal(second.id, "admin2", "administrator")
    for _round in range(5):
        barrier = threading.Barrier(2)
        outcome: list[str] = []

        def disable(
            actor: Principal, name: str, barrier: threading.Barrier, outcome: list[str]
        ) -> None:
            barrier.wait()
            try:
                disable_user(world.store, actor, name)
                outcome.append("ok")
            except LoopError as exc:
                outcome.append(str(exc))

        threads = [
            threading.Thread(target=disable, args=(world.admin, "admin2", barrier, outcome)),
            threading.Thread(target=disable, args=(admin2, "admin", barrier, outcome)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcome.count("ok") == 1, outcome
        assert [not _disabled(world, n) for n in ("admin", "admin2")].count(True) == 1
        gone = "admin" if _disabled(world, "admin") else "admin2"
        enable_user(world.store, system, gone)


def test_enabling_an_account(world: World) -> None:
    token, _ = log_in(world.store, "viewer", PASSWORD)
    disable_user(world.store, world.admin, "viewer")
    with pytest.raises(AccessError, match="may not"):
        enable_user(world.store, world.leader, "viewer")
    with pytest.raises(LoopError, match="no user 'nobody'"):
        enable_user(world.store, world.admin, "nobody")
    info = enable_user(world.store, world.admin, "viewer")
    assert not info.disabled
    with pytest.raises(AccessError):
        principal_for_token(world.store, token)  # the old session stays ended
    log_in(world.store, "viewer", PASSWORD)
    [entry] = list_audit(world.store, world.admin, entity="user", entity_id=info.id)[-1:]
    assert (entry.action, entry.before, entry.after) == (
        "enable",
        {"disabled": True},
        {"disabled": False},
    )


def _disabled(world: World, name: str) -> bool:
    return next(u.disabled for u in list_users(world.store, world.admin) if u.username == name)
