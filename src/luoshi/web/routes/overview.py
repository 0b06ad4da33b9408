"""The first screen: what needs attention across regions and in the user's own queue; and
the document list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from luoshi.web import supervision, views
from luoshi.web.deps import CurrentUser, SessionDep
from luoshi.web.keeper import Freshness
from luoshi.web.routes._render import page

__all__ = ["fresh_verdicts", "memo", "router"]

router = APIRouter()
Page = Annotated[
    int, Query(ge=1, le=100_000, alias="page", description="Page of the region list (50 a page).")
]


def fresh_verdicts(request: Request) -> Freshness:
    """Bring the kept verdicts up to date before a page reads them (or say they are being
    judged): call before the request's session reads anything."""
    freshness: Freshness = request.app.state.keeper.check()
    return freshness


def memo(request: Request, fresh: Freshness) -> supervision.Memo:
    """What the pages compute from the kept verdicts, kept until they are judged again."""
    return partial(request.app.state.keeper.cached, fresh)


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("/api/overview", tags=["overview"])
def overview_api(
    request: Request, session: SessionDep, user: CurrentUser, page_no: Page = 1
) -> dict[str, Any]:
    """Counts, targets by status, a page of the regions with documents or targets, recent
    documents; the counts that need attention (滞后, 未完成, and for a signed-in user the
    tasks overdue, returned and waiting for review), the targets off track across regions
    and the user's queue."""
    fresh = fresh_verdicts(request)
    board = supervision.first_screen_view(session, user, _today(), memo(request, fresh))
    counts = {s["status"]: s["count"] for s in board["status_counts"]}
    data = views.overview_view(session, request.app.state.cache, page_no, counts=counts)
    return {
        **data,
        **board,
        "verdicts_fresh": fresh.fresh,
        "demo": request.app.state.web.demo,
    }


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    fresh = fresh_verdicts(request)
    board = supervision.first_screen_view(session, user, _today(), memo(request, fresh))
    counts = {s["status"]: s["count"] for s in board["status_counts"]}
    data = views.overview_view(session, request.app.state.cache, regions=False, counts=counts)
    return page(request, "overview.html", {**data, **board, "fresh": fresh, "me": user})


@router.get("/api/documents", tags=["documents"])
def documents_api(session: SessionDep, region: str | None = None) -> list[dict[str, Any]]:
    """Every stored document (of one region), newest first."""
    return views.documents_view(session, region)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(
    request: Request, session: SessionDep, region: str | None = None
) -> HTMLResponse:
    return page(request, "documents.html", {"documents": views.documents_view(session, region)})
