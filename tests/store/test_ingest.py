"""Ingest: read → extract → store, one transaction per document, idempotent by content."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select

from luoshi.extract import Extraction, extract
from luoshi.extract.doc import Statement
from luoshi.reading import read_bytes, read_document
from luoshi.store import Store, ingest_paths, models
from luoshi.store.repository import find_observations, store_extraction, table_counts
from tests.conftest import DOC_NAMES, DOCS, GOLD, need_corpus


@cache
def _extraction_of(name: str) -> Extraction:
    return extract(read_document(DOCS / name))


def _extracted_kinds(name: str) -> Counter[str]:
    return Counter(s.kind for s in _extraction_of(name).statements)


@pytest.fixture
def corpus_docs() -> list[Path]:
    need_corpus()
    return [DOCS / n for n in DOC_NAMES]


def _gold(name: str) -> list[dict[str, object]]:
    path = GOLD / f"{Path(name).stem}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.corpus
def test_ingest_the_corpus(store: Store, corpus_docs: list[Path]) -> None:
    seen: list[tuple[str, str]] = []
    summary = ingest_paths(store, corpus_docs, on_progress=lambda p, o: seen.append((p.name, o)))
    assert summary.failures == []
    assert summary.documents_new == 3 and summary.documents_unchanged == 0
    assert seen == [(n, "new") for n in DOC_NAMES]
    with store.session() as session:
        for doc in session.scalars(select(models.Document)):
            kinds = _extracted_kinds(doc.name)
            ids = [s.id for s in doc.statements]
            n_targets = len(
                session.scalars(
                    select(models.Target).where(models.Target.statement_id.in_(ids))
                ).all()
            )
            n_obs = len(
                session.scalars(
                    select(models.Observation).where(models.Observation.statement_id.in_(ids))
                ).all()
            )
            assert (n_targets, n_obs) == (kinds["target"], kinds["actual"]), doc.name
            # every gold statement luoshi extracts with the gold's kind is stored as such
            stored = Counter((s.text, s.kind) for s in doc.statements)
            extracted = Counter((s.text, s.kind) for s in _extraction_of(doc.name).statements)
            gold = Counter((str(g["text"]), str(g["kind"])) for g in _gold(doc.name))
            found = gold & extracted
            assert found and found & stored == found, doc.name
        counts = table_counts(session)
    assert counts["document"] == 3
    assert (
        counts["target"] == summary.targets == sum(_extracted_kinds(n)["target"] for n in DOC_NAMES)
    )
    assert counts["observation"] == summary.observations
    assert summary.observations == sum(_extracted_kinds(n)["actual"] for n in DOC_NAMES)
    assert counts["statement"] == summary.statements == summary.targets + summary.observations
    assert counts["framework"] == summary.frameworks > 0


@pytest.mark.corpus
def test_spot_checks(store: Store, corpus_docs: list[Path]) -> None:
    ingest_paths(store, corpus_docs)
    with store.session() as session:
        target = session.execute(
            select(models.Target, models.Statement)
            .join(models.Statement, models.Target.statement_id == models.Statement.id)
            .join(models.Document)
            .where(
                models.Document.name == "county-x-plenary-2022.txt",
                models.Statement.text == "70亿元",
            )
        ).one()[0]
        assert (target.indicator_id, target.deadline_year) == ("gdp", 2025)
        assert (target.value, target.base_unit, target.unit) == (7e9, "元", "亿元")
        assert target.region_code is None  # the document names no region
        obs = [o for o in find_observations(session, indicator_id="gdp", year=2021)]
        lanxian = [o for o in obs if o.region_code == "141127"]
        assert len(lanxian) == 1
        assert (lanxian[0].value, lanxian[0].base_unit, lanxian[0].measure) == (
            6.525e9,
            "元",
            "level",
        )
        assert lanxian[0].source_kind == "document" and not lanxian[0].conflict
        # the region and its parents come from the official list
        county = session.get(models.Region, "141127")
        assert county is not None and county.name == "岚县" and county.is_official
        assert county.parent_code == "141100"
        city = session.get(models.Region, "141100")
        assert city is not None and city.parent_code == "140000"
        # a bare 810亿 of 地区生产总值 in the Linfen commentary is stored in 元
        bare = session.scalars(
            select(models.Observation)
            .join(models.Statement)
            .where(models.Statement.text == "810亿")
        ).one()
        assert (bare.value, bare.base_unit, bare.region_code) == (8.1e10, "元", "141000")
        doc = session.scalars(
            select(models.Document).where(models.Document.name == "lanxian-123.txt")
        ).one()
        stmt = next(s for s in doc.statements if s.text == "65.25亿元")
        assert doc.source_text[stmt.source_start : stmt.source_end] == "65.25亿元"
        assert doc.offsets and len(doc.content_hash) == 64


@pytest.mark.corpus
def test_ingest_is_idempotent(store: Store, corpus_docs: list[Path], tmp_path: Path) -> None:
    first = ingest_paths(store, corpus_docs)
    with store.session() as session:
        before = table_counts(session)
    # the same bytes under another name are the same document
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(corpus_docs[0].read_bytes())
    second = ingest_paths(store, [*corpus_docs, copy])
    assert first.documents_new == 3
    assert (second.documents_new, second.documents_unchanged) == (0, 4)
    assert (second.statements, second.targets, second.observations, second.frameworks) == (
        0,
        0,
        0,
        0,
    )
    with store.session() as session:
        assert table_counts(session) == before


@pytest.mark.corpus
def test_a_bad_file_is_recorded_and_the_rest_stored(
    store: Store, corpus_docs: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in corpus_docs[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf at all")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.xyz").write_bytes(b"ignored: not a format luoshi reads")
    missing = tmp_path / "missing.txt"
    summary = ingest_paths(store, [folder, missing])
    failed = {p.name: reason for p, reason in summary.failures}
    assert set(failed) == {"broken.pdf", "empty.txt", "missing.txt"}
    assert "empty" in failed["empty.txt"] and "cannot read" in failed["missing.txt"]
    assert summary.documents_new == 2
    with store.session() as session:
        assert table_counts(session)["document"] == 2


def _extraction(statements: list[Statement], text: str, name: str) -> Extraction:
    doc = read_bytes(text.encode("utf-8"), name)
    doc.meta.region_code = "141127"
    return Extraction(doc, statements)


def _stmt(
    text: str, value: float, unit: str, base_value: float, base_unit: str, kind: str
) -> Statement:
    return Statement(
        doc="t.txt", text=text, sentence=text, value=value, unit=unit, base_value=base_value,
        base_unit=base_unit, indicator="地区生产总值", kind=kind,  # type: ignore[arg-type]
        measure="level", comparator="eq", year=2021, start=0, end=len(text), source_start=0,
        source_end=len(text), sentence_start=0, indicator_id="gdp",
    )  # fmt: skip


def test_a_bare_magnitude_takes_the_indicators_unit(store: Store) -> None:
    """200亿 of a money indicator (base unit "", indicator in 元) is stored in 元."""
    bare = _stmt("200亿", 200, "亿", 2e10, "", "target")
    unknown = _stmt("3万", 3, "万", 3e4, "", "actual")
    unknown.indicator, unknown.indicator_id = "某指标", None
    with store.session() as session:
        store_extraction(
            session, _extraction([bare, unknown], "地区生产总值200亿。某指标3万。", "t.txt"),
            content_hash="a" * 64,
        )  # fmt: skip
    with store.session() as session:
        target = session.scalars(select(models.Target)).one()
        assert (target.value, target.base_unit, target.unit) == (2e10, "元", "亿")
        stmt = session.get(models.Statement, target.statement_id)
        assert stmt is not None and stmt.base_unit == ""  # the statement stays as extracted
        obs = session.scalars(select(models.Observation)).one()
        assert obs.base_unit == ""  # no canonical indicator: nothing to take a unit from


def test_disagreeing_documents_are_both_kept_and_flagged(store: Store) -> None:
    for i, (value, digest) in enumerate([(65.25, "b"), (66.0, "c"), (65.25, "d")]):
        s = _stmt(f"{value}亿元", value, "亿元", value * 1e8, "元", "actual")
        with store.session() as session:
            store_extraction(
                session, _extraction([s], f"2021年地区生产总值{value}亿元。{i}", f"d{i}.txt"),
                content_hash=digest * 64,
            )  # fmt: skip
    with store.session() as session:
        obs = find_observations(session, region_code="141127", indicator_id="gdp", year=2021)
        assert sorted(o.value for o in obs) == [6.525e9, 6.525e9, 6.6e9]
        assert all(o.conflict for o in obs)


def test_a_fall_is_stored_as_a_negative_figure(store: Store) -> None:
    fall = _stmt("3.2%", 3.2, "%", 3.2, "%", "actual")
    fall.measure, fall.sign, fall.indicator, fall.indicator_id = "growth", -1, "单位GDP能耗", None
    with store.session() as session:
        store_extraction(
            session,
            _extraction([fall], "2021年单位GDP能耗下降3.2%。", "f.txt"),
            content_hash="e" * 64,
        )
    with store.session() as session:
        obs = session.scalars(select(models.Observation)).one()
        assert (obs.value, obs.measure, obs.base_unit) == (-3.2, "growth", "%")
        stmt = session.get(models.Statement, obs.statement_id)
        assert stmt is not None and (stmt.value, stmt.sign) == (3.2, -1)  # as written


@pytest.mark.corpus
def test_two_processes_store_what_one_stores(
    store: Store, corpus_docs: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in corpus_docs:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "copy.txt").write_bytes(corpus_docs[0].read_bytes())  # the same bytes again
    (folder / "empty.txt").write_bytes(b"")
    seen: list[tuple[str, str]] = []
    summary = ingest_paths(
        store, [folder], jobs=2, on_progress=lambda p, o: seen.append((p.name, o))
    )
    # in input order, whatever process finished first
    assert seen == [
        ("copy.txt", "new"),
        ("county-x-plenary-2022.txt", "new"),
        ("empty.txt", "failed"),
        ("lanxian-123.txt", "unchanged"),
        ("linfen-commentary-2025.txt", "new"),
    ]
    assert [(p.name, r) for p, r in summary.failures] == [("empty.txt", "empty file")]
    assert [(p.name, r) for p, r in summary.failures_zh.items()] == [("empty.txt", "文件是空的")]
    with store.session() as session:
        two = table_counts(session)
        stored = sorted(
            (s.text, s.kind, s.start, s.region_code)
            for s in session.scalars(select(models.Statement))
        )
    expected = [s for n in DOC_NAMES for s in _extraction_of(n).statements]
    assert sorted((s.text, s.kind, s.start, s.region_code) for s in expected) == stored
    assert two["statement"] == summary.statements == len(expected)
    again = ingest_paths(store, [folder], jobs=2)
    assert (again.documents_new, again.documents_unchanged) == (0, 4)
    with store.session() as session:
        assert table_counts(session) == two
