"""The ledger on synthetic stores (SQLite and PostgreSQL): which figure answers a target.

Each test builds a few work reports the way ingest stores them — a document with its
date and region, statements with their sentences, targets and observations — and reads
the ledger. The rules are those of ``docs/progress.md`` §1.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from luoshi.store import Store, models
from luoshi.store.db import sync_indicators
from luoshi.store.repository import NATION, ensure_region
from luoshi.track.bulk import assess_all
from luoshi.track.ledger import cross_region, ledger, ledger_record
from tests.store.conftest import open_url, pg_server, store, store_url  # noqa: F401 - fixtures

_hashes = itertools.count(1)
NOW = 2026


@dataclass
class Report:
    """A document being written into the store, statement by statement."""

    session: Session
    doc: models.Document

    def _statement(
        self,
        sentence: str,
        figure: str,
        kind: str,
        *,
        indicator: str | None,
        phrase: str,
        measure: str,
        comparator: str,
        year: int | None,
        value: float,
    ) -> models.Statement:
        at = sentence.index(figure)
        st = models.Statement(
            document=self.doc,
            text=figure,
            sentence=sentence,
            value=value,
            unit="",
            base_value=value,
            base_unit="",
            base_value_num=value,
            indicator=phrase,
            indicator_id=indicator,
            kind=kind,
            measure=measure,
            comparator=comparator,
            year=year,
            start=100 + at,
            end=100 + at + len(figure),
            source_start=0,
            source_end=1,
            sentence_start=100,
            form="number",
            region_code=self.doc.region_code,
            confidence=1.0,
        )
        self.session.add(st)
        self.session.flush()
        return st

    def target(
        self,
        sentence: str,
        figure: str,
        value: float,
        *,
        indicator: str | None,
        year: int,
        measure: str = "growth",
        comparator: str = "approx",
        unit: str = "%",
        phrase: str | None = None,
        high: float | None = None,
        region: str | None = None,
    ) -> int:
        st = self._statement(
            sentence,
            figure,
            "target",
            indicator=indicator,
            phrase=phrase or indicator or "",
            measure=measure,
            comparator=comparator,
            year=year,
            value=value,
        )
        t = models.Target(
            region_code=region or self.doc.region_code,
            indicator_id=indicator,
            indicator_phrase=phrase or indicator or "",
            value=value,
            value_high=high,
            unit=unit,
            base_unit=unit,
            comparator=comparator,
            measure=measure,
            deadline_year=year,
            statement_id=st.id,
        )
        self.session.add(t)
        self.session.flush()
        return t.id

    def actual(
        self,
        sentence: str,
        figure: str,
        value: float,
        *,
        indicator: str | None,
        year: int,
        measure: str = "growth",
        unit: str = "%",
        phrase: str | None = None,
    ) -> int:
        st = self._statement(
            sentence,
            figure,
            "actual",
            indicator=indicator,
            phrase=phrase or indicator or "",
            measure=measure,
            comparator="eq",
            year=year,
            value=value,
        )
        o = models.Observation(
            region_code=self.doc.region_code,
            indicator_id=indicator,
            indicator_phrase=phrase or indicator or "",
            year=year,
            value=value,
            base_unit=unit,
            measure=measure,
            source_kind="document",
            statement_id=st.id,
        )
        self.session.add(o)
        self.session.flush()
        return o.id


def report(session: Session, region: str | None, date: str | None, name: str = "") -> Report:
    if region:
        ensure_region(session, region)
    doc = models.Document(
        content_hash=f"{next(_hashes):064d}",
        name=name or f"{region}-{date}.txt",
        date=date,
        region_code=region,
        format="text",
        text="",
        source_text="",
    )
    session.add(doc)
    session.flush()
    return Report(session, doc)


def imported(
    session: Session,
    region: str,
    indicator: str,
    year: int,
    value: float,
    measure: str = "level",
    unit: str = "元",
) -> None:
    session.add(
        models.Observation(
            region_code=region,
            indicator_id=indicator,
            indicator_phrase=indicator,
            year=year,
            value=value,
            base_unit=unit,
            measure=measure,
            source_kind="import",
        )
    )
    session.flush()


@pytest.fixture
def s(store: Store) -> Iterator[Session]:  # noqa: F811
    with store.session() as session:
        sync_indicators(session)
        yield session


def one(session: Session, target_id: int) -> dict[str, object]:
    rows = ledger(session, target_ids=[target_id], as_of=NOW)
    assert len(rows) == 1
    return ledger_record(rows[0])


# --- linking a year's target to the next report's figure ------------------------------


def test_a_growth_target_is_answered_by_the_next_reports_rate(s: Session) -> None:
    r25 = report(s, "110000", "2025-01-14")
    tid = r25.target(
        "地区生产总值增长5%左右", "5%", 5, indicator="gdp", year=2025, phrase="地区生产总值"
    )
    r25.actual(
        "地区生产总值增长5.2%", "5.2%", 5.2, indicator="gdp", year=2024, phrase="地区生产总值"
    )
    r26 = report(s, "110000", "2026-01-20")
    oid = r26.actual(
        "全市地区生产总值5.2万亿元、增长5.4%",
        "5.4%",
        5.4,
        indicator="gdp",
        year=2025,
        phrase="地区生产总值",
    )
    row = one(s, tid)
    assert (row["latest"], row["latest_year"], row["status"]) == (5.4, 2025, "achieved")
    assert row["result_source"] == "全市地区生产总值5.2万亿元、增长5.4%"
    assert row["result_document"] == "110000-2026-01-20.txt"
    assert row["source"] == "地区生产总值增长5%左右"
    assert row["gap"] == pytest.approx(0.4)
    assert "已完成" in str(row["explanation"]) and "achieved" in str(row["explanation_en"])
    rows = ledger(s, target_ids=[tid], as_of=NOW)
    assert [f.observation_id for f in rows[0].verdict.figures] == [oid]


def test_growth_from_two_levels_when_no_rate_is_reported(s: Session) -> None:
    r25 = report(s, "110000", "2025-01-14")
    tid = r25.target(
        "一般公共预算收入增长4%左右", "4%", 4, indicator="general_budget_revenue", year=2025
    )
    r25.actual(
        "一般公共预算收入6000亿元",
        "6000亿元",
        6.0e11,
        indicator="general_budget_revenue",
        year=2024,
        measure="level",
        unit="元",
    )
    r26 = report(s, "110000", "2026-01-20")
    r26.actual(
        "一般公共预算收入6180亿元",
        "6180亿元",
        6.18e11,
        indicator="general_budget_revenue",
        year=2025,
        measure="level",
        unit="元",
    )
    row = one(s, tid)
    assert row["latest"] == pytest.approx(3.0)
    assert (row["basis"], row["status"]) == ("levels", "missed")


def test_a_target_figure_never_becomes_the_result(s: Session) -> None:
    """A target-list item of the 2025 report misread as a 2025 result (same document, same
    year) is said before its year ended: it never decides the 2025 target."""
    r25 = report(s, "130000", "2025-01-13")
    tid = r25.target(
        "全省生产总值增长5%以上",
        "5%",
        5,
        indicator="gdp",
        year=2025,
        comparator="ge",
        phrase="生产总值",
    )
    r25.actual(
        "固定资产投资增长5.5%左右，全省生产总值增长5%以上",
        "5%以上",
        5,
        indicator="gdp",
        year=2025,
        phrase="生产总值",
    )
    row = one(s, tid)
    assert row["status"] == "insufficient_data"
    assert row["latest_final"] is False
    r26 = report(s, "130000", "2026-01-20")
    r26.actual("全省生产总值增长4.8%", "4.8%", 4.8, indicator="gdp", year=2025, phrase="生产总值")
    row = one(s, tid)
    assert (row["latest"], row["status"]) == (4.8, "missed")


def test_a_five_year_average_does_not_answer_a_year(s: Session) -> None:
    r25 = report(s, "110000", "2025-01-14")
    tid = r25.target("地区生产总值增长5%左右", "5%", 5, indicator="gdp", year=2025)
    r26 = report(s, "110000", "2026-01-20")
    r26.actual("地区生产总值增长4.6%", "4.6%", 4.6, indicator="gdp", year=2025)
    r26.actual("过去五年，地区生产总值年均增长5.2%", "5.2%", 5.2, indicator="gdp", year=2025)
    row = one(s, tid)
    assert (row["latest"], row["status"], row["conflict"]) == (4.6, "missed", False)


def test_the_indicators_own_name_before_another_indicators_figure(s: Session) -> None:
    """单位国内生产总值能耗下降5% mapped to GDP by its words is not GDP's growth."""
    r16 = report(s, NATION, "2016-03-05")
    tid = r16.target(
        "国内生产总值增长6.5%－7%",
        "6.5%",
        6.5,
        indicator="gdp",
        year=2016,
        comparator="eq",
        high=7.0,
        phrase="国内生产总值",
    )
    r17 = report(s, NATION, "2017-03-05")
    r17.actual(
        "国内生产总值达到74.4万亿元，增长6.7%",
        "6.7%",
        6.7,
        indicator="gdp",
        year=2016,
        phrase="国内生产总值",
    )
    r17.actual(
        "单位国内生产总值能耗下降5%",
        "5%",
        -5.0,
        indicator="gdp",
        year=2016,
        phrase="单位国内生产总值能耗",
    )
    row = one(s, tid)
    assert (row["latest"], row["status"], row["comparator"]) == (6.7, "achieved", "–")
    assert row["target_high"] == 7.0
    assert row["conflict"] is True  # the other figure is still flagged


