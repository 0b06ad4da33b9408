"""Assessment (考核): run one for a period, its league table, the xlsx score sheet and the
.docx 督查通报 — pages and JSON API."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.errors import LoopError
from luoshi.loop.access import Principal, can
from luoshi.loop.assessment import (
    AssessmentResult,
    get_assessment,
    latest_assessment,
    run_assessment,
)
from luoshi.loop.exports import write_bulletin, write_score_sheet
from luoshi.store import Store
from luoshi.store.models import Region
from luoshi.web import choices
from luoshi.web.auth import Actor
from luoshi.web.openapi import DOCX, XLSX, answers, file_answer
from luoshi.web.routes.loop._common import loop_page, page_lang, store_of
from luoshi.web.routes.loop._forms import PathId, parse_date

__all__ = ["router"]

router = APIRouter()


class AssessmentIn(BaseModel):
    """A period to assess; the region defaults to the user's."""

    period: str = Field(min_length=1, max_length=20)
    start: date
    end: date
    region_code: str | None = Field(default=None, max_length=12)


def _run(
    store: Store, principal: Principal, region: str | None, period: str, start: date, end: date
) -> AssessmentResult:
    region_code = region or principal.region_code
    if not region_code:
        raise LoopError(
            "name the region to assess (region_code)", zh="请指定要考核的地区（地区代码）"
        )
    return run_assessment(
        store, principal, region_code=region_code, period=period, start=start, end=end
    )


def _region_name(store: Store, code: str) -> str:
    with store.session() as s:
        region = s.get(Region, code)
        return region.name if region is not None else code


def _download(content: bytes, media: str, name: str) -> Response:
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


def _export(store: Store, result: AssessmentResult, kind: str, lang: str) -> Response:
    """Write the score sheet or the bulletin, in the pages' language, to a temporary file
    and answer with its bytes."""
    name = f"考核{result.region_code}-{result.period}"
    with tempfile.TemporaryDirectory(prefix="luoshi-assess-") as tmp:
        if kind == "xlsx":
            path = write_score_sheet(result, Path(tmp) / "sheet.xlsx", lang=lang)
            return _download(path.read_bytes(), XLSX, f"{name}评分表.xlsx")
        region = _region_name(store, result.region_code)
        path = write_bulletin(result, Path(tmp) / "bulletin.docx", region_name=region, lang=lang)
        return _download(path.read_bytes(), DOCX, f"{name}督查通报.docx")


@router.post("/api/loop/assessments", tags=["loop"], status_code=201, responses=answers(400))
def api_run(principal: Actor, request: Request, body: AssessmentIn) -> dict[str, Any]:
    """Score the region's tasks due in the period and store the league table."""
    result = _run(store_of(request), principal, body.region_code, body.period, body.start, body.end)
    return asdict(result)


@router.get("/api/loop/assessment", tags=["loop"], responses=answers(403))
def api_latest(principal: Actor, request: Request) -> dict[str, Any] | None:
    """The assessment last computed for the user's region (null if none has been)."""
    result = latest_assessment(store_of(request), principal)
    return asdict(result) if result is not None else None


@router.get("/api/loop/assessments/{assessment_id}", tags=["loop"], responses=answers(403))
def api_get(principal: Actor, request: Request, assessment_id: PathId) -> dict[str, Any]:
    """A stored assessment: task scores and the department league table."""
    return asdict(get_assessment(store_of(request), principal, assessment_id))


@router.get(
    "/api/loop/assessments/{assessment_id}/score-sheet.xlsx",
    tags=["loop"],
    response_class=Response,
    responses={**file_answer("The score sheet (.xlsx).", XLSX), **answers(403)},
)
async def api_sheet(principal: Actor, request: Request, assessment_id: PathId) -> Response:
    """The score sheet (league table, task scores, the scheme) as xlsx, in Chinese (in
    English for ``?lang=en`` or the English pages' cookie)."""
    store = store_of(request)
    result = get_assessment(store, principal, assessment_id)
    return await run_in_threadpool(_export, store, result, "xlsx", page_lang(request))


@router.get(
    "/api/loop/assessments/{assessment_id}/bulletin.docx",
    tags=["loop"],
    response_class=Response,
    responses={**file_answer("The 督查通报 (.docx).", DOCX), **answers(403)},
)
async def api_bulletin(principal: Actor, request: Request, assessment_id: PathId) -> Response:
    """The 督查通报 as .docx, in Chinese (in English for ``?lang=en`` or the English
    pages' cookie)."""
    store = store_of(request)
    result = get_assessment(store, principal, assessment_id)
    return await run_in_threadpool(_export, store, result, "docx", page_lang(request))


# --- pages --------------------------------------------------------------------------------


def _page(request: Request, principal: Principal, result: AssessmentResult | None) -> HTMLResponse:
    today = datetime.now(UTC).date()
    rows = [*result.league, *result.idle] if result is not None else []
    with store_of(request).session() as s:
        region = choices.region_choice(s, result.region_code) if result is not None else None
    return loop_page(
        request,
        "loop/assessment.html",
        principal,
        {
            "result": result,
            "rows": rows,
            "chart": [{"name": r.department, "value": r.score} for r in rows],
            "can_run": can(principal, "assessment.run"),
            "this_year": today.year,
            "region": region,
        },
    )


@router.get("/loop/assessment", response_class=HTMLResponse, include_in_schema=False)
def assessment_form(principal: Actor, request: Request) -> HTMLResponse:
    """The last result computed for the user's region, and the form to compute another."""
    return _page(request, principal, latest_assessment(store_of(request), principal))


@router.post("/loop/assessment", include_in_schema=False)
def assessment_submit(
    principal: Actor,
    request: Request,
    period: Annotated[str, Form(max_length=20)],
    start: Annotated[str, Form(max_length=20)],
    end: Annotated[str, Form(max_length=20)],
    region_code: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    first, last = parse_date(start, "start"), parse_date(end, "end")
    if first is None or last is None:
        raise LoopError(
            "an assessment needs a start and an end date", zh="考核需要起始日期和截止日期"
        )
    store = store_of(request)
    region = None
    if region_code.strip():  # a region's code or name, as the form's picker sends it
        with store.session() as s:
            region = choices.region_code(s, region_code)
    result = _run(store, principal, region, period, first, last)
    return RedirectResponse(f"/loop/assessment/{result.id}", status_code=303)


@router.get(
    "/loop/assessment/{assessment_id}", response_class=HTMLResponse, include_in_schema=False
)
def assessment_page(principal: Actor, request: Request, assessment_id: PathId) -> HTMLResponse:
    return _page(request, principal, get_assessment(store_of(request), principal, assessment_id))
