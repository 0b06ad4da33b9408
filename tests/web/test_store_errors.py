"""Uploads at once into SQLite all land; a store that fails or is busy is a plain 503.

The first test runs ``luoshi serve`` in a subprocess and sends ten uploads from ten
threads at the same moment, logged in as an administrator (uploads need a login and
the session's CSRF token). The others use the TestClient where HTTP is not the point.
No error body shows SQL, a path of the server or an exception class name.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

import luoshi.loop.users
import luoshi.store.db
from luoshi.loop.access import Principal
from luoshi.loop.users import add_user
from luoshi.store import Store, models, open_store
from luoshi.web import WebSettings, create_app
from tests.store.test_concurrency import documents
from tests.web.conftest import TestClient
from tests.web.loop.conftest import log_in, quick_hasher

PASSWORD = "a long enough password 1"
LEAKS = ("INSERT", "SELECT", "BEGIN", "sqlite", "OperationalError", "Traceback", "[SQL")


def _no_leaks(body: str, folder: Path) -> None:
    for leak in (*LEAKS, str(folder)):
        assert leak not in body, (leak, body)


def _admin(store: Store) -> None:
    add_user(store, Principal.system(), username="admin", password=PASSWORD, role="administrator")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Store]]:
    """``luoshi serve --workers 2`` over a fresh SQLite store with an administrator."""
    monkeypatch.setattr(luoshi.loop.users, "_HASHER", quick_hasher())
    url = f"sqlite:///{tmp_path / 'served.db'}"
    store = open_store(url)
    store.migrate()
    _admin(store)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from luoshi.cli import main; main()", "serve",
             "--db", url, "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f"{base}/api/overview", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, f"no answer in 90 s: {log.read_text()}"
                time.sleep(0.3)
            yield base, store
        finally:
            proc.terminate()
            proc.wait(30)
            store.close()


def _logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=300, headers={"Origin": base})
    r = client.post("/api/login", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@pytest.mark.slow
def test_ten_uploads_at_once_into_sqlite_all_land(
    served: tuple[str, Store], tmp_path: Path
) -> None:
    base, store = served
    paths = documents(tmp_path, 10, 100)  # about 250 KB each
    clients = [_logged_in(base) for _ in paths]
    start = threading.Barrier(len(paths))
    answers: dict[int, httpx.Response] = {}

    def upload(i: int) -> None:
        start.wait()
        with paths[i].open("rb") as f:
            answers[i] = clients[i].post("/api/upload", files={"file": (paths[i].name, f)})

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    for r in answers.values():
        _no_leaks(r.text, tmp_path)
    assert sorted(r.status_code for r in answers.values()) == [200] * 10, [
        r.text for r in answers.values() if r.status_code != 200
    ]
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Document)) == 10


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's wait for the lock cut to 0.2 s, so that a held lock shows at once."""
    pragmas = [p for p in luoshi.store.db._SQLITE_PRAGMAS if not p.startswith("busy_timeout")]
    monkeypatch.setattr(luoshi.store.db, "_SQLITE_PRAGMAS", (*pragmas, "busy_timeout=200"))


def test_an_upload_that_cannot_get_the_lock_is_503_with_retry_after(
    tmp_path: Path, short_wait: None
) -> None:
    path = tmp_path / "held.db"
    store = open_store(f"sqlite:///{path}")
    store.migrate()
    _admin(store)
    (doc,) = documents(tmp_path, 1, 1)
    holder = sqlite3.connect(path, isolation_level=None)
    with TestClient(create_app(WebSettings(), store=store)) as client:
        log_in(client, "admin", PASSWORD)
        holder.execute("BEGIN IMMEDIATE")
        try:
            r = client.post("/api/upload", files={"file": (doc.name, doc.read_bytes())})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    store.close()
    assert r.status_code == 503, r.text
    assert r.headers["Retry-After"].isdigit()
    said = r.json()
    assert said["error_zh"].startswith("数据库正忙") and "try again" in said["error_en"]
    _no_leaks(r.text, tmp_path)


def test_a_database_failure_on_a_page_or_the_api_is_a_plain_503(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    store = open_store(f"sqlite:///{path}")
    store.migrate()
    with TestClient(create_app(WebSettings(), store=store)) as client:
        with sqlite3.connect(path) as raw:  # the store damaged under the running server
            raw.execute("ALTER TABLE document RENAME TO document_gone")
        # a page in its one language; the API's JSON in both
        for url, zh, en in (
            ("/documents?lang=zh", True, False),
            ("/documents?lang=en", False, True),
            ("/api/documents", True, True),
        ):
            r = client.get(url)
            assert r.status_code == 503, (url, r.status_code, r.text[:300])
            assert ("数据库暂时无法使用" in r.text, "cannot be used" in r.text) == (zh, en), url
            _no_leaks(r.text, tmp_path)
    store.close()
