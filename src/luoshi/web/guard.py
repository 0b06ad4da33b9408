"""The door every state-changing request passes: its origin, a login, a role that may
write, and the session's CSRF token.

Both checks are app-wide, so that a new route cannot forget them:

- :class:`WriteDoor`, an ASGI middleware, refuses a POST, PUT, PATCH or DELETE before its
  body is read (FastAPI reads a form, files and all, before any dependency runs): with 403
  when its ``Origin`` header, or ``Referer`` when there is no ``Origin``, names another host
  than the one the request was sent to, and with 401 when it carries no session cookie at
  all (logging in excepted). Browsers send ``Origin`` with every such request, so a page of
  another site cannot make a visitor's browser write here, logged in or not (OWASP's CSRF
  cheat sheet, "Verifying origin with standard headers"). A request with neither header
  (curl, a script) is not from a browser page and goes on to the next check. Behind a proxy
  that rewrites ``Host``, ``LUOSHI_ALLOWED_ORIGINS`` names the origins users type.
- :func:`guard_writes`, a dependency of every route, lets a state-changing request through
  only with a live session (else 401), the session's CSRF token (else 403) and a role that
  may write (403 for the read-only role). Logging in is the exception (there is no session
  yet: the login form carries its own token, and ``/api/login`` takes JSON only, which a
  page of another site cannot send without the server's consent), and logging out is open
  to every role.

What a role may do with a given record is then decided by the library, as for every read.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from luoshi.errors import AccessError
from luoshi.loop.access import PERMISSIONS, Principal
from luoshi.web.auth import LOGIN_FIRST, LOGIN_FIRST_ZH, SESSION_COOKIE, acting_principal
from luoshi.web.routing import api_routes

__all__ = [
    "ANY_ROLE_PATHS",
    "LOGIN_PATHS",
    "SAFE_METHODS",
    "WriteDoor",
    "guard_writes",
    "may_write",
    "same_origin",
]

#: Methods that change nothing (RFC 9110, 9.2.1); every other one is checked.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Routes that need no session: logging in.
LOGIN_PATHS = frozenset({"/login", "/api/login"})
#: Writes that any logged-in role may make: ending one's own session.
ANY_ROLE_PATHS = frozenset({"/logout", "/api/logout"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def may_write(principal: Principal) -> bool:
    """Whether the principal's role may perform any operation beyond reading."""
    return any(
        principal.role in roles for op, roles in PERMISSIONS.items() if not op.endswith(".read")
    )


def _host_port(netloc: str, scheme: str) -> tuple[str, int | None] | None:
    """``(host, port)`` of ``host[:port]``; the scheme's default port when none is given."""
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """``(scheme, host, port)`` of an origin or a URL; None when it is not one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS:
        return None
    hp = _host_port(parts.netloc.rpartition("@")[2], parts.scheme)
    return None if hp is None else (parts.scheme, *hp)


def same_origin(headers: Headers, allowed: tuple[str, ...] = ()) -> str | None:
    """None when the request may go on; else the foreign origin it came from.

    The origin's host (and port, the scheme's default when omitted) must be the ``Host`` the
    request was sent to, or one of ``allowed`` (``scheme://host[:port]``).
    """
    claimed = headers.get("origin") or headers.get("referer")
    if not claimed:
        return None  # not from a browser page: the login and CSRF checks still apply
    source = _origin(claimed)
    if source is None:
        return claimed[:100]  # "null" (a sandboxed or privacy-stripped page) too
    scheme, host, port = source
    target = _host_port(headers.get("host", ""), scheme)
    if target == (host, port):
        return None
    if any(_origin(a) == source for a in allowed):
        return None
    return f"{scheme}://{host}" + ("" if port == _DEFAULT_PORTS[scheme] else f":{port}")


def _refusal(request: Request, foreign: str) -> tuple[str, str]:
    host = request.headers.get("host", "")
    return (
        f"跨站请求被拒绝：请求来自 {foreign}，而不是本站 {host}。"
        "若经反向代理访问，请让代理转发原始 Host，或在 LUOSHI_ALLOWED_ORIGINS 中列出该地址。",
        f"cross-site request refused: it came from {foreign}, not from this site ({host}). "
        "Behind a reverse proxy, pass the original Host on, or list the address in "
        "LUOSHI_ALLOWED_ORIGINS.",
    )


def _route_for(scope: Scope) -> APIRoute | None:
    """The route that will take the request, if any."""
    for route in api_routes(scope["app"]):
        if route.matches(scope)[0] is Match.FULL:
            return route
    return None


class WriteDoor:
    """Refuse a state-changing request, unread, from a page of another site (403) or
    without a session cookie (401; logging in excepted)."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        foreign = same_origin(request.headers, self.allowed)
        if foreign is not None:
            zh, en = _refusal(request, foreign)
            lang = request.query_params.get("lang") or request.cookies.get("lang")
            await self._refuse(request, send, 403, en, zh, en if lang == "en" else zh)
            return
        if SESSION_COOKIE not in request.cookies:
            route = _route_for(scope)
            # a method the path does not take is the router's to answer (405 with Allow)
            if route is not None and route.path not in LOGIN_PATHS:
                await self._refuse(request, send, 401, LOGIN_FIRST, LOGIN_FIRST_ZH, LOGIN_FIRST)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(
        request: Request, send: Send, status: int, en: str, zh: str, shown: str
    ) -> None:
        """Answer with the refusal: JSON (``shown`` as its ``error``) or the error page."""
        from luoshi.web.errors import error_json, error_response, is_data_path

        response: Response
        if is_data_path(request):
            response = error_json(status, en, zh=zh, shown=shown)
        else:
            response = error_response(request, status, en, zh=zh)
        await response(request.scope, request.receive, send)


async def guard_writes(request: Request) -> None:
    """Let a state-changing request through only with a live session, its CSRF token and a
    role that may write (logging in and out excepted, see the module's docstring)."""
    if request.method in SAFE_METHODS:
        return
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    if path in LOGIN_PATHS:
        return
    principal = await acting_principal(request)
    if path not in ANY_ROLE_PATHS and not may_write(principal):
        raise AccessError(
            f"{principal.username} ({principal.role}) may only read",
            zh=f"{principal.username} 是只读账号，不能修改数据",
        )
