"""What the supervision pages show: the first screen, the target list across regions and
the region list, as plain JSON-ready dicts (the API returns them, the pages render them).

They read the kept verdicts (:mod:`luoshi.track.standing`), so that counting, filtering
and sorting 150,000 targets is a query on an index; a target's page still judges it afresh
with every figure behind it (:func:`luoshi.web.views.target_view`). A target's owner is the
lead department of its open linked tasks (:mod:`luoshi.loop.targets`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from luoshi.errors import NotFoundError, QueryError
from luoshi.loop.access import Principal, can
from luoshi.loop.queues import ROLE_QUEUES, queue_counts
from luoshi.loop.targets import owned_by, owners, unowned
from luoshi.store import models
from luoshi.track.progress import STATUS_EN, STATUS_ZH, Status
from luoshi.track.standing import OFF_TRACK, SEVERITY, status_counts

__all__ = [
    "PER_PAGE",
    "TARGET_SORTS",
    "Memo",
    "TargetQuery",
    "assignable",
    "find_region",
    "first_screen_view",
    "no_memo",
    "ordered_ids",
    "owner_names",
    "region_list_view",
    "resolve_indicator",
    "resolve_region",
    "status_list",
    "target_list_view",
    "target_rows",
]

PER_PAGE = 50
#: The orders of the target list: most urgent first, nearest deadline, region, furthest
#: behind (the shortfall of :mod:`luoshi.track.standing`).
TARGET_SORTS = ("status", "deadline", "region", "gap")
#: The orders of the region list: by code, most targets off track or missed first.
REGION_SORTS = ("code", "behind")
_OFF_TRACK_LIST = 20

#: Keeps what is computed from the kept verdicts until they are judged again:
#: ``memo(key, compute)`` (:meth:`luoshi.web.keeper.VerdictKeeper.cached`).
Memo = Callable[[Hashable, Callable[[], Any]], Any]


def no_memo(_key: Hashable, compute: Callable[[], Any]) -> Any:
    """Computes every time: the :data:`Memo` of a caller that keeps nothing."""
    return compute()


def status_list(counts: dict[Status, int]) -> list[dict[str, Any]]:
    """Counts by status in the supervision order, with each status's words."""
    return [
        {"status": s, "status_zh": STATUS_ZH[s], "status_en": STATUS_EN[s], "count": counts[s]}
        for s in SEVERITY
    ]


def find_region(session: Session, text: str) -> str | None:
    """The code of the region named by ``text`` (its code or exact name), or None."""
    text = text.strip()
    if session.get(models.Region, text) is not None:
        return text
    found: str | None = session.scalars(
        select(models.Region.code).where(models.Region.name == text).order_by(models.Region.code)
    ).first()
    return found


def resolve_region(session: Session, text: str) -> models.Region:
    """The region named by ``text``: its code, else its exact name."""
    text = text.strip()
    region = session.get(models.Region, text)
    if region is None:
        region = session.scalars(
            select(models.Region).where(models.Region.name == text).order_by(models.Region.code)
        ).first()
    if region is None:
        raise NotFoundError(
            f"no region with code or name {text!r} in the store",
            zh=f"库中没有代码或名称为 {text!r} 的地区",
        )
    return region


def resolve_indicator(session: Session, text: str) -> models.Indicator | None:
    """The canonical indicator named by ``text`` (its id or name), or None (a phrase)."""
    text = text.strip()
    found = session.get(models.Indicator, text)
    if found is None:
        found = session.scalars(
            select(models.Indicator).where(models.Indicator.name == text)
        ).first()
    return found


@dataclass(frozen=True)
class TargetQuery:
    """The target list's filters, order and page."""

    region: str | None = None
    indicator: str | None = None
    status: str | None = None
    year: int | None = None
    owner: str | None = None  # a department id, or "none" for 未交办
    dimension: str | None = None
    sort: str = "status"
    page: int = 1


