"""Fixtures for the closed-loop web tests: the loop tests' county (departments, one account
per role) in a store, the app over it, and a logged-in TestClient per role."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

import luoshi.loop.users
from luoshi.config import Settings
from luoshi.store import Store, open_store
from luoshi.web import WebSettings, create_app
from tests.loop.conftest import PASSWORD, REGION, World, build_world
from tests.store.conftest import open_url, pg_server, store, store_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that its client will move
    from fastapi.testclient import TestClient

__all__ = ["PASSWORD", "REGION", "open_url", "pg_server", "store", "store_url"]

#: Account name → role label used in the tables of the tests.
ROLES = ("admin", "leader", "fgw", "zjw", "viewer", "stranger")
#: Small limits so that the upload tests stay small.
ATTACHMENT_LIMIT = 64 * 1024


def quick_hasher() -> PasswordHasher:
    """Argon2id at its smallest cost: the tests make and log in many accounts."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap hashes for accounts made inside a test."""
    monkeypatch.setattr(luoshi.loop.users, "_HASHER", quick_hasher())


def settings(**kw: Any) -> WebSettings:
    """Web settings with the tests' small attachment limit."""
    base: dict[str, Any] = {"max_attachment_bytes": ATTACHMENT_LIMIT}
    base.update(kw)
    return WebSettings(settings=Settings(**base))


def client_for(app: FastAPI, *, https: bool = False) -> TestClient:
    """A client of ``app`` (not following redirects, so that they can be checked)."""
    base = "https://testserver" if https else "http://testserver"
    return TestClient(app, base_url=base, follow_redirects=False)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log ``client`` in through the API; its CSRF token."""
    r = client.post("/api/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    token: str = r.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


class Loop:
    """A county, the app over its store, and a logged-in client per account."""

    def __init__(self, world: World, app: FastAPI) -> None:
        self.world = world
        self.store = world.store
        self.app = app
        self.clients: dict[str, TestClient] = {}

    def client(self, name: str) -> TestClient:
        """The logged-in client of account ``name`` ("anonymous": not logged in)."""
        if name not in self.clients:
            c = client_for(self.app)
            if name != "anonymous":
                log_in(c, name)
            self.clients[name] = c
        return self.clients[name]


def make_loop(store: Store, **kw: Any) -> Loop:
    """The county in ``store`` and the app over it."""
    return Loop(build_world(store), create_app(settings(**kw), store=store))


@pytest.fixture(scope="module")
def module_loop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loop]:
    """One county on SQLite shared by a module's tests (each test makes its own records)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(luoshi.loop.users, "_HASHER", quick_hasher())
        folder = tmp_path_factory.mktemp("loop-web")
        store = open_store(f"sqlite:///{folder / 'loop.db'}")
        store.migrate()
        loop = make_loop(store)
        yield loop
        for c in loop.clients.values():
            c.close()
        store.close()


@pytest.fixture
def fresh_loop(tmp_path: Path) -> Iterator[Callable[..., Loop]]:
    """A county in its own SQLite store, with settings of the test's choosing."""
    stores: list[Store] = []

    def make(**kw: Any) -> Loop:
        s = open_store(f"sqlite:///{tmp_path / f'loop{len(stores)}.db'}")
        s.migrate()
        stores.append(s)
        return make_loop(s, **kw)

    yield make
    for s in stores:
        s.close()
