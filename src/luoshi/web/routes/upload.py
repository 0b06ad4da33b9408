"""Upload: documents and statistics tables from the browser, through the same ingest and
import code (and the same errors) as ``luoshi ingest`` and ``luoshi import-data``.

Uploading changes the plan store, so it needs a login with a role that may upload (not the
read-only one) and the session's CSRF token, like every write (:mod:`luoshi.web.guard`)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, QueryError, StoreError, UnsupportedFormatError
from luoshi.loop.access import require
from luoshi.reading.formats import reader_for
from luoshi.store import import_table, ingest_paths
from luoshi.web import choices
from luoshi.web.auth import Actor
from luoshi.web.errors import error_json
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page

__all__ = ["LimitUploadBodies", "router"]

router = APIRouter()
_TABLES = (".csv", ".xlsx")
_CHUNK = 1 << 20
_MULTIPART_SLACK = 1 << 16  # the form's own bytes around the file


def _limit(request: Request) -> int:
    limit: int = request.app.state.web.settings.max_file_bytes
    return limit


#: The upload route; not anchored at the start: behind a proxy the path may carry its prefix.
UPLOAD_PATH = re.compile(r"/api/upload$")


class LimitUploadBodies:
    """Refuse an oversized upload before its body is read.

    FastAPI reads a form, files and all, before any dependency or route runs, so the size is
    checked here, as :class:`~luoshi.web.routes.loop.reports.LimitReportBodies` does for
    reports: a declared length over the limit gets the JSON 413 at once, and Starlette's
    body-limit middleware stops a body without a length (chunked) at the limit.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.each = settings.max_file_bytes
        self.limit = settings.max_file_bytes + _MULTIPART_SLACK
        self.limited = RequestBodyLimitMiddleware(app, self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not UPLOAD_PATH.search(scope["path"]):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            size, most = int(declared) / 2**20, self.each / 2**20
            response = error_json(
                413,
                f"the upload is {size:.1f} MB; files over {most:.0f} MB are refused "
                "(LUOSHI_MAX_FILE_MB)",
                zh=f"上传内容 {size:.1f} MB，超过 {most:.0f} MB 的文件不予接收"
                "（LUOSHI_MAX_FILE_MB）",
            )
            await response(scope, receive, send)
            return
        await self.limited(scope, receive, send)


async def _save(upload: UploadFile, folder: Path, limit: int) -> Path:
    name = Path(upload.filename or "").name.strip()
    if not name or name.startswith("."):
        raise QueryError(
            "the uploaded file has no name; give each file its own name",
            zh="上传的文件没有文件名，请为每个文件命名",
        )
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise DocumentTooLargeError(
                    f"{name}: over {limit / 2**20:.0f} MB; larger files are refused "
                    "(LUOSHI_MAX_FILE_MB)",
                    zh=f"{name}：超过 {limit / 2**20:.0f} MB，不予接收（LUOSHI_MAX_FILE_MB）",
                )
            out.write(chunk)
    return path


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request, principal: Actor) -> HTMLResponse:
    require(principal, "document.upload")  # the form is only for those who may send it
    return page(
        request, "upload.html", {"max_mb": _limit(request) // 2**20, "csrf": request.state.csrf}
    )


@router.post("/api/upload", tags=["upload"], responses=answers(400, 413, 415, 422))
async def upload_api(
    request: Request,
    principal: Actor,
    file: Annotated[UploadFile, File(description="A document or a statistics table.")],
    kind: Annotated[
        Literal["document", "table"], Form(description="A document, or a statistics table.")
    ] = "document",
    region: Annotated[
        str | None, Form(max_length=32, description="Region code for a file naming none.")
    ] = None,
    region_name: Annotated[
        str | None, Form(max_length=200, description="Name of a user-defined region.")
    ] = None,
) -> Response:
    """Ingest one document, or import one table; the result is what the CLI reports. Needs
    a login with a role that may upload, and the CSRF token."""
    require(principal, "document.upload")
    store = request.app.state.store
    region = (region or "").strip() or None
    if region is not None:  # the form's field takes a region's name as well as its code
        with store.session() as s:
            region = choices.region_code_or_new(s, region)
    settings = request.app.state.web.settings
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as tmp:
        path = await _save(file, Path(tmp), _limit(request))
        if kind == "table":
            if path.suffix.lower() not in _TABLES:
                raise UnsupportedFormatError(
                    f"{path.name}: a statistics table must be .csv or .xlsx",
                    zh=f"{path.name}：统计表须为 .csv 或 .xlsx 文件",
                )
            try:
                summary = await run_in_threadpool(import_table, store, path, region_code=region)
            except StoreError as exc:
                if isinstance(exc.__cause__, SQLAlchemyError):
                    raise  # the database failed or was busy: a 503 from the error handler
                # the table is at fault (no region column, unknown region), not the server
                return error_json(422, str(exc), zh=exc.zh)
            result: dict[str, Any] = asdict(summary)
            result["file"] = path.name
            return JSONResponse({"kind": "table", "ok": True, **result})
        if reader_for(path.name) is None:
            raise UnsupportedFormatError(
                f"{path.name}: not a format luoshi reads (.txt .md .html .docx .pdf)",
                zh=f"{path.name}：不是可读取的文件格式（.txt .md .html .docx .pdf）",
            )
        # reading and extracting take seconds: off the event loop, which serves the others
        done = await run_in_threadpool(
            ingest_paths,
            store,
            [path],
            settings=settings,
            region=(region, (region_name or "").strip() or None) if region else None,
        )
    if done.failures:
        failed, reason = done.failures[0]
        zh = done.failures_zh.get(failed, reason)
        return error_json(422, f"{path.name}: {reason}", zh=f"{path.name}：{zh}")
    return JSONResponse(
        {
            "kind": "document",
            "ok": True,
            "file": path.name,
            "new": done.documents_new,
            "unchanged": done.documents_unchanged,
            "statements": done.statements,
            "targets": done.targets,
            "observations": done.observations,
            "frameworks": done.frameworks,
        }
    )
