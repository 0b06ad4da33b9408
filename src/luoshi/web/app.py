"""``create_app(settings)``: the dashboard's FastAPI application over one plan store.

There is no module-level app: ``luoshi serve`` builds one from its options, tests build
their own, and several uvicorn workers each build theirs through :func:`app_from_env`.
"""

from __future__ import annotations

import logging
import math
import os
import re
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
from markupsafe import Markup, escape
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi import __version__, display
from luoshi.config import Settings
from luoshi.loop.access import can
from luoshi.store import Store, open_store
from luoshi.store.search import index_missing
from luoshi.web.auth import SESSION_COOKIE, optional_principal
from luoshi.web.errors import install_handlers
from luoshi.web.guard import WriteDoor, guard_writes
from luoshi.web.i18n import lang_of, translator
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


# a value a message quotes as it was given ('nearly', '2026-13-01'): Python's repr quoting
_QUOTED_VALUE = re.compile(r"'[^'\n]{1,200}'")


def _values_as_data(message: str) -> Markup:
    """``message`` as HTML with every value it quotes marked ``translate="no"``: what the
    user typed is shown as it was typed, in either language's sentence."""
    out, at = [], 0
    for m in _QUOTED_VALUE.finditer(message):
        out += [escape(message[at : m.start()]), Markup('<span translate="no">')]
        out += [escape(m.group()), Markup("</span>")]
        at = m.end()
    out.append(escape(message[at:]))
    return Markup("").join(out)


def _lang(ctx: Any) -> str:
    return "en" if ctx.get("lang") == "en" else "zh"


def _finite(x: Any) -> float | None:
    if x is None or x == "":
        return None
    v = float(x)
    return v if math.isfinite(v) else None


@pass_context
def _amount(ctx: Any, value: Any, unit: str = "") -> str:
    """``{{ x|amount(unit) }}``: 260亿元 / 26 billion yuan (empty for no value)."""
    v = _finite(value)
    return "" if v is None else display.amount(v, unit or "", _lang(ctx))


@pass_context
def _figure(ctx: Any, value: Any, unit: str = "", measure: str = "level") -> str:
    """``{{ x|figure(unit, measure) }}``: a result in its own terms (增长5.2%, 260亿元)."""
    v = _finite(value)
    if v is None:
        return ""
    return display.promise(v, unit or "", measure=measure or "level", lang=_lang(ctx))


@pass_context
def _promise(ctx: Any, row: Any) -> str:
    """``{{ row|promise }}``: a target row's promise as a report states it (不低于260亿元,
    增长5.5%左右, 下降3%)."""
    value = _finite(row.get("target"))
    if value is None:
        return ""
    comparator = row.get("comparator_code") or row.get("comparator") or "eq"
    return display.promise(
        value,
        row.get("unit") or "",
        measure=row.get("measure") or "level",
        comparator="eq" if comparator == "range" else comparator,
        value_high=_finite(row.get("target_high")),
        lang=_lang(ctx),
    )


@pass_context
def _headline(ctx: Any, row: Any) -> Markup:
    """``{{ row|headline }}`` of a target row: 地区生产总值增长5.5%左右 · 2025年, the
    indicator's name (the document's words, in either language) marked ``translate="no"``."""
    indicator = row.get("indicator") or ""
    data = Markup('<span translate="no">%s</span>') % indicator if indicator else Markup("")
    value = _finite(row.get("target"))
    if value is None:
        return data
    comparator = row.get("comparator_code") or row.get("comparator") or "eq"
    # the headline of an unnamed target, around a mark where the name goes
    said = display.headline(
        "\x00" if indicator else "",
        value,
        row.get("unit") or "",
        measure=row.get("measure") or "level",
        comparator="eq" if comparator == "range" else comparator,
        value_high=_finite(row.get("target_high")),
        deadline=row.get("deadline"),
        lang=_lang(ctx),
    )
    before, _, after = said.partition("\x00")
    return escape(before) + data + escape(after)


@pass_context
def _gap(ctx: Any, row: Any) -> str:
    """``{{ row|gap }}``: 低于目标0.3个百分点 (empty when there is no gap)."""
    v = _finite(row.get("gap"))
    if v is None:
        return ""
    return display.gap(v, row.get("unit") or "", row.get("measure") or "level", _lang(ctx))


@pass_context
def _number(ctx: Any, value: Any) -> str:
    """``{{ x|num }}``: a plain number as people write it (1,361; 6.6)."""
    v = _finite(value)
    return "" if v is None else display.number(v)


@pass_context
def _percent(ctx: Any, share: Any) -> str:
    """``{{ share|percent }}``: 0.453 → 45.3%."""
    v = _finite(share)
    return "—" if v is None else display.percent(v, _lang(ctx))


@pass_context
def _signed(ctx: Any, value: Any, unit: str = "", measure: str = "level") -> str:
    """``{{ x|signed(unit, measure) }}``: a difference with its sign (+0.5个百分点, -12亿元);
    growths and figures in % differ by percentage points."""
    v = _finite(value)
    if v is None:
        return ""
    points = measure == "growth" or unit == "%"
    return display.signed(v, "个百分点" if points else unit or "", _lang(ctx))


@pass_context
def _rate(ctx: Any, value: Any, unit: str = "") -> str:
    """``{{ x|rate(unit) }}``: a yearly rate, 每年5.2% / 5.2% a year."""
    v = _finite(value)
    return "" if v is None else display.rate(v, unit or "", _lang(ctx))


@pass_context
def _unit(ctx: Any, unit: str) -> str:
    """``{{ unit|unit }}``: the unit's name in the page's language."""
    return display.unit_name(unit or "", _lang(ctx))


@pass_context
def _scale(ctx: Any, values: Any, unit: str = "") -> dict[str, Any]:
    """``{{ values|scale(unit) }}``: the divisor and unit a chart axis or column reads in."""
    factor, name = display.scale([_finite(v) for v in values or []], unit or "", _lang(ctx))
    return {"factor": factor, "unit": name}


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
    templates.env.filters.update(
        num=_number,
        amount=_amount,
        figure=_figure,
        promise=_promise,
        gap=_gap,
        percent=_percent,
        rate=_rate,
        signed=_signed,
        unit=_unit,
        scale=_scale,
        status_class=_status_class,
        values_as_data=_values_as_data,
        headline=_headline,
        # the supervision pages' names for two of the above
        share=_percent,
        unit_name=_unit,
    )
    templates.env.tests["count"] = display.is_count
    charts = ECHARTS.exists()
    if not charts:
        log.warning("%s is missing: the dashboard runs without charts (reinstall luoshi)", ECHARTS)

    def render(
        request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        lang = lang_of(request.query_params.get("lang"), request.cookies.get("lang"))
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
