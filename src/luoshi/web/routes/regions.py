"""Regions: the list with their targets' counts by status, and a region's page — its
targets' 清单 (most urgent first), key facts over time, documents and frameworks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from luoshi.track.standing import SEVERITY
from luoshi.web import supervision, views
from luoshi.web.deps import CurrentUser, SessionDep
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page
from luoshi.web.routes.overview import fresh_verdicts, memo

__all__ = ["router"]

router = APIRouter()
PageNo = Annotated[int, Query(ge=1, le=100_000, alias="page", description="Page (50 a page).")]
RegionSort = Annotated[
    str,
    Query(
        pattern="^(code|behind)$",
        description="Order: code, or behind (most targets off track or missed first).",
    ),
]


@router.get("/api/regions", tags=["regions"], responses=answers(400))
def region_list_api(
    request: Request, session: SessionDep, page_no: PageNo = 1, sort: RegionSort = "code"
) -> dict[str, Any]:
    """A page of the regions with their targets' counts by status (in the order of
    ``statuses``)."""
    fresh = fresh_verdicts(request)
    data = supervision.region_list_view(session, page_no, sort, memo(request, fresh))
    return {**data, "verdicts_fresh": fresh.fresh}


@router.get("/regions", response_class=HTMLResponse, include_in_schema=False)
def region_list_page(
    request: Request, session: SessionDep, page_no: PageNo = 1, sort: RegionSort = "code"
) -> HTMLResponse:
    fresh = fresh_verdicts(request)
    data = supervision.region_list_view(session, page_no, sort, memo(request, fresh))
    return page(request, "regions.html", {**data, "fresh": fresh})


def _urgent_first(data: dict[str, Any]) -> dict[str, Any]:
    """The region's targets most urgent first, then by deadline and indicator."""
    rank = {s: i for i, s in enumerate(SEVERITY)}
    data["targets"].sort(
        key=lambda r: (rank[r["status"]], r["deadline"] or 9999, r["indicator"], r["id"])
    )
    data["status_counts"].sort(key=lambda s: rank[s["status"]])
    return data


@router.get("/api/regions/{code}", tags=["regions"], responses=answers(404))
def region_api(code: str, session: SessionDep) -> dict[str, Any]:
    """Frameworks as trees, targets with status and sparkline series, key facts, documents."""
    return views.region_view(session, code)


@router.get("/regions/{code}", response_class=HTMLResponse, include_in_schema=False)
def region_page(
    request: Request, code: str, session: SessionDep, user: CurrentUser
) -> HTMLResponse:
    data = _urgent_first(views.region_view(session, code))
    ids = [r["id"] for r in data["targets"]]
    owned = supervision.owner_names(session, ids)
    for r in data["targets"]:
        r["owners"] = owned.get(r["id"], [])
        r["actual"], r["actual_year"] = r["latest"], r["latest_year"]
    supervision.assignable(data["targets"], user)
    return page(request, "region.html", data)
