"""The web dashboard: pages and a JSON API over the plan store (``create_app``)."""

from __future__ import annotations

from luoshi.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
