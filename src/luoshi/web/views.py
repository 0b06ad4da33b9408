"""What each page shows, as plain JSON-ready dicts: the API returns them, the pages render them.

One function per page; each checks its input, calls the store, the tracker and
:mod:`luoshi.web.queries`, and shapes the result. Nothing here computes a status or a rank
itself.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import NotFoundError, QueryError, TrackError
from luoshi.loop import models as lm
from luoshi.store import models
from luoshi.store.search import search
from luoshi.store.series import series_of
from luoshi.track import compare, composite_index, rank_stability
from luoshi.track.ledger import cross_region, ledger, ledger_record
from luoshi.track.progress import STATUS_EN, STATUS_ORDER, STATUS_ZH, Assessment
from luoshi.track.standing import status_counts
from luoshi.track.status import TargetStatus, observation_rows, region_matrix
from luoshi.web import queries

__all__ = [
    "DIMENSIONS",
    "ResultCache",
    "across_view",
    "compare_view",
    "document_view",
    "documents_view",
    "ledger_view",
    "overview_view",
    "region_view",
    "search_view",
    "target_row",
    "target_view",
]

DIMENSIONS = ("创新", "协调", "绿色", "开放", "共享")
NORMALISATIONS = ("minmax", "zscore")
WEIGHTINGS = ("equal", "entropy")
AGGREGATIONS = ("arithmetic", "geometric")
_MAX_COMPARE = 200
_CHOICE_ZH = {"normalisation": "标准化方法", "weighting": "赋权方法", "aggregation": "合成方法"}
PAGE = 50


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else x


def target_row(t: TargetStatus) -> dict[str, Any]:
    """One line of a 清单: the target beside its result, the verdict and the sources
    (:func:`luoshi.track.ledger.ledger_record`)."""
    return ledger_record(t)


class ResultCache:
    """Results kept per key with the store's data version (its highest ids), the least
    recently used dropped past ``size``: a store at scale answers the same whole-store
    questions (counts by status, a popular search) again and again.

    An answer is computed by one request at a time. While it computes the answer for new
    data, other requests for the key get the answer of the data before, when there is
    one, and otherwise wait for it: during an ingest the data change every few seconds,
    and thirty clients each recomputing the overview (seconds of work) after every document
    took the server's p95 past 4 s. An answer is never older than the one being computed.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Any, tuple[tuple[int, ...], Any]] = OrderedDict()
        self._computing: dict[Any, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, key: Any, compute: Callable[[], Any]) -> Any:
        """The result for ``key`` at the session's data version, computed (and kept) when
        absent; the last one kept while another request computes it (see the class)."""
        version = queries.data_version(session)
        with self._lock:
            kept = self._items.get(key)
            if kept is not None and kept[0] == version:
                self._items.move_to_end(key)
                return kept[1]
            running = self._computing.get(key)
            if running is not None and kept is not None:
                return kept[1]
            if running is None:
                self._computing[key] = done = threading.Event()
        if running is not None:
            running.wait()
            with self._lock:
                kept = self._items.get(key)
                if kept is not None and kept[0] == version:
                    return kept[1]
            return compute()  # the one computed was of other data: this request's own
        try:
            value = compute()
            with self._lock:
                kept = self._items.get(key)
                if kept is None or not _newer(kept[0], version):
                    self._items[key] = (version, value)
                    self._items.move_to_end(key)
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._computing[key]
            done.set()


