"""Targets with their progress status, and the regions × indicators matrix, from a store.

This is where the tracker meets the plan store: it reads targets and observations with
:mod:`luoshi.store.repository`'s models and hands plain :class:`~luoshi.track.progress.Point`
series to :func:`~luoshi.track.progress.assess` and plain matrices to the comparison and
index functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Executable, and_, or_, select, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from luoshi.errors import TrackError
from luoshi.store import models
from luoshi.store.series import SERIES_MEASURE, series_of
from luoshi.track._sql import OuterFirst
from luoshi.track.consistency import Finding, check_plan
from luoshi.track.progress import STATUS_ZH, Assessment, Point, TargetSpec, assess

__all__ = [
    "Matrix",
    "ObservationRow",
    "TargetStatus",
    "assess_target",
    "observation_rows",
    "plan_findings",
    "preferred_first",
    "region_matrix",
    "series_key",
    "series_key_of",
    "series_of_rows",
    "target_statuses",
    "year_of",
]

_ASSESSED = frozenset(SERIES_MEASURE)


@dataclass
class TargetStatus:
    """One target, its progress status and the evidence behind it."""

    target_id: int
    region_code: str | None
    region_name: str | None
    indicator_id: str | None
    indicator: str
    dimension: str
    value: float
    base_unit: str
    comparator: str
    measure: str
    deadline: int | None
    status: str
    status_zh: str
    assessment: Assessment | None
    observations: list[Point] = field(default_factory=list)
    sentence: str = ""
    document: str = ""
    document_id: int | None = None
    statement_start: int | None = None
    document_year: int | None = None
    direction: str = "higher"


SeriesKey = tuple[str | None, str, str, str]


def series_key(
    region: str | None, indicator_id: str | None, phrase: str, measure: str, unit: str
) -> SeriesKey:
    """Observations follow one series only in one unit: figures in 吨 never mix with 元."""
    return region, indicator_id or f"phrase:{phrase}", measure, unit


#: Targets of these measures follow a series in their own unit; a change in points
#: follows the % series; the others follow their indicator's unit.
def series_key_of(t: models.Target, ind: models.Indicator | None) -> SeriesKey:
    """The series a target follows: its own unit for a level, share or rank; the
    indicator's level series for a growth or change (points follow the % series).
    (:func:`luoshi.store.series.series_of`; ``track.bulk`` mirrors it in SQL.)"""
    measure, unit = series_of(t.measure, t.base_unit, ind.unit if ind else None)
    return series_key(t.region_code, t.indicator_id, t.indicator_phrase, measure, unit)


def _preference(source_kind: str, observation_id: int) -> tuple[int, int]:
    """Which of two figures for one year counts: an imported table before a document,
    then the newer row."""
    return (1 if source_kind == "import" else 0, observation_id)


def preferred_first(o: type[models.Observation] | Any) -> tuple[ColumnElement[Any], ...]:
    """:func:`_preference` as an SQL ordering: the row that counts for its year first."""
    return (o.priority.desc(), o.id.desc())


#: (region, indicator id, phrase, measure, base unit, year, value, source kind, id)
ObservationRow = tuple[Any, ...]


def observation_rows(
    session: Session, regions: Collection[str | None] | None = None
) -> list[ObservationRow]:
    """Every observation with a year (of ``regions`` if given), as plain tuples: no ORM
    objects, only the columns a series needs."""
    o = models.Observation.__table__
    query = select(
        o.c.region_code, o.c.indicator_id, o.c.indicator_phrase, o.c.measure, o.c.base_unit,
        o.c.year, o.c.value, o.c.source_kind, o.c.id,
    ).where(o.c.year.is_not(None))  # fmt: skip
    if regions is not None:
        conds = []
        if None in regions:
            conds.append(o.c.region_code.is_(None))
        named = sorted(r for r in regions if r is not None)
        if named:
            conds.append(o.c.region_code.in_(named))
        if not conds:
            return []
        query = query.where(or_(*conds))
    return [tuple(r) for r in session.connection().execute(query)]


def series_of_rows(
    rows: Sequence[ObservationRow], keys: Collection[SeriesKey] | None = None
) -> dict[SeriesKey, list[Point]]:
    """Observations by series (of ``keys`` if given), one value a year in year order: an
    imported table before a document, then the newer row (:func:`_preference`)."""
    best: dict[tuple[SeriesKey, int], tuple[int, int, float]] = {}
    for region, ind, phrase, measure, unit, year, value, kind, oid in rows:
        skey = series_key(region, ind, phrase, measure, unit)
        if keys is not None and skey not in keys:
            continue
        cell = (skey, int(year or 0))
        rank = _preference(kind, oid)
        if cell not in best or rank > best[cell][:2]:
            best[cell] = (*rank, value)
    series: dict[SeriesKey, list[Point]] = defaultdict(list)
    for (skey, year), (_, _, value) in sorted(best.items(), key=lambda kv: kv[0][1]):
        series[skey].append(Point(year, value))
    return series


def target_statuses(
    session: Session,
    *,
    region: str | None = None,
    target_ids: Sequence[int] | None = None,
    indicator: str | None = None,
    dimension: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int | None = None,
    observations: Sequence[ObservationRow] | None = None,
) -> list[TargetStatus]:
    """Targets (filtered), each assessed against the series it follows.

    Only the observations of the listed targets' regions are read (a region page reads
    its own, not the store's); ``observations`` passes rows of :func:`observation_rows`
    a caller has read already.
    """
    T, St, D = models.Target, models.Statement, models.Document
    # only the columns shown: a document's text and offset map can be megabytes
    query = (
        select(T, St.sentence, St.start, D.id, D.name, D.date, models.Indicator, models.Region)
        .join(St, T.statement_id == St.id)
        .join(D, St.document_id == D.id)
        .outerjoin(models.Indicator, T.indicator_id == models.Indicator.id)
        .outerjoin(models.Region, T.region_code == models.Region.code)
        .order_by(T.region_code, T.indicator_id, T.id)
    )
    if region:
        query = query.where(T.region_code == region)
    if target_ids is not None:
        query = query.where(T.id.in_(list(target_ids)))
    if indicator:
        query = query.where((T.indicator_id == indicator) | (T.indicator_phrase == indicator))
    if dimension:
        query = query.where(models.Indicator.dimension == dimension)
    if year:
        query = query.where(T.deadline_year == year)
    if limit is not None and not status:
        query = query.limit(limit)
    rows = session.execute(query).all()
    keys = {row[0].id: series_key_of(row[0], row[6]) for row in rows}
    if observations is None:
        observations = observation_rows(session, {k[0] for k in keys.values()})
    series = series_of_rows(observations, set(keys.values()))
    out: list[TargetStatus] = []
    for t, sentence, st_start, doc_id, doc_name, doc_date, ind, reg in rows:
        obs = series.get(keys[t.id], [])
        assessment = assess_target(t, ind, obs, year_of(doc_date))
        code = assessment.status if assessment else "insufficient_data"
        if status and code != status:
            continue
        out.append(
            TargetStatus(
                target_id=t.id,
                region_code=t.region_code,
                region_name=reg.name if reg else None,
                indicator_id=t.indicator_id,
                indicator=ind.name if ind else t.indicator_phrase,
                dimension=ind.dimension if ind else "",
                value=t.value,
                base_unit=t.base_unit,
                comparator=t.comparator,
                measure=t.measure,
                deadline=t.deadline_year,
                status=code,
                status_zh=STATUS_ZH[code],
                assessment=assessment,
                observations=list(obs),
                sentence=sentence,
                document=doc_name,
                document_id=doc_id,
                statement_start=st_start,
                document_year=year_of(doc_date),
                direction=ind.direction if ind else "higher",
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


def year_of(date: str | None) -> int | None:
    """The year of a stored document date (its first four characters, when digits)."""
    return int(date[:4]) if date and date[:4].isdigit() else None


def assess_target(
    t: models.Target, ind: models.Indicator | None, obs: Sequence[Point], doc_year: int | None
) -> Assessment | None:
    """One target assessed on its series ``obs`` (None when it cannot be assessed)."""
    if t.measure not in _ASSESSED or t.deadline_year is None:
        return None
    # The baseline is the plan's base year: the year before the document that set the
    # target (a 2021 plan measures from 2020). A stored baseline counts only if it is that
    # old; otherwise the observations give it.
    base_year = doc_year - 1 if doc_year else None
    baseline = (
        Point(t.baseline_year, t.baseline_value)
        if t.baseline_year is not None
        and t.baseline_value is not None
        and (base_year is None or t.baseline_year <= base_year)
        else None
    )
    try:
        spec = TargetSpec(
            value=t.value,
            deadline=t.deadline_year,
            measure=t.measure,  # type: ignore[arg-type]
            comparator=t.comparator,  # type: ignore[arg-type]
            direction=(ind.direction if ind else "higher"),  # type: ignore[arg-type]
            baseline=baseline if baseline and baseline.year < t.deadline_year else None,
        )
        return assess(spec, obs, base_year=base_year)
    except TrackError:
        return None


@dataclass
class Matrix:
    """Regions × canonical indicators: the latest observed level of each, with its year."""

    regions: list[str]
    region_names: list[str]
    indicators: list[str]
    indicator_names: list[str]
    directions: list[str]
    dimensions: list[str]
    values: NDArray[np.float64]
    years: NDArray[np.float64]


def region_matrix(
    session: Session,
    *,
    regions: Sequence[str] | None = None,
    parent: str | None = None,
    indicators: Sequence[str] | None = None,
    dimension: str | None = None,
    year: int | None = None,
) -> Matrix:
    """The latest observed level (up to ``year``) of every canonical indicator per region,
    in the indicator's own unit (a column compares like with like).

    For each region and indicator the database seeks the series' latest row, the
    preferred one of its year (:func:`preferred_first`), in the series index: at 3,000
    regions × 60 indicators × 15 years, 180,000 seeks instead of reading 2.7 million rows
    (SQLite). PostgreSQL reads them once in order and keeps each cell's first.
    """
    o, r, i = models.Observation, models.Region, models.Indicator
    filters = [o.measure == "level", o.year.is_not(None)]
    if year is not None:
        filters.append(o.year <= year)
    seek = [o.region_code == r.code, o.indicator_id == i.id, o.base_unit == i.unit, *filters]
    pick = (
        select(o.id)
        .where(*seek)
        .order_by(o.year.desc(), *preferred_first(o))
        .limit(1)
        .correlate(r, i)
        .scalar_subquery()
    )
    pairs_where: list[ColumnElement[bool]] = []
    if regions:
        pairs_where.append(r.code.in_(list(regions)))
    if parent:
        pairs_where.append(r.parent_code == parent)
    if indicators:
        pairs_where.append(i.id.in_(list(indicators)))
    query: Executable
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL keeps the first row of each (region, indicator) in the order asked
        # (DISTINCT ON) in one pass, about twice as fast there as a seek per cell
        query = (
            select(o.region_code, o.indicator_id, o.year, o.value)
            .ext(distinct_on(o.region_code, o.indicator_id))
            .join(r, o.region_code == r.code)
            .join(i, and_(o.indicator_id == i.id, o.base_unit == i.unit))
            .where(*filters, *pairs_where)
            .order_by(o.region_code, o.indicator_id, o.year.desc(), *preferred_first(o))
        )
    else:
        pairs = (
            select(r.code.label("r"), i.id.label("i"), pick.label("oid"))
            .select_from(OuterFirst(r.__table__, i.__table__, true()))
            .where(*pairs_where)
            .subquery()
        )
        query = select(pairs.c.r, pairs.c.i, o.year, o.value).join(o, o.id == pairs.c.oid)
    latest: dict[tuple[str, str], tuple[int, float]] = {
        (str(reg), str(ind)): (int(yr), value)
        for reg, ind, yr, value in session.execute(query).all()
    }
    meta = {i.id: i for i in session.scalars(select(models.Indicator)).all()}
    wanted_inds = sorted(
        {
            ind
            for _, ind in latest
            if not dimension or (meta.get(ind) and meta[ind].dimension == dimension)
        }
    )
    region_codes = sorted({reg for reg, _ in latest})
    names = {
        r.code: r.name
        for r in session.scalars(select(models.Region).where(models.Region.code.in_(region_codes)))
    }
    values = np.full((len(region_codes), len(wanted_inds)), np.nan)
    years = np.full_like(values, np.nan)
    r_index = {c: i for i, c in enumerate(region_codes)}
    i_index = {c: j for j, c in enumerate(wanted_inds)}
    for (reg, ind), (yr, value) in latest.items():
        if ind in i_index:
            values[r_index[reg], i_index[ind]] = value
            years[r_index[reg], i_index[ind]] = yr
    return Matrix(
        regions=region_codes,
        region_names=[names.get(c, c) for c in region_codes],
        indicators=wanted_inds,
        indicator_names=[meta[i].name if i in meta else i for i in wanted_inds],
        directions=[meta[i].direction if i in meta else "higher" for i in wanted_inds],
        dimensions=[meta[i].dimension if i in meta else "" for i in wanted_inds],
        values=values,
        years=years,
    )


def plan_findings(statuses: Sequence[TargetStatus]) -> list[Finding]:
    """Level and growth targets of one plan (document) and indicator that cannot both
    hold, checked against the observed base-year value."""
    by_plan: dict[int | None, list[TargetStatus]] = defaultdict(list)
    for t in statuses:
        if t.measure in ("level", "growth") and t.deadline is not None:
            by_plan[t.document_id].append(t)
    found: list[Finding] = []
    for plan in by_plan.values():
        specs: list[tuple[str, TargetSpec]] = []
        observations: dict[str, list[Point]] = {}
        for t in plan:
            try:
                spec = TargetSpec(
                    value=t.value,
                    deadline=t.deadline or 0,
                    measure=t.measure,  # type: ignore[arg-type]
                    comparator=t.comparator,  # type: ignore[arg-type]
                    direction=t.direction,  # type: ignore[arg-type]
                )
            except TrackError:
                continue
            specs.append((t.indicator, spec))
            observations.setdefault(t.indicator, list(t.observations))
        year = plan[0].document_year
        found.extend(check_plan(specs, observations, base_year=year - 1 if year else None))
    return found
