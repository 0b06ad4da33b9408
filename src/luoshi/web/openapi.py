"""What the OpenAPI schema says about each operation beyond its parameters: the refusals it
can answer, the files it sends, and the login it needs.

Routes name the answers particular to them (``responses=answers(404)``, a file's media
types with :func:`file_answer`); :func:`openapi_schema` adds those every operation of a kind
shares, from what the route depends on, so that no route can leave them out:

- 400 for every operation that takes a body (one that cannot be parsed);
- 401 and the ``session`` cookie scheme for every operation that needs a login (the
  closed loop's, and every write but logging in);
- 403 and the ``csrf`` header scheme for every write (another site's page, a missing or
  wrong CSRF token, a read-only account: :mod:`luoshi.web.guard`);
- 422 with luoshi's error body (not FastAPI's) for every operation that takes input;
- 503 for every operation that reads the store.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from luoshi.web.auth import CSRF_HEADER, SESSION_COOKIE, acting_principal
from luoshi.web.deps import get_session, get_store
from luoshi.web.guard import LOGIN_PATHS, SAFE_METHODS
from luoshi.web.routing import api_routes

__all__ = ["CSV", "DOCX", "XLSX", "ErrorBody", "answers", "file_answer", "openapi_schema"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


class ErrorBody(BaseModel):
    """Every refusal of the API: the reason, the same in Chinese and in English, and the
    HTTP status again."""

    error: str
    error_zh: str
    error_en: str
    status: int


_REASONS = {
    400: "Bad input the schema cannot express (a filter, a search, a form field, a figure).",
    401: "Not logged in, or the session has ended: log in with POST /api/login.",
    403: "Refused: a page of another site, a missing or wrong CSRF token, a read-only "
    "account, or a record outside the user's scope (reported like a missing one).",
    404: "No such record.",
    409: "Changed by someone else since the version sent; nothing was saved.",
    413: "The upload is larger than the server accepts.",
    415: "Not a file format luoshi reads.",
    422: "Invalid request: a parameter or field of the wrong type, range or choice, or a "
    "file that cannot be read.",
    503: "The database cannot be reached.",
}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_SCHEMES = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "Set by POST /api/login (and the login page).",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": "The csrf_token that POST /api/login and GET /api/me answer with; "
        "every write sends it.",
    },
}


def answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The refusals ``codes`` as a route's ``responses``, with luoshi's error body."""
    return {code: {"model": ErrorBody, "description": _REASONS[code]} for code in codes}


def file_answer(description: str, *media: str) -> dict[int | str, dict[str, Any]]:
    """A route's 200 answer: a file of one of the media types ``media``."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": description, "content": {m: dict(binary) for m in media}}}


def _calls(dependant: Dependant) -> set[Any]:
    out = {dependant.call}
    for sub in dependant.dependencies:
        out |= _calls(sub)
    return out


def _shared(route: APIRoute) -> tuple[set[int], list[dict[str, list[str]]]]:
    """The refusals and the security requirement that follow from what ``route`` depends on."""
    calls = _calls(route.dependant)
    writes = bool(set(route.methods or ()) - SAFE_METHODS)
    login = acting_principal in calls or (writes and route.path not in LOGIN_PATHS)
    codes: set[int] = set()
    if route.body_field is not None:
        codes.add(400)  # a body that cannot be parsed (not JSON, a broken multipart form)
    if login:
        codes.add(401)
    if writes:
        codes.add(403)
    if writes or calls & {acting_principal, get_session, get_store}:
        codes.add(503)
    security: list[dict[str, list[str]]] = []
    if login:
        security = [{"session": [], "csrf": []}] if writes else [{"session": []}]
    return codes, security


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI schema with the shared answers and the login schemes added."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = FastAPI.openapi(app)  # FastAPI's own, which it also keeps in app.openapi_schema
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        codes, security = _shared(route)
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            responses = operation["responses"]
            if "422" in responses:  # FastAPI's own validation body is not what luoshi sends
                codes.add(422)
            for code in codes:
                entry = responses.setdefault(str(code), {"description": _REASONS[code]})
                if entry.get("description") == "Validation Error":
                    entry["description"] = _REASONS[code]
                entry["content"] = {"application/json": {"schema": _ERROR_REF}}
            if security:
                operation["security"] = security
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components["securitySchemes"] = _SCHEMES
    return schema
