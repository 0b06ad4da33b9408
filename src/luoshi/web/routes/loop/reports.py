"""Progress reports (反馈) and their review (督查): submit with figures and attachments,
accept or return — pages and JSON API — and attachment downloads.

Uploads are bounded twice before the library checks each file's type, first bytes and
size: by the request's declared length, and while reading, by the attachment limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, StrictBool
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, LoopError
from luoshi.loop.access import Principal
from luoshi.loop.reports import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENTS,
    AttachmentSpec,
    FigureSpec,
    get_attachment,
    review_report,
    start_review,
    submit_report,
)
from luoshi.web.auth import Actor
from luoshi.web.openapi import answers, file_answer
from luoshi.web.routes.loop._common import store_of
from luoshi.web.routes.loop._forms import MAX_ID, Id, PathId, parse_number

__all__ = ["REPORT_PATHS", "LimitReportBodies", "report_body_limit", "router"]

router = APIRouter()
_SLACK = 1 << 20  # the form's own fields around the files


def _limit(request: Request) -> int:
    limit: int = request.app.state.web.settings.max_attachment_bytes
    return limit


def report_body_limit(settings: Settings) -> int:
    """The most bytes a report submission may send: its attachments and its form fields."""
    return MAX_ATTACHMENTS * settings.max_attachment_bytes + _SLACK


#: The routes that take attachments; :class:`LimitReportBodies` guards them.
# not anchored at the start: behind a reverse proxy the path may carry its prefix
REPORT_PATHS = re.compile(r"/(?:api/)?loop/tasks/[^/]+/reports?$")


class LimitReportBodies:
    """Refuse an oversized report submission before its body is read.

    FastAPI reads a form body before any dependency runs, so a size check in a dependency
    would come after a multi-gigabyte upload had been spooled to disk. A declared length
    over the limit is refused at once with the JSON error every other refusal has;
    Starlette's body-limit middleware stops a body without a length (chunked) at the limit.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = report_body_limit(settings)
        self.each = settings.max_attachment_bytes
        self.limited = RequestBodyLimitMiddleware(app, self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not REPORT_PATHS.search(scope["path"]):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            message = (
                f"the upload is {int(declared) / 2**20:.1f} MB; a report may carry at most "
                f"{MAX_ATTACHMENTS} attachments of {self.each / 2**20:.0f} MB "
                "(LUOSHI_MAX_ATTACHMENT_MB)"
            )
            response = JSONResponse({"error": message, "status": 413}, status_code=413)
            await response(scope, receive, send)
            return
        await self.limited(scope, receive, send)


async def _read(files: list[UploadFile], limit: int) -> list[AttachmentSpec]:
    if len(files) > MAX_ATTACHMENTS:
        raise LoopError(
            f"at most {MAX_ATTACHMENTS} attachments per report",
            zh=f"每份报告最多 {MAX_ATTACHMENTS} 个附件",
        )
    out = []
    for f in files:
        if not f.filename:  # an empty file input sends a part without a name
            continue
        content = await f.read(limit + 1)
        if len(content) > limit:
            raise DocumentTooLargeError(
                f"attachment {f.filename!r} is over the {limit / 2**20:.0f} MB limit "
                "(LUOSHI_MAX_ATTACHMENT_MB)",
                zh=f"附件 {f.filename!r} 超过 {limit / 2**20:.0f} MB 的上限"
                "（LUOSHI_MAX_ATTACHMENT_MB）",
            )
        out.append(AttachmentSpec(f.filename, content))
    return out


def _figures(raw: str) -> list[FigureSpec]:
    """Figures as JSON: ``[{"target_id": 1, "year": 2026, "value": 12.5}, ...]``."""
    if not raw.strip():
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        raise LoopError(
            "figures: not JSON; send a list of {target_id, year, value}",
            zh="指标数据不是 JSON，请发送由 {target_id, year, value} 组成的列表",
        ) from None
    if not isinstance(items, list) or len(items) > 200:
        raise LoopError(
            "figures: send a list (at most 200) of {target_id, year, value}",
            zh="指标数据须为由 {target_id, year, value} 组成的列表（最多 200 项）",
        )
    out = []
    for item in items:
        try:
            tid, year, value = item["target_id"], item["year"], item["value"]
        except (TypeError, KeyError):
            raise LoopError(
                "figures: each needs target_id, year and value",
                zh="每项指标数据须有 target_id、year 和 value",
            ) from None
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (tid, year)):
            raise LoopError(
                "figures: target_id and year must be whole numbers",
                zh="指标数据的 target_id 和 year 须为整数",
            )
        if not 1 <= tid <= MAX_ID:
            raise LoopError(f"figures: target {tid} does not exist", zh=f"目标 {tid} 不存在")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise LoopError(
                f"figures: value {value!r} is not a number", zh=f"数值 {value!r} 不是数字"
            )
        value = parse_number(str(value), f"figure of target {tid}", f"目标 {tid} 的数值")
        out.append(FigureSpec(tid, year, value))
    return out


