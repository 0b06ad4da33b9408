"""The dashboard's routers, one per domain; ``create_app`` includes them in this order.

The closed-loop pages (users, tasks, reports) have their own list, ``routes.loop.LOOP_ROUTERS``.
"""

from __future__ import annotations

from fastapi import APIRouter

from luoshi.web.routes import (
    apidocs,
    compare,
    documents,
    exports,
    indicators,
    ledger,
    overview,
    regions,
    search,
    targets,
    upload,
)

__all__ = ["ROUTERS"]

ROUTERS: list[APIRouter] = [
    overview.router,
    regions.router,
    targets.router,
    indicators.router,
    ledger.router,
    documents.router,
    compare.router,
    search.router,
    upload.router,
    exports.router,
    apidocs.router,
]
