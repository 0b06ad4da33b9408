"""assess_all: the same status for every target as the ledger, on SQLite and PostgreSQL.

The store holds one plan per region (dated 2021, so base year 2020) and observations
2017–2024 with the cases that decide a status: an import and two documents for one
year, a stored baseline before and after the base year, a plan without a date, a
target without a deadline, an unknown comparator, a rank target without a rank series,
a target of no canonical indicator, a target of no region, an infinite value, a date
in full-width digits, a series that stops at the base year, one that starts after the
deadline, and a target in another unit than its series. It is judged as of 2024 (the
plans still running) and as of 2026 (their deadline past).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from luoshi.store import Store, models, open_store
from luoshi.track.bulk import assess_all
from luoshi.track.progress import STATUSES
from luoshi.track.status import region_matrix, target_statuses
from tests.store.conftest import open_url, pg_server, store_url  # noqa: F401 - fixtures

_counter = itertools.count(1)


def _document(session: Session, region: str | None, date: str | None) -> models.Document:
    doc = models.Document(
        content_hash=f"{next(_counter):064d}", name=f"plan-{region}-{date}.txt", date=date,
        region_code=region, format="text", text="", source_text="",
    )  # fmt: skip
    session.add(doc)
    return doc


def _target(
    session: Session,
    doc: models.Document,
    region: str | None,
    indicator: str | None,
    value: float,
    *,
    measure: str = "level",
    comparator: str = "ge",
    deadline: int | None = 2025,
    phrase: str = "指标",
    baseline: tuple[int, float] | None = None,
    unit: str = "元",
) -> None:
    st = models.Statement(
        document=doc, text="", sentence=f"{phrase}{value}", value=value, unit="",
        base_value=value, base_unit="", base_value_num=value, indicator=phrase,
        indicator_id=indicator, kind="target", measure=measure, comparator=comparator,
        year=deadline, start=0, end=1, source_start=0, source_end=1, sentence_start=0,
        form="number", region_code=region, confidence=1.0,
    )  # fmt: skip
    session.add(st)
    session.flush()
    session.add(
        models.Target(
            region_code=region, indicator_id=indicator, indicator_phrase=phrase, value=value,
            unit=unit, base_unit=unit, comparator=comparator, measure=measure,
            deadline_year=deadline, statement_id=st.id,
            baseline_year=baseline[0] if baseline else None,
            baseline_value=baseline[1] if baseline else None,
        )
    )  # fmt: skip


def _observe(
    session: Session,
    region: str | None,
    indicator: str | None,
    values: dict[int, float],
    *,
    kind: str = "document",
    measure: str = "level",
    phrase: str = "指标",
    unit: str = "元",
) -> None:
    for year, value in values.items():
        session.add(
            models.Observation(
                region_code=region, indicator_id=indicator, indicator_phrase=phrase, year=year,
                value=value, base_unit=unit, measure=measure, source_kind=kind,
            )
        )  # fmt: skip


def _build(store: Store) -> None:
    with store.session() as s:
        for code in ("A", "B", "C"):
            s.add(models.Region(code=code, name=f"区{code}", level="zone", is_official=False))
        s.flush()
        a, b = _document(s, "A", "2021-03-01"), _document(s, "B", None)
        c, nowhere = _document(s, "C", "2021"), _document(s, None, "2021-05")
        s.flush()
        # A: a rising GDP; 2022 has a document value, a newer document value and an import
        gdp = {2017: 40.0, 2018: 44.0, 2019: 47.0, 2020: 50.0, 2021: 54.0, 2023: 61.0}
        _observe(s, "A", "gdp", gdp)
        _observe(s, "A", "gdp", {2022: 10.0})
        _observe(s, "A", "gdp", {2022: 99.0})
        _observe(s, "A", "gdp", {2022: 57.0}, kind="import")
        _observe(s, "A", "gdp", {2022: 5.0})  # newer document, but the import wins
        _observe(
            s, "A", "pm25", {2019: 40.0, 2020: 38.0, 2021: 37.0, 2022: 36.5}, unit="微克/立方米"
        )
        _observe(s, "A", "urbanization_rate", {2020: 50.0, 2022: 53.0}, unit="%")
        _observe(s, "A", "rd_intensity", {2020: 1.8, 2023: 2.1}, unit="%")
        _observe(s, "A", None, {2020: 10.0, 2023: 14.0}, phrase="夜间经济", unit="家")
        _observe(
            s, "A", "forest_coverage", {2018: 40.0, 2020: 41.0}, unit="%"
        )  # stops at the base year
        _observe(
            s, "A", "grain_output", {2026: 5.0, 2027: 6.0}, unit="吨"
        )  # starts after the deadline
        for value in (70.0, 60.0, 100.0, 58.0):
            _target(s, a, "A", "gdp", value)
        _target(s, a, "A", "gdp", 8.5, measure="growth")
        _target(s, a, "A", "gdp", 5.0, measure="growth", comparator="le")
        _target(s, a, "A", "gdp", 70.0, baseline=(2019, 45.0))  # stored, before 2020: used
        _target(s, a, "A", "gdp", 70.0, baseline=(2022, 45.0))  # stored, after 2020: ignored
        _target(s, a, "A", "gdp", 70.0, deadline=None)
        _target(s, a, "A", "gdp", 70.0, comparator="about")
        _target(s, a, "A", "gdp", 3.0, measure="rank")
        _target(s, a, "A", "gdp", 70.0, measure="ratio")
        _target(s, a, "A", "gdp", 55.0, deadline=2021)
        _target(s, a, "A", "pm25", 35.0, comparator="le", unit="微克/立方米")
        _target(s, a, "A", "pm25", 35.0, comparator="eq", unit="微克/立方米")
        _target(s, a, "A", "urbanization_rate", 58.0, measure="share", unit="%")
        _target(s, a, "A", "rd_intensity", 0.5, measure="change", unit="个百分点")
        _target(s, a, "A", None, 20.0, phrase="夜间经济", unit="家")
        _target(s, a, "A", None, 20.0, phrase="夜间经济", measure="growth", unit="家")
        _target(s, a, "A", None, 20.0, phrase="别的")
        _target(s, a, "A", "forest_coverage", 45.0, unit="%")
        _target(s, a, "A", "grain_output", 5.5, unit="吨")
        _target(s, a, "A", "grain_output", 5.5, unit="万吨")  # no series in 万吨
        _target(s, a, "A", "retail_sales", 100.0)  # no observations at all
        # B: no document date, so the earliest observation is the baseline
        _observe(s, "B", "gdp", {2015: 20.0, 2019: 30.0, 2021: 33.0, 2024: 45.0})
        _target(s, b, "B", "gdp", 50.0)
        _target(s, b, "B", "gdp", 40.0, deadline=2022)
        # a newer document value for 2021 that is infinite: status.py drops the year
        _observe(s, "B", "gdp", {2021: math.inf})
        # C: only an import table; and a plan of no region, matched to observations of none
        _observe(s, "C", "gdp", {2020: 100.0, 2021: 80.0}, kind="import")
        _target(s, c, "C", "gdp", 120.0)
        wide = _document(s, "C", "２０２２年")  # full-width digits: str.isdigit reads them
        s.flush()
        _target(s, wide, "C", "gdp", 120.0)
        _observe(s, None, "gdp", {2020: 1.0, 2022: 3.0})
        _target(s, nowhere, None, "gdp", 2.0)


@pytest.fixture
def built(store_url: str, open_url: Callable[[str], Store]) -> Store:  # noqa: F811
    store = open_url(store_url)
    store.migrate()
    _build(store)
    return store


def _expected(session: Session, as_of: int, **filters: Any) -> dict[int, str]:
    return {t.target_id: t.status for t in target_statuses(session, as_of=as_of, **filters)}


@pytest.mark.parametrize("as_of", [2024, 2026])
def test_assess_all_matches_the_ledger(built: Store, as_of: int) -> None:
    with built.session() as s:
        expected = _expected(s, as_of)
        bulk = assess_all(s, as_of=as_of, batch=2)  # several batches of regions
    got = dict(zip(bulk.target_ids.tolist(), bulk.statuses(), strict=True))
    assert got == expected
    assert bulk.counts == {s: list(expected.values()).count(s) for s in STATUSES}
    # the store gives many statuses, so the comparison means something
    assert len(set(expected.values())) >= 4


def test_ratios_match(built: Store) -> None:
    with built.session() as s:
        statuses = target_statuses(s, as_of=2024)
        bulk = assess_all(s, as_of=2024)
    ratio = dict(zip(bulk.target_ids.tolist(), bulk.ratio.tolist(), strict=True))
    for t in statuses:
        want = t.assessment.ratio if t.assessment else None
        if want is None:
            assert math.isnan(ratio[t.target_id])
        else:
            assert ratio[t.target_id] == pytest.approx(want)


def test_region_filter(built: Store) -> None:
    with built.session() as s:
        expected = _expected(s, 2026, region="B")
        bulk = assess_all(s, region="B", as_of=2026)
    assert dict(zip(bulk.target_ids.tolist(), bulk.statuses(), strict=True)) == expected
    assert len(expected) == 2


def test_statuses_of_the_plans(built: Store) -> None:
    """A few verdicts of the store, by hand: before and after the plans' deadline."""
    with built.session() as s:
        before = {t.target_id: t for t in target_statuses(s, region="A", as_of=2024)}
        after = {t.target_id: t for t in target_statuses(s, region="A", as_of=2026)}
    by_value: dict[tuple[Any, ...], Any] = {}
    for t in sorted(before.values(), key=lambda t: t.target_id):  # the first of each
        if t.deadline == 2025:
            by_value.setdefault((t.indicator_id, t.measure, t.value, t.comparator), t)
    # 58 by 2025, 61 in 2023: reached early
    assert by_value["gdp", "level", 58.0, "ge"].status == "achieved"
    # 70 by 2025 from 50 in 2020 to 61 in 2023 (57 in 2022 from the import): on track
    assert by_value["gdp", "level", 70.0, "ge"].status == "on_track"
    # no canonical indicator: no verdict, never a guess
    assert all(t.status == "no_verdict" for t in before.values() if t.indicator_id is None)
    # once 2025 is over without a 2025 figure: insufficient data, not a guess
    tid = by_value["gdp", "level", 70.0, "ge"].target_id
    assert after[tid].status == "insufficient_data"