def _page_figures(form: Any) -> list[FigureSpec]:
    """The report form's ``figure_<target id>`` and ``year_<target id>`` fields."""
    out = []
    for key, raw in form.multi_items():
        if not key.startswith("figure_") or not isinstance(raw, str) or not raw.strip():
            continue
        tid = key.removeprefix("figure_")
        year = form.get(f"year_{tid}", "")
        if not tid.isdigit() or not isinstance(year, str) or not year.strip().isdigit():
            raise LoopError(
                f"figure for target {tid}: give a year like 2026",
                zh=f"目标 {tid} 的数值须注明年份，如 2026",
            )
        value = parse_number(raw, f"figure of target {tid}", f"目标 {tid} 的数值")
        out.append(FigureSpec(int(tid), int(year), value))
    return out


class VersionIn(BaseModel):
    """The version of the task the reviewer read."""

    version: Id


class ReviewIn(BaseModel):
    """A review of a report, made on the report's ``version``."""

    version: Id
    accept: StrictBool
    comment: str = Field(default="", max_length=10_000)


async def _submit(
    request: Request,
    principal: Principal,
    task_id: int,
    version: int,
    period: str,
    text: str,
    final: bool,
    figures: list[FigureSpec],
    attachments: list[UploadFile],
) -> Any:
    files = await _read(attachments, _limit(request))
    return await run_in_threadpool(
        lambda: submit_report(
            store_of(request),
            principal,
            task_id,
            version,
            period=period.strip(),
            text=text,
            figures=figures,
            attachments=files,
            final=final,
            settings=request.app.state.web.settings,
        )
    )


VersionF = Annotated[int, Form(ge=1, le=MAX_ID)]
PeriodF = Annotated[str, Form(max_length=20)]
TextF = Annotated[str, Form(max_length=100_000)]
FilesF = Annotated[list[UploadFile], File()]


@router.post(
    "/api/loop/tasks/{task_id}/reports",
    tags=["loop"],
    status_code=201,
    responses=answers(400, 409, 413),
)
async def api_submit_report(
    principal: Actor,
    request: Request,
    task_id: PathId,
    version: VersionF,
    period: PeriodF,
    text: TextF,
    final: Annotated[bool, Form()] = False,
    figures: Annotated[str, Form(max_length=100_000)] = "",
    attachments: FilesF = [],  # noqa: B006 - FastAPI copies form defaults
) -> dict[str, Any]:
    """Submit a progress report on the task version read (multipart: text, figures as JSON,
    attachments: PDF, Word, Excel, PNG, JPEG, UTF-8 text or CSV)."""
    r = await _submit(
        request, principal, task_id, version, period, text, final, _figures(figures), attachments
    )
    return asdict(r)


@router.post("/api/loop/tasks/{task_id}/review-start", tags=["loop"], responses=answers(400, 409))
def api_review_start(
    principal: Actor, request: Request, task_id: PathId, body: VersionIn
) -> dict[str, bool]:
    """Take up a reported task for review (督查); reviewing a report does it too."""
    start_review(store_of(request), principal, task_id, body.version)
    return {"ok": True}


@router.post("/api/loop/reports/{report_id}/review", tags=["loop"], responses=answers(400, 409))
def api_review(
    principal: Actor, request: Request, report_id: PathId, body: ReviewIn
) -> dict[str, Any]:
    """Accept a report (its figures become observations; a final one closes the task) or
    return it with a comment."""
    r = review_report(
        store_of(request),
        principal,
        report_id,
        body.version,
        accept=body.accept,
        comment=body.comment,
    )
    return asdict(r)


@router.get(
    "/api/loop/attachments/{attachment_id}",
    tags=["loop"],
    response_class=Response,
    responses={
        **file_answer(
            "The attachment's bytes, as a download.",
            *sorted({media for media, _ in ATTACHMENT_TYPES.values()}),
        ),
        **answers(403),
    },
)
def api_attachment(principal: Actor, request: Request, attachment_id: PathId) -> Response:
    """An attachment's bytes, as a download (never rendered inline)."""
    name, media, content = get_attachment(store_of(request), principal, attachment_id)
    return Response(
        content,
        media_type=media,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


# --- pages --------------------------------------------------------------------------------


@router.post("/loop/tasks/{task_id}/report", include_in_schema=False)
async def report_submit(
    principal: Actor,
    request: Request,
    task_id: PathId,
    version: VersionF,
    period: PeriodF,
    text: TextF,
    final: Annotated[str, Form(max_length=10)] = "",
    attachments: FilesF = [],  # noqa: B006 - FastAPI copies form defaults
) -> RedirectResponse:
    figures = _page_figures(await request.form())
    await _submit(
        request, principal, task_id, version, period, text, bool(final), figures, attachments
    )
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)


@router.post("/loop/tasks/{task_id}/review-start", include_in_schema=False)
def review_start_submit(
    principal: Actor, request: Request, task_id: PathId, version: VersionF
) -> RedirectResponse:
    start_review(store_of(request), principal, task_id, version)
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)


@router.post("/loop/reports/{report_id}/review", include_in_schema=False)
def review_submit(
    principal: Actor,
    request: Request,
    report_id: PathId,
    version: VersionF,
    decision: Annotated[str, Form(max_length=10)],
    task_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    comment: Annotated[str, Form(max_length=10_000)] = "",
) -> RedirectResponse:
    if decision not in ("accept", "return"):
        raise LoopError(
            f"decision {decision!r} is not one of",
            zh=f"审核结论 {decision!r} 不可用，可选",
            options=("accept", "return"),
        )
    review_report(
        store_of(request),
        principal,
        report_id,
        version,
        accept=decision == "accept",
        comment=comment,
    )
    return RedirectResponse(f"/loop/tasks/{task_id}", status_code=303)
