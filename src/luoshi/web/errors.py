"""One handler turns luoshi's errors into responses: JSON under ``/api/``, a page elsewhere.

A bad id, filter or upload is the user's to fix and gets a 4xx with the message; only a
database that cannot be reached or is busy is a 503 (busy: with ``Retry-After``). Tracebacks,
SQL, the server's paths and exception class names never reach the browser: they are logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from luoshi import errors
from luoshi.store.db import database_error
from luoshi.web.routing import api_routes, plain_routes

__all__ = ["error_response", "install_handlers", "status_for"]

log = logging.getLogger("luoshi.web")

# Seconds a client is asked to wait before retrying when the store is busy: about one
# writer's turn (an upload's transaction takes well under a second to a few seconds).
RETRY_AFTER = "5"

# most specific first
_STATUS: tuple[tuple[type[errors.LuoshiError], int], ...] = (
    (errors.NotFoundError, 404),
    (errors.QueryError, 400),
    (errors.DocumentTooLargeError, 413),
    (errors.UnsupportedFormatError, 415),
    (errors.ReadError, 422),
    (errors.ExtractError, 422),
    (errors.TrackError, 400),
    (errors.AccessError, 403),
    (errors.LoopError, 400),
    (errors.StoreError, 503),
)


def status_for(exc: errors.LuoshiError) -> int:
    """The HTTP status of a luoshi error."""
    for cls, code in _STATUS:
        if isinstance(exc, cls):
            return code
    return 400


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The answer to a refused request: ``{"error", "status"}`` under ``/api/`` and
    ``/export/``, the error page elsewhere."""
    path, root = request.scope["path"], request.scope.get("root_path", "")
    path = path[len(root) :] if root and path.startswith(root) else path
    if path.startswith("/api/") or path.startswith("/export/"):
        return JSONResponse(
            {"error": message, "status": status}, status_code=status, headers=headers
        )
    page: Response = request.app.state.render(
        request, "error.html", {"status": status, "message": message}, status=status
    )
    page.headers.update(headers or {})
    return page


def _allowed_methods(request: Request, fallback: str) -> str:
    """Every method some route takes at the request's path: Starlette's 405 names only the
    first route that matches the path (``/login`` has a GET and a POST route)."""
    methods: set[str] = set()
    for route in [*api_routes(request.app), *plain_routes(request.app)]:
        match, _ = route.matches(request.scope)
        if match is Match.NONE:
            continue
        if isinstance(route, Mount) and isinstance(route.app, StaticFiles):
            methods |= {"GET", "HEAD"}
        methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods)) if methods else fallback


def install_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(errors.LuoshiError)
    async def _luoshi(request: Request, exc: errors.LuoshiError) -> Response:
        if isinstance(exc.__cause__, SQLAlchemyError):
            # whatever the raiser wrote, the database's own words stay in the log; a store
            # error takes the plain error's class (busy or not), any other keeps its own
            plain = database_error(request.app.state.store.url, exc.__cause__)
            exc = plain if isinstance(exc, errors.StoreError) else type(exc)(str(plain))
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": RETRY_AFTER} if isinstance(exc, errors.StoreBusyError) else {}
        return error_response(request, status, str(exc), headers)

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        return await _luoshi(request, database_error(request.app.state.store.url, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error_response(request, 422, f"invalid request: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no page at {request.url.path}"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # RFC 9110 15.5.6: a 405 lists the methods that work
            headers["Allow"] = _allowed_methods(request, headers.get("Allow", "GET"))
            message = f"{request.method} is not allowed here; use {headers['Allow']}"
        return error_response(request, exc.status_code, message, headers)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(
            request,
            500,
            "服务器内部错误，详情已记入服务日志。 / Internal server error; the details are logged.",
        )
