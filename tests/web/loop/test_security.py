"""Security of the closed-loop web layer through HTTP: CSRF, sessions and cookies, login
throttling, stale edits, injection and script attempts through every input, uploads."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from luoshi.loop import models as lm
from luoshi.loop.tasks import get_task
from luoshi.store import Store
from tests.web.loop.conftest import (
    ATTACHMENT_LIMIT,
    PASSWORD,
    REGION,
    Loop,
    client_for,
    log_in,
    make_loop,
)

# --- CSRF ---------------------------------------------------------------------------------


def _writes(loop: Loop) -> list[tuple[str, str, dict[str, Any]]]:
    """A state-changing API call of each kind, on fresh records."""
    w = loop.world
    draft = w.task(assigned=False)
    assigned = w.task()
    return [
        ("POST", "/api/loop/tasks", {"json": {"title": "x", "region_code": REGION}}),
        ("PATCH", f"/api/loop/tasks/{draft.id}", {"json": {"version": 1, "title": "y"}}),
        ("POST", f"/api/loop/tasks/{draft.id}/assign", {"json": {"version": draft.version}}),
        ("POST", f"/api/loop/tasks/{assigned.id}/review-start", {"json": {"version": 2}}),
        ("POST", "/api/loop/notices/scan", {"json": {"days": 7}}),
        (
            "POST",
            "/api/loop/assessments",
            {"json": {"period": "2026", "start": "2026-01-01", "end": "2026-12-31"}},
        ),
        ("POST", "/api/logout", {}),
        ("POST", "/loop/tasks/new", {"data": {"title": "表单"}}),
        ("POST", f"/loop/tasks/{draft.id}/assign", {"data": {"version": str(draft.version)}}),
        ("POST", "/logout", {"data": {}}),
    ]


@pytest.mark.parametrize("token", ["missing", "wrong", "another session's"])
def test_writes_without_the_right_csrf_token_are_refused(module_loop: Loop, token: str) -> None:
    leader = client_for(module_loop.app)
    log_in(leader, "leader")
    other = client_for(module_loop.app)
    others = log_in(other, "leader")
    sent = {"missing": None, "wrong": "0" * 64, "another session's": others}[token]
    writes = _writes(module_loop)
    with module_loop.store.session() as s:
        tasks_before = s.scalar(select(func.count()).select_from(lm.Task))
        audit_before = s.scalar(select(func.count()).select_from(lm.AuditEntry))
    for method, path, kwargs in writes:
        headers = {"X-CSRF-Token": sent} if sent and "json" in kwargs else {}
        if "data" in kwargs and sent:
            kwargs = {"data": {**kwargs["data"], "csrf_token": sent}}
        leader.headers.pop("X-CSRF-Token", None)
        r = leader.request(method, path, headers=headers, **kwargs)
        assert r.status_code == 403, (method, path, r.status_code)
        assert "CSRF" in r.text
    with module_loop.store.session() as s:
        # nothing was created, changed or recorded by the refused calls
        assert s.scalar(select(func.count()).select_from(lm.Task)) == tasks_before
        assert s.scalar(select(func.count()).select_from(lm.AuditEntry)) == audit_before
    # the session survived the forged logouts
    leader.headers["X-CSRF-Token"] = log_in(client_for(module_loop.app), "leader")
    assert leader.get("/api/me").status_code == 200


def test_the_login_form_needs_its_own_token(module_loop: Loop) -> None:
    c = client_for(module_loop.app)
    r = c.post("/login", data={"username": "leader", "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403 and "luoshi_session" not in r.headers.get("set-cookie", "")
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = c.post("/login", data={"username": "leader", "password": PASSWORD, "csrf_token": token[1]})
    assert r.status_code == 303 and r.headers["location"] == "/loop"


def test_json_endpoints_refuse_form_encoded_bodies(module_loop: Loop) -> None:
    """A cross-site form can post text/plain or form data, never JSON without a preflight."""
    c = client_for(module_loop.app)
    body = json.dumps({"username": "leader", "password": PASSWORD})
    r = c.post("/api/login", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 422 and "luoshi_session" not in r.headers.get("set-cookie", "")


# --- sessions and cookies -----------------------------------------------------------------


def test_cookie_flags(module_loop: Loop, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = client_for(module_loop.app)
    plain.post("/api/login", json={"username": "leader", "password": PASSWORD})
    cookie = plain.cookies.jar
    jar = {c.name: c for c in cookie}
    session = jar["luoshi_session"]
    assert session.has_nonstandard_attr("HttpOnly")
    assert session.get_nonstandard_attr("SameSite").lower() == "lax"
    assert not session.secure
    secure = client_for(module_loop.app, https=True)
    r = secure.post("/api/login", json={"username": "leader", "password": PASSWORD})
    assert "; secure" in r.headers["set-cookie"].lower()
    monkeypatch.setenv("LUOSHI_SECURE_COOKIES", "1")
    r = client_for(module_loop.app).post(
        "/api/login", json={"username": "leader", "password": PASSWORD}
    )
    assert "; secure" in r.headers["set-cookie"].lower()


def test_login_gives_a_new_session_and_logout_ends_it(module_loop: Loop) -> None:
    c = client_for(module_loop.app)
    # a token planted before the login (session fixation) is never adopted
    c.cookies.set("luoshi_session", "planted-by-an-attacker", domain="testserver.local")
    assert c.get("/api/me").status_code == 401
    log_in(c, "fgw")
    new = c.cookies.get("luoshi_session")
    assert new and new != "planted-by-an-attacker"
    first = new
    # logging in again (page form) replaces the session and ends the previous one
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
    assert token
    r = c.post("/login", data={"username": "fgw", "password": PASSWORD, "csrf_token": token[1]})
    assert r.status_code == 303
    second = c.cookies.get("luoshi_session")
    assert second and second != first
    stale = client_for(module_loop.app)
    stale.cookies.set("luoshi_session", first, domain="testserver.local")
    assert stale.get("/api/me").status_code == 401
    # logout revokes the token on the server: a copy of the cookie is worthless
    c.headers["X-CSRF-Token"] = c.get("/api/me").json()["csrf_token"]
    assert c.post("/api/logout").status_code == 200
    copy = client_for(module_loop.app)
    copy.cookies.set("luoshi_session", second, domain="testserver.local")
    assert copy.get("/api/me").status_code == 401
    assert copy.get("/loop").status_code == 303


def test_login_throttling_through_the_web(fresh_loop: Callable[..., Loop]) -> None:
    loop = fresh_loop(login_max_failures=3)
    c = client_for(loop.app)
    for _ in range(3):
        r = c.post("/api/login", json={"username": "viewer", "password": "wrong password"})
        assert r.status_code == 403 and "wrong user name or password" in r.json()["error"]
    r = c.post("/api/login", json={"username": "viewer", "password": PASSWORD})
    assert r.status_code == 403 and "too many failed logins" in r.json()["error"]
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = c.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token[1]})
    assert r.status_code == 401 and "登录失败次数过多" in r.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_login_never_redirects_off_site(module_loop: Loop, target: str) -> None:
    c = client_for(module_loop.app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
    assert token
    r = c.post(
        "/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": token[1], "next": target},
    )
    assert r.status_code == 303 and r.headers["location"] == "/loop"


def test_a_page_without_a_login_goes_to_the_login_page(module_loop: Loop) -> None:
    r = client_for(module_loop.app).get("/loop/tasks/1?x=1")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Floop%2Ftasks%2F1%3Fx%3D1"


def test_the_login_page_keeps_the_language_the_link_chose(module_loop: Loop) -> None:
    c = client_for(module_loop.app)
    c.cookies.set("lang", "en")
    r = c.get("/loop?lang=zh")
    assert r.headers["location"] == "/login?next=%2Floop%3Flang%3Dzh&lang=zh"
    page = c.get(r.headers["location"])
    assert page.status_code == 200 and "登录" in page.text and "Log in" not in page.text


# --- optimistic locking -------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(store: Store) -> None:
    """On SQLite and PostgreSQL: two editors read version n; the second edit is refused."""
    loop = make_loop(store)
    w = loop.world
    t = w.task(title="原标题")
    leader, admin = loop.client("leader"), loop.client("admin")
    r = leader.patch(f"/api/loop/tasks/{t.id}", json={"version": t.version, "title": "领导改的"})
    assert r.status_code == 200
    r = admin.patch(f"/api/loop/tasks/{t.id}", json={"version": t.version, "title": "管理员改的"})
    assert r.status_code == 409 and "changed by someone else" in r.json()["error"]
    assert get_task(store, w.leader, t.id).title == "领导改的"
    # the page form says so too, in Chinese, and keeps the first edit
    form = {
        "version": str(t.version),
        "title": "表单改的",
        "csrf_token": admin.headers["X-CSRF-Token"],
    }
    r = admin.post(f"/loop/tasks/{t.id}/edit", data=form)
    assert r.status_code == 409 and "已被他人修改" in r.text
    assert get_task(store, w.leader, t.id).title == "领导改的"


# --- injection and script attempts ---------------------------------------------------------

SQL = "x'); DROP TABLE task; --"
SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_sql_injection_attempts_are_plain_data(module_loop: Loop) -> None:
    leader = module_loop.client("leader")
    for params in (
        {"state": SQL},
        {"state": "closed' OR '1'='1"},
        {"department_id": "1 OR 1=1"},
    ):
        r = leader.get("/api/loop/tasks", params=params)
        assert r.status_code in (400, 422), (params, r.status_code)
    for params in ({"entity": SQL}, {"actor": "' OR ''='"}, {"entity_id": "1; DELETE"}):
        r = leader.get("/api/loop/audit", params=params)
        assert r.status_code == 200 and r.json() == []
    r = client_for(module_loop.app).post(
        "/api/login", json={"username": "admin' --", "password": SQL}
    )
    assert r.status_code == 403
    r = leader.post("/api/loop/tasks", json={"title": SQL, "description": SQL})
    assert r.status_code == 201
    stored = leader.get(f"/api/loop/tasks/{r.json()['id']}").json()["task"]
    assert stored["title"] == SQL and stored["description"] == SQL
    assert leader.get("/api/loop/tasks").status_code == 200  # the table is still there


def _every_text_input(loop: Loop) -> dict[str, int]:
    """Put the script into every free-text input a user has; the records' ids."""
    w = loop.world
    admin, leader, fgw = loop.client("admin"), loop.client("leader"), loop.client("fgw")
    dept = admin.post("/api/loop/departments", json={"region_code": REGION, "name": SCRIPT})
    assert dept.status_code == 201, dept.text
    user = admin.post(
        "/api/loop/users",
        json={
            "username": "scripted",
            "password": PASSWORD,
            "role": "viewer",
            "region_code": REGION,
            "display_name": SCRIPT,
        },
    )
    assert user.status_code == 201, user.text
    task = leader.post(
        "/api/loop/tasks",
        json={
            "title": SCRIPT,
            "description": SCRIPT,
            "deadline": "2026-12-31",
            "owner_department_id": w.dept_id,
            "milestones": [{"title": SCRIPT, "due": "2026-06-30", "unit": SCRIPT[:50]}],
        },
    ).json()
    tid = task["id"]
    assert leader.post(
        f"/api/loop/tasks/{tid}/assign", json={"version": task["version"]}
    ).is_success
    version = leader.get(f"/api/loop/tasks/{tid}").json()["task"]["version"]
    r = fgw.post(
        f"/api/loop/tasks/{tid}/reports",
        data={"version": str(version), "period": "2026", "text": SCRIPT},
        files=[("attachments", (f"{SCRIPT}.txt", b"plain text", "text/plain"))],
    )
    assert r.status_code == 201, r.text
    report = r.json()
    r = leader.post(
        f"/api/loop/reports/{report['id']}/review",
        json={"version": report["version"], "accept": False, "comment": SCRIPT},
    )
    assert r.status_code == 200, r.text
    return {"task": tid}


