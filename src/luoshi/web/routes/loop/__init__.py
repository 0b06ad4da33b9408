"""The closed loop's routers (闭环落实): logins, tasks, reports, assessment, audit, admin.

Every route here needs a login (the dashboard's own pages stay open to anyone who can
reach the server) and is a thin surface over :mod:`luoshi.loop`.
"""

from __future__ import annotations

from fastapi import APIRouter

from luoshi.web.routes.loop import admin, assessment, audit, projects, reports, session, tasks

__all__ = ["LOOP_ROUTERS"]

LOOP_ROUTERS: list[APIRouter] = [
    session.router,
    tasks.router,
    reports.router,
    projects.router,
    assessment.router,
    audit.router,
    admin.router,
]
