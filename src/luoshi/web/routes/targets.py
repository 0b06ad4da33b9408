"""A target: the chart from baseline to target, the numbers behind its status, its sources."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import Field
from sqlalchemy.orm import Session

from luoshi.track.progress import Status
from luoshi.web import views
from luoshi.web.deps import Blank, Dimension, RowId, SessionDep
from luoshi.web.openapi import answers
from luoshi.web.queries import statuses
from luoshi.web.routes._render import page

__all__ = ["Filters", "TargetFilters", "router", "target_filters"]

router = APIRouter()
Year = Annotated[int, Field(ge=1900, le=2200)]


class TargetFilters:
    """The filters every target list takes."""

    def __init__(
        self,
        region: Annotated[str | None, Query(description="Region code.")] = None,
        indicator: Annotated[str | None, Query(description="Indicator id or phrase.")] = None,
        dimension: Annotated[
            Dimension | None, Blank, Query(description="The indicators' dimension.")
        ] = None,
        year: Annotated[Year | None, Blank, Query(description="Deadline year.")] = None,
        status: Annotated[Status | None, Blank, Query(description="Progress status.")] = None,
    ) -> None:
        self.region, self.indicator, self.dimension = region, indicator, dimension
        self.year, self.status = year, status


def target_filters(
    session: Session, f: TargetFilters, limit: int | None = None
) -> list[dict[str, Any]]:
    """The target rows the filters select."""
    found = statuses(
        session,
        region=f.region,
        indicator=f.indicator,
        dimension=f.dimension,
        year=f.year,
        status=f.status,
        limit=limit,
    )
    return [views.target_row(t) for t in found]


Filters = Annotated[TargetFilters, Depends()]


@router.get("/api/targets", tags=["targets"])
def targets_api(
    session: SessionDep,
    f: Filters,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> list[dict[str, Any]]:
    """Targets with their status, filtered; at most ``limit``."""
    return target_filters(session, f, limit)


@router.get("/api/targets/{target_id}", tags=["targets"], responses=answers(404))
def target_api(target_id: RowId, session: SessionDep) -> dict[str, Any]:
    """A target, its assessment, the chart's series and every source sentence."""
    return views.target_view(session, target_id)


@router.get("/targets/{target_id}", response_class=HTMLResponse, include_in_schema=False)
def target_page(request: Request, target_id: RowId, session: SessionDep) -> HTMLResponse:
    return page(request, "target.html", views.target_view(session, target_id))
