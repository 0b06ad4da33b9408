"""One handler turns luoshi's errors into responses: JSON under ``/api/``, a page elsewhere.

A bad id, filter or upload is the user's to fix and gets a 4xx with the message; only a
database that cannot be reached or is busy is a 503 (busy: with ``Retry-After``). Tracebacks,
SQL, the server's paths and exception class names never reach the browser: they are logged.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from luoshi import errors
from luoshi.store.db import database_error

__all__ = ["install_handlers", "status_for"]

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


def _respond(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path.startswith("/export/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    page: Response = request.app.state.render(
        request, "error.html", {"status": status, "message": message}, status=status
    )
    return page


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
        response = _respond(request, status, str(exc))
        response.headers.update(headers)
        return response

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        return await _luoshi(request, database_error(request.app.state.store.url, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _respond(request, 422, f"invalid request: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no page at {request.url.path}"
        return _respond(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _respond(
            request,
            500,
            "服务器内部错误，详情已记入服务日志。 / Internal server error; the details are logged.",
        )
