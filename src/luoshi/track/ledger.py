"""The 承诺兑现台账: every target beside the result that answers it, from a store.

One row per target: the promise (value, comparator, year, sentence, document) beside the
result (value, year, sentence, document), the verdict of :func:`luoshi.track.verdict.judge`
and the gap. This is where the verdict meets the plan store:

- the targets (filtered by region, indicator, year, …) are read with their sentence, their
  document's year and their indicator's nature and ceiling flag;
- the observations of the same regions and indicators are read once, only the years the
  targets need (each target's plan period and the year before its deadline), and each
  year's figure that counts is chosen per kind (:mod:`luoshi.track.figures`);
- each target is judged on its own region's and indicator's figures.

The same target gets the same verdict whatever the filters: its evidence is always its
own region's and indicator's figures, never those of the rows listed beside it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from luoshi.config import Settings
from luoshi.store import models
from luoshi.store.periods import target_period
from luoshi.store.series import series_of
from luoshi.track.figures import CHUNK, evidence, fetch_rows, read_figures, year_of
from luoshi.track.progress import STATUS_ORDER, Assessment, Point, Status
from luoshi.track.verdict import Evidence, Figure, Promise, Verdict, judge

__all__ = [
    "CrossRegion",
    "CrossRegionRow",
    "LedgerRow",
    "Source",
    "cross_region",
    "ledger",
    "ledger_record",
    "this_year",
    "verdicts",
    "year_of",
]


@dataclass(frozen=True)
class Source:
    """One figure on the result side, with where it was said."""

    year: int
    value: float
    measure: str
    period: str
    final: bool
    observation_id: int | None
    source_kind: str = ""
    sentence: str = ""
    document: str = ""
    document_id: int | None = None
    statement_id: int | None = None


@dataclass
class LedgerRow:
    """A target (the promise) and the result that answers it, with the verdict."""

    target_id: int
    region_code: str | None
    region_name: str | None
    parent_code: str | None
    indicator_id: str | None
    indicator: str  # the canonical name, else the phrase as written
    phrase: str
    dimension: str
    measure: str
    comparator: str
    value: float
    value_high: float | None
    base_unit: str
    deadline: int | None
    document_year: int | None
    period: str
    nature: str | None
    ceiling: bool
    direction: str
    sentence: str
    document: str
    document_id: int
    statement_id: int
    statement_start: int
    verdict: Verdict
    results: list[Source] = field(default_factory=list)
    observations: list[Point] = field(default_factory=list)  # the level series, for charts
    level_unit: str = ""  # the unit of the level series (baseline, progress, chart)

    @property
    def status(self) -> Status:
        """The verdict's status code."""
        return self.verdict.status

    @property
    def status_zh(self) -> str:
        """The status in Chinese."""
        return self.verdict.status_zh

    @property
    def status_en(self) -> str:
        """The status in English."""
        return self.verdict.status_en

    @property
    def assessment(self) -> Assessment | None:
        """The progress measure of a multi-year target before its deadline."""
        return self.verdict.progress

    @property
    def latest(self) -> Point | None:
        """The figure the row shows as the result: the verdict's actual, else the
        progress measure's latest value."""
        v = self.verdict
        if v.actual is not None and v.actual_year is not None and math.isfinite(v.actual):
            return Point(v.actual_year, v.actual)
        if v.progress is not None and v.progress.latest is not None:
            return v.progress.latest
        return None

    @property
    def baseline(self) -> Point | None:
        """The baseline of the progress measure, or the earlier figure a change or a
        growth was computed from."""
        v = self.verdict
        if v.progress is not None and v.progress.baseline is not None:
            return v.progress.baseline
        if v.basis == "levels" and len(v.figures) == 2:
            return Point(v.figures[0].year, v.figures[0].value)
        return None


# --- reading ----------------------------------------------------------------------