def _newer(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether data version ``a`` is after ``b`` (every highest id at least as high)."""
    return a != b and all(x >= y for x, y in zip(a, b, strict=True))


def overview_view(
    session: Session,
    cache: ResultCache,
    page: int = 1,
    *,
    regions: bool = True,
    counts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Counts, targets by status (the kept verdicts, :mod:`luoshi.track.standing`: the
    caller brings them up to date first), regions with their documents and targets (a page
    of them; ``regions=False`` leaves them out), recent changes."""
    if page < 1:
        raise QueryError(
            f"page {page} is not a page number (1, 2, …)", zh=f"页码 {page} 无效（应为 1、2、…）"
        )

    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    R, D, T = models.Region, models.Document, models.Target
    targets_by_region = (
        select(T.region_code.label("code"), func.count().label("n"))
        .group_by(T.region_code)
        .subquery()
    )
    docs_by_region = (
        select(D.region_code.label("code"), func.count().label("n"))
        .group_by(D.region_code)
        .subquery()
    )
    listed = (
        session.execute(
            select(
                R.code, R.name, R.level, R.is_official, targets_by_region.c.n, docs_by_region.c.n
            )
            .outerjoin(targets_by_region, targets_by_region.c.code == R.code)
            .outerjoin(docs_by_region, docs_by_region.c.code == R.code)
            .where((targets_by_region.c.n.is_not(None)) | (docs_by_region.c.n.is_not(None)))
            .order_by(R.code)
            .limit(PAGE)
            .offset((page - 1) * PAGE)
        ).all()
        if regions
        else []
    )
    recent_docs = session.scalars(select(D).order_by(D.created_at.desc(), D.id.desc()).limit(10))
    recent_imports = session.scalars(
        select(models.ImportBatch).order_by(models.ImportBatch.id.desc()).limit(5)
    )
    by_status = (
        dict(counts) if counts is not None else {k: v for k, v in status_counts(session).items()}
    )
    # counting 2.7 million observations takes a tenth of a second: kept until the data changes
    sizes = cache.get(
        session,
        "store-sizes",
        lambda: {
            "regions": count(R),
            "documents": count(D),
            "targets": count(T),
            "observations": count(models.Observation),
            "frameworks": count(models.Framework),
        },
    )
    return {
        "counts": dict(sizes),
        "status_counts": [
            {
                "status": s,
                "status_zh": STATUS_ZH[s],
                "status_en": STATUS_EN[s],
                "count": by_status.get(s, 0),
            }
            for s in STATUS_ORDER
        ],
        "regions": [
            {
                "code": code,
                "name": name,
                "level": level,
                "official": bool(official),
                "targets": int(nt or 0),
                "documents": int(nd or 0),
            }
            for code, name, level, official, nt, nd in listed
        ],
        "page": page,
        "recent_documents": [_doc_brief(d) for d in recent_docs],
        "recent_imports": [
            {"id": b.id, "file": b.file_name, "rows": b.rows_ok, "at": b.created_at.isoformat()}
            for b in recent_imports
        ],
    }


def _doc_brief(d: models.Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "title": d.title,
        "date": d.date,
        "doc_type": d.doc_type,
        "region_code": d.region_code,
        "issuer": d.issuer,
    }


def documents_view(session: Session, region: str | None = None) -> list[dict[str, Any]]:
    """Every document (of ``region``), newest first by date."""
    query = select(models.Document).order_by(models.Document.date.desc(), models.Document.id)
    if region:
        query = query.where(models.Document.region_code == region)
    return [_doc_brief(d) for d in session.scalars(query)]


def region_view(session: Session, code: str) -> dict[str, Any]:
    """A region: frameworks as trees, its targets' 清单, key facts over time, its documents."""
    region = queries.region_or_404(session, code)
    parent = session.get(models.Region, region.parent_code) if region.parent_code else None
    children = session.scalars(
        select(models.Region).where(models.Region.parent_code == code).order_by(models.Region.code)
    ).all()
    observations = observation_rows(session, {code})
    rows = [target_row(t) for t in queries.statuses(session, region=code)]
    counts = {s: 0 for s in STATUS_ORDER}
    for r in rows:
        counts[r["status"]] += 1
    return {
        "region": {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "official": region.is_official,
            "parent": {"code": parent.code, "name": parent.name} if parent else None,
            "children": [{"code": c.code, "name": c.name} for c in children],
        },
        "frameworks": [asdict(n) for n in queries.framework_tree(session, code)],
        "targets": rows,
        "status_counts": [
            {"status": s, "status_zh": STATUS_ZH[s], "status_en": STATUS_EN[s], "count": counts[s]}
            for s in STATUS_ORDER
        ],
        "facts": queries.key_facts(session, code, observations=observations),
        "documents": documents_view(session, code),
    }


def _path(a: Assessment | None, t: TargetStatus) -> dict[str, list[list[float]]]:
    """The lines the target chart draws: the path required from the baseline to the target,
    and the observed trend carried to the deadline (the assessment's projection)."""
    if a is None or a.baseline is None or t.deadline is None or t.deadline <= a.baseline.year:
        return {"required": [], "trend": []}
    b = a.baseline
    years = range(b.year, t.deadline + 1)
    if t.measure == "growth":
        required = [[y, b.value * (1 + t.value / 100) ** (y - b.year)] for y in years]
    elif t.measure == "change":
        goal = b.value + t.value
        span = t.deadline - b.year
        required = [[y, b.value + (goal - b.value) * (y - b.year) / span] for y in years]
    else:
        span = t.deadline - b.year
        required = [[y, b.value + (t.value - b.value) * (y - b.year) / span] for y in years]
    trend: list[list[float]] = []
    if a.latest is not None and a.projected is not None and math.isfinite(a.projected):
        trend = [[b.year, b.value], [a.latest.year, a.latest.value], [t.deadline, a.projected]]
    return {"required": required, "trend": trend}


def target_view(session: Session, target_id: int) -> dict[str, Any]:
    """A target: its numbers, status, chart series and every source sentence."""
    found = queries.statuses(session, target_ids=[target_id])
    if not found:
        raise NotFoundError(
            f"no target with id {target_id} in the store", zh=f"库中没有编号为 {target_id} 的目标"
        )
    t = found[0]
    a = t.assessment
    row = target_row(t)
    target = session.get(models.Target, target_id)
    assert target is not None  # statuses found it
    Obs, St, D = models.Observation, models.Statement, models.Document
    sources = [
        {
            "role": "target",
            "sentence": t.sentence,
            "document": t.document,
            "document_id": t.document_id,
            "statement_id": target.statement_id,
            "year": t.deadline,
        }
    ]
    # the figures the verdict rests on, next: the result beside the promise
    sources += [
        {
            "role": "result",
            "sentence": r.sentence,
            "document": r.document,
            "document_id": r.document_id,
            "statement_id": r.statement_id,
            "year": r.year,
        }
        for r in t.results
        if r.statement_id is not None
    ]
    if t.indicator_id and t.region_code:
        for st, doc, year in session.execute(
            select(St, D, Obs.year)
            .join(Obs, Obs.statement_id == St.id)
            .join(D, St.document_id == D.id)
            .where(Obs.region_code == t.region_code, Obs.indicator_id == t.indicator_id)
            .order_by(Obs.year, St.id)
            .limit(50)
        ).all():
            if any(s["statement_id"] == st.id for s in sources):
                continue  # one sentence can give several observations (a level and a growth)
            sources.append(
                {
                    "role": "observation",
                    "sentence": st.sentence,
                    "document": doc.name,
                    "document_id": doc.id,
                    "statement_id": st.id,
                    "year": year,
                }
            )
    sources += _report_sources(session, target)
    numbers = None
    if a is not None:
        numbers = {
            k: _num(v) if isinstance(v, float) else v
            for k, v in asdict(a).items()
            if k not in ("latest", "baseline")
        }
    ind = session.get(models.Indicator, t.indicator_id) if t.indicator_id else None
    _, series_unit = series_of(t.measure, t.base_unit, ind.unit if ind else None)
    decided = t.verdict.actual is not None and math.isfinite(t.verdict.actual)
    return {
        "target": row,
        # the unit of the level series (baseline, chart, projection), and of the latest
        # figure shown: the verdict's actual is in the target's terms (a growth rate)
        "series_unit": series_unit,
        "latest_unit": row["unit"] if decided else series_unit,
        # rates per year: percent (compound) for level and growth targets, else the series'
        "rate_unit": "%" if t.measure in ("level", "growth") else series_unit,
        "assessment": numbers,
        "observations": row["spark"],
        "path": _path(a, t),
        "sources": sources,
    }


def _report_sources(session: Session, target: models.Target) -> list[dict[str, Any]]:
    """The accepted progress reports whose figures are in the target's series: the only
    reports that give an observation (the report's text stays behind the login)."""
    F, R, Obs = lm.ReportFigure, lm.Report, models.Observation
    found = session.execute(
        select(R.id, R.task_id, R.period, Obs.year)
        .join(F, F.report_id == R.id)
        .join(Obs, Obs.id == F.observation_id)
        .where(
            R.status == "accepted",
            Obs.region_code == target.region_code,
            Obs.indicator_id == target.indicator_id
            if target.indicator_id
            else Obs.indicator_phrase == target.indicator_phrase,
        )
        .order_by(Obs.year, R.id)
        .limit(50)
    ).all()
    return [
        {"role": "report", "report_id": rid, "task_id": tid, "period": period, "year": year}
        for rid, tid, period, year in found
    ]


def document_view(session: Session, doc_id: int) -> dict[str, Any]:
    """A document: metadata, outline, and its text cut into lines with every figure marked."""
    doc = session.get(models.Document, doc_id)
    if doc is None:
        raise NotFoundError(
            f"no document with id {doc_id} in the store", zh=f"库中没有编号为 {doc_id} 的文件"
        )
    St, T = models.Statement, models.Target
    found = session.execute(
        select(St, T.id).outerjoin(T, T.statement_id == St.id).where(St.document_id == doc_id)
    ).all()
    marks = [
        queries.Mark(st.start, st.end, st.id, st.kind, tid, f"{st.indicator} {st.text} ({st.kind})")
        for st, tid in found
        if 0 <= st.start < st.end <= len(doc.text)
    ]
    heads = queries.outline(doc.text)
    passages = session.scalars(
        select(models.Passage.start).where(models.Passage.document_id == doc_id)
    ).all()
    anchors = sorted({h["start"] for h in heads} | set(passages) | {m.start for m in marks})
    region = session.get(models.Region, doc.region_code) if doc.region_code else None
    return {
        "document": {
            **_doc_brief(doc),
            "format": doc.format,
            "encoding": doc.encoding,
            "warnings": doc.warnings,
            "region": region.name if region else None,
            "characters": len(doc.text),
        },
        "outline": heads,
        "statements": [
            {
                "id": m.statement_id,
                "start": m.start,
                "end": m.end,
                "kind": m.kind,
                "target_id": m.target_id,
                "label": m.title,
            }
            for m in sorted(marks, key=lambda m: m.start)
        ],
        "lines": queries.document_lines(doc.text, marks, anchors),
        "frameworks": [
            {
                "name": f.name,
                "count": f.count,
                "start": f.start,
                "members": [m.text for m in f.members],
            }
            for f in doc.frameworks
        ],
    }


def compare_view(
    session: Session,
    *,
    regions: list[str] | None = None,
    parent: str | None = None,
    indicators: list[str] | None = None,
    dimension: str | None = None,
    year: int | None = None,
    normalisation: str = "minmax",
    weighting: str = "equal",
    aggregation: str = "arithmetic",
) -> dict[str, Any]:
    """Regions × indicators with ranks, and the composite index under the chosen method."""
    for name, value, allowed in (
        ("normalisation", normalisation, NORMALISATIONS),
        ("weighting", weighting, WEIGHTINGS),
        ("aggregation", aggregation, AGGREGATIONS),
    ):
        if value not in allowed:
            raise QueryError(
                f"{name} {value!r} is not one of",
                zh=f"{_CHOICE_ZH[name]} {value!r} 不可用，可选",
                options=allowed,
            )
    if dimension and dimension not in (*DIMENSIONS, "经济"):
        raise QueryError(
            f"dimension {dimension!r} is not one of",
            zh=f"维度 {dimension!r} 不可用，可选",
            options=(*DIMENSIONS, "经济"),
        )
    if regions and len(regions) > _MAX_COMPARE:
        raise QueryError(
            f"{len(regions)} regions asked for; compare at most {_MAX_COMPARE}",
            zh=f"选择了 {len(regions)} 个地区，最多可比较 {_MAX_COMPARE} 个",
        )
    asked = {*(regions or []), *([parent] if parent else [])}
    if asked:
        known = set(
            session.scalars(select(models.Region.code).where(models.Region.code.in_(asked)))
        )
        if asked - known:
            missing = sorted(asked - known)[0]
            raise NotFoundError(
                f"no region with code {missing!r} in the store",
                zh=f"库中没有代码为 {missing!r} 的地区",
            )
    if not regions and not parent:
        parent, regions = _default_selection(session)
    m = region_matrix(
        session,
        regions=regions,
        parent=parent,
        indicators=indicators,
        dimension=dimension,
        year=year,
    )
    if len(m.regions) > _MAX_COMPARE:
        raise QueryError(
            f"{len(m.regions)} regions under {parent}; choose at most {_MAX_COMPARE} with region",
            zh=f"{parent} 下有 {len(m.regions)} 个地区，请选择最多 {_MAX_COMPARE} 个",
        )
    table_rows: list[dict[str, Any]] = []
    if m.regions and m.indicators:
        table = compare(m.values, m.directions, regions=m.regions, indicators=m.indicators)
        for i, code in enumerate(m.regions):
            cells = []
            for j in range(len(m.indicators)):
                v = m.values[i, j]
                cells.append(
                    {
                        "value": None if np.isnan(v) else float(v),
                        "year": None if np.isnan(m.years[i, j]) else int(m.years[i, j]),
                        "rank": int(table.ranks[i, j]) or None,
                    }
                )
            table_rows.append({"code": code, "name": m.region_names[i], "cells": cells})
    index: dict[str, Any] | None = None
    index_note = index_note_zh = ""
    keep = [j for j, d in enumerate(m.dimensions) if d in DIMENSIONS]
    if len(m.regions) >= 2 and keep:
        values = m.values[:, keep]
        dirs = [m.directions[j] for j in keep]
        dims = [m.dimensions[j] for j in keep]
        try:
            result = composite_index(
                values,
                dirs,
                dims,
                normalisation=normalisation,  # type: ignore[arg-type]
                weighting=weighting,  # type: ignore[arg-type]
                aggregation=aggregation,  # type: ignore[arg-type]
            )
            stability = rank_stability(values, dirs, dims)
        except TrackError as exc:
            index_note, index_note_zh = str(exc), exc.message("zh")
        else:
            index = {
                "method": result.method,
                "imputed": result.imputed,
                "dimensions": list(result.dimensions),
                "rows": sorted(
                    (
                        {
                            "code": code,
                            "name": m.region_names[i],
                            "score": _num(float(result.scores[i])),
                            "rank": int(result.ranks[i]),
                            "sub_scores": [_num(float(x)) for x in result.sub_scores[i]],
                            "median_rank": float(stability.median[i]),
                            "best": int(stability.best[i]),
                            "worst": int(stability.worst[i]),
                        }
                        for i, code in enumerate(m.regions)
                    ),
                    key=lambda r: r["rank"],
                ),
            }
    else:
        index_note = "the index needs at least two regions with indicators of the five dimensions"
        index_note_zh = "综合指数需要至少两个地区、且有五大发展维度的指标"
    return {
        "selection": {
            "regions": regions or [],
            "parent": parent,
            "indicators": indicators or [],
            "dimension": dimension,
            "year": year,
            "normalisation": normalisation,
            "weighting": weighting,
            "aggregation": aggregation,
        },
        "indicators": [
            {
                "id": i,
                "name": n,
                "direction": d,
                "dimension": dim,
                "unit": unit,
                "values": [r["cells"][j]["value"] for r in table_rows],
            }
            for j, (i, n, d, dim, unit) in enumerate(
                zip(
                    m.indicators,
                    m.indicator_names,
                    m.directions,
                    m.dimensions,
                    m.units or [""] * len(m.indicators),
                    strict=True,
                )
            )
        ],
        "rows": table_rows,
        "index": index,
        "index_note": index_note,
        "index_note_zh": index_note_zh,
    }


def _default_selection(session: Session) -> tuple[str | None, list[str] | None]:
    """With nothing chosen: the children of the region with the most children, else the
    first twenty regions that have observations."""
    R = models.Region
    top = session.execute(
        select(R.parent_code, func.count())
        .where(R.parent_code.is_not(None))
        .group_by(R.parent_code)
        .order_by(func.count().desc(), R.parent_code)
        .limit(1)
    ).first()
    if top is not None and top[1] >= 2:
        return str(top[0]), None
    codes = session.scalars(
        select(models.Observation.region_code)
        .where(models.Observation.region_code.is_not(None))
        .group_by(models.Observation.region_code)
        .order_by(models.Observation.region_code)
        .limit(20)
    ).all()
    return None, [str(c) for c in codes] or None


def search_view(
    session: Session,
    q: str,
    page: int = 1,
    region: str | None = None,
    cache: ResultCache | None = None,
) -> dict[str, Any]:
    """A page of search hits with highlighted snippets."""
    if page < 1:
        raise QueryError(
            f"page {page} is not a page number (1, 2, …)", zh=f"页码 {page} 无效（应为 1、2、…）"
        )
    if region:
        queries.region_or_404(session, region)

    def run() -> dict[str, Any]:
        return _search_page(session, q, page, region)

    if cache is None:
        return run()
    found: dict[str, Any] = cache.get(session, ("search", q.strip(), page, region), run)
    return found


def _search_page(session: Session, q: str, page: int, region: str | None) -> dict[str, Any]:
    result = search(session, q, limit=20, offset=(page - 1) * 20, region=region)
    return {
        "query": result.query,
        "terms": result.terms,
        "total": result.total,
        "page": page,
        "pages": max(1, math.ceil(result.total / 20)),
        "hits": [
            {
                **asdict(h),
                "snippet": [{"text": s, "match": m} for s, m in h.snippet],
            }
            for h in result.hits
        ],
    }


def ledger_view(
    session: Session,
    *,
    region: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The 承诺兑现台账: each target beside its result, with counts by verdict."""
    if status and status not in STATUS_ORDER:
        raise QueryError(
            f"status {status!r} is not one of",
            zh=f"进度 {status!r} 不可用，可选",
            options=STATUS_ORDER,
        )
    if region:
        queries.region_or_404(session, region)
    found = ledger(session, region=region, indicator=indicator, year=year, status=status)
    counts = {s: 0 for s in STATUS_ORDER}
    for r in found:
        counts[r.status] += 1
    rows = [ledger_record(r) for r in (found[:limit] if limit is not None else found)]
    return {
        "selection": {"region": region, "indicator": indicator, "year": year, "status": status},
        "total": len(found),
        "rows": rows,
        "status_counts": [
            {"status": s, "status_zh": STATUS_ZH[s], "status_en": STATUS_EN[s], "count": n}
            for s, n in counts.items()
        ],
    }


def across_view(
    session: Session,
    indicator: str,
    year: int,
    *,
    parent: str | None = None,
    measure: str | None = None,
) -> dict[str, Any]:
    """One indicator and year across regions: each region's target beside its actual and
    its parent region's target, sorted by the target, with the counts met and missed."""
    if parent:
        queries.region_or_404(session, parent)
    view = cross_region(session, indicator, year, parent=parent, measure=measure)
    return {
        "indicator": view.indicator,
        "year": view.year,
        "measure": view.measure,
        "parent": parent,
        "rows": [
            {
                **ledger_record(c.row),
                "parent_region": c.parent_region,
                "parent_target": c.parent_target,
                "above_parent": c.above_parent,
            }
            for c in view.rows
        ],
        "status_counts": [
            {"status": s, "status_zh": STATUS_ZH[s], "status_en": STATUS_EN[s], "count": n}
            for s, n in view.counts.items()
        ],
        "met": view.counts["achieved"],
        "missed": view.counts["missed"],
    }