def test_an_import_comes_first(s: Session) -> None:
    r25 = report(s, "110000", "2025-01-14")
    tid = r25.target(
        "城镇调查失业率控制在5%以内",
        "5%",
        5,
        indicator="unemployment_rate",
        year=2025,
        measure="level",
        comparator="le",
    )
    r26 = report(s, "110000", "2026-01-20")
    r26.actual(
        "城镇调查失业率5.2%", "5.2%", 5.2, indicator="unemployment_rate", year=2025, measure="level"
    )
    imported(s, "110000", "unemployment_rate", 2025, 4.1, unit="%")
    row = one(s, tid)
    assert (row["latest"], row["status"], row["result_kind"]) == (4.1, "achieved", "import")


def test_a_ceiling_from_the_indicator(s: Session) -> None:
    """城镇调查失业率5.5%左右: met at or below (the indicator is lower-is-better)."""
    r25 = report(s, "450000", "2025-01-13")
    tid = r25.target(
        "城镇调查失业率5.5%左右",
        "5.5%",
        5.5,
        indicator="unemployment_rate",
        year=2025,
        measure="level",
    )
    r26 = report(s, "450000", "2026-01-20")
    r26.actual(
        "城镇调查失业率5.3%", "5.3%", 5.3, indicator="unemployment_rate", year=2025, measure="level"
    )
    assert one(s, tid)["status"] == "achieved"


