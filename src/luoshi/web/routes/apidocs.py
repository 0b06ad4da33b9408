"""The API's documentation at ``/docs``: Swagger UI served by luoshi itself.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, which leaves the page blank on a county
network without the internet. The build (setup.py) brings ``swagger-ui-dist`` from the npm
registry into ``static/vendor/swagger-ui/``; without it (a build that skipped the assets)
``/docs`` says so on a page of its own and points at the schema, which needs nothing.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from luoshi.web.routes._render import page

__all__ = ["SWAGGER_UI", "router"]

#: Placed by the build (setup.py) from the npm registry; never committed.
SWAGGER_UI = Path(__file__).resolve().parent.parent / "static" / "vendor" / "swagger-ui"
_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False, name="api_docs")
def api_docs(request: Request) -> HTMLResponse:
    schema = request.scope.get("root_path", "").rstrip("/") + request.app.openapi_url
    if not all((SWAGGER_UI / name).is_file() for name in _FILES):
        return page(request, "apidocs_missing.html", {"schema_url": schema})

    def local(name: str) -> str:
        return request.url_for("static", path=f"vendor/swagger-ui/{name}").path

    return get_swagger_ui_html(
        openapi_url=schema,
        title=f"{request.app.title} API",
        swagger_js_url=local("swagger-ui-bundle.js"),
        swagger_css_url=local("swagger-ui.css"),
        swagger_favicon_url=local("favicon-32x32.png"),
        # no badge from the online validator (validator.swagger.io): nothing leaves the network
        swagger_ui_parameters={"validatorUrl": None},
    )
