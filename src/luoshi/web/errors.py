"""One handler turns luoshi's errors into responses: JSON under ``/api/``, a page elsewhere.

A bad id, filter or upload is the user's to fix and gets a 4xx with the message; only a
database that cannot be reached or is busy is a 503 (busy: with ``Retry-After``). Tracebacks,
SQL, the server's paths and exception class names never reach the browser: they are logged.
A page gives the message in the page's language; a JSON answer gives it in both
(``error_zh``, ``error_en``) beside ``error``, for the pages that show an answer of the API.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from luoshi import errors
from luoshi.store.db import database_error
from luoshi.web.i18n import CATALOGUE, lang_of
from luoshi.web.routing import api_routes, plain_routes

__all__ = [
    "error_json",
    "error_response",
    "install_handlers",
    "is_data_path",
    "luoshi_error_response",
    "status_for",
]

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


def error_json(
    status: int,
    message: str,
    *,
    zh: str = "",
    headers: Mapping[str, str] | None = None,
    shown: str | None = None,
) -> JSONResponse:
    """``{"error", "error_zh", "error_en", "status"}``: ``error`` is ``shown`` if given
    (else the English), ``error_zh`` the Chinese (the English when there is none)."""
    body = {
        "error": message if shown is None else shown,
        "error_zh": zh or message,
        "error_en": message,
        "status": status,
    }
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(
    request: Request,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    *,
    zh: str = "",
    detail: str = "",
) -> Response:
    """The answer to a refused request: the JSON of :func:`error_json` under ``/api/``
    and ``/export/``, the error page in the page's language elsewhere. ``detail`` is a
    value the message is about (a path), shown as it is beside the message."""
    if is_data_path(request):
        if detail:
            message, zh = f"{message}: {detail}", f"{zh or message}：{detail}"
        return error_json(status, message, zh=zh, headers=headers)
    lang = lang_of(request.query_params.get("lang"), request.cookies.get("lang"))
    shown = zh if lang == "zh" and zh else message
    page: Response = request.app.state.render(
        request,
        "error.html",
        {"status": status, "message": shown, "detail": detail},
        status=status,
    )
    page.headers.update(headers or {})
    return page


def luoshi_error_response(
    request: Request, status: int, exc: errors.LuoshiError, headers: Mapping[str, str] | None = None
) -> Response:
    """The answer to a luoshi error: its message in both languages in JSON; on a page, the
    sentence in the page's language and the valid values it lists apart, as codes."""
    if is_data_path(request):
        return error_json(status, str(exc), zh=exc.message("zh"), headers=headers)
    detail = ", ".join(exc.options)
    return error_response(
        request, status, exc.text("en"), headers, zh=exc.text("zh"), detail=detail
    )


