"""What the closed-loop routes share: their words, page rendering, and the task actions to
offer a user.

The library decides every permission; :func:`task_actions` only chooses which buttons to
show (from the library's own permission table and state machine), and the library checks
again when a button is pressed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from luoshi.loop.access import ROLE_ZH, Principal, can
from luoshi.loop.audit import AuditRecord
from luoshi.loop.history import ACTION_LABELS, ENTITY_LABELS, describe
from luoshi.loop.tasks import STATE_ZH, TRANSITIONS, TaskView
from luoshi.loop.users import list_departments
from luoshi.store import Store
from luoshi.web.i18n import Translator, lang_of, translator

__all__ = [
    "department_names",
    "history_rows",
    "loop_page",
    "loop_translator",
    "page_lang",
    "store_of",
    "task_actions",
]


def loop_translator(lang: str) -> Translator:
    """``t(key)`` for the closed-loop pages: the dashboard's one catalogue."""
    return translator(lang)


def store_of(request: Request) -> Store:
    """The application's store."""
    store: Store = request.app.state.store
    return store


def page_lang(request: Request) -> str:
    """The page's language: ``?lang=``, else the ``lang`` cookie, else Chinese."""
    return lang_of(request.query_params.get("lang"), request.cookies.get("lang"))


def history_rows(
    records: Sequence[AuditRecord], lang: str, departments: Mapping[int, str]
) -> list[dict[str, Any]]:
    """Audit entries with their labels and their fields as people read them
    (:func:`luoshi.loop.history.describe`)."""
    i = 1 if lang == "en" else 0
    # shallow copies: dataclasses.asdict deep-copies every entry's before and after, which
    # took four fifths of the audit page's time
    return [
        {
            **{f.name: getattr(e, f.name) for f in fields(e)},
            "entity_label": ENTITY_LABELS.get(e.entity, (e.entity, e.entity))[i],
            "action_label": ACTION_LABELS.get(e.action, (e.action, e.action))[i],
            "changes": [
                {
                    "field": c.field,
                    "label": c.label,
                    "before": c.before,
                    "after": c.after,
                    "data": c.data,
                }
                for c in describe(e, lang, departments)
            ],
        }
        for e in records
    ]


def loop_page(
    request: Request, name: str, principal: Principal | None, context: dict[str, Any]
) -> HTMLResponse:
    """Render a closed-loop template with the user, the CSRF token and the loop's words."""
    lang = page_lang(request)
    ctx = {
        "t": loop_translator(lang),
        "me": principal,
        "role_zh": ROLE_ZH,
        "csrf": getattr(request.state, "csrf", ""),
        "state_zh": STATE_ZH,
        **context,
    }
    response: HTMLResponse = request.app.state.render(request, name, ctx)
    return response


def department_names(store: Store, principal: Principal) -> dict[int, str]:
    """Department id → name, for the departments the principal's region has."""
    return {d.id: d.name for d in list_departments(store, principal)}


def task_actions(principal: Principal, task: TaskView) -> list[str]:
    """The actions to offer ``principal`` on ``task`` (the library enforces them again)."""
    moves = TRANSITIONS[task.state]  # type: ignore[index]
    owner = principal.role != "department" or task.owner_department_id == principal.department_id
    out: list[str] = []
    if can(principal, "task.write") and task.state != "closed":
        out.append("edit")
        if "assigned" in moves:
            out.append("assign")
    if can(principal, "task.start") and owner and task.state in ("assigned", "returned", "overdue"):
        out.append("start")
    if can(principal, "report.submit") and owner and "reported" in moves:
        out.append("report")
    if can(principal, "task.review") and task.state in ("reported", "under_review"):
        out.append("review")
    return out
