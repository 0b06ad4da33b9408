"""The door of every write (luoshi.web.guard): found by walking the application, so that a
new endpoint cannot forget it.

Every state-changing operation, those in the OpenAPI schema and the page forms outside it,
is called anonymously (401), logged in without the CSRF token (403), by the read-only
account with its token (403), and from another site's page (403); none of them changes the
store. Logging in, the one write that needs no session, is checked for what guards it
instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from luoshi.loop import models as lm
from luoshi.store import Store, models
from luoshi.web import WebSettings, create_app
from luoshi.web.routing import api_routes
from tests.store.conftest import open_url, pg_server, store, store_url
from tests.web.conftest import PASSWORD, TestClient, add_accounts, fill, log_in

__all__ = ["open_url", "pg_server", "store", "store_url"]

EVIL = "http://evil.example"
#: Methods that change nothing (RFC 9110, 9.2.1).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: The writes that need no session, and those open to every role: the design, stated here
#: rather than read from the code under test.
LOGIN_PATHS = frozenset({"/login", "/api/login"})
ANY_ROLE_PATHS = frozenset({"/logout", "/api/logout"})


def _writes(app: FastAPI) -> list[tuple[str, str, str]]:
    """(method, path template, a concrete URL) of every state-changing route."""
    out = []
    for route in api_routes(app):
        for method in sorted(set(route.methods or ()) - SAFE_METHODS):
            url = re.sub(r"\{[^}]+\}", "1", route.path)
            out.append((method, route.path, url))
    return out


def _schema_writes(app: FastAPI) -> set[tuple[str, str]]:
    schema = app.openapi()
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() not in SAFE_METHODS
    }


def _counts(store: Store) -> tuple[int | None, ...]:
    tables = (models.Document, models.Observation, lm.Task, lm.User, lm.Department, lm.Project)
    with store.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in tables)


@pytest.fixture
def app(store: Store, tmp_path: Path, quick_hashes: None) -> FastAPI:
    fill(store, tmp_path)
    add_accounts(store)
    return create_app(WebSettings(), store=store)


def test_the_walk_finds_every_write(app: FastAPI) -> None:
    """The routes walked include every write of the schema, the page forms and the upload;
    the guard's exceptions are the design's."""
    from luoshi.web import guard

    assert (guard.SAFE_METHODS, guard.LOGIN_PATHS, guard.ANY_ROLE_PATHS) == (
        SAFE_METHODS,
        LOGIN_PATHS,
        ANY_ROLE_PATHS,
    )
    walked = {(m, p) for m, p, _ in _writes(app)}
    assert _schema_writes(app) <= walked
    assert {("POST", "/api/upload"), ("POST", "/loop/tasks/new"), ("POST", "/logout")} <= walked
    assert len(walked - _schema_writes(app)) >= 10, "the page forms are walked too"


def test_every_write_needs_a_login_a_writer_the_token_and_this_site(
    app: FastAPI, store: Store
) -> None:
    """On SQLite and PostgreSQL."""
    anonymous = TestClient(app, follow_redirects=False)
    no_token = TestClient(app, follow_redirects=False)
    log_in(no_token, "admin")
    no_token.headers.pop("X-CSRF-Token")
    viewer = TestClient(app, follow_redirects=False)
    log_in(viewer, "viewer")
    admin = TestClient(app, follow_redirects=False)
    log_in(admin, "admin")
    before = _counts(store)
    refused: dict[str, list[str]] = {}

    def expect(who: str, r: Any, status: int, words: str, op: str) -> None:
        if r.status_code != status or words not in r.text:
            refused.setdefault(who, []).append(f"{op}: {r.status_code} {r.text[:120]}")

    for method, path, url in _writes(app):
        op = f"{method} {path}"
        if path in LOGIN_PATHS:
            continue  # no session yet: see the login test below
        expect("anonymous", anonymous.request(method, url), 401, "登录", op)
        expect("without the token", no_token.request(method, url), 403, "CSRF", op)
        if path not in ANY_ROLE_PATHS:
            expect("read-only", viewer.request(method, url), 403, "只读", op)
        r = admin.request(method, url, headers={"Origin": EVIL})
        expect("another site", r, 403, "跨站请求被拒绝", op)
    assert not refused, refused
    assert _counts(store) == before, "a refused write changed the store"
    # the sessions survived every refused logout
    for client in (no_token, viewer, admin):
        assert client.get("/api/me").status_code == 200


def test_logging_in_is_the_only_write_without_a_session(app: FastAPI) -> None:
    """Logging in needs no session; it is still refused from another site's page, the form
    needs its own token, and the API takes only JSON, which no other site can send."""
    assert {p for _, p, _ in _writes(app)} & LOGIN_PATHS == LOGIN_PATHS
    c = TestClient(app, follow_redirects=False)
    body = {"username": "leader", "password": PASSWORD}
    r = c.post("/api/login", json=body, headers={"Origin": EVIL})
    assert r.status_code == 403 and "luoshi_session" not in r.headers.get("set-cookie", "")
    r = c.post("/login", data={**body, "csrf_token": "x"}, headers={"Referer": f"{EVIL}/"})
    assert r.status_code == 403 and "luoshi_session" not in r.headers.get("set-cookie", "")
    r = c.post("/api/login", data=body)
    assert r.status_code == 422 and "luoshi_session" not in r.headers.get("set-cookie", "")
    assert c.post("/api/login", json=body, headers={"Origin": "http://testserver"}).is_success


@pytest.mark.parametrize(
    ("headers", "allowed", "foreign"),
    [
        ({"host": "plans.gov.cn"}, (), None),  # not from a page: the other checks apply
        ({"host": "plans.gov.cn", "origin": "https://plans.gov.cn"}, (), None),
        ({"host": "plans.gov.cn", "origin": "http://plans.gov.cn"}, (), None),
        ({"host": "plans.gov.cn:8443", "origin": "https://plans.gov.cn:8443"}, (), None),
        ({"host": "PLANS.gov.cn", "origin": "https://plans.GOV.cn:443"}, (), None),
        ({"host": "[::1]:8000", "origin": "http://[::1]:8000"}, (), None),
        ({"host": "plans.gov.cn", "referer": "https://plans.gov.cn/upload?x=1"}, (), None),
        ({"host": "plans.gov.cn", "origin": "https://evil.example"}, (), "https://evil.example"),
        ({"host": "plans.gov.cn", "origin": "https://plans.gov.cn.evil.example"}, (),
         "https://plans.gov.cn.evil.example"),
        ({"host": "plans.gov.cn", "origin": "http://plans.gov.cn:8080"}, (),
         "http://plans.gov.cn:8080"),
        ({"host": "plans.gov.cn:8443", "origin": "https://plans.gov.cn"}, (),
         "https://plans.gov.cn"),
        ({"host": "plans.gov.cn", "origin": "null"}, (), "null"),
        ({"host": "plans.gov.cn", "origin": "file://"}, (), "file://"),
        ({"host": "plans.gov.cn", "referer": "https://evil.example/x"}, (), "https://evil.example"),
        # the Origin decides when both are sent
        ({"host": "plans.gov.cn", "origin": "https://evil.example",
          "referer": "https://plans.gov.cn/"}, (), "https://evil.example"),
        # a proxy that passes its own Host on: the origin users type is allowed by name
        ({"host": "127.0.0.1:8000", "origin": "https://plans.gov.cn"},
         ("https://plans.gov.cn",), None),
        ({"host": "127.0.0.1:8000", "origin": "https://plans.gov.cn"},
         ("https://plans.gov.cn:8443",), "https://plans.gov.cn"),
    ],
)  # fmt: skip
def test_same_origin(headers: dict[str, str], allowed: tuple[str, ...], foreign: str) -> None:
    from starlette.datastructures import Headers

    from luoshi.web.guard import same_origin

    assert same_origin(Headers(headers), allowed) == foreign


def test_allowed_origins_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, store: Store, tmp_path: Path, quick_hashes: None
) -> None:
    monkeypatch.setenv("LUOSHI_ALLOWED_ORIGINS", "https://plans.gov.cn, https://b.example/")
    web = WebSettings()
    assert web.allowed_origins == ("https://plans.gov.cn", "https://b.example")
    fill(store, tmp_path)
    add_accounts(store)
    c = TestClient(create_app(web, store=store), base_url="http://127.0.0.1:8000")
    body = {"username": "leader", "password": PASSWORD}
    assert c.post("/api/login", json=body, headers={"Origin": "https://b.example"}).is_success
    r = c.post("/api/login", json=body, headers={"Origin": "https://c.example"})
    assert r.status_code == 403 and "LUOSHI_ALLOWED_ORIGINS" in r.json()["error"]
    r = c.post("/api/login?lang=en", json=body, headers={"Origin": "https://c.example"})
    assert r.json()["error"].startswith("cross-site request refused")
    page = c.post("/login", data=body, headers={"Origin": "https://c.example"})
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert "跨站请求被拒绝" in page.text
