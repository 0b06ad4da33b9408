"""Rendering a page from a route: the app's ``render`` with the request."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

__all__ = ["page"]


def page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    """The template ``name`` rendered with ``context`` and the shared page context."""
    response: HTMLResponse = request.app.state.render(request, name, context)
    return response
