"""The API describes itself completely (web/openapi.py), and its documentation at ``/docs``
needs nothing from the internet (routes/apidocs.py); methods a path does not take are a 405
that says which it does; JSON numbers are what they say they are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI

from luoshi.loop.access import ROLES
from luoshi.loop.tasks import STATES
from luoshi.store import Store
from luoshi.track.progress import STATUSES
from luoshi.web import WebSettings, create_app
from tests.web.conftest import TestClient, log_in

SAFE = {"get", "head", "options", "trace"}


@pytest.fixture(scope="module")
def schema(app: FastAPI) -> dict[str, Any]:
    with TestClient(app) as c:
        got: dict[str, Any] = c.get("/openapi.json").json()
    return got


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in SAFE | {"post", "put", "patch", "delete"}
    ]


def _param(op: dict[str, Any], name: str) -> dict[str, Any]:
    found = [p["schema"] for p in op.get("parameters", []) if p["name"] == name]
    assert found, name
    schema: dict[str, Any] = found[0]
    return schema


def _enum(schema: dict[str, Any]) -> list[str]:
    for s in schema.get("anyOf", [schema]):
        if "enum" in s:
            values: list[str] = s["enum"]
            return values
    raise AssertionError(f"no enum in {schema}")


# --- the refusals each operation can give --------------------------------------------------


def test_every_operation_lists_its_refusals(schema: dict[str, Any]) -> None:
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for method, path, op in _operations(schema):
        responses = op["responses"]
        label = f"{method.upper()} {path}"
        for code, answer in responses.items():
            if code.startswith(("4", "5")):
                assert answer["content"] == {"application/json": {"schema": error}}, label
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in responses, label
        if op.get("requestBody"):
            assert "400" in responses, f"{label}: a body that cannot be parsed"
        if method not in SAFE:
            assert {"403", "503"} <= set(responses), label
            if path != "/api/login":
                assert "401" in responses, label
                assert op["security"] == [{"session": [], "csrf": []}], label
        if path.startswith("/api/loop/") or path == "/api/me":
            assert "401" in responses, label
            assert op["security"][0].keys() >= {"session"}, label
        if "{" in path and path.startswith("/api/loop/"):
            assert "403" in responses, f"{label}: a record outside the scope"
        elif re.search(r"\{(target_id|doc_id|code)\}", path):
            assert "404" in responses, label
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["csrf"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRF-Token",
        "description": schema["components"]["securitySchemes"]["csrf"]["description"],
    }


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("post", "/api/upload", {"400", "401", "403", "413", "415", "422", "503"}),
        ("patch", "/api/loop/tasks/{task_id}", {"400", "401", "403", "409", "422"}),
        ("post", "/api/loop/tasks/{task_id}/reports", {"401", "403", "409", "413", "422"}),
        ("post", "/api/loop/reports/{report_id}/review", {"400", "401", "403", "409", "422"}),
        ("get", "/api/targets/{target_id}", {"404", "422", "503"}),
        ("get", "/api/search", {"400", "404", "422"}),
        ("post", "/api/login", {"403", "422"}),
    ],
)
def test_the_refusals_particular_to_an_operation(
    schema: dict[str, Any], method: str, path: str, codes: set[str]
) -> None:
    assert codes <= set(schema["paths"][path][method]["responses"])


# --- choices and files -----------------------------------------------------------------------


def test_choices_are_enums(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    targets = paths["/api/targets"]["get"]
    assert _enum(_param(targets, "status")) == list(STATUSES)
    assert _enum(_param(targets, "dimension")) == ["创新", "协调", "绿色", "开放", "共享", "经济"]
    compare = paths["/api/compare"]["get"]
    assert _enum(_param(compare, "normalisation")) == ["minmax", "zscore"]
    assert _enum(_param(compare, "weighting")) == ["equal", "entropy"]
    assert _enum(_param(compare, "aggregation")) == ["arithmetic", "geometric"]
    for path in ("/export/targets.{fmt}", "/export/documents.{fmt}", "/export/compare.{fmt}"):
        assert _enum(_param(paths[path]["get"], "fmt")) == ["xlsx", "csv"], path
    assert _enum(_param(paths["/api/loop/tasks"]["get"], "state")) == list(STATES)
    assert _enum(_param(paths["/api/loop/audit/export"]["get"], "format")) == ["xlsx", "csv"]
    components = schema["components"]["schemas"]
    upload = components["Body_upload_api_api_upload_post"]["properties"]
    assert _enum(upload["kind"]) == ["document", "table"]
    assert _enum(components["UserIn"]["properties"]["role"]) == list(ROLES)


def test_files_say_their_media_types(schema: dict[str, Any]) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    csv = "text/csv; charset=utf-8"
    binary = {"schema": {"type": "string", "format": "binary"}}

    def ok(path: str) -> dict[str, Any]:
        content: dict[str, Any] = schema["paths"][path]["get"]["responses"]["200"]["content"]
        return content

    assert ok("/export/targets.{fmt}") == {xlsx: binary, csv: binary}
    assert ok("/export/report.docx") == {docx: binary}
    assert ok("/api/loop/audit/export") == {xlsx: binary, csv: binary}
    assert ok("/api/loop/assessments/{assessment_id}/score-sheet.xlsx") == {xlsx: binary}
    assert ok("/api/loop/assessments/{assessment_id}/bulletin.docx") == {docx: binary}
    attachment = ok("/api/loop/attachments/{attachment_id}")
    assert {"application/pdf", "image/png", "text/plain; charset=utf-8", xlsx} <= set(attachment)
    assert list(ok("/api/geometry")) == ["application/geo+json"]


def test_an_empty_choice_means_none(client: TestClient) -> None:
    """The compare page's form sends its empty year box and its "—" dimension."""
    r = client.get("/compare", params={"dimension": "", "year": "", "normalisation": "zscore"})
    assert r.status_code == 200
    assert client.get("/api/targets", params={"status": "", "year": ""}).status_code == 200


