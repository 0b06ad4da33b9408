"""Login throttling under parallel guesses, and who may lock whom out.

Every attempt is counted before its password is checked, in one transaction with the
count, so parallel guesses cannot outrun the limits: of 60 simultaneous guesses no more
than the limit are evaluated by Argon2 or recorded. One address alone cannot lock someone
else's account. SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from luoshi.config import Settings
from luoshi.errors import AccessError
from luoshi.loop import models as lm
from luoshi.loop import users
from luoshi.loop.access import Principal
from luoshi.loop.users import log_in, set_password
from tests.loop.conftest import PASSWORD, World

GUESSES = 60


class CountingHasher(PasswordHasher):
    """Argon2id at a cost that takes milliseconds (as the real one takes a fraction of a
    second), counting the passwords it evaluates."""

    def __init__(self) -> None:
        super().__init__(time_cost=2, memory_cost=8 * 1024, parallelism=1)
        self.evaluated = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.evaluated += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(world: World, monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    """The counting hasher in place, the leader's password and the unknown-name hash made
    with it (a hash is verified at the cost it was made with)."""
    h = CountingHasher()
    monkeypatch.setattr(users, "_HASHER", h)
    monkeypatch.setattr(users, "_DUMMY_HASH", h.hash("luoshi-no-such-user"))
    set_password(world.store, Principal.system(), "leader", PASSWORD)
    return h


def _fire(world: World, calls: list[dict[str, Any]], settings: Settings) -> Counter[str]:
    """Run every login at once from its own thread; what each one answered."""
    barrier = threading.Barrier(len(calls))

    def one(kw: dict[str, Any]) -> str:
        barrier.wait()
        try:
            log_in(world.store, settings=settings, **kw)
        except AccessError as exc:
            return "locked" if "too many failed logins" in str(exc) else "wrong"
        return "ok"

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return Counter(pool.map(one, calls))


def _failures(world: World, **where: Any) -> int:
    conds = [getattr(lm.LoginAttempt, k) == v for k, v in where.items()]
    with world.store.session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(lm.LoginAttempt)
                .where(lm.LoginAttempt.success.is_(False), *conds)
            )
            or 0
        )


SETTINGS = Settings(
    login_max_failures=5,
    login_address_max_failures=20,
    login_account_max_failures=20,
    login_window_minutes=15,
)


def test_parallel_guesses_on_one_account_from_one_address(
    world: World, hasher: CountingHasher
) -> None:
    calls = [
        {"username": "leader", "password": f"guess {i:04}", "address": "198.51.100.7"}
        for i in range(GUESSES)
    ]
    answers = _fire(world, calls, SETTINGS)
    assert answers == Counter({"wrong": 5, "locked": GUESSES - 5})
    assert hasher.evaluated == 5
    assert _failures(world, username="leader") == 5
    # the right password from that address is refused too, without being evaluated
    with pytest.raises(AccessError, match="too many"):
        log_in(world.store, "leader", PASSWORD, address="198.51.100.7", settings=SETTINGS)
    assert hasher.evaluated == 5


def test_parallel_guesses_on_many_names_from_one_address(
    world: World, hasher: CountingHasher
) -> None:
    calls = [
        {"username": f"name{i}", "password": "guess guess", "address": "198.51.100.8"}
        for i in range(GUESSES)
    ]
    answers = _fire(world, calls, SETTINGS)
    assert answers == Counter({"wrong": 20, "locked": GUESSES - 20})
    assert hasher.evaluated == 20
    assert _failures(world, address="198.51.100.8") == 20


def test_parallel_guesses_on_one_account_from_many_addresses(
    world: World, hasher: CountingHasher
) -> None:
    calls = [
        {"username": "leader", "password": "guess guess", "address": f"203.0.113.{i}"}
        for i in range(GUESSES)
    ]
    answers = _fire(world, calls, SETTINGS)
    assert answers == Counter({"wrong": 20, "locked": GUESSES - 20})
    assert hasher.evaluated == 20
    assert _failures(world, username="leader") == 20


def test_a_right_password_among_parallel_guesses_is_counted_once(
    world: World, hasher: CountingHasher
) -> None:
    """A successful attempt is a success in the count, not a failure."""
    calls: list[dict[str, Any]] = [
        {"username": "leader", "password": "guess guess", "address": "192.0.2.1"}
    ] * 3
    calls.append({"username": "leader", "password": PASSWORD, "address": "192.0.2.1"})
    answers = _fire(world, calls, SETTINGS)
    assert answers == Counter({"wrong": 3, "ok": 1})
    assert _failures(world, username="leader") == 3


def test_one_address_cannot_lock_someone_elses_account(
    world: World, hasher: CountingHasher
) -> None:
    """Failures from one address stop that address on that account long before the account
    itself locks: the user logs in from elsewhere. Only failures from several addresses
    (a distributed guess) lock the account for everyone."""
    settings = Settings(
        login_max_failures=3,
        login_address_max_failures=50,
        login_account_max_failures=6,
        login_window_minutes=15,
    )
    attacker = "198.51.100.66"

    def guess(address: str) -> str:
        try:
            log_in(world.store, "leader", "guess guess", address=address, settings=settings)
        except AccessError as exc:
            return "locked" if "too many" in str(exc) else "wrong"
        return "ok"

    assert [guess(attacker) for _ in range(20)] == ["wrong"] * 3 + ["locked"] * 17
    log_in(world.store, "leader", PASSWORD, address="10.1.1.1", settings=settings)
    assert _failures(world, username="leader") == 3  # refused attempts are not counted
    # a second and third address reach the account's own limit: now it is locked
    assert [guess("198.51.100.67") for _ in range(3)] == ["wrong"] * 3
    with pytest.raises(AccessError, match="too many"):
        log_in(world.store, "leader", PASSWORD, address="10.1.1.1", settings=settings)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"login_max_failures": 5, "login_account_max_failures": 5},
            "LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES=5 must be larger than LUOSHI_LOGIN_MAX_FAILURES=5",
        ),
        ({"login_address_max_failures": 0}, "LUOSHI_LOGIN_ADDRESS_MAX_FAILURES=0"),
    ],
)
def test_limits_that_would_defeat_the_policy_are_refused(kw: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**kw)


def test_the_environment_sets_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_LOGIN_ADDRESS_MAX_FAILURES", "30")
    monkeypatch.setenv("LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES", "40")
    s = Settings()
    assert (s.login_max_failures, s.login_address_max_failures) == (5, 30)
    assert s.login_account_max_failures == 40
