"""Search-as-you-type for the forms: ``/api/pick/{regions,targets,departments}?q=``.

Read-only GETs (the guard lets them through like every read): regions and targets are the
dashboard's open data; departments belong to the closed loop and need a login. Each list
keeps to what the user may choose where the closed loop applies a scope: a leader, a
department or a viewer is offered the targets and departments of their own region (a task
links only targets of its region), an administrator those of every region, narrowed by
``region``. The forms' combobox (static/app.js) calls them; without JavaScript the forms
take a typed code, name or id instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, StringConstraints

from luoshi.loop.users import list_departments
from luoshi.web import choices
from luoshi.web.auth import Actor
from luoshi.web.deps import Blank, CurrentUser, Lang, SessionDep

__all__ = ["ChoiceOut", "router"]

router = APIRouter()

Q = Annotated[str, Query(max_length=100, description="What the user typed; every word must match.")]
Limit = Annotated[int, Query(ge=1, le=50, description="The most choices to return.")]
# the length bound sits on the string, not the parameter: a blank ``region=`` is None by then
RegionFilter = Annotated[
    Annotated[str, StringConstraints(max_length=32)] | None,
    Blank,
    Query(description="A region code: only its rows (administrators)."),
]


class ChoiceOut(BaseModel):
    """One choice: ``value`` is what the form sends, ``label`` what the user reads, ``hint``
    what tells alike labels apart."""

    value: str
    label: str
    hint: str


def _out(items: list[choices.Choice]) -> list[ChoiceOut]:
    return [ChoiceOut(value=c.value, label=c.label, hint=c.hint) for c in items]


@router.get("/api/pick/regions", tags=["pick"])
def pick_regions(session: SessionDep, q: Q = "", limit: Limit = choices.LIMIT) -> list[ChoiceOut]:
    """Regions whose name or code holds every word of ``q``."""
    return _out(choices.regions(session, q, limit))


@router.get("/api/pick/targets", tags=["pick"])
def pick_targets(
    session: SessionDep,
    user: CurrentUser,
    lang: Lang,
    q: Q = "",
    region: RegionFilter = None,
    limit: Limit = choices.LIMIT,
) -> list[ChoiceOut]:
    """Targets whose indicator, region, deadline year or ``#id`` matches every word of
    ``q``; a logged-in user other than an administrator gets those of their own region
    (and of no region), which are the ones a task of theirs may link."""
    if user is not None and not user.is_admin:
        region = user.region_code or ""
    return _out(choices.targets(session, q, region=region, lang=lang, limit=limit))


@router.get("/api/pick/departments", tags=["pick"])
def pick_departments(
    principal: Actor,
    request: Request,
    session: SessionDep,
    q: Q = "",
    region: RegionFilter = None,
    limit: Limit = choices.LIMIT,
) -> list[ChoiceOut]:
    """Departments whose name or region holds every word of ``q``, of the user's region
    (administrators: of every region, or of ``region``)."""
    items = list_departments(request.app.state.store, principal)
    return _out(choices.departments(session, items, q, region=region, limit=limit))