def test_flows_against_stocks(s: Session) -> None:
    """城镇新增就业: a year's flow answers the year's target; the five-year total answers
    nothing of one year, and one year's figure no other year's target."""
    r25 = report(s, "530000", "2025-01-18")
    t25 = r25.target(
        "城镇新增就业50万人以上",
        "50万人",
        500_000,
        indicator="new_urban_jobs",
        year=2025,
        measure="level",
        comparator="ge",
        unit="人",
    )
    r24 = report(s, "530000", "2024-01-18")
    t24 = r24.target(
        "城镇新增就业48万人以上",
        "48万人",
        480_000,
        indicator="new_urban_jobs",
        year=2024,
        measure="level",
        comparator="ge",
        unit="人",
    )
    r26 = report(s, "530000", "2026-01-20")
    r26.actual(
        "“十四五”时期，城镇新增就业261.6万人",
        "261.6万人",
        2_616_000,
        indicator="new_urban_jobs",
        year=2025,
        measure="level",
        unit="人",
    )
    assert one(s, t25)["status"] == "insufficient_data"
    assert one(s, t24)["status"] == "insufficient_data"
    r26.actual(
        "城镇新增就业51.2万人",
        "51.2万人",
        512_000,
        indicator="new_urban_jobs",
        year=2025,
        measure="level",
        unit="人",
    )
    row = one(s, t25)
    assert (row["latest"], row["latest_year"], row["status"]) == (512_000, 2025, "achieved")
    assert one(s, t24)["status"] == "insufficient_data"


def test_a_target_of_no_canonical_indicator(s: Session) -> None:
    r25 = report(s, "110000", "2025-01-14")
    tid = r25.target(
        "夜间经济营业额增长10%", "10%", 10, indicator=None, year=2025, phrase="夜间经济营业额"
    )
    r26 = report(s, "110000", "2026-01-20")
    r26.actual(
        "夜间经济营业额增长12%", "12%", 12, indicator=None, year=2025, phrase="夜间经济营业额"
    )
    row = one(s, tid)
    assert (row["status"], row["status_zh"], row["latest"]) == ("no_verdict", "无法判断", None)
    assert "不在规范指标表中" in str(row["explanation"])