def _target_query(
    *,
    region: str | None,
    regions: Sequence[str | None] | None,
    indicator: str | None,
    dimension: str | None,
    year: int | None,
    target_ids: Sequence[int] | None,
) -> Select[*tuple[Any, ...]]:
    T, St, D, Ind, R = (
        models.Target,
        models.Statement,
        models.Document,
        models.Indicator,
        models.Region,
    )
    query: Select[*tuple[Any, ...]] = (
        select(
            T.id,
            T.region_code,
            T.indicator_id,
            T.indicator_phrase,
            T.value,
            T.value_high,
            T.base_unit,
            T.comparator,
            T.measure,
            T.deadline_year,
            T.statement_id,
            St.sentence,
            St.start,
            St.sentence_start,
            D.id,
            D.name,
            D.date,
            Ind.name,
            Ind.unit,
            Ind.direction,
            Ind.dimension,
            Ind.nature,
            Ind.ceiling,
            R.name,
            R.parent_code,
        )
        .join(St, T.statement_id == St.id)
        .join(D, St.document_id == D.id)
        .outerjoin(Ind, T.indicator_id == Ind.id)
        .outerjoin(R, T.region_code == R.code)
        .order_by(T.region_code, T.indicator_id, T.deadline_year, T.id)
    )
    if region:
        query = query.where(T.region_code == region)
    if regions is not None:
        named = sorted(r for r in regions if r is not None)
        conds: list[ColumnElement[bool]] = [T.region_code.in_(named)] if named else []
        if None in regions:
            conds.append(T.region_code.is_(None))
        query = query.where(or_(*conds)) if conds else query.where(T.id.is_(None))
    if target_ids is not None:
        query = query.where(T.id.in_(list(target_ids)))
    if indicator:
        # a canonical indicator by its id or name: its targets, sought in the index on
        # (indicator, year); any other words: the targets of that phrase
        canonical = (
            select(Ind.id).where(or_(Ind.id == indicator, Ind.name == indicator)).scalar_subquery()
        )
        query = query.where(
            or_(
                T.indicator_id == canonical,
                and_(T.indicator_id.is_(None), T.indicator_phrase == indicator),
            )
        )
    if dimension:
        query = query.where(Ind.dimension == dimension)
    if year:
        query = query.where(T.deadline_year == year)
    return query


@dataclass(slots=True)
class _Target:
    id: int
    region: str | None
    indicator_id: str | None
    phrase: str
    value: float
    value_high: float | None
    unit: str
    comparator: str
    measure: str
    deadline: int | None
    statement_id: int
    sentence: str
    offset: int
    document_id: int
    document: str
    doc_year: int | None
    ind_name: str | None
    ind_unit: str | None
    direction: str
    dimension: str
    nature: str | None
    ceiling: bool
    region_name: str | None
    parent_code: str | None

    def window(self) -> tuple[int, int] | None:
        """The years this target's verdict may read: its plan period and the year before
        its deadline."""
        if self.deadline is None:
            return None
        start = self.doc_year if self.doc_year is not None else self.deadline
        return min(start - 1, self.deadline - 1), self.deadline


def _targets(session: Session, query: Select[*tuple[Any, ...]]) -> list[_Target]:
    out = []
    for row in fetch_rows(session, query):
        (
            tid,
            region,
            ind,
            phrase,
            value,
            high,
            unit,
            comparator,
            measure,
            deadline,
            sid,
            sentence,
            start,
            sentence_start,
            doc_id,
            doc_name,
            doc_date,
            ind_name,
            ind_unit,
            direction,
            dimension,
            nature,
            ceiling,
            region_name,
            parent,
        ) = row
        out.append(
            _Target(
                tid,
                region,
                ind,
                phrase,
                float(value),
                None if high is None else float(high),
                unit,
                comparator,
                measure,
                deadline,
                sid,
                sentence,
                (start or 0) - (sentence_start or 0),
                doc_id,
                doc_name,
                year_of(doc_date),
                ind_name,
                ind_unit,
                direction or "higher",
                dimension or "",
                (nature or "stock") if ind is not None and ind_name else None,
                bool(ceiling),
                region_name,
                parent,
            )
        )
    return out


