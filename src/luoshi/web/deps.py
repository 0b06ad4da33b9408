"""Dependencies the routes share: the store, a session, the interface language, the user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

from luoshi.store import Store
from luoshi.web.i18n import LANGUAGES

__all__ = [
    "Blank",
    "CurrentUser",
    "Dimension",
    "Lang",
    "RowId",
    "SessionDep",
    "TableFormat",
    "current_user",
    "get_session",
    "get_store",
    "lang",
]

#: The five development dimensions of the 14th Five-Year Plan, and 经济 for the economy's
#: own indicators (the dimension column of extract/data/indicators.tsv).
Dimension = Literal["创新", "协调", "绿色", "开放", "共享", "经济"]
#: The list exports' formats.
TableFormat = Literal["xlsx", "csv"]


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


#: A query parameter left empty (a form's "—" choice, an empty year box) means "not given".
Blank = BeforeValidator(_blank_is_none)


def get_store(request: Request) -> Store:
    """The application's store (opened and migrated by ``create_app``)."""
    store: Store = request.app.state.store
    return store


def get_session(request: Request) -> Iterator[Session]:
    """A session in one transaction for the length of the request."""
    with get_store(request).session() as session:
        yield session


def lang(request: Request) -> str:
    """The interface language: ``?lang=`` if given, else the ``lang`` cookie, else Chinese."""
    chosen = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return chosen if chosen in LANGUAGES else "zh"


def current_user(request: Request) -> Any:
    """The signed-in user (a :class:`~luoshi.loop.access.Principal`), or None. The
    dashboard's pages are open to anyone who can reach the server; the closed-loop routes
    require a login through :data:`luoshi.web.auth.Actor` instead."""
    from luoshi.web.auth import optional_principal

    return optional_principal(request)


SessionDep = Annotated[Session, Depends(get_session)]
Lang = Annotated[str, Depends(lang)]
CurrentUser = Annotated[Any, Depends(current_user)]

#: A row id in a path: databases keep ids in 32 bits (and SQLite refuses a larger
#: integer outright), so a larger one is a bad request, never a server error.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
