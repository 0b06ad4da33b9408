"""The figures that can answer a target: which of a year's observations counts, and as what.

A work report gives last year's results beside a five-year review and this year's plan.
For each region, indicator, measure and unit, every observation of a year is sorted into
a kind — a one-year result, a multi-year average or total (:mod:`luoshi.store.periods`),
or a figure said before its year ended (a document of that year or earlier: a
year-to-date figure, or a target misread as a result; it never decides a verdict) — and
of each kind and year one figure counts: an imported table first, then a figure whose
words are the indicator's own name (地区生产总值 over 单位地区生产总值能耗), then one stated
plainly (5.2% over 控制在5.5%以内, a target's words), then the later document (the
newer document of one year), and of one document the first figure. Figures of one kind and
year that disagree are flagged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Select, case, func, literal, select
from sqlalchemy.orm import Session

from luoshi.store import models
from luoshi.store.periods import figure_period
from luoshi.store.series import series_of
from luoshi.track.verdict import Evidence, Figure

__all__ = ["CHUNK", "FigureTable", "evidence", "fetch_rows", "read_figures", "year_of"]

#: Region prefixes a figure's words may carry before the indicator's own name
#: (全省地区生产总值 is 地区生产总值).
_PLACE_PREFIXES = (
    "全国",
    "全省",
    "全市",
    "全区",
    "全县",
    "全州",
    "全盟",
    "全旗",
    "我省",
    "我市",
    "我区",
    "我县",
    "本省",
    "本市",
    "全自治区",
)
#: At most this many ids in one IN list (SQLite allows 32,766 variables; stay far below).
CHUNK = 5000


def year_of(value: str | None) -> int | None:
    """The year of a stored document date (its first four characters, when digits)."""
    return int(value[:4]) if value and value[:4].isdigit() and int(value[:4]) else None


#: (region, indicator, measure, unit, year, value, kind, priority, id, phrase, statement,
#:  words before the figure, document date, period, comparator, document id, start)
_ObsRow = tuple[Any, ...]


def read_figures(session: Session, windows: dict[tuple[str, str], tuple[int, int]]) -> FigureTable:
    """The figure table of every (region, indicator) in ``windows``, of their years only
    (each window a first and last year)."""
    rows = _observations(session, windows)
    names, natures = _names(session, {i for _, i in windows})
    return _bucket(rows, names, natures)


def _observations(
    session: Session, windows: dict[tuple[str, str], tuple[int, int]]
) -> list[_ObsRow]:
    """The observations of every (region, indicator) in ``windows``, of their years only."""
    if not windows:
        return []
    O, St, D = models.Observation, models.Statement, models.Document  # noqa: E741
    offset = St.start - St.sentence_start
    before = case((offset > 0, func.substr(St.sentence, 1, offset)), else_=literal(""))
    columns = (
        O.region_code,
        O.indicator_id,
        O.measure,
        O.base_unit,
        O.year,
        O.value,
        O.source_kind,
        O.priority,
        O.id,
        O.indicator_phrase,
        O.statement_id,
        before,
        D.date,
        O.period,
        St.comparator,
        D.id,
        St.start,
    )
    by_region: dict[str, list[str]] = defaultdict(list)
    for region, ind in windows:
        by_region[region].append(ind)
    lo = min(w[0] for w in windows.values())
    hi = max(w[1] for w in windows.values())
    rows: list[_ObsRow] = []
    regions = sorted(by_region)
    indicators = sorted({ind for _, ind in windows})
    base = (
        select(*columns)
        .outerjoin(St, O.statement_id == St.id)
        .outerjoin(D, St.document_id == D.id)
        .where(O.year.between(lo, hi))
    )
    # one region: seek its series; many: the regions in chunks (each an index range)
    for k in range(0, len(regions), CHUNK):
        chunk = regions[k : k + CHUNK]
        where: list[ColumnElement[bool]] = [
            O.region_code.in_(chunk) if len(chunk) > 1 else O.region_code == chunk[0]
        ]
        inds = sorted({i for r in chunk for i in by_region[r]})
        if len(inds) < len(indicators) or len(inds) <= 60:
            where.append(O.indicator_id.in_(inds))
        rows.extend(
            row
            for row in fetch_rows(session, base.where(*where))
            if (w := windows.get((row[0], row[1]))) is not None and w[0] <= row[4] <= w[1]
        )
    return rows


def fetch_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as the driver's own tuples: SQLAlchemy's row objects cost
    more than the query where a ledger reads hundreds of thousands of figures."""
    result = session.connection().execute(query)
    if isinstance(result, CursorResult) and result.cursor is not None:
        rows: list[tuple[Any, ...]] = list(result.cursor.fetchall())
        result.close()
        return rows
    return [tuple(r) for r in result]


def _names(
    session: Session, ids: Collection[str]
) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Each canonical indicator's own names (name and synonyms), and its nature."""
    if not ids:
        return {}, {}
    Ind = models.Indicator
    names: dict[str, frozenset[str]] = {}
    natures: dict[str, str] = {}
    for ident, name, synonyms, nature in session.execute(
        select(Ind.id, Ind.name, Ind.synonyms, Ind.nature).where(Ind.id.in_(sorted(ids)))
    ):
        names[ident] = frozenset([name, *(synonyms or [])])
        natures[ident] = nature or "stock"
    return names, natures


