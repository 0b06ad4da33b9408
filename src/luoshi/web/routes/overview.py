"""The overview: counts, targets by status, regions, recent changes; and the document list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from luoshi.web import views
from luoshi.web.deps import SessionDep
from luoshi.web.routes._render import page

__all__ = ["router"]

router = APIRouter()
Page = Annotated[
    int, Query(ge=1, le=100_000, alias="page", description="Page of the region list (50 a page).")
]


@router.get("/api/overview", tags=["overview"])
def overview_api(request: Request, session: SessionDep, page_no: Page = 1) -> dict[str, Any]:
    """Counts, targets by status, regions with documents or targets, recent documents."""
    data = views.overview_view(session, request.app.state.cache, page_no)
    return {**data, "demo": request.app.state.web.demo}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, session: SessionDep, page_no: Page = 1) -> HTMLResponse:
    return page(
        request, "overview.html", views.overview_view(session, request.app.state.cache, page_no)
    )


@router.get("/api/documents", tags=["documents"])
def documents_api(session: SessionDep, region: str | None = None) -> list[dict[str, Any]]:
    """Every stored document (of one region), newest first."""
    return views.documents_view(session, region)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(
    request: Request, session: SessionDep, region: str | None = None
) -> HTMLResponse:
    return page(request, "documents.html", {"documents": views.documents_view(session, region)})
