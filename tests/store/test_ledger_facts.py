"""What ingest stores for the ledger: a range as one target, the span each figure covers,
the nation as a region; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from luoshi.extract import extract
from luoshi.extract.doc import Statement
from luoshi.reading import read_bytes
from luoshi.store import Store, ingest_paths, models
from luoshi.store.repository import NATION, range_pairs, store_extraction

REPORT = """2026年政府工作报告
2026年1月20日
一、2025年和“十四五”时期工作回顾
过去一年，全省地区生产总值增长5.4%，城镇新增就业54.6万人。
五年来，城镇新增就业265.2万人，地区生产总值年均增长5.6%。
二、2026年主要目标
今年经济社会发展的主要预期目标是：地区生产总值增长6%－6.5%，城镇新增就业50万人以上。
"""


def _store(store: Store, text: str, name: str) -> None:
    extraction = extract(read_bytes(text.encode("utf-8"), name))
    with store.session() as session:
        store_extraction(session, extraction, content_hash=f"{name:0>64}"[-64:])


def test_a_range_written_as_two_statements_is_one_target(store: Store) -> None:
    _store(store, REPORT, "report.txt")
    with store.session() as s:
        gdp = s.scalars(
            select(models.Target).where(
                models.Target.indicator_id == "gdp", models.Target.deadline_year == 2026
            )
        ).all()
    assert [(t.value, t.value_high, t.comparator) for t in gdp] == [(6.0, 6.5, "eq")]


def test_range_pairs_need_both_ends_in_one_sentence() -> None:
    def st(value: float, comparator: str, sentence_start: int = 0) -> Statement:
        return Statement(
            doc="d", text=f"{value}%", sentence="x", value=value, unit="%", base_value=value,
            base_unit="%", indicator="国内生产总值", kind="target", measure="growth",
            comparator=comparator, year=2016, start=0, end=1, source_start=0, source_end=1,
            sentence_start=sentence_start, form="range",
        )  # fmt: skip

    assert range_pairs([st(6.5, "ge"), st(7, "le")]) == {0: 1}
    assert range_pairs([st(6.5, "ge"), st(7, "le", sentence_start=9)]) == {}
    assert range_pairs([st(7, "le"), st(6.5, "ge")]) == {}


def test_each_figure_says_what_span_it_covers(store: Store) -> None:
    _store(store, REPORT, "report.txt")
    with store.session() as s:
        got = {
            (o.indicator_id, o.measure, o.value): o.period
            for o in s.scalars(select(models.Observation))
        }
    assert got[("gdp", "growth", 5.4)] == "year"
    assert got[("new_urban_jobs", "level", 546_000)] == "year"
    assert got[("new_urban_jobs", "level", 2_652_000)] == "total"  # 五年来
    assert got[("gdp", "growth", 5.6)] == "average"  # 年均


def test_the_nation_and_its_provinces(store: Store, tmp_path: Path) -> None:
    for code, name, text in (
        (
            NATION,
            "gwr.txt",
            "2025年国务院政府工作报告\n今年发展主要预期目标是：国内生产总值增长5%左右。\n",
        ),
        (
            "420000",
            "hubei.txt",
            "2025年湖北省政府工作报告\n今年主要预期目标是：地区生产总值增长6%左右。\n",
        ),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert ingest_paths(store, [path], region=(code, None)).ok
    with store.session() as s:
        nation = s.get(models.Region, NATION)
        hubei = s.get(models.Region, "420000")
        targets = {t.region_code for t in s.scalars(select(models.Target))}
    assert nation is not None
    assert (nation.name, nation.level, nation.parent_code) == ("全国", "nation", None)
    assert hubei is not None and hubei.parent_code == NATION
    assert targets == {NATION, "420000"}
