"""A region: its frameworks, its targets' 清单, its key facts over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.web import views
from luoshi.web.deps import SessionDep
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page

__all__ = ["router"]

router = APIRouter()


@router.get("/api/regions/{code}", tags=["regions"], responses=answers(404))
def region_api(code: str, session: SessionDep) -> dict[str, Any]:
    """Frameworks as trees, targets with status and sparkline series, key facts, documents."""
    return views.region_view(session, code)


@router.get("/regions/{code}", response_class=HTMLResponse, include_in_schema=False)
def region_page(request: Request, code: str, session: SessionDep) -> HTMLResponse:
    return page(request, "region.html", views.region_view(session, code))
