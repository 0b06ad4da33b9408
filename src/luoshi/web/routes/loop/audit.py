"""The audit trail: read and export only (nothing here writes to it), and notices."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.loop.access import can
from luoshi.loop.audit import AuditRecord, export_audit, list_audit
from luoshi.loop.history import ENTITY_LABELS
from luoshi.loop.notices import list_notices, scan_deadlines
from luoshi.web.auth import Actor
from luoshi.web.deps import TableFormat
from luoshi.web.openapi import CSV, XLSX, answers, file_answer
from luoshi.web.routes.loop._common import (
    department_names,
    history_rows,
    loop_page,
    page_lang,
    store_of,
)

__all__ = ["router"]

router = APIRouter()
_MEDIA = {"xlsx": XLSX, "csv": CSV}
Entity = Annotated[str | None, Query(max_length=40)]
EntityId = Annotated[str | None, Query(max_length=40)]
ActorName = Annotated[str | None, Query(max_length=100)]
Limit = Annotated[int, Query(ge=1, le=100_000)]


def _export(records: list[AuditRecord], kind: str, lang: str, departments: dict[int, str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="luoshi-audit-") as tmp:
        out = export_audit(records, Path(tmp) / f"audit.{kind}", lang=lang, departments=departments)
        return out.read_bytes()


@router.get("/api/loop/audit", tags=["loop"], responses=answers(403))
def api_audit(
    principal: Actor,
    request: Request,
    entity: Entity = None,
    entity_id: EntityId = None,
    actor: ActorName = None,
    limit: Limit = 1000,
) -> list[dict[str, Any]]:
    """Audit entries the user may read, oldest first."""
    records = list_audit(
        store_of(request), principal, entity=entity, entity_id=entity_id, actor=actor, limit=limit
    )
    return [asdict(e) for e in records]


@router.get(
    "/api/loop/audit/export",
    tags=["loop"],
    response_class=Response,
    responses={**file_answer("The audit entries (.xlsx or .csv).", XLSX, CSV), **answers(403)},
)
async def api_audit_export(
    principal: Actor,
    request: Request,
    format: TableFormat = "xlsx",
    entity: Entity = None,
    actor: ActorName = None,
) -> Response:
    """The audit entries as .xlsx or .csv (UTF-8 with BOM for Excel/WPS), one row per
    changed field, in the language of the pages (``?lang=``, the ``lang`` cookie)."""
    store = store_of(request)
    records = list_audit(store, principal, entity=entity, actor=actor, limit=100_000)
    names = department_names(store, principal)
    content = await run_in_threadpool(_export, records, format, page_lang(request), names)
    return Response(
        content,
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="audit.{format}"'},
    )


class ScanIn(BaseModel):
    """How far ahead a deadline counts as at risk."""

    days: int = Field(default=7, ge=0, le=366, strict=True)


@router.get("/api/loop/notices", tags=["loop"])
def api_notices(principal: Actor, request: Request) -> list[dict[str, Any]]:
    """The user's notices (overdue, at risk, returned), newest first."""
    return [asdict(n) for n in list_notices(store_of(request), principal)]


@router.post("/api/loop/notices/scan", tags=["loop"], responses=answers(400))
def api_scan(principal: Actor, request: Request, body: ScanIn) -> dict[str, Any]:
    """Mark overdue tasks and raise overdue and at-risk notices (e-mailed if SMTP is set)."""
    result = scan_deadlines(
        store_of(request), principal, days=body.days, settings=request.app.state.web.settings
    )
    return asdict(result)


# --- pages --------------------------------------------------------------------------------


@router.get("/loop/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    principal: Actor,
    request: Request,
    entity: Entity = None,
    actor: ActorName = None,
) -> HTMLResponse:
    store = store_of(request)
    records = list_audit(store, principal, entity=entity or None, actor=actor or None, limit=2000)
    rows = history_rows(records, page_lang(request), department_names(store, principal))
    return loop_page(
        request,
        "loop/audit.html",
        principal,
        {
            "records": rows,
            "entity": entity or "",
            "actor": actor or "",
            "entities": list(ENTITY_LABELS),
        },
    )


@router.get("/loop/notices", response_class=HTMLResponse, include_in_schema=False)
def notices_page(principal: Actor, request: Request) -> HTMLResponse:
    return loop_page(
        request,
        "loop/notices.html",
        principal,
        {
            "notices": list_notices(store_of(request), principal),
            "can_scan": can(principal, "notice.scan"),
        },
    )


@router.post("/loop/notices/scan", include_in_schema=False)
def scan_submit(principal: Actor, request: Request) -> RedirectResponse:
    scan_deadlines(store_of(request), principal, settings=request.app.state.web.settings)
    return RedirectResponse("/loop/notices", status_code=303)
