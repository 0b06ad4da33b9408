"""What the indicator pages show: every canonical indicator with its targets' statuses, and
one indicator across regions and years — its definition as the vocabulary holds it, the
ranking of regions by their figure, each figure's source, the series of the leading
regions, and its targets' statuses.

A region's figure for a year is the one the tracker counts (:func:`luoshi.track.status.
preferred_first`: an imported table before a document, then the newer row), of the level
series in the indicator's own unit, so that the ranking compares like with like.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.display import scale
from luoshi.errors import NotFoundError, QueryError
from luoshi.store import models
from luoshi.track.standing import SEVERITY, status_counts
from luoshi.track.status import preferred_first
from luoshi.web.supervision import PER_PAGE, Memo, no_memo, resolve_indicator, status_list

__all__ = [
    "SERIES_REGIONS",
    "indicator_figures",
    "indicator_list_view",
    "indicator_view",
]

#: How many regions of the ranking's page the chart draws over the years.
SERIES_REGIONS = 8


def _meta(ind: models.Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name,
        "national_name": ind.national_name,
        "synonyms": list(ind.synonyms or []),
        "unit": ind.unit,
        "dimension": ind.dimension,
        "binding": ind.binding,  # 约束性 | 预期性 | ""
        "nature": ind.nature,  # stock | flow | rate
        # which way is better; a ceiling is met at or below its value whatever the comparator
        "direction": "ceiling" if ind.ceiling else ind.direction,
    }


def indicator_list_view(session: Session, memo: Memo = no_memo) -> dict[str, Any]:
    """Every canonical indicator, by dimension, with its targets' counts by status."""
    found: dict[str, Any] = memo("indicators", lambda: _indicator_list(session))
    return found


def _indicator_list(session: Session) -> dict[str, Any]:
    V = models.TargetVerdict
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(SEVERITY))
    for ind, severity, n in session.execute(
        select(V.indicator_id, V.severity, func.count())
        .where(V.indicator_id.is_not(None))
        .group_by(V.indicator_id, V.severity)
    ):
        counts[str(ind)][int(severity)] = int(n)
    rows = []
    for meta in session.scalars(
        select(models.Indicator).order_by(models.Indicator.dimension, models.Indicator.id)
    ):
        c = counts.get(meta.id, [0] * len(SEVERITY))
        rows.append({**_meta(meta), "targets": sum(c), "counts": c})
    rows.sort(key=lambda r: (-r["targets"], r["dimension"], r["id"]))
    return {
        "indicators": rows,
        "statuses": [{k: v for k, v in s.items() if k != "count"} for s in _empty_statuses()],
    }


def _empty_statuses() -> list[dict[str, Any]]:
    return status_list(dict.fromkeys(SEVERITY, 0))


def _indicator(session: Session, ident: str) -> models.Indicator:
    ind = resolve_indicator(session, ident)
    if ind is None:
        raise NotFoundError(
            f"no canonical indicator {ident!r} (an id such as gdp, or a name)",
            zh=f"没有指标 {ident!r}（请用指标代码如 gdp，或指标名称）",
        )
    return ind


def _latest(
    session: Session, ind: models.Indicator, year: int | None
) -> list[tuple[str, str, int, int, float, str]]:
    """Each region's figure that counts (of ``year``, else its latest): (code, name,
    observation id, year, value, source kind). One seek per region in the series index."""
    o, r = models.Observation, models.Region
    seek = [
        o.region_code == r.code,
        o.indicator_id == ind.id,
        o.measure == "level",
        o.base_unit == ind.unit,
        o.year.is_not(None),
    ]
    if year is not None:
        seek.append(o.year == year)
    pick = (
        select(o.id)
        .where(*seek)
        .order_by(o.year.desc(), *preferred_first(o))
        .limit(1)
        .correlate(r)
        .scalar_subquery()
    )
    pairs = select(r.code.label("code"), r.name.label("name"), pick.label("oid")).subquery()
    found = session.execute(
        select(pairs.c.code, pairs.c.name, o.id, o.year, o.value, o.source_kind).join(
            o, o.id == pairs.c.oid
        )
    ).all()
    return [(str(c), str(n), int(i), int(y), float(v), str(k)) for c, n, i, y, v, k in found]


