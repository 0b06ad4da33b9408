"""Every route of an application, as the schema, the 405 answer and the tests walk them."""

from __future__ import annotations

from collections.abc import Iterator

import fastapi.routing
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

__all__ = ["api_routes", "plain_routes"]


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every :class:`APIRoute` of ``app``, those of included routers too.

    FastAPI 0.16x keeps an included router as one unit in ``app.routes`` and offers
    ``iter_route_contexts`` to walk it; earlier versions copy each route into ``app.routes``.
    """
    walk = getattr(fastapi.routing, "iter_route_contexts", None)
    if walk is None:
        yield from (r for r in app.routes if isinstance(r, APIRoute))
        return
    for context in walk(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context.original_route


def plain_routes(app: FastAPI) -> Iterator[BaseRoute]:
    """The routes of ``app`` that are not API routes: the schema, the static files."""
    for route in app.routes:
        if not isinstance(route, APIRoute) and type(route).__module__.startswith("starlette"):
            yield route