# --- methods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", "/api/overview", "GET"),
        ("TRACE", "/", "GET"),
        ("PUT", "/api/loop/tasks", "GET, POST"),
        ("DELETE", "/login", "GET, POST"),
        ("TRACE", "/api/loop/tasks/1", "GET, PATCH"),
        ("OPTIONS", "/api/upload", "POST"),
        ("TRACE", "/static/app.css", "GET, HEAD"),
        ("POST", "/docs", "GET"),
    ],
)
def test_an_unsupported_method_is_405_with_allow(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    r = client.request(method, path)
    assert r.status_code == 405, r.text
    assert r.headers["allow"] == allow
    assert allow in r.text


# --- strict numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/api/loop/draft-tasks", {"document_id": True}, "document_id"),
        ("POST", "/api/loop/draft-tasks", {"document_id": "1"}, "document_id"),
        ("POST", "/api/loop/draft-tasks", {"document_id": 1.0}, "document_id"),
        ("POST", "/api/loop/tasks", {"title": "x", "importance": True}, "importance"),
        ("POST", "/api/loop/tasks", {"title": "x", "target_ids": [True]}, "target_ids"),
        ("POST", "/api/loop/tasks", {"title": "x", "owner_department_id": True}, "owner"),
        ("PATCH", "/api/loop/tasks/1", {"version": True}, "version"),
        ("POST", "/api/loop/reports/1/review", {"version": 1, "accept": 1}, "accept"),
        ("POST", "/api/loop/notices/scan", {"days": True}, "days"),
        ("POST", "/api/loop/projects", {"name": "x", "year": 2026, "total_investment": True},
         "total_investment"),
    ],
)  # fmt: skip
def test_json_numbers_and_flags_are_strict(
    fresh_store: Store, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    """``true`` is not the id 1, nor "1" the number 1: a 422 naming the field, and nothing
    is done."""
    c = TestClient(create_app(WebSettings(), store=fresh_store))
    log_in(c, "leader")
    r = c.request(method, path, json=body)
    assert r.status_code == 422, r.text
    assert field in r.json()["error"]


# --- /docs ------------------------------------------------------------------------------------


def test_docs_come_from_the_package(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text)
    assert urls and all(u.startswith("/static/vendor/swagger-ui/") for u in urls), urls
    assert "url: '/openapi.json'" in page.text
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get("/redoc").status_code == 404


def test_missing_swagger_ui_is_said(
    web_store: Store, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luoshi.web.routes import apidocs

    monkeypatch.setattr(apidocs, "SWAGGER_UI", tmp_path / "absent")
    with TestClient(create_app(WebSettings(), store=web_store)) as c:
        page = c.get("/docs")
        assert page.status_code == 200 and 'id="no-swagger"' in page.text
        assert "Swagger UI 缺失" in page.text and 'href="/openapi.json"' in page.text
        english = c.get("/docs?lang=en")
        assert "The API documentation viewer (Swagger UI) is missing" in english.text
        assert "缺失" not in english.text