def _sources(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Where each figure was said: a document's sentence, an imported table, a report."""
    O, St, D, B = models.Observation, models.Statement, models.Document, models.ImportBatch  # noqa: E741
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(set(ids))
    for k in range(0, len(wanted), 500):
        for oid, kind, sid, doc_id, doc, file_name in session.execute(
            select(O.id, O.source_kind, St.id, D.id, D.name, B.file_name)
            .outerjoin(St, O.statement_id == St.id)
            .outerjoin(D, St.document_id == D.id)
            .outerjoin(B, O.import_id == B.id)
            .where(O.id.in_(wanted[k : k + 500]))
        ):
            out[oid] = {
                "kind": kind,
                "statement_id": sid,
                "document_id": doc_id,
                "name": doc or file_name or "",
            }
    return out


def _series(
    session: Session, ind: models.Indicator, codes: list[str]
) -> dict[str, list[tuple[int, float]]]:
    """The level series of ``codes``: each year's figure that counts."""
    if not codes:
        return {}
    o = models.Observation
    best: dict[tuple[str, int], tuple[tuple[int, int], float]] = {}
    for code, year, value, priority, oid in session.execute(
        select(o.region_code, o.year, o.value, o.priority, o.id).where(
            o.region_code.in_(codes),
            o.indicator_id == ind.id,
            o.measure == "level",
            o.base_unit == ind.unit,
            o.year.is_not(None),
        )
    ):
        key, rank = (str(code), int(year or 0)), (int(priority or 0), int(oid))
        if key not in best or rank > best[key][0]:
            best[key] = (rank, float(value))
    out: dict[str, list[tuple[int, float]]] = {c: [] for c in codes}
    for (code, year), (_, value) in sorted(best.items(), key=lambda kv: kv[0]):
        out[code].append((year, value))
    return out


def indicator_view(
    session: Session,
    ident: str,
    *,
    year: int | None = None,
    page: int = 1,
    memo: Memo = no_memo,
) -> dict[str, Any]:
    """One indicator across regions and years: definition, ranking, sources, series.

    ``memo`` keeps the ranking and the counts until the kept verdicts are judged again,
    which a new figure anywhere makes them be (:mod:`luoshi.track.standing`)."""
    if page < 1:
        raise QueryError(
            f"page {page} is not a page number (1, 2, …)", zh=f"页码 {page} 无效（应为 1、2、…）"
        )
    ind = _indicator(session, ident)
    latest: list[tuple[str, str, int, int, float, str]] = list(
        memo(("ranking", ind.id, year), lambda: _latest(session, ind, year))
    )
    lower_better = ind.ceiling or ind.direction == "lower"
    latest.sort(key=lambda x: (x[4] if lower_better else -x[4], x[0]))
    ranks: list[int] = []
    for i, row in enumerate(latest):
        # competition ranking: equal figures share a place
        same = i and row[4] == latest[i - 1][4]
        ranks.append(ranks[-1] if same else i + 1)
    shown = latest[(page - 1) * PER_PAGE : page * PER_PAGE]
    said = _sources(session, (x[2] for x in shown))
    codes = [x[0] for x in shown[:SERIES_REGIONS]]
    series = _series(session, ind, codes)
    values = [v for pts in series.values() for _, v in pts]
    factor, axis_unit = scale(values, ind.unit)
    names = {x[0]: x[1] for x in shown}
    years = session.scalars(
        select(models.Observation.year)
        .where(
            models.Observation.indicator_id == ind.id,
            models.Observation.region_code.in_(codes),
            models.Observation.year.is_not(None),
        )
        .distinct()
        .order_by(models.Observation.year)
    ).all()
    return {
        "indicator": _meta(ind),
        "year": year,
        "page": page,
        "pages": max(1, math.ceil(len(latest) / PER_PAGE)),
        "regions": len(latest),
        "ranking": [
            {
                "rank": ranks[(page - 1) * PER_PAGE + k],
                "code": code,
                "name": name,
                "year": yr,
                "value": value,
                "source": said.get(oid, {"kind": kind, "name": ""}),
            }
            for k, (code, name, oid, yr, value, kind) in enumerate(shown)
        ],
        "chart": {
            "years": list(years),
            "divisor": factor,
            "series": [
                {"code": c, "name": names[c], "points": [[y, v / factor] for y, v in series[c]]}
                for c in codes
            ],
        },
        "axis_unit": {"zh": axis_unit, "en": scale(values, ind.unit, "en")[1]},
        "status_counts": status_list(
            memo(("indicator-counts", ind.id), lambda: status_counts(session, indicator=ind.id))
        ),
    }


def indicator_figures(session: Session, ident: str) -> list[dict[str, Any]]:
    """Every region's figure that counts for every year, with its source: the download."""
    ind = _indicator(session, ident)
    o, r = models.Observation, models.Region
    best: dict[tuple[str, int], tuple[tuple[int, int], Any]] = {}
    for code, name, year, value, priority, oid in session.execute(
        select(r.code, r.name, o.year, o.value, o.priority, o.id).join(
            o,
            (o.region_code == r.code)
            & (o.indicator_id == ind.id)
            & (o.measure == "level")
            & (o.base_unit == ind.unit)
            & o.year.is_not(None),
        )
    ):
        key, rank = (str(code), int(year or 0)), (int(priority or 0), int(oid))
        if key not in best or rank > best[key][0]:
            best[key] = (rank, (name, float(value), int(oid)))
    said = _sources(session, (v[2] for _, v in best.values()))
    rows = []
    for (code, year), (_, (name, value, oid)) in sorted(best.items()):
        src = said.get(oid, {})
        rows.append(
            {
                "region_code": code,
                "region": name,
                "indicator": ind.name,
                "year": year,
                "value": value,
                "unit": ind.unit,
                "source_kind": src.get("kind", ""),
                "source": src.get("name", ""),
            }
        )
    return rows
