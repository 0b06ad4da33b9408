"""The audit trail: every change recorded append-only, in the same transaction as the change.

:func:`record` adds an entry to the caller's session, so the entry and the change commit
or roll back together. Nothing in the application updates or deletes an entry, and the
database refuses it too: migration ``0004_loop`` installs triggers on ``audit_entry`` that
abort any UPDATE or DELETE (and TRUNCATE on PostgreSQL).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.loop import models as lm
from luoshi.loop.access import Principal, aware, reading, require
from luoshi.store import Store
from luoshi.xlsx import new_workbook, style_sheet

__all__ = ["AuditRecord", "export_audit", "list_audit", "record", "snapshot"]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``row`` as a JSON-safe dict (for an entry's before/after)."""
    return {f: _plain(getattr(row, f)) for f in fields}


def record(
    session: Session,
    principal: Principal,
    *,
    entity: str,
    entity_id: object,
    action: str,
    region_code: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to ``session``'s transaction; unchanged fields are left out."""
    if before is not None and after is not None:
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    session.add(
        lm.AuditEntry(
            actor_id=principal.user_id,
            actor=principal.username,
            region_code=region_code,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            before=before,
            after=after,
        )
    )


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as the reader sees it."""

    id: int
    at: datetime
    actor: str
    region_code: str | None
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def list_audit(
    store: Store,
    principal: Principal,
    *,
    entity: str | None = None,
    entity_id: object | None = None,
    actor: str | None = None,
    limit: int = 1000,
) -> list[AuditRecord]:
    """Entries the principal may see (their region's; all for an administrator), oldest first."""
    require(principal, "audit.read")
    q = select(lm.AuditEntry).order_by(lm.AuditEntry.id)
    if not principal.is_admin:
        q = q.where(lm.AuditEntry.region_code == principal.region_code)
    if entity:
        q = q.where(lm.AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(lm.AuditEntry.entity_id == str(entity_id))
    if actor:
        q = q.where(lm.AuditEntry.actor == actor)
    with reading(store) as session:
        return [
            AuditRecord(
                e.id,
                aware(e.at) or e.at,
                e.actor,
                e.region_code,
                e.entity,
                e.entity_id,
                e.action,
                e.before,
                e.after,
            )
            for e in session.scalars(q.limit(max(1, min(limit, 100_000))))
        ]


_HEAD = {
    "zh": ["编号", "时间", "操作人", "地区代码", "对象", "对象编号", "操作", "变更前", "变更后"],
    "en": [
        "No.",
        "Time",
        "Actor",
        "Region code",
        "Record",
        "Record no.",
        "Action",
        "Before",
        "After",
    ],
}


def _row(e: AuditRecord, lang: str, departments: Mapping[int, str]) -> list[Any]:
    # the words of the entry: history imports this module, so it is imported here
    from luoshi.loop.history import ACTION_LABELS, ENTITY_LABELS, describe

    i = 0 if lang == "zh" else 1
    colon = "：" if lang == "zh" else ": "
    changes = describe(e, lang, departments)
    at = e.at.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    return [
        e.id,
        at,
        ("系统", "system")[i] if e.actor == "system" else e.actor,  # the system's own moves
        e.region_code or "",
        ENTITY_LABELS.get(e.entity, (e.entity, e.entity))[i],
        e.entity_id,
        ACTION_LABELS.get(e.action, (e.action, e.action))[i],
        "\n".join(f"{c.label}{colon}{c.before}" for c in changes),
        "\n".join(f"{c.label}{colon}{c.after}" for c in changes),
    ]


def export_audit(
    records: Sequence[AuditRecord],
    path: str | Path,
    *,
    lang: str = "zh",
    departments: Mapping[int, str] | None = None,
) -> Path:
    """Write entries to ``path``: .xlsx (the 清单 look) or .csv (UTF-8 with BOM, for
    Excel/WPS), one row per entry, each changed field on its own line as people read it
    (:func:`luoshi.loop.history.describe`), in Chinese or English (``lang``)."""
    out = Path(path)
    lang = "en" if lang == "en" else "zh"
    names = departments or {}
    if out.suffix.lower() == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(_HEAD[lang])
        writer.writerows(_row(e, lang, names) for e in records)
        out.write_text(buf.getvalue(), encoding="utf-8-sig")
        return out
    wb, ws = new_workbook("审计记录" if lang == "zh" else "Audit trail")
    ws.append(_HEAD[lang])
    for e in records:
        ws.append(_row(e, lang, names))
    style_sheet(ws, [8, 20, 14, 10, 12, 10, 16, 50, 50], wrap={7, 8})
    wb.save(out)
    return out