def _own_name(phrase: str, names: frozenset[str]) -> bool:
    if phrase in names:
        return True
    for prefix in _PLACE_PREFIXES:
        if phrase.startswith(prefix) and phrase[len(prefix) :] in names:
            return True
    return False


# --- choosing the figure that counts ----------------------------------------------

_Series = tuple[str, str, str, str]  # region, indicator, measure, unit
#: year → (rank, the figure that counts)
_Ranked = tuple[dict[int, Figure], dict[int, tuple[int, ...]]]
#: (series, kind) → the figures that count, year by year, and their ranks
FigureTable = dict[tuple[_Series, str], _Ranked]


#: A figure stated plainly is a result; one qualified as a target words it (控制在5.5%以内,
#: 增长4.5%左右, 40万人以上) is more often a target misread than the year's result.
_PLAIN = ("eq", None)


def _bucket(
    rows: Iterable[_ObsRow], names: dict[str, frozenset[str]], natures: dict[str, str]
) -> FigureTable:
    """Per series and kind (year, average, total, to_date), the figure that counts each
    year (flagged when another figure of that kind and year disagrees), with its rank.

    A stock's or a rate's level over a period is still the level of its last year: only
    growth rates and flows are kept apart by the span they cover.
    """
    found: dict[tuple[_Series, str, int], list[tuple[tuple[int, ...], float]]] = {}
    own: dict[tuple[str, str], int] = {}
    empty: frozenset[str] = frozenset()
    for (region, ind, measure, unit, year, value, kind, priority, oid, phrase, sid, before,
         doc_date, period, comparator, doc_id, start) in rows:  # fmt: skip
        if value is None or not math.isfinite(value):
            continue
        reported = year_of(doc_date) if doc_date is not None and kind == "document" else None
        if reported is not None and reported <= year:
            cls = "to_date"  # said before its year ended: not a result
        elif period is not None:
            cls = period
        elif sid is not None and before:
            cls = figure_period(before, len(before))
        else:
            cls = "year"
        if cls in ("average", "total") and measure != "growth" and natures.get(ind) != "flow":
            cls = "year"  # a stock's level at a period's end is its last year's level
        exact = own.get((ind, phrase))
        if exact is None:
            exact = own[ind, phrase] = int(_own_name(phrase or "", names.get(ind, empty)))
        key = ((region, ind, measure, unit), cls, year)
        plain = int(comparator in _PLAIN)
        # of one document the first figure: the ones after it in its sentence often only
        # continue its indicator's words (城镇新增就业54.58万人，…13.2万脱贫人口…)
        rank: tuple[int, ...] = (
            priority or 0,
            exact,
            plain,
            reported or 0,
            doc_id or 0,
            -(start or 0),
            oid,
        )
        entry = (rank, value)
        cell = found.get(key)
        if cell is None:
            found[key] = [entry]
        else:
            cell.append(entry)
    out: FigureTable = {}
    for (series, cls, year), cands in found.items():
        best_rank, value = max(cands) if len(cands) > 1 else cands[0]
        disagree = len(cands) > 1 and any(
            not math.isclose(c[1], value, rel_tol=1e-9) for c in cands
        )
        figure = Figure(
            year,
            float(value),
            "growth" if series[2] == "growth" else "level",
            cls,
            cls != "to_date",
            best_rank[-1],
            disagree,
        )
        maps = out.get((series, cls))
        if maps is None:
            maps = out[series, cls] = ({}, {})
        maps[0][year], maps[1][year] = figure, best_rank
    return out


_NOTHING: dict[int, Figure] = {}


def _figures(*maps: _Ranked | None) -> dict[int, Figure]:
    """One figure a year from one or several series (a share's level and share rows):
    the better-ranked one. One series' figures are shared, not copied: no caller writes."""
    present = [m for m in maps if m]
    if not present:
        return _NOTHING
    if len(present) == 1:
        return present[0][0]
    best: dict[int, tuple[tuple[int, ...], Figure]] = {}
    for figures, ranks in present:
        for year, figure in figures.items():
            if year not in best or ranks[year] > best[year][0]:
                best[year] = (ranks[year], figure)
    return {year: cell[1] for year, cell in best.items()}


def evidence(
    table: FigureTable,
    region: str | None,
    indicator: str | None,
    measure: str,
    unit: str,
    indicator_unit: str | None,
) -> tuple[Evidence, dict[int, Figure]]:
    """The figures that can answer a target of ``measure`` in ``unit`` (of a region and
    canonical indicator), and the level series it follows, for a chart."""
    if region is None or indicator is None:
        return Evidence(), _NOTHING
    r, i = region, indicator
    series_measure, series_unit = series_of(measure, unit, indicator_unit)
    level: _Series = (r, i, series_measure, series_unit)
    share: _Series | None = (
        (r, i, "share", series_unit)
        if series_measure == "level" and measure in ("level", "share")
        else None
    )

    def kind(cls: str, key: _Series, other: _Series | None = None) -> dict[int, Figure]:
        return _figures(table.get((key, cls)), table.get((other, cls)) if other else None)

    levels = kind("year", level, share)
    if measure == "growth":
        growth: _Series = (r, i, "growth", "%")
        evidence = Evidence(
            levels=levels,
            growth=kind("year", growth),
            averages=kind("average", growth),
            totals=kind("total", growth),
            to_date=kind("to_date", growth),
        )
    else:
        evidence = Evidence(
            levels=levels,
            totals=kind("total", level, share),
            to_date=kind("to_date", level, share),
        )
    return evidence, levels
