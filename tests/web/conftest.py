"""Web fixtures: a store of the bundled (fictional) sample plus a statistics table, the app
over it, and a TestClient; accounts and logged-in clients for the tests that write.

The sample speech is of a fictional county; it is stored under the user-defined code
990201, and the table gives it observations for 2022-2024 so that its targets have
statuses of every kind the page colours.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from playwright.sync_api import Browser, sync_playwright
from starlette.exceptions import StarletteDeprecationWarning

import luoshi.loop.users
from luoshi.loop.access import Principal
from luoshi.loop.users import add_department, add_user
from luoshi.store import Store, import_table, ingest_paths, open_store
from luoshi.web import WebSettings, create_app
from tests.conftest import REPO

with warnings.catch_warnings():
    # starlette warns on import that its httpx-based client will move to another package;
    # the client itself works as documented
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

SAMPLE = REPO / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt"
REGION = "990201"
REGION_NAME = "合川县"

TABLE = """地区,指标,年份,数值,单位
990201,地区生产总值,2023,138.0,亿元
990201,地区生产总值,2024,149.5,亿元
990201,重点项目,2023,53,个
990201,空气质量优良天数比率,2023,80.1,%
990201,森林覆盖率,2023,41.5,%
990201,常住人口城镇化率,2020,51.0,%
990201,常住人口城镇化率,2023,53.0,%
"""


PASSWORD = "correct horse battery"
#: Account name → role, one of each role in the county (the department account is 统计局's).
ACCOUNTS = {
    "admin": "administrator",
    "leader": "leader",
    "tjj": "department",
    "viewer": "viewer",
}


def quick_hasher() -> PasswordHasher:
    """Argon2id at its smallest cost: the tests make and log in accounts often."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def add_accounts(store: Store) -> None:
    """One account of each role in :data:`ACCOUNTS`, of the fictional county."""
    system = Principal.system()
    dept = add_department(store, system, REGION, "统计局")
    for name, role in ACCOUNTS.items():
        add_user(
            store,
            system,
            username=name,
            password=PASSWORD,
            role=role,
            region_code=None if role in ("administrator", "department") else REGION,
            department_id=dept.id if role == "department" else None,
        )


def log_in(client: TestClient, username: str) -> str:
    """Log ``client`` in through the API and send its CSRF token from now on; the token."""
    r = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    token: str = r.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


def fill(store: Store, folder: Path) -> None:
    """Ingest the sample for the fictional county and import its statistics table."""
    summary = ingest_paths(store, [SAMPLE], region=(REGION, REGION_NAME))
    assert summary.ok, summary.failures
    table = folder / "合川县统计.csv"
    table.write_text(TABLE, encoding="utf-8")
    imported = import_table(store, table, region_code=None)
    assert imported.observations >= 6, imported


@pytest.fixture(autouse=True)
def _judged_in_2025(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's plans run to 2025 and its figures to 2024: its pages are judged as of
    2025, while the plans still run (LUOSHI_AS_OF_YEAR), whatever today's date."""
    monkeypatch.setenv("LUOSHI_AS_OF_YEAR", "2025")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A filled SQLite store shared by the read-only tests."""
    folder = tmp_path_factory.mktemp("web")
    store = open_store(f"sqlite:///{folder / 'web.db'}")
    store.migrate()
    fill(store, folder)
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(web_store: Store) -> FastAPI:
    """The dashboard over the shared store, marked as demo data."""
    return create_app(WebSettings(demo=True), store=web_store)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the shared app."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashes for the accounts a test makes."""
    monkeypatch.setattr(luoshi.loop.users, "_HASHER", quick_hasher())


@pytest.fixture
def fresh_store(tmp_path: Path, quick_hashes: None) -> Iterator[Store]:
    """A filled SQLite store of its own, with an account of each role."""
    store = open_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    store.migrate()
    fill(store, tmp_path)
    add_accounts(store)
    yield store
    store.close()


@pytest.fixture
def fresh_client(fresh_store: Store) -> Iterator[TestClient]:
    """A client of an app over its own filled store, logged in as a leader, for tests that
    add data."""
    with TestClient(create_app(WebSettings(), store=fresh_store)) as c:
        log_in(c, "leader")
        yield c


# --- the browser tests: Debian's Chromium, driven by Playwright, against ``luoshi demo`` ----

CHROMIUM = Path("/usr/bin/chromium")
#: Screenshots, downloads and the demo servers' logs (ignored by git).
ARTIFACTS = REPO / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def demo_server(log_name: str) -> Iterator[str]:
    """``luoshi demo`` (the README's first command) on a free loopback port; its base URL
    once it answers. Its output goes to ``test-artifacts/<log_name>``."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / log_name
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from luoshi.cli import main; main()",
             "demo", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"luoshi demo exited ({proc.returncode}):\n{log.read_text()}")
                try:
                    if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"luoshi demo did not answer in 180 s:\n{log.read_text()}")
                time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The demo the browser tests read, shared by the session (a test that changes it
    much, as the closed loop's does, starts its own)."""
    with demo_server("demo-server.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session's browser tests (each test opens its own contexts)."""
    if not CHROMIUM.exists():
        pytest.skip(
            "no /usr/bin/chromium: install it with `apt-get install -y chromium fonts-wqy-microhei`"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()
