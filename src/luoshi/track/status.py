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
from luoshi.track.ledger import LedgerRow, ledger, year_of
from luoshi.track.progress import Point, TargetSpec

__all__ = [
    "Matrix",
    "ObservationRow",
    "TargetStatus",
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


#: A target with its verdict and the evidence behind it (one row of the ledger).
TargetStatus = LedgerRow


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
    as_of: int | None = None,
) -> list[TargetStatus]:
    """Targets (filtered), each with its verdict (:func:`luoshi.track.ledger.ledger`).

    ``year`` is the target's year; ``as_of`` the current year (default: today's).
    """
    return ledger(
        session,
        region=region,
        target_ids=target_ids,
        indicator=indicator,
        dimension=dimension,
        year=year,
        status=status,
        limit=limit,
        as_of=as_of,
    )


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
    units: list[str] = field(default_factory=list)  # each indicator's unit (its base unit)


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
        units=[meta[i].unit if i in meta else "" for i in wanted_inds],
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
