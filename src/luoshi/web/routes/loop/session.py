"""Logging in and out: the login page, and ``/api/login``, ``/api/logout``, ``/api/me``.

Each login opens a new session (a new token, so a token planted before the login is
useless: no session fixation) and ends the one the browser had; logging out revokes the
token on the server, so the old cookie is worthless even if it was copied.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.errors import AccessError
from luoshi.loop.access import ROLE_ZH, Principal
from luoshi.loop.users import log_in, log_out
from luoshi.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Actor,
    clear_session_cookie,
    csrf_token_for,
    new_login_csrf,
    optional_principal,
    safe_next,
    secure_cookies,
    set_session_cookie,
)
from luoshi.web.i18n import translator
from luoshi.web.openapi import answers
from luoshi.web.routes.loop._common import loop_page, page_lang, store_of

__all__ = ["router"]

router = APIRouter()


class Credentials(BaseModel):
    """A user name and password."""

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)


def _me(principal: Principal) -> dict[str, Any]:
    return {
        "username": principal.username,
        "role": principal.role,
        "role_zh": ROLE_ZH[principal.role],
        "region_code": principal.region_code,
        "department_id": principal.department_id,
    }


async def _open(request: Request, username: str, password: str) -> tuple[str, Principal]:
    address = request.client.host if request.client else None
    # Argon2 takes a good fraction of a second on purpose: off the event loop
    opened = await run_in_threadpool(
        lambda: log_in(
            store_of(request),
            username,
            password,
            address=address,
            settings=request.app.state.web.settings,
        )
    )
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # one browser, one session: the one it had before ends here
        await run_in_threadpool(log_out, store_of(request), old)
    return opened


def _login_form(
    request: Request, next_path: str, message: str = "", status: int = 200
) -> HTMLResponse:
    value = new_login_csrf()
    response = loop_page(
        request,
        "loop/login.html",
        optional_principal(request),
        {"next": next_path, "login_csrf": value, "message": message},
    )
    response.status_code = status
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        value,
        max_age=3600,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/loop") -> HTMLResponse:
    return _login_form(request, safe_next(next))


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
async def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/loop",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), csrf_token.encode()):
        t = translator(page_lang(request))
        return _login_form(request, safe_next(next), t("login_form_expired"), 403)
    try:
        token, _principal = await _open(request, username, password)
    except AccessError as exc:
        lang = page_lang(request)
        said = translator(lang)("login_failed", reason=exc.message(lang))
        return _login_form(request, safe_next(next), said, 401)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
async def logout_submit(request: Request, principal: Actor) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    await run_in_threadpool(log_out, store_of(request), token)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(request, response)
    return response


@router.post("/api/login", tags=["session"], responses=answers(403))
async def api_login(request: Request, body: Credentials) -> JSONResponse:
    """Log in: sets the session cookie; the answer holds the CSRF token for later writes."""
    token, principal = await _open(request, body.username, body.password)
    response = JSONResponse({**_me(principal), "csrf_token": csrf_token_for(token)})
    set_session_cookie(request, response, token)
    return response


@router.post("/api/logout", tags=["session"])
async def api_logout(request: Request, principal: Actor) -> JSONResponse:
    """End the session (the cookie's token is revoked on the server)."""
    await run_in_threadpool(log_out, store_of(request), request.cookies.get(SESSION_COOKIE, ""))
    response = JSONResponse({"ok": True})
    clear_session_cookie(request, response)
    return response


@router.get("/api/me", tags=["session"])
def api_me(request: Request, principal: Actor) -> dict[str, Any]:
    """Who is logged in, and the CSRF token to send with writes (X-CSRF-Token)."""
    return {**_me(principal), "csrf_token": request.state.csrf}