def _where(session: Session, q: TargetQuery, *, with_status: bool = True) -> list[Any]:
    """The conditions on the kept verdicts (and their targets) of ``q``."""
    V, T = models.TargetVerdict, models.Target
    conds: list[Any] = []
    if q.region:
        # words that name no region select nothing, as an unknown code does
        conds.append(V.region_code == (find_region(session, q.region) or q.region))
    if q.indicator:
        canonical = resolve_indicator(session, q.indicator)
        if canonical is not None:
            conds.append(V.indicator_id == canonical.id)
        else:
            phrase = select(T.id).where(T.indicator_id.is_(None), T.indicator_phrase == q.indicator)
            conds.append(V.target_id.in_(phrase))
    if with_status and q.status:
        if q.status not in SEVERITY:
            raise QueryError(
                f"status {q.status!r} is not one of",
                zh=f"进度 {q.status!r} 不可用，可选",
                options=SEVERITY,
            )
        conds.append(V.severity == SEVERITY.index(q.status))
    if q.year is not None:
        conds.append(V.deadline_year == q.year)
    if q.dimension:
        I = models.Indicator  # noqa: E741
        conds.append(V.indicator_id.in_(select(I.id).where(I.dimension == q.dimension)))
    if q.owner:
        if q.owner == "none":
            conds.append(unowned(V.target_id))
        elif q.owner.isdigit() and 1 <= int(q.owner) <= 2_147_483_647:
            conds.append(owned_by(V.target_id, int(q.owner)))
        else:
            raise QueryError(
                f"owner {q.owner!r} is not a department id or 'none'",
                zh=f"责任单位 {q.owner!r} 不是部门编号，也不是 'none'（未交办）",
            )
    return conds


def _ordered(query: Select[Any], sort: str) -> Select[Any]:
    V = models.TargetVerdict
    if sort == "status":
        return query.order_by(V.severity, V.deadline_year, V.target_id)
    if sort == "deadline":
        return query.order_by(V.deadline_year.is_(None), V.deadline_year, V.severity, V.target_id)
    if sort == "region":
        return query.order_by(V.region_code, V.severity, V.target_id)
    if sort == "gap":
        return query.order_by(V.shortfall.is_(None), V.shortfall.desc(), V.target_id)
    raise QueryError(
        f"sort {sort!r} is not one of", zh=f"排序 {sort!r} 不可用，可选", options=TARGET_SORTS
    )