def test_stored_text_is_rendered_escaped_on_every_page(module_loop: Loop) -> None:
    ids = _every_text_input(module_loop)
    pages = {
        "leader": [
            "/loop",
            f"/loop/tasks/{ids['task']}",
            f"/loop/tasks/{ids['task']}/edit",
            "/loop/audit",
            "/loop/notices",
        ],
        "fgw": [f"/loop/tasks/{ids['task']}", "/loop/notices"],
        "admin": ["/loop/admin", f"/loop/tasks/{ids['task']}"],
    }
    for who, paths in pages.items():
        for path in paths:
            r = module_loop.client(who).get(path)
            assert r.status_code == 200, (who, path)
            assert "<script>alert" not in r.text and "<img src=x" not in r.text, (who, path)
            # escaped as HTML, or inside JSON (the audit's before/after) as \u003c
            escaped = ("&lt;script&gt;", "\\u003cscript\\u003e")
            assert any(e in r.text for e in escaped), (who, path)


# --- uploads ------------------------------------------------------------------------------


def _report(loop: Loop, files: list[tuple[str, tuple[str, bytes, str]]]) -> Any:
    t = loop.world.task()
    return loop.client("fgw").post(
        f"/api/loop/tasks/{t.id}/reports",
        data={"version": str(t.version), "period": "2026", "text": "进展"},
        files=files,
    )


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("run.exe", b"MZ\x90\x00", 400, "type not accepted"),
        ("report.pdf", b"<html>not a pdf</html>", 400, "not a .pdf file"),
        ("photo.png", b"GIF89a", 400, "not a .png file"),
        ("notes.txt", b"\xff\xfe\x00\x00binary", 400, "UTF-8"),
        ("big.pdf", b"%PDF-" + b"0" * ATTACHMENT_LIMIT, 413, "limit"),
        ("../../etc/passwd", b"root:x:0:0", 400, "type not accepted"),
        ("empty.csv", b"", 400, "empty"),
    ],
)
def test_uploads_of_the_wrong_type_or_size_are_refused(
    module_loop: Loop, name: str, content: bytes, status: int, message: str
) -> None:
    with module_loop.store.session() as s:
        before = s.scalar(select(func.count()).select_from(lm.Report))
    r = _report(module_loop, [("attachments", (name, content, "application/octet-stream"))])
    assert r.status_code == status, r.text
    assert message in r.json()["error"]
    with module_loop.store.session() as s:
        assert s.scalar(select(func.count()).select_from(lm.Report)) == before


