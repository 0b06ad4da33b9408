"""``create_app(settings)``: the dashboard's FastAPI application over one plan store.

There is no module-level app: ``luoshi serve`` builds one from its options, tests build
their own, and several uvicorn workers each build theirs through :func:`app_from_env`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi import __version__, display
from luoshi.config import Settings
from luoshi.loop.access import can
from luoshi.store import Store, open_store
from luoshi.store.search import index_missing
from luoshi.track.progress import format_value
from luoshi.web.auth import SESSION_COOKIE, optional_principal
from luoshi.web.errors import install_handlers
from luoshi.web.guard import WriteDoor, guard_writes
from luoshi.web.i18n import translator
from luoshi.web.keeper import VerdictKeeper
from luoshi.web.openapi import openapi_schema
from luoshi.web.views import ResultCache

__all__ = ["ECHARTS", "WebSettings", "app_from_env", "create_app"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: Placed by the build (setup.py) from the npm registry; never committed.
ECHARTS = STATIC / "vendor" / "echarts.min.js"

log = logging.getLogger("luoshi.web")


def _env_path(name: str) -> Path | None:
    raw = os.environ.get(name, "").strip()
    return Path(raw) if raw else None


def _env_origins() -> tuple[str, ...]:
    raw = os.environ.get("LUOSHI_ALLOWED_ORIGINS", "")
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


@dataclass(frozen=True)
class WebSettings:
    """What the dashboard needs beyond the library's settings.

    ``geojson``: a GeoJSON file of region boundaries for the choropleth (LUOSHI_GEOJSON;
    each feature's ``code`` or ``name`` property names its region). ``demo``: the data is
    the fictional demo and every page says so (LUOSHI_DEMO=1). ``allowed_origins``: origins
    (``https://host[:port]``) whose pages may write besides the server's own host, for a
    proxy that does not pass the Host users typed on (LUOSHI_ALLOWED_ORIGINS, commas).
    """

    settings: Settings = field(default_factory=Settings)
    geojson: Path | None = field(default_factory=lambda: _env_path("LUOSHI_GEOJSON"))
    demo: bool = field(default_factory=lambda: os.environ.get("LUOSHI_DEMO", "") == "1")
    allowed_origins: tuple[str, ...] = field(default_factory=_env_origins)

    @property
    def database_url(self) -> str:
        """The store's URL."""
        return self.settings.database_url


def _status_class(status: str) -> str:
    return f"st-{status.replace('_', '-')}"


# How the pages write a figure: every one through luoshi.display, in the page's language.


@pass_context
def _amount(ctx: Context, value: Any, unit: str = "") -> str:
    """``{{ value|amount(unit) }}``: 260亿元 (26 billion yuan); — for no value."""
    if value is None:
        return "—"
    return display.amount(float(value), unit or "", ctx.get("lang", "zh"))


def _promise_args(row: Any) -> dict[str, Any]:
    code = row.get("comparator_code") or row.get("comparator") or "eq"
    return {
        "value": float(row["target"]),
        "unit": row.get("unit") or "",
        "measure": row.get("measure") or "level",
        "comparator": "eq" if code == "range" else code,
        "value_high": row.get("target_high"),
    }


@pass_context
def _promise(ctx: Context, row: Any) -> str:
    """``{{ row|promise }}`` of a target row: 增长5.5%左右, 不低于260亿元."""
    return display.promise(**_promise_args(row), lang=ctx.get("lang", "zh"))


@pass_context
def _headline(ctx: Context, row: Any) -> str:
    """``{{ row|headline }}`` of a target row: 地区生产总值增长5.5%左右 · 2025年."""
    return display.headline(
        row.get("indicator") or "",
        **_promise_args(row),
        deadline=row.get("deadline"),
        lang=ctx.get("lang", "zh"),
    )


@pass_context
def _unit_name(ctx: Context, unit: str) -> str:
    """``{{ unit|unit_name }}``: the unit in the page's language (元, yuan)."""
    return display.unit_name(unit or "", ctx.get("lang", "zh"))


@pass_context
def _share(ctx: Context, value: Any) -> str:
    """``{{ 0.123|share }}``: a share as a percentage, 12.3%."""
    if value is None:
        return "—"
    return display.amount(100.0 * float(value), "%", ctx.get("lang", "zh"))


def create_app(web: WebSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """The dashboard over ``store`` (else the store at ``web.database_url``, migrated)."""
    web = web or WebSettings()
    own_store = store is None
    if store is None:
        store = open_store(web.database_url)
        store.migrate()
    with store.session() as session:
        indexed = index_missing(session)
    if indexed:
        log.info("indexed %d documents for full-text search", indexed)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if own_store:
            store.close()

    app = FastAPI(
        title="luoshi",
        version=__version__,
        description="Plans, their targets, sources and progress: the JSON API of the dashboard.",
        lifespan=lifespan,
        # FastAPI's pages load Swagger UI and ReDoc from a CDN; routes.apidocs serves its own
        docs_url=None,
        redoc_url=None,
        # every state-changing request: a login, a role that may write, the CSRF token
        dependencies=[Depends(guard_writes)],
    )
    app.openapi = partial(openapi_schema, app)  # type: ignore[method-assign]
    app.state.store = store
    app.state.web = web
    app.state.cache = ResultCache()
    # the kept verdicts the supervision pages read: judged now if few are out of date,
    # else in the background while the pages say so
    app.state.keeper = VerdictKeeper(store)
    app.state.keeper.check()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["num"] = lambda x: "" if x is None else format_value(float(x))
    templates.env.filters["status_class"] = _status_class
    templates.env.filters["amount"] = _amount
    templates.env.filters["promise"] = _promise
    templates.env.filters["headline"] = _headline
    templates.env.filters["share"] = _share
    templates.env.filters["unit_name"] = _unit_name
    charts = ECHARTS.exists()
    if not charts:
        log.warning("%s is missing: the dashboard runs without charts (reinstall luoshi)", ECHARTS)

    def render(
        request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        lang = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
        lang = lang if lang in ("zh", "en") else "zh"
        user = getattr(request.state, "user", None)
        if user is None and SESSION_COOKIE in request.cookies:
            user = optional_principal(request)
        ctx = {
            "t": translator(lang),
            "lang": lang,
            "demo": web.demo,
            "charts": charts,
            "version": __version__,
            "can_upload": user is not None and can(user, "document.upload"),
            "signed_in": user is not None,
            **context,
        }
        response = templates.TemplateResponse(request, name, ctx, status_code=status)
        if request.query_params.get("lang") in ("zh", "en"):
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
        return response

    app.state.render = render
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    install_handlers(app)

    if web.demo:
        app.add_middleware(_MarkDemo)

    from luoshi.web.routes import ROUTERS

    for router in ROUTERS:
        app.include_router(router)

    from luoshi.web.auth import install_auth
    from luoshi.web.routes.loop import LOOP_ROUTERS

    install_auth(app)  # handlers for subclasses of errors install_handlers maps: they win
    for router in LOOP_ROUTERS:
        app.include_router(router)
    from luoshi.web.routes.upload import LimitUploadBodies

    app.add_middleware(LimitUploadBodies, settings=web.settings)
    # outermost: a write from another site's page, or without a session, is refused before
    # anything reads its body
    app.add_middleware(WriteDoor, allowed=web.allowed_origins)
    return app


class _MarkDemo:
    """Every response of the demo says, in a header too, that its data is fictional.

    Plain ASGI rather than ``@app.middleware``: that wrapper runs each request in an
    extra task and costs a noticeable share of a short request's time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Luoshi-Data"] = "demo: fictional"
            await send(message)

        await self.app(scope, receive, marked)


def app_from_env() -> FastAPI:
    """An app from the LUOSHI_* environment: the factory uvicorn workers call."""
    return create_app(WebSettings())