def _promise(t: _Target) -> Promise:
    # the words of the period matter to a growth and a flow (年均, 累计, 每年), not a level
    wordy = t.measure == "growth" or t.nature == "flow" or t.nature is None
    period = target_period(t.sentence, t.offset) if wordy and t.sentence else "year"
    return Promise(
        value=t.value,
        deadline=t.deadline,
        measure=t.measure,
        comparator=t.comparator,
        value_high=t.value_high,
        nature=t.nature,
        direction=t.direction,
        ceiling=t.ceiling,
        start=t.doc_year,
        period=period,
        unit="%" if t.measure == "growth" else t.unit,
        indicator=t.ind_name or t.phrase,
        level_unit=series_of(t.measure, t.unit, t.ind_unit)[1],
    )


def _sources(session: Session, ids: Collection[int]) -> dict[int, tuple[Any, ...]]:
    """observation id → (source kind, sentence, document name, document id, statement
    id, import file name) for the figures shown."""
    if not ids:
        return {}
    O, St, D, B = models.Observation, models.Statement, models.Document, models.ImportBatch  # noqa: E741
    out: dict[int, tuple[Any, ...]] = {}
    wanted = sorted(ids)
    for k in range(0, len(wanted), CHUNK):
        for oid, kind, sentence, doc_name, doc_id, sid, file_name in session.execute(
            select(O.id, O.source_kind, St.sentence, D.name, D.id, St.id, B.file_name)
            .outerjoin(St, O.statement_id == St.id)
            .outerjoin(D, St.document_id == D.id)
            .outerjoin(B, O.import_id == B.id)
            .where(O.id.in_(wanted[k : k + CHUNK]))
        ):
            out[oid] = (kind, sentence or "", doc_name or file_name or "", doc_id, sid)
    return out


# --- the ledger -------------------------------------------------------------------


def this_year() -> int:
    """The year verdicts are made in: LUOSHI_AS_OF_YEAR if set, else today's."""
    return Settings().as_of_year or date.today().year


def verdicts(
    session: Session,
    *,
    region: str | None = None,
    regions: Sequence[str | None] | None = None,
    indicator: str | None = None,
    dimension: str | None = None,
    year: int | None = None,
    target_ids: Sequence[int] | None = None,
    as_of: int | None = None,
    detail: bool = True,
) -> Iterator[tuple[_Target, Promise, Verdict, dict[int, Figure]]]:
    """Each target the filters select, with its promise, its verdict and the level series
    it follows: the ledger's work without its rows (``detail=False``: no progress measure
    where it does not decide the status)."""
    now = as_of if as_of is not None else this_year()
    targets = _targets(
        session,
        _target_query(
            region=region,
            regions=regions,
            indicator=indicator,
            dimension=dimension,
            year=year,
            target_ids=target_ids,
        ),
    )
    windows: dict[tuple[str, str], tuple[int, int]] = {}
    for t in targets:
        w = t.window()
        if t.region is None or t.indicator_id is None or t.nature is None or w is None:
            continue
        key = (t.region, t.indicator_id)
        old = windows.get(key)
        windows[key] = w if old is None else (min(old[0], w[0]), max(old[1], w[1]))
    table = read_figures(session, windows)
    cache: dict[tuple[Any, ...], tuple[Evidence, dict[int, Figure]]] = {}
    for t in targets:
        same = (t.region, t.indicator_id, t.measure, t.unit, t.ind_unit)
        found = cache.get(same)
        if found is None:
            found = cache[same] = evidence(table, *same)
        figures, levels = found
        promise = _promise(t)
        yield t, promise, judge(promise, figures, as_of=now, detail=detail), levels