def owner_names(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each target's owner departments as ``{"id", "name"}`` (empty: 未交办)."""
    return {
        t: [{"id": d, "name": n} for d, n in found] for t, found in owners(session, ids).items()
    }


def target_rows(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The list rows of ``ids``, in that order: the promise (for its headline), the region,
    the kept verdict, the source sentence and the owner departments."""
    if not ids:
        return []
    T, V, St, D = models.Target, models.TargetVerdict, models.Statement, models.Document
    I, R = models.Indicator, models.Region  # noqa: E741
    found = session.execute(
        select(
            T.id, T.region_code, R.name, R.level, T.indicator_id, I.name, I.national_name,
            T.indicator_phrase, T.value, T.value_high, T.base_unit, T.comparator, T.measure,
            T.deadline_year, St.id, St.sentence, D.id, D.name, V.status, V.actual,
            V.actual_year, V.ratio, V.shortfall,
        )
        .join(St, T.statement_id == St.id)
        .join(D, St.document_id == D.id)
        .outerjoin(I, T.indicator_id == I.id)
        .outerjoin(R, T.region_code == R.code)
        .outerjoin(V, V.target_id == T.id)
        .where(T.id.in_(list(ids)))
    ).all()  # fmt: skip
    owned = owner_names(session, list(ids))
    rows: dict[int, dict[str, Any]] = {}
    for (
        tid, code, region, level, ind_id, ind_name, national, phrase, value, high, unit,
        comparator, measure, deadline, sid, sentence, doc_id, doc, status, actual,
        actual_year, ratio, shortfall,
    ) in found:  # fmt: skip
        name = (national if level == "nation" and national else ind_name) or phrase
        status = status or "no_verdict"
        rows[tid] = {
            "id": tid,
            "region": region or code or "",
            "region_code": code,
            "indicator": name,
            "indicator_id": ind_id,
            "measure": measure,
            "comparator_code": "range" if high is not None else comparator,
            "target": value,
            "target_high": high,
            "unit": "%" if measure == "growth" else unit,
            "deadline": deadline,
            "status": status,
            "status_zh": STATUS_ZH[status],  # type: ignore[index]
            "status_en": STATUS_EN[status],  # type: ignore[index]
            "actual": actual,
            "actual_year": actual_year,
            "ratio": ratio,
            "shortfall": None if shortfall is None or not math.isfinite(shortfall) else shortfall,
            "source": sentence,
            "statement_id": sid,
            "document": doc,
            "document_id": doc_id,
            "owners": owned.get(tid, []),
        }
    return [rows[i] for i in ids if i in rows]


def assignable(rows: list[dict[str, Any]], principal: Principal | None) -> list[dict[str, Any]]:
    """Mark the rows the principal may hand over as a task (交办): a leader's own region's
    targets, any region's for an administrator (the library checks again on saving)."""
    for r in rows:
        r["assignable"] = (
            principal is not None
            and can(principal, "task.write")
            and r["region_code"] is not None
            and (principal.is_admin or r["region_code"] == principal.region_code)
        )
    return rows


def ordered_ids(session: Session, q: TargetQuery, *, limit: int | None = None) -> list[int]:
    """Every target ``q`` selects (up to ``limit``), in its order: what a download of the
    list holds."""
    V = models.TargetVerdict
    query = _ordered(select(V.target_id).where(*_where(session, q)), q.sort)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def target_list_view(session: Session, q: TargetQuery, memo: Memo = no_memo) -> dict[str, Any]:
    """A page of the targets ``q`` selects, in its order, with the counts by status of
    the same selection (every status, for the links that narrow it)."""
    if q.page < 1:
        raise QueryError(
            f"page {q.page} is not a page number (1, 2, …)",
            zh=f"页码 {q.page} 无效（应为 1、2、…）",
        )
    V = models.TargetVerdict
    region = resolve_region(session, q.region) if q.region else None  # else a clear 404
    # the owners change with the tasks, not with the verdicts: a list by owner is not kept
    keep = memo if not q.owner else no_memo

    def page() -> tuple[int, list[int]]:
        conds = _where(session, q)
        total = int(session.scalar(select(func.count()).select_from(V).where(*conds)) or 0)
        ids = session.scalars(
            _ordered(select(V.target_id).where(*conds), q.sort)
            .limit(PER_PAGE)
            .offset((q.page - 1) * PER_PAGE)
        ).all()
        return total, list(ids)

    def by_status() -> dict[Status, int]:
        counts: dict[Status, int] = {s: 0 for s in SEVERITY}
        for severity, n in session.execute(
            select(V.severity, func.count())
            .where(*_where(session, q, with_status=False))
            .group_by(V.severity)
        ):
            counts[SEVERITY[int(severity)]] = int(n)
        return counts

    total, ids = keep(("list", q), page)
    counts = keep(("list-counts", replace(q, status=None, sort="status", page=1)), by_status)
    return {
        "selection": {
            "region": region.code if region else None,
            "region_name": region.name if region else None,
            "indicator": q.indicator,
            "status": q.status,
            "year": q.year,
            "owner": q.owner,
            "sort": q.sort,
        },
        "total": total,
        "page": q.page,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "rows": target_rows(session, list(ids)),
        "status_counts": status_list(counts),
    }


def _off_track(session: Session, principal: Principal | None) -> list[int]:
    """The first screen's list: 滞后 and 未完成 targets, the user's region first, the most
    urgent status first, then the nearest deadline and the furthest behind."""
    V = models.TargetVerdict
    ranks = [SEVERITY.index(s) for s in OFF_TRACK]
    query = select(V.target_id).where(V.severity.in_(ranks))
    own: list[ColumnElement[Any]] = []
    if principal is not None and principal.region_code:
        own.append(V.region_code != principal.region_code)  # False (own region) sorts first
    query = query.order_by(
        *own,
        V.severity,
        V.deadline_year.desc(),  # a plan still running before one long past
        V.shortfall.is_(None),
        V.shortfall.desc(),
        V.target_id,
    ).limit(_OFF_TRACK_LIST)
    return list(session.scalars(query).all())


def first_screen_view(
    session: Session, principal: Principal | None, today: date, memo: Memo = no_memo
) -> dict[str, Any]:
    """The supervision first screen: the counts that need attention (each the size of the
    list its link opens), the targets off track across regions, and the user's queue."""
    counts = memo("counts", lambda: status_counts(session))
    region = principal.region_code if principal is not None else None
    ids = memo(("off-track", region), lambda: _off_track(session, principal))
    out: dict[str, Any] = {
        "status_counts": status_list(counts),
        "off_track_count": counts["off_track"],
        "missed_count": counts["missed"],
        "off_track": assignable(target_rows(session, ids), principal),
        "queues": {},
        "role": principal.role if principal is not None else None,
        "can_assign": principal is not None and can(principal, "task.write"),
        "region_code": principal.region_code if principal is not None else None,
    }
    if principal is not None:
        wanted = ("overdue", "returned", "review", *ROLE_QUEUES.get(principal.role, ()))
        out["loop_counts"] = queue_counts(session, principal, today, tuple(dict.fromkeys(wanted)))
        out["queues"] = {q: out["loop_counts"][q] for q in ROLE_QUEUES.get(principal.role, ())}
    return out


def region_list_view(
    session: Session, page: int = 1, sort: str = "code", memo: Memo = no_memo
) -> dict[str, Any]:
    """A page of the regions with their targets' counts by status."""
    if page < 1:
        raise QueryError(
            f"page {page} is not a page number (1, 2, …)", zh=f"页码 {page} 无效（应为 1、2、…）"
        )
    if sort not in REGION_SORTS:
        raise QueryError(
            f"sort {sort!r} is not one of", zh=f"排序 {sort!r} 不可用，可选", options=REGION_SORTS
        )
    found: dict[str, Any] = memo(("regions", page, sort), lambda: _region_page(session, page, sort))
    return found


def _region_page(session: Session, page: int, sort: str) -> dict[str, Any]:
    R, V = models.Region, models.TargetVerdict
    total = int(session.scalar(select(func.count()).select_from(R)) or 0)
    if sort == "code":
        codes = list(
            session.scalars(
                select(R.code).order_by(R.code).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
            )
        )
    else:
        ranks = [SEVERITY.index(s) for s in OFF_TRACK]
        n_behind = func.count().filter(V.severity.in_(ranks))
        ranked = (
            select(R.code)
            .outerjoin(V, V.region_code == R.code)
            .group_by(R.code)
            .order_by(n_behind.desc(), R.code)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
        codes = list(session.scalars(ranked))
    regions = {r.code: r for r in session.scalars(select(R).where(R.code.in_(codes)))}
    counts: dict[str, dict[Status, int]] = {c: {s: 0 for s in SEVERITY} for c in codes}
    for code, severity, n in session.execute(
        select(V.region_code, V.severity, func.count())
        .where(V.region_code.in_(codes))
        .group_by(V.region_code, V.severity)
    ):
        counts[str(code)][SEVERITY[int(severity)]] = int(n)
    parents = {r.parent_code for r in regions.values() if r.parent_code}
    names = dict(session.execute(select(R.code, R.name).where(R.code.in_(parents))).all())
    return {
        "total": total,
        "page": page,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "sort": sort,
        "statuses": [
            {"status": s, "status_zh": STATUS_ZH[s], "status_en": STATUS_EN[s]} for s in SEVERITY
        ],
        "regions": [
            {
                "code": c,
                "name": regions[c].name,
                "level": regions[c].level,
                "official": regions[c].is_official,
                "parent_code": regions[c].parent_code,
                "parent": names.get(regions[c].parent_code or ""),
                "targets": sum(counts[c].values()),
                "counts": [counts[c][s] for s in SEVERITY],
            }
            for c in codes
            if c in regions
        ],
    }
