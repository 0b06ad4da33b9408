"""How extracted documents become rows: baselines from the right series, dates that fit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from luoshi.store import Store, ingest_paths, models


def _ingest(store: Store, path: Path) -> None:
    summary = ingest_paths(store, [path], region=("990001", "禾川县"))
    assert summary.ok, summary.failures


def test_a_growth_target_takes_a_level_as_its_baseline(store: Store, tmp_path: Path) -> None:
    """A stated growth rate of an earlier year is not what a growth target grows from."""
    page = tmp_path / "plan.txt"
    page.write_text(
        "禾川县国民经济和社会发展第十四个五年规划纲要\n"
        "2020年，全县地区生产总值达到120亿元，比上年增长6.8%。\n"
        "到2025年，全县地区生产总值年均增长7%以上。\n",
        encoding="utf-8",
    )
    _ingest(store, page)
    with store.session() as s:
        target = s.scalars(select(models.Target).where(models.Target.measure == "growth")).one()
        assert (target.baseline_year, target.baseline_value) == (2020, 120e8)  # 元


def test_a_page_time_of_day_is_kept_to_the_day(store: Store, tmp_path: Path) -> None:
    """A news page dated to the minute stores on PostgreSQL too (the column holds a day)."""
    page = tmp_path / "news.html"
    page.write_text(
        '<html><head><meta name="pubdate" content="2023-01-20T08:35"><title>禾川县新闻</title>'
        "</head><body><article><h1>禾川县经济运行稳中向好</h1>"
        "<p>2022年，禾川县实现地区生产总值131.5亿元，同比增长6.2%。</p></article></body></html>",
        encoding="utf-8",
    )
    _ingest(store, page)
    with store.session() as s:
        assert s.scalars(select(models.Document.date)).one() == "2023-01-20"


def test_a_county_named_in_a_city_report_takes_its_figures(store: Store, tmp_path: Path) -> None:
    """Each figure goes to the county named last before it; the city keeps its own."""
    with store.session() as s:
        s.add(models.Region(code="990100", name="青岚市", level="city", is_official=False))
        s.flush()
        for code, name in (("990101", "澄阳县"), ("990102", "岱溪县")):
            s.add(
                models.Region(
                    code=code, name=name, level="county", parent_code="990100", is_official=False
                )
            )
    page = tmp_path / "report.txt"
    page.write_text(
        "青岚市2023年国民经济运行情况\n2024年1月20日\n"
        "2023年，全市实现地区生产总值620.5亿元，增长5.6%；"
        "澄阳县实现地区生产总值214.6亿元，岱溪县实现地区生产总值101.2亿元，"
        "均高于邻近的泓川县。\n",
        encoding="utf-8",
    )
    summary = ingest_paths(store, [page], region=("990100", "青岚市"))
    assert summary.ok, summary.failures
    with store.session() as s:
        rows = s.execute(
            select(models.Observation.region_code, models.Observation.value).where(
                models.Observation.measure == "level"
            )
        ).all()
        conflicts = s.scalars(select(models.Observation).where(models.Observation.conflict)).all()
    assert sorted(rows) == [("990100", 620.5e8), ("990101", 214.6e8), ("990102", 101.2e8)]
    assert conflicts == []


def test_a_region_outside_the_documents_is_not_given_figures(store: Store, tmp_path: Path) -> None:
    """A province named for comparison does not take the county's figure."""
    page = tmp_path / "county.txt"
    page.write_text(
        "岚县2023年国民经济运行情况\n2024年1月20日\n"
        "2023年，岚县地区生产总值达到65.3亿元，增速高于山西省平均水平。\n",
        encoding="utf-8",
    )
    summary = ingest_paths(store, [page])
    assert summary.ok, summary.failures
    with store.session() as s:
        regions = set(s.scalars(select(models.Observation.region_code)))
    assert regions == {"141127"}