def ledger(
    session: Session,
    *,
    region: str | None = None,
    regions: Sequence[str | None] | None = None,
    indicator: str | None = None,
    dimension: str | None = None,
    year: int | None = None,
    target_ids: Sequence[int] | None = None,
    status: str | None = None,
    limit: int | None = None,
    as_of: int | None = None,
    sources: bool = True,
) -> list[LedgerRow]:
    """Every target the filters select, beside the result that answers it.

    ``regions`` lists region codes (None for targets of no region); ``year`` is the
    target's year (its deadline); ``status`` keeps one verdict status;
    ``as_of`` is the current year (a target of that year or later has not ended; default:
    :func:`this_year`). ``sources=False`` skips the result sentences and the series.
    """
    out: list[LedgerRow] = []
    for t, promise, verdict, levels in verdicts(
        session,
        region=region,
        regions=regions,
        indicator=indicator,
        dimension=dimension,
        year=year,
        target_ids=target_ids,
        as_of=as_of,
        detail=sources,
    ):
        if status and verdict.status != status:
            continue
        out.append(
            LedgerRow(
                target_id=t.id,
                region_code=t.region,
                region_name=t.region_name,
                parent_code=t.parent_code,
                indicator_id=t.indicator_id,
                indicator=t.ind_name or t.phrase,
                phrase=t.phrase,
                dimension=t.dimension,
                measure=t.measure,
                comparator=t.comparator,
                value=t.value,
                value_high=t.value_high,
                base_unit=t.unit,
                deadline=t.deadline,
                document_year=t.doc_year,
                period=promise.period,
                nature=t.nature,
                ceiling=t.ceiling,
                direction=t.direction,
                sentence=t.sentence,
                document=t.document,
                document_id=t.document_id,
                statement_id=t.statement_id,
                statement_start=t.offset,
                verdict=verdict,
                observations=[Point(y, levels[y].value) for y in sorted(levels)] if sources else [],
                level_unit=series_of(t.measure, t.unit, t.ind_unit)[1],
            )
        )
        if limit is not None and len(out) >= limit:
            break
    if sources:
        ids = {f.observation_id for r in out for f in r.verdict.figures if f.observation_id}
        said = _sources(session, ids)
        for r in out:
            for f in r.verdict.figures:
                kind, sentence, doc, doc_id, sid = said.get(
                    f.observation_id or -1, ("", "", "", None, None)
                )
                r.results.append(
                    Source(
                        f.year,
                        f.value,
                        f.measure,
                        f.period,
                        f.final,
                        f.observation_id,
                        kind,
                        sentence,
                        doc,
                        doc_id,
                        sid,
                    )
                )
    return out


# --- one indicator and year across regions ----------------------------------------


@dataclass
class CrossRegionRow:
    """One region's target and result for the indicator and year, beside its parent's."""

    row: LedgerRow
    parent_target: float | None  # the parent region's target for the same measure
    parent_region: str | None
    above_parent: float | None  # this target − the parent's (层层加码 when > 0)


@dataclass
class CrossRegion:
    """Every region's target and actual for one indicator and year, with counts."""

    indicator: str
    year: int
    measure: str
    rows: list[CrossRegionRow]
    counts: dict[Status, int]


def _preferred(rows: Sequence[LedgerRow]) -> LedgerRow:
    """Of one region's several targets for the indicator and year: the year's own target
    (set in that year's document) over a plan's, then the later document, then the
    first."""
    return sorted(
        rows,
        key=lambda r: (
            r.document_year == r.deadline,
            r.document_year or 0,
            -r.target_id,
        ),
        reverse=True,
    )[0]


