"""Full-text search over every passage, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from luoshi.web import views
from luoshi.web.deps import SessionDep
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page

__all__ = ["router"]

router = APIRouter()
Q = Annotated[str, Query(description="Words to find (Chinese is segmented into words).")]
PageNo = Annotated[int, Query(ge=1, le=10000, alias="page")]


@router.get("/api/search", tags=["search"], responses=answers(400, 404))
def search_api(
    request: Request, session: SessionDep, q: Q, page_no: PageNo = 1, region: str | None = None
) -> dict[str, Any]:
    """Passages matching every word of ``q``, best first, 20 a page."""
    return views.search_view(session, q, page_no, region or None, request.app.state.cache)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    session: SessionDep,
    q: str = "",
    page_no: PageNo = 1,
    region: str | None = None,
) -> HTMLResponse:
    if not q.strip():
        return page(
            request, "search.html", {"query": "", "hits": [], "total": 0, "page": 1, "pages": 1}
        )
    data = views.search_view(session, q, page_no, region or None, request.app.state.cache)
    return page(request, "search.html", data)