def test_the_same_verdict_whatever_the_filters(s: Session) -> None:
    ids = []
    for region, actual in (("110000", 5.4), ("130000", 4.8)):
        r25 = report(s, region, "2025-01-14")
        ids.append(r25.target("地区生产总值增长5%左右", "5%", 5, indicator="gdp", year=2025))
        r25.target(
            "城镇新增就业10万人",
            "10万人",
            100_000,
            indicator="new_urban_jobs",
            year=2025,
            measure="level",
            comparator="ge",
            unit="人",
        )
        report(s, region, "2026-01-20").actual(
            "地区生产总值增长x", "x", actual, indicator="gdp", year=2025
        )
    everything = {r.target_id: r.status for r in ledger(s, as_of=NOW)}
    for region in ("110000", "130000"):
        for r in ledger(s, region=region, as_of=NOW):
            assert everything[r.target_id] == r.status
    for r in ledger(s, indicator="gdp", year=2025, as_of=NOW):
        assert everything[r.target_id] == r.status
    assert [everything[i] for i in ids] == ["achieved", "missed"]
    bulk = assess_all(s, as_of=NOW)
    assert dict(zip(bulk.target_ids.tolist(), bulk.statuses(), strict=True)) == everything


def test_an_annual_target_of_this_year_is_in_progress(s: Session) -> None:
    r26 = report(s, "310000", "2026-01-15")
    tid = r26.target("地区生产总值增长5%左右", "5%", 5, indicator="gdp", year=2026)
    mid = report(s, "310000", "2026-07-20")
    mid.actual("上半年，全市地区生产总值增长5.1%", "5.1%", 5.1, indicator="gdp", year=2026)
    row = ledger_record(ledger(s, target_ids=[tid], as_of=2026)[0])
    assert (row["status"], row["latest"], row["latest_final"]) == ("in_progress", 5.1, False)


# --- the nation, provinces, and the view across regions --------------------------------


def test_the_nation_is_a_region_and_the_provinces_parent(s: Session) -> None:
    assert ensure_region(s, NATION) == NATION
    nation = s.get(models.Region, NATION)
    assert nation is not None and (nation.name, nation.level) == ("全国", "nation")
    ensure_region(s, "420000")
    hubei = s.get(models.Region, "420000")
    assert hubei is not None and hubei.parent_code == NATION


def test_cross_region_puts_each_target_beside_its_parents(s: Session) -> None:
    report(s, NATION, "2025-03-05").target(
        "国内生产总值增长5%左右", "5%", 5, indicator="gdp", year=2025
    )
    report(s, NATION, "2026-03-05").actual(
        "国内生产总值增长5%", "5%", 5.0, indicator="gdp", year=2025
    )
    for region, target, actual in (
        ("420000", 6.0, 5.5),
        ("110000", 5.0, 5.4),
        ("630000", 4.5, 4.1),
    ):
        report(s, region, "2025-01-15").target(
            "地区生产总值增长x左右", "x", target, indicator="gdp", year=2025
        )
        report(s, region, "2026-01-20").actual(
            "地区生产总值增长y", "y", actual, indicator="gdp", year=2025
        )
    view = cross_region(s, "gdp", 2025, as_of=NOW)
    assert view.measure == "growth"
    got = [
        (c.row.region_code, c.row.value, c.parent_target, c.above_parent, c.row.status)
        for c in view.rows
    ]
    assert got == [
        ("420000", 6.0, 5.0, 1.0, "missed"),
        ("100000", 5.0, None, None, "achieved"),
        ("110000", 5.0, 5.0, 0.0, "achieved"),
        ("630000", 4.5, 5.0, -0.5, "missed"),
    ]
    assert (view.counts["achieved"], view.counts["missed"]) == (2, 2)
    only = cross_region(s, "gdp", 2025, parent=NATION, as_of=NOW)
    assert {c.row.region_code for c in only.rows} == {"100000", "420000", "110000", "630000"}


def test_a_user_defined_region_works_everywhere(s: Session) -> None:
    ensure_region(s, "Z-高新区", name="高新区")
    r25 = report(s, "Z-高新区", "2025-01-10")
    tid = r25.target(
        "规上工业增加值增长8%",
        "8%",
        8,
        indicator="industrial_value_added",
        year=2025,
        comparator="eq",
    )
    report(s, "Z-高新区", "2026-01-10").actual(
        "规上工业增加值增长9.1%", "9.1%", 9.1, indicator="industrial_value_added", year=2025
    )
    rows = ledger(s, region="Z-高新区", as_of=NOW)
    assert [(r.target_id, r.status, r.region_name) for r in rows] == [(tid, "achieved", "高新区")]
