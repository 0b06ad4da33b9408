"""Targets: the list across regions (filters, orders, pages, downloads) and a target's page
— the chart from baseline to target, the numbers behind its status, its owner, the tasks
linked to it and its sources."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.loop import models as lm
from luoshi.loop.targets import linked_tasks, owners
from luoshi.store import models
from luoshi.track.ledger import ledger
from luoshi.track.progress import Status
from luoshi.web import supervision, views
from luoshi.web.deps import Blank, CurrentUser, Dimension, RowId, SessionDep
from luoshi.web.openapi import answers
from luoshi.web.queries import statuses
from luoshi.web.routes._render import page
from luoshi.web.routes.overview import fresh_verdicts, memo

__all__ = ["Filters", "TargetFilters", "router", "target_filters"]

router = APIRouter()
_CHUNK = 10_000
Year = Annotated[int, Field(ge=1900, le=2200)]
Sort = Annotated[
    Literal["status", "deadline", "region", "gap"] | None,
    Blank,
    Query(description="Order: status (most urgent first), deadline, region, gap (most behind)."),
]
Owner = Annotated[
    Annotated[str, StringConstraints(max_length=12, pattern=r"^(none|\d+)$")] | None,
    Blank,
    Query(description="Owner department id, or none for targets not assigned (未交办)."),
]
Text = Annotated[str, StringConstraints(max_length=200)]


class TargetFilters:
    """The filters every target list takes."""

    def __init__(
        self,
        request: Request,
        region: Annotated[Text | None, Blank, Query(description="Region code or name.")] = None,
        indicator: Annotated[
            Text | None, Blank, Query(description="Indicator id or phrase.")
        ] = None,
        dimension: Annotated[
            Dimension | None, Blank, Query(description="The indicators' dimension.")
        ] = None,
        year: Annotated[Year | None, Blank, Query(description="Deadline year.")] = None,
        status: Annotated[Status | None, Blank, Query(description="Progress status.")] = None,
        owner: Owner = None,
        sort: Sort = None,
    ) -> None:
        self.region, self.indicator, self.dimension = region, indicator, dimension
        self.year, self.status, self.owner, self.sort = year, status, owner, sort
        self.request = request

    def query(self, page_no: int = 1) -> supervision.TargetQuery:
        """The list's query of these filters."""
        return supervision.TargetQuery(
            region=self.region,
            indicator=self.indicator,
            status=self.status,
            year=self.year,
            owner=self.owner,
            dimension=self.dimension,
            sort=self.sort or "status",
            page=page_no,
        )

    def link(self) -> str:
        """The filters as a query string (for the downloads of the list shown)."""
        pairs = {
            "region": self.region,
            "indicator": self.indicator,
            "dimension": self.dimension,
            "year": self.year,
            "status": self.status,
            "owner": self.owner,
            "sort": self.sort,
        }
        return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def target_filters(
    session: Session, f: TargetFilters, limit: int | None = None
) -> list[dict[str, Any]]:
    """The target rows the filters select (ledger rows, with the result's sentences), in
    the list's order when one is asked for or an owner named."""
    if f.owner or f.sort:
        fresh_verdicts(f.request)  # before the session reads: it then sees the new rows
        ids = supervision.ordered_ids(session, f.query(), limit=limit)
        found = {}
        for k in range(0, len(ids), _CHUNK):  # a database takes only so many parameters
            found.update({r.target_id: r for r in ledger(session, target_ids=ids[k : k + _CHUNK])})
        return [views.target_row(found[i]) for i in ids if i in found]
    region = f.region
    if region and session.get(models.Region, region) is None:
        # a name names its region; words that name none select nothing, as a code would
        region = supervision.find_region(session, region) or region
    found_rows = statuses(
        session,
        region=region,
        indicator=f.indicator,
        dimension=f.dimension,
        year=f.year,
        status=f.status,
        limit=limit,
    )
    return [views.target_row(t) for t in found_rows]


Filters = Annotated[TargetFilters, Depends()]
PageNo = Annotated[int, Query(ge=1, le=100_000, alias="page", description="Page (50 a page).")]


@router.get("/api/targets", tags=["targets"], responses=answers(400))
def targets_api(
    session: SessionDep,
    f: Filters,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> list[dict[str, Any]]:
    """Targets with their status and the result's evidence, filtered; at most ``limit``."""
    return target_filters(session, f, limit)


@router.get("/api/target-list", tags=["targets"], responses=answers(400, 404))
def target_list_api(
    request: Request, session: SessionDep, f: Filters, user: CurrentUser, page_no: PageNo = 1
) -> dict[str, Any]:
    """A page of the target list across regions: each target's headline figures, region,
    owner department, kept status and source sentence, with the counts by status of the
    same filters."""
    fresh = fresh_verdicts(request)
    data = supervision.target_list_view(session, f.query(page_no), memo(request, fresh))
    supervision.assignable(data["rows"], user)
    return {**data, "verdicts_fresh": fresh.fresh}


def _choices(session: Session, user: Any) -> dict[str, Any]:
    """What the list's filter form offers: canonical indicators with targets, departments."""
    I = models.Indicator  # noqa: E741
    used = select(models.TargetVerdict.indicator_id).distinct().scalar_subquery()
    indicators = session.execute(
        select(I.id, I.name).where(I.id.in_(used)).order_by(I.dimension, I.id)
    ).all()
    D, R = lm.Department, models.Region
    query = select(D.id, D.name, R.name).join(R, R.code == D.region_code).order_by(R.code, D.name)
    if user is not None and not user.is_admin and user.region_code:
        query = query.where(D.region_code == user.region_code)
    departments = session.execute(query).all()
    return {
        "indicators": [{"id": i, "name": n} for i, n in indicators],
        "departments": [{"id": d, "name": n, "region": r} for d, n, r in departments],
    }


@router.get("/targets", response_class=HTMLResponse, include_in_schema=False)
def target_list_page(
    request: Request, session: SessionDep, f: Filters, user: CurrentUser, page_no: PageNo = 1
) -> HTMLResponse:
    fresh = fresh_verdicts(request)
    data = supervision.target_list_view(session, f.query(page_no), memo(request, fresh))
    supervision.assignable(data["rows"], user)
    return page(
        request,
        "targets.html",
        {**data, **_choices(session, user), "fresh": fresh, "me": user, "query": f.link()},
    )


@router.get("/api/targets/{target_id}", tags=["targets"], responses=answers(404))
def target_api(target_id: RowId, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """A target, its assessment, the chart's series, every source sentence, its owner
    departments and (for a signed-in user, those in scope) the tasks linked to it."""
    return _target(session, target_id, user)


def _target(session: Session, target_id: int, user: Any) -> dict[str, Any]:
    data = views.target_view(session, target_id)
    owned = owners(session, [target_id])[target_id]
    data["owners"] = [{"id": d, "name": n} for d, n in owned]
    tasks = linked_tasks(session, [target_id], user)[target_id] if user is not None else []
    data["tasks"] = [
        {
            "id": x.id,
            "title": x.title,
            "state": x.state,
            "state_zh": x.state_zh,
            "owner": x.owner,
            "deadline": x.deadline.isoformat() if x.deadline else None,
            "owning": x.owning,
        }
        for x in tasks
    ]
    supervision.assignable([data["target"]], user)
    return data


@router.get("/targets/{target_id}", response_class=HTMLResponse, include_in_schema=False)
def target_page(
    request: Request, target_id: RowId, session: SessionDep, user: CurrentUser
) -> HTMLResponse:
    return page(request, "target.html", {**_target(session, target_id, user), "me": user})
