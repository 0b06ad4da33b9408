"""Logins for the web: the session cookie, the acting principal, and CSRF protection.

The cookie carries the closed loop's session token (``luoshi.loop.users``): 256 random
bits of which the store keeps only a hash. It is HttpOnly (scripts cannot read it),
SameSite=Lax (other sites' forms and scripts do not send it with a POST) and Secure when
the request came over https or ``LUOSHI_SECURE_COOKIES=1`` says the server sits behind a
TLS proxy.

CSRF: every state-changing request must carry a token derived from the session token
(an HMAC of it), in the ``X-CSRF-Token`` header or the form's ``csrf_token`` field. A
page from another site can neither read the cookie nor the pages that hold the token,
so it cannot forge one; a new login gives a new session and so a new token. The login
form, which has no session yet, uses a double-submit cookie instead.

:func:`acting_principal` is the one dependency that every closed-loop route takes: it
builds the principal from the live session on every request (so a disabled account or
a changed role takes effect at once) and, for anything but GET/HEAD/OPTIONS, checks
the CSRF token. What the principal may see and do is then decided by the library.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from luoshi.errors import AccessError, LoginRequiredError, StaleEditError
from luoshi.loop.access import Principal
from luoshi.loop.users import principal_for_token
from luoshi.store import Store
from luoshi.web.errors import error_response, luoshi_error_response

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_CSRF_COOKIE",
    "LOGIN_FIRST",
    "LOGIN_FIRST_ZH",
    "SESSION_COOKIE",
    "Actor",
    "acting_principal",
    "clear_session_cookie",
    "csrf_token_for",
    "install_auth",
    "optional_principal",
    "safe_next",
    "secure_cookies",
    "set_session_cookie",
]

SESSION_COOKIE = "luoshi_session"
LOGIN_CSRF_COOKIE = "luoshi_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: What a request that needs a login and has none is told.
LOGIN_FIRST = "not logged in; log in first"
LOGIN_FIRST_ZH = "尚未登录，请先登录"
_STALE_ZH = "该记录已被他人修改，您的修改未保存，请刷新后重试"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a session: an HMAC keyed with the (secret) session token."""
    return hmac.new(session_token.encode(), b"luoshi-csrf-v1", hashlib.sha256).hexdigest()


def secure_cookies(request: Request) -> bool:
    """Whether cookies get the Secure flag: served over https, or LUOSHI_SECURE_COOKIES=1."""
    return request.url.scheme == "https" or os.environ.get("LUOSHI_SECURE_COOKIES", "") == "1"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """Hand the session token to the browser as an HttpOnly, SameSite=Lax cookie."""
    settings = request.app.state.web.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    """Tell the browser to forget the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request)
    )


def new_login_csrf() -> str:
    """A fresh random value for the login form's double-submit cookie."""
    return secrets.token_urlsafe(32)


def optional_principal(request: Request) -> Principal | None:
    """The logged-in principal, or None (for pages that show a login link)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        principal = principal_for_token(_store(request), token)
    except AccessError:
        return None
    request.state.user = principal
    request.state.csrf = csrf_token_for(token)
    return principal


async def _sent_csrf(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER)
    if sent:
        return sent
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(_FORM_TYPES):
        # FastAPI has already parsed the body for the route's form fields; Starlette caches it
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def acting_principal(request: Request) -> Principal:
    """The principal of the request's live session; CSRF-checked unless the method is safe."""
    checked: Principal | None = getattr(request.state, "actor", None)
    if checked is not None:  # the app-wide write guard has checked this request already
        return checked
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequiredError(LOGIN_FIRST, zh=LOGIN_FIRST_ZH)
    try:
        principal = principal_for_token(_store(request), token)
    except AccessError as exc:
        raise LoginRequiredError(
            f"{exc}; log in again", zh=f"{exc.message('zh')}，请重新登录"
        ) from None
    expected = csrf_token_for(token)
    if request.method not in _SAFE_METHODS:
        sent = await _sent_csrf(request)
        if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise AccessError(
                f"missing or wrong CSRF token: send the page's {CSRF_FIELD} field or the "
                f"{CSRF_HEADER} header (reload the page and try again)",
                zh="页面的安全令牌缺失或有误（CSRF），请刷新页面后重试",
            )
    request.state.user = principal
    request.state.csrf = expected
    request.state.actor = principal
    return principal


#: The acting principal of a closed-loop route (logged in; CSRF-checked for writes).
Actor = Annotated[Principal, Depends(acting_principal)]


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in (never another site: no scheme, no ``//``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/loop"
    return target


def install_auth(app: FastAPI) -> None:
    """Register how a missing login (401, or the login page) and a stale edit (409) answer,
    and the size guard of report submissions."""
    from luoshi.web.routes.loop.reports import LimitReportBodies

    app.add_middleware(LimitReportBodies, settings=app.state.web.settings)

    def _api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, exc: LoginRequiredError) -> Response:
        if _api(request) or request.method not in _SAFE_METHODS:
            return luoshi_error_response(request, 401, exc)
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        to = f"/login?next={quote(path, safe='')}"
        # a language chosen in the link holds on the login page too, whatever the cookie says
        if request.query_params.get("lang") in ("zh", "en"):
            to += f"&lang={request.query_params['lang']}"
        return RedirectResponse(to, status_code=303)

    @app.exception_handler(StaleEditError)
    async def _stale(request: Request, exc: StaleEditError) -> Response:
        if _api(request):
            return luoshi_error_response(request, 409, exc)
        en = f"{exc} (your change was not saved: reload the page and try again)"
        return error_response(request, 409, en, zh=_STALE_ZH)
