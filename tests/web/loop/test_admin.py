"""Accounts on the web: an administrator cannot disable themselves or the last
administrator, and a disabled account can be enabled again (API and admin page)."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.web.loop.conftest import PASSWORD, Loop, client_for, log_in


def test_refusals_and_enabling_through_the_web(fresh_loop: Callable[..., Loop]) -> None:
    loop = fresh_loop()
    admin = loop.client("admin")
    r = admin.post("/api/loop/users/admin/disable")
    assert r.status_code == 400
    assert "不能停用自己的账号" in r.json()["error_zh"] and "your own account" in r.json()["error"]
    page = admin.get("/loop/admin").text
    assert 'action="/loop/admin/users/admin/disable"' not in page  # no button for oneself
    assert 'action="/loop/admin/users/viewer/disable"' in page

    # a second administrator disables the first; the second is then the last one
    r = admin.post(
        "/api/loop/users",
        json={"username": "admin2", "password": PASSWORD, "role": "administrator"},
    )
    assert r.status_code == 201
    second = client_for(loop.app)
    log_in(second, "admin2")
    assert second.post("/api/loop/users/admin/disable").status_code == 200
    assert admin.get("/api/loop/users").status_code == 401  # the session ended with it
    r = second.post("/api/loop/users/admin2/disable")
    assert r.status_code == 400 and "your own account" in r.json()["error"]

    # the admin page enables it again, with the form's CSRF field
    page = second.get("/loop/admin").text
    assert 'action="/loop/admin/users/admin/enable"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    headers = {k: v for k, v in second.headers.items() if k.lower() != "x-csrf-token"}
    r = second.post(
        "/loop/admin/users/admin/enable", data={"csrf_token": token[1]}, headers=headers
    )
    assert r.status_code == 303
    users = {u["username"]: u for u in second.get("/api/loop/users").json()}
    assert users["admin"]["disabled"] is False
    again = client_for(loop.app)
    log_in(again, "admin")
    assert again.get("/api/loop/users").status_code == 200
