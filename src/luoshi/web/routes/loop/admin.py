"""Accounts and departments (administrators): list, add, disable, enable — pages and JSON API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from luoshi.loop.access import ROLES, Principal, Role, require
from luoshi.loop.users import (
    UserInfo,
    add_department,
    add_user,
    disable_user,
    enable_user,
    list_departments,
    list_users,
)
from luoshi.store import Store
from luoshi.web.auth import Actor
from luoshi.web.openapi import answers
from luoshi.web.routes.loop._common import loop_page, store_of
from luoshi.web.routes.loop._forms import Id, parse_opt_id

__all__ = ["router"]

router = APIRouter()


class UserIn(BaseModel):
    """A new account: leaders and viewers need a region, department accounts a department."""

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)
    role: Role
    region_code: str | None = Field(default=None, max_length=12)
    department_id: Id | None = None
    display_name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320)


class DepartmentIn(BaseModel):
    """A new department of a region."""

    region_code: str = Field(min_length=1, max_length=12)
    name: str = Field(min_length=1, max_length=200)


def _user_json(u: UserInfo) -> dict[str, Any]:
    return asdict(u)


def _add_user(store: Store, principal: Principal, body: UserIn) -> UserInfo:
    return add_user(
        store,
        principal,
        username=body.username,
        password=body.password,
        role=body.role,
        region_code=body.region_code or None,
        department_id=body.department_id,
        display_name=body.display_name,
        email=body.email or None,
    )


@router.get("/api/loop/users", tags=["admin"], responses=answers(403))
def api_users(principal: Actor, request: Request) -> list[dict[str, Any]]:
    """Every account (administrators)."""
    return [_user_json(u) for u in list_users(store_of(request), principal)]


@router.post("/api/loop/users", tags=["admin"], status_code=201, responses=answers(400))
async def api_add_user(principal: Actor, request: Request, body: UserIn) -> dict[str, Any]:
    """Create an account (administrators)."""
    user = await run_in_threadpool(_add_user, store_of(request), principal, body)
    return _user_json(user)


@router.post("/api/loop/users/{username}/disable", tags=["admin"], responses=answers(400))
def api_disable(principal: Actor, request: Request, username: str) -> dict[str, Any]:
    """Disable an account and end its sessions (administrators)."""
    return _user_json(disable_user(store_of(request), principal, username[:100]))


@router.post("/api/loop/users/{username}/enable", tags=["admin"], responses=answers(400))
def api_enable(principal: Actor, request: Request, username: str) -> dict[str, Any]:
    """Enable a disabled account again (administrators)."""
    return _user_json(enable_user(store_of(request), principal, username[:100]))


@router.get("/api/loop/departments", tags=["admin"])
def api_departments(principal: Actor, request: Request) -> list[dict[str, Any]]:
    """The departments of the user's region (every region for an administrator)."""
    return [asdict(d) for d in list_departments(store_of(request), principal)]


@router.post("/api/loop/departments", tags=["admin"], status_code=201, responses=answers(400))
def api_add_department(principal: Actor, request: Request, body: DepartmentIn) -> dict[str, Any]:
    """Create a department (administrators)."""
    return asdict(add_department(store_of(request), principal, body.region_code, body.name))


# --- pages --------------------------------------------------------------------------------


@router.get("/loop/admin", response_class=HTMLResponse, include_in_schema=False)
def admin_page(principal: Actor, request: Request) -> HTMLResponse:
    require(principal, "user.manage")
    store = store_of(request)
    return loop_page(
        request,
        "loop/admin.html",
        principal,
        {
            "users": list_users(store, principal),
            "departments": list_departments(store, principal),
            "roles": ROLES,
        },
    )


@router.post("/loop/admin/users", include_in_schema=False)
async def add_user_submit(
    principal: Actor,
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form(max_length=20)],
    region_code: Annotated[str, Form(max_length=12)] = "",
    department_id: Annotated[str, Form(max_length=12)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
) -> RedirectResponse:
    dept = parse_opt_id(department_id, "department")
    await run_in_threadpool(
        lambda: add_user(
            store_of(request),
            principal,
            username=username,
            password=password,
            role=role,
            region_code=region_code.strip() or None,
            department_id=dept,
            display_name=display_name,
            email=email.strip() or None,
        )
    )
    return RedirectResponse("/loop/admin", status_code=303)


@router.post("/loop/admin/users/{username}/disable", include_in_schema=False)
def disable_submit(principal: Actor, request: Request, username: str) -> RedirectResponse:
    disable_user(store_of(request), principal, username[:100])
    return RedirectResponse("/loop/admin", status_code=303)


@router.post("/loop/admin/users/{username}/enable", include_in_schema=False)
def enable_submit(principal: Actor, request: Request, username: str) -> RedirectResponse:
    enable_user(store_of(request), principal, username[:100])
    return RedirectResponse("/loop/admin", status_code=303)


@router.post("/loop/admin/departments", include_in_schema=False)
def add_department_submit(
    principal: Actor,
    request: Request,
    region_code: Annotated[str, Form(max_length=12)],
    name: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    add_department(store_of(request), principal, region_code.strip(), name)
    return RedirectResponse("/loop/admin", status_code=303)