def is_data_path(request: Request) -> bool:
    """Whether the request is for data (``/api/``, ``/export/``): its errors are JSON."""
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    path = path[len(root) :] if root and path.startswith(root) else path
    return path.startswith(("/api/", "/export/"))


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
            exc = (
                plain
                if isinstance(exc, errors.StoreError)
                else type(exc)(plain.text("en"), zh=plain.zh)
            )
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": RETRY_AFTER} if isinstance(exc, errors.StoreBusyError) else {}
        return luoshi_error_response(request, status, exc, headers)

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        return await _luoshi(request, database_error(request.app.state.store.url, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # a program names the fields as the API does; a page, as people call them
        data = is_data_path(request)
        names = "code" if data else "en"
        en = "; ".join(f"{_where(e, names)}: {e.get('msg')}" for e in exc.errors())
        said = "；".join(_problem_zh(e, apart=not data) for e in exc.errors())
        zh, _ = _say("invalid_request", problems=said)
        # on a page, the values a field takes (codes, the same in both languages) stand apart
        options = [] if data else [o for e in exc.errors() for o in _options(e)]
        return error_response(
            request,
            422,
            _say("invalid_request", problems=en)[1],
            zh=zh,
            detail=", ".join(dict.fromkeys(options)),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        detail = ""
        if exc.status_code == 404:
            zh, en = _say("no_page")
            detail = request.url.path
        elif exc.status_code == 405:  # RFC 9110 15.5.6: a 405 lists the methods that work
            headers["Allow"] = _allowed_methods(request, headers.get("Allow", "GET"))
            zh, en = _say("method_not_allowed", method=request.method, allowed=headers["Allow"])
        else:
            zh, en = str(exc.detail), str(exc.detail)
        return error_response(request, exc.status_code, en, headers, zh=zh, detail=detail)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        zh, en = _say("internal_error")
        return error_response(request, 500, en, zh=zh)


def _say(key: str, **params: object) -> tuple[str, str]:
    """A catalogue sentence in both languages."""
    zh, en = CATALOGUE[key]
    return zh.format(**params), en.format(**params)


#: What pydantic's validation errors say, in Chinese, by their type.
_PROBLEMS_ZH = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为是或否",
    "string_type": "应为文字",
    "string_too_short": "太短",
    "string_too_long": "太长",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than": "数值太大",
    "less_than_equal": "数值太大",
    "enum": "不是可选的取值",
    "literal_error": "不是可选的取值",
    "json_invalid": "不是有效的 JSON",
    "date_from_datetime_parsing": "应为日期，如 2026-12-31",
    "date_parsing": "应为日期，如 2026-12-31",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "too_long": "项数太多",
    "too_short": "项数太少",
}


#: The request parameters' names as people say them (a form field's own label else).
_PARAMS: dict[str, tuple[str, str]] = {
    "page": ("页码", "page"),
    "year": ("年份", "year"),
    "q": ("检索词", "query"),
    "region": ("地区", "region"),
    "indicator": ("指标", "indicator"),
    "fmt": ("文件格式", "file format"),
    "format": ("文件格式", "file format"),
    "kind": ("类型", "kind"),
    "file": ("文件", "file"),
    "limit": ("条数", "limit"),
    "body": ("请求内容", "request body"),
    "target_id": ("目标编号", "target number"),
    "doc_id": ("文件编号", "document number"),
    "task_id": ("任务编号", "task number"),
    "report_id": ("报告编号", "report number"),
    "project_id": ("项目编号", "project number"),
    "assessment_id": ("考核编号", "assessment number"),
    "attachment_id": ("附件编号", "attachment number"),
    "code": ("地区代码", "region code"),
    "normalisation": ("标准化方法", "normalisation"),
    "weighting": ("赋权方法", "weighting"),
    "aggregation": ("合成方法", "aggregation"),
    "dimension": ("维度", "dimension"),
    "status": ("进度", "status"),
    "lang": ("语言", "language"),
}


def _where(e: Mapping[str, Any], lang: str) -> str:
    """Where the problem is: ``code`` as the API names it, else in words of ``lang``."""
    names = [str(p) for p in e.get("loc", ())[1:]]
    if lang == "code":
        return ".".join(names) or "request"
    i = 0 if lang == "zh" else 1
    if not names:
        return ("请求", "request")[i]
    said = []
    for name in names:
        pair = _PARAMS.get(name) or CATALOGUE.get(f"field.{name}")
        said.append(pair[i] if pair else name if i == 0 else name.replace("_", " "))
    return ".".join(said)


_QUOTED = re.compile(r"'([^']*)'")


def _options(e: Mapping[str, Any]) -> list[str]:
    """The values a choice takes (pydantic's ``'minmax' or 'zscore'``), as codes."""
    if str(e.get("type")) not in ("enum", "literal_error"):
        return []
    return _QUOTED.findall(str((e.get("ctx") or {}).get("expected", "")))


def _problem_zh(e: Mapping[str, Any], *, apart: bool) -> str:
    """The problem in Chinese; the values a choice takes listed, or said to stand apart."""
    where = _where(e, "zh")
    what = _PROBLEMS_ZH.get(str(e.get("type")), "取值无效")
    ctx = e.get("ctx") or {}
    if _options(e):
        what += "（可选的取值见下）" if apart else f"（可选：{'、'.join(_options(e))}）"
    elif "expected" in ctx:
        what += f"（应为 {ctx['expected']}）"
    elif "max_length" in ctx:
        what += f"（最多 {ctx['max_length']}）"
    elif "min_length" in ctx:
        what += f"（至少 {ctx['min_length']}）"
    return f"{where}：{what}"