def cross_region(
    session: Session,
    indicator: str,
    year: int,
    *,
    measure: str | None = None,
    parent: str | None = None,
    as_of: int | None = None,
) -> CrossRegion:
    """Every region's target for ``indicator`` in ``year`` beside its actual, sorted by the
    target (highest first), with the counts met and missed, and each region's target
    beside its parent region's (the nation's beside the provinces')."""
    rows = [
        r
        for r in ledger(session, indicator=indicator, year=year, as_of=as_of)
        if r.region_code is not None and r.measure != "ratio"
    ]
    if measure is None and rows:
        by_measure: dict[str, int] = defaultdict(int)
        for r in rows:
            by_measure[r.measure] += 1
        measure = max(sorted(by_measure), key=lambda m: by_measure[m])
    rows = [r for r in rows if r.measure == measure]
    grouped: dict[str, list[LedgerRow]] = defaultdict(list)
    for r in rows:
        grouped[str(r.region_code)].append(r)
    chosen = {code: _preferred(rs) for code, rs in grouped.items()}
    names = {code: r.region_name for code, r in chosen.items()}
    out: list[CrossRegionRow] = []
    for code, r in chosen.items():
        if parent is not None and code != parent and r.parent_code != parent:
            continue
        up = chosen.get(r.parent_code or "")
        out.append(
            CrossRegionRow(
                row=r,
                parent_target=up.value if up else None,
                parent_region=(names.get(r.parent_code or "") or r.parent_code) if up else None,
                above_parent=(r.value - up.value) if up else None,
            )
        )
    out.sort(key=lambda c: (-c.row.value, c.row.region_code or ""))
    counts = {s: 0 for s in STATUS_ORDER}
    for c in out:
        counts[c.row.status] += 1
    label = out[0].row.indicator if out else indicator
    return CrossRegion(indicator=label, year=year, measure=measure or "", rows=out, counts=counts)


_CMP = {"eq": "=", "ge": "≥", "le": "≤", "approx": "≈"}


def _finite(x: float | None, digits: int | None = None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(x, digits) if digits is not None else x


def ledger_record(r: LedgerRow) -> dict[str, Any]:
    """One ledger row as plain JSON-ready values: the promise beside the result, the
    verdict in Chinese and English, the gap (the 清单's columns, the API's fields)."""
    v = r.verdict
    latest, baseline = r.latest, r.baseline
    result = r.results[-1] if r.results else None  # the figure of the result's own year
    a = v.progress
    # the result is the verdict's actual (in the target's terms: a growth, a change) when
    # there is one, else the level series' latest figure
    actual = v.actual is not None and v.actual_year is not None and math.isfinite(v.actual)
    latest_measure = r.measure if actual and r.measure in ("growth", "change") else "level"
    latest_unit = ("%" if r.measure == "growth" else r.base_unit) if actual else r.level_unit
    return {
        "id": r.target_id,
        "region": r.region_name or r.region_code or "",
        "region_code": r.region_code,
        "parent_code": r.parent_code,
        "indicator": r.indicator,
        "indicator_id": r.indicator_id,
        "phrase": r.phrase,
        "dimension": r.dimension,
        "measure": r.measure,
        "period": r.period,
        "comparator": "–" if r.value_high is not None else _CMP.get(r.comparator, r.comparator),
        "comparator_code": "range" if r.value_high is not None else r.comparator,
        "target": r.value,
        "target_high": r.value_high,
        "unit": "%" if r.measure == "growth" else r.base_unit,
        "deadline": r.deadline,
        "document_year": r.document_year,
        "source": r.sentence,
        "document": r.document,
        "document_id": r.document_id,
        "statement_id": r.statement_id,
        "statement_start": r.statement_start,
        "baseline": _finite(baseline.value) if baseline else None,
        "baseline_year": baseline.year if baseline else None,
        "latest": _finite(latest.value) if latest else None,
        "latest_year": latest.year if latest else None,
        "latest_final": bool(v.figures) and all(f.final for f in v.figures),
        "latest_measure": latest_measure,
        "latest_unit": latest_unit,
        "level_unit": r.level_unit,
        "basis": v.basis,
        "result_source": result.sentence if result else "",
        "result_document": result.document if result else "",
        "result_document_id": result.document_id if result else None,
        "result_kind": result.source_kind if result else "",
        "status": v.status,
        "status_zh": v.status_zh,
        "status_en": v.status_en,
        "gap": _finite(v.gap, 6),
        "gap_share": _finite(v.gap_share, 6),
        "ratio": _finite(a.ratio, 3) if a is not None and a.ratio is not None else None,
        "conflict": v.conflict,
        "explanation": v.reason_zh,
        "explanation_en": v.reason_en,
        "spark": [[p.year, p.value] for p in r.observations if math.isfinite(p.value)],
    }