def test_too_many_attachments_and_oversized_bodies(module_loop: Loop) -> None:
    files = [("attachments", (f"f{i}.txt", b"text", "text/plain")) for i in range(11)]
    r = _report(module_loop, files)
    assert r.status_code == 400 and "at most 10" in r.json()["error"]
    t = module_loop.world.task()
    r = module_loop.client("fgw").post(
        f"/api/loop/tasks/{t.id}/reports",
        content=b"x" * 16,
        headers={"content-length": str(10**12), "content-type": "multipart/form-data; b=x"},
    )
    assert r.status_code == 413 and "LUOSHI_MAX_ATTACHMENT_MB" in r.json()["error"]
    # a body without a declared length is cut off at the limit
    chunks = (b"-" * (1 << 16) for _ in range(64))  # 4 MiB, over the 1.6 MiB a report may send
    r = module_loop.client("fgw").post(
        f"/api/loop/tasks/{t.id}/reports",
        content=chunks,
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 413


def test_an_accepted_upload_comes_back_as_a_download(module_loop: Loop) -> None:
    content = "项目,进度\n甲,50%\n".encode()
    r = _report(module_loop, [("attachments", ("C:\\temp\\进度 表.csv", content, "text/csv"))])
    assert r.status_code == 201, r.text
    aid, name, media, _size = r.json()["attachments"][0]
    assert name == "进度 表.csv" and media.startswith("text/csv")
    got = module_loop.client("viewer").get(f"/api/loop/attachments/{aid}")
    assert got.status_code == 200 and got.content == content
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert module_loop.client("zjw").get(f"/api/loop/attachments/{aid}").status_code == 403


def test_report_figures_are_checked(module_loop: Loop) -> None:
    t = module_loop.world.task()
    fgw = module_loop.client("fgw")
    for figures, message in (
        ("not json", "not JSON"),
        ('[{"target_id": 1}]', "target_id, year and value"),
        ('[{"target_id": 1, "year": 2026, "value": "NaN"}]', "not a number"),
        ('[{"target_id": 99999, "year": 2026, "value": 1}]', "not linked"),
    ):
        r = fgw.post(
            f"/api/loop/tasks/{t.id}/reports",
            data={"version": str(t.version), "period": "2026", "text": "x", "figures": figures},
        )
        assert r.status_code == 400 and message in r.json()["error"], (figures, r.text)