def test_an_empty_store(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/x.db") as store:
        store.migrate()
        with store.session() as s:
            bulk = assess_all(s)
    assert bulk.target_ids.size == 0
    assert sum(bulk.counts.values()) == 0


def test_region_matrix_takes_the_row_that_counts(built: Store) -> None:
    """The latest year in the indicator's unit; in a year, the import before documents."""
    with built.session() as s:
        latest = region_matrix(s)
        by_2022 = region_matrix(s, year=2022)
        only_b = region_matrix(s, regions=["B"], indicators=["gdp"])

    def cell(m: Any, region: str, indicator: str) -> tuple[float, float]:
        i, j = m.regions.index(region), m.indicators.index(indicator)
        return float(m.values[i, j]), float(m.years[i, j])

    assert cell(latest, "A", "gdp") == (61.0, 2023)
    assert cell(by_2022, "A", "gdp") == (57.0, 2022)  # the import, not the newer documents
    assert cell(latest, "C", "gdp") == (80.0, 2021)
    assert cell(latest, "A", "pm25") == (36.5, 2022)
    # 地区生产总值 is kept in 元 and 粮食产量 in 吨: a series in another unit is not compared
    assert "urbanization_rate" in latest.indicators
    assert (only_b.regions, only_b.indicators) == (["B"], ["gdp"])
    assert cell(only_b, "B", "gdp") == (45.0, 2024)
