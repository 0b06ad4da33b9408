"""Upload: documents and statistics tables from the browser, through the same ingest and
import code (and the same errors) as ``luoshi ingest`` and ``luoshi import-data``."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from luoshi.errors import DocumentTooLargeError, QueryError, StoreError, UnsupportedFormatError
from luoshi.reading.formats import reader_for
from luoshi.store import import_table, ingest_paths
from luoshi.web.routes._render import page

__all__ = ["router"]

router = APIRouter()
_TABLES = (".csv", ".xlsx")
_CHUNK = 1 << 20
_MULTIPART_SLACK = 1 << 16  # the form's own bytes around the file


def _limit(request: Request) -> int:
    limit: int = request.app.state.web.settings.max_file_bytes
    return limit


def _check_length(request: Request) -> None:
    """Refuse an oversized upload from its Content-Length, before it is read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _limit(request) + _MULTIPART_SLACK:
        raise DocumentTooLargeError(
            f"the upload is {int(declared) / 2**20:.1f} MB; files over "
            f"{_limit(request) / 2**20:.0f} MB are refused (LUOSHI_MAX_FILE_MB)"
        )


async def _save(upload: UploadFile, folder: Path, limit: int) -> Path:
    name = Path(upload.filename or "").name.strip()
    if not name or name.startswith("."):
        raise QueryError("the uploaded file has no name; give each file its own name")
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise DocumentTooLargeError(
                    f"{name}: over {limit / 2**20:.0f} MB; larger files are refused "
                    "(LUOSHI_MAX_FILE_MB)"
                )
            out.write(chunk)
    return path


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    return page(request, "upload.html", {"max_mb": _limit(request) // 2**20})


@router.post("/api/upload", tags=["upload"], dependencies=[Depends(_check_length)])
async def upload_api(
    request: Request,
    file: Annotated[UploadFile, File(description="A document or a statistics table.")],
    kind: Annotated[str, Form(description="document or table.")] = "document",
    region: Annotated[str | None, Form(description="Region code for a file naming none.")] = None,
    region_name: Annotated[str | None, Form(description="Name of a user-defined region.")] = None,
) -> Response:
    """Ingest one document, or import one table; the result is what the CLI reports."""
    if kind not in ("document", "table"):
        raise QueryError(f"kind {kind!r} is not one of document, table")
    region = (region or "").strip() or None
    store = request.app.state.store
    settings = request.app.state.web.settings
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as tmp:
        path = await _save(file, Path(tmp), _limit(request))
        if kind == "table":
            if path.suffix.lower() not in _TABLES:
                raise UnsupportedFormatError(
                    f"{path.name}: a statistics table must be .csv or .xlsx"
                )
            try:
                summary = await run_in_threadpool(import_table, store, path, region_code=region)
            except StoreError as exc:
                if isinstance(exc.__cause__, SQLAlchemyError):
                    raise  # the database failed or was busy: a 503 from the error handler
                # the table is at fault (no region column, unknown region), not the server
                return JSONResponse({"error": str(exc), "status": 422}, status_code=422)
            result: dict[str, Any] = asdict(summary)
            result["file"] = path.name
            return JSONResponse({"kind": "table", "ok": True, **result})
        if reader_for(path.name) is None:
            raise UnsupportedFormatError(
                f"{path.name}: not a format luoshi reads (.txt .md .html .docx .pdf)"
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
        _, reason = done.failures[0]
        return JSONResponse({"error": f"{path.name}: {reason}", "status": 422}, status_code=422)
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
