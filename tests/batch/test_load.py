"""``load``: a batch result into a plan store, in bulk, the same rows as ingest, once."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from luoshi.batch.base import BatchInput
from luoshi.batch.local import LocalEngine
from luoshi.batch.result import iter_records
from luoshi.extract.doc import Statement
from luoshi.extract.record import DocumentRecord, ExtractionRecord
from luoshi.store import Store, ingest_paths, models
from luoshi.store.load import LoadSummary, load_records, store_records
from luoshi.store.repository import store_extraction, table_counts


def _snapshot(store: Store) -> dict[str, Any]:
    """Everything stored, keyed by content rather than by row id."""
    with store.session() as s:
        docs = {d.id: d.content_hash for d in s.scalars(select(models.Document))}
        stmts = {x.id: (docs[x.document_id], x.start) for x in s.scalars(select(models.Statement))}
        return {
            "documents": sorted(
                (d.content_hash, d.name, d.title, d.date, d.issuer, d.doc_type, d.region_code,
                 d.format, d.encoding, d.text, d.source_text, str(d.offsets), str(d.warnings))
                for d in s.scalars(select(models.Document))
            ),
            "statements": sorted(
                (docs[x.document_id], x.start, x.end, x.text, x.sentence, str(x.value), x.unit,
                 str(x.base_value), x.base_unit, x.base_value_num, x.indicator, x.indicator_id,
                 x.kind, x.measure, x.comparator, x.year, x.source_start, x.source_end,
                 x.sentence_start, x.form, x.sign, x.region_code, x.confidence,
                 str(sorted(x.explain.items())))
                for x in s.scalars(select(models.Statement))
            ),
            "targets": sorted(
                (stmts[t.statement_id], t.region_code, t.indicator_id, t.indicator_phrase, t.value,
                 t.value_high, str(t.parts), t.unit, t.base_unit, t.comparator, t.measure,
                 t.deadline_year, t.baseline_value, t.baseline_year)
                for t in s.scalars(select(models.Target))
            ),
            "observations": sorted(
                (stmts[o.statement_id], o.region_code, o.indicator_id, o.indicator_phrase, o.year,
                 o.value, o.value_high, str(o.parts), o.base_unit, o.measure, o.source_kind,
                 o.conflict)
                for o in s.scalars(select(models.Observation))
            ),
            "frameworks": sorted(
                (docs[f.document_id], f.start, f.end, f.name, f.count, f.source_start,
                 f.source_end, f.sentence, f.parent, str(sorted(f.explain.items())),
                 tuple((m.position, m.text, m.start, m.end) for m in f.members))
                for f in s.scalars(select(models.Framework))
            ),
            "regions": sorted(
                (r.code, r.name, r.level, r.parent_code, r.is_official)
                for r in s.scalars(select(models.Region))
            ),
            "passages": sorted(
                (docs[p.document_id], p.start, p.end, p.text)
                for p in s.scalars(select(models.Passage))
            ),
        }  # fmt: skip


@pytest.mark.corpus
def test_load_stores_what_ingest_stores(
    batch_input: Path,
    tmp_path: Path,
    store: Store,
    open_url: Any,
    store_url: str,
    request: pytest.FixtureRequest,
) -> None:
    out = tmp_path / "out"
    LocalEngine(2).extract(BatchInput(str(batch_input)), str(out))
    seen: list[int] = []
    summary = load_records(store, iter_records(out, chunk=2), on_progress=seen.append)
    assert sum(seen) == 3 and summary.documents_new == 3
    loaded = _snapshot(store)
    assert len(loaded["statements"]) == summary.statements > 50
    assert len(loaded["passages"]) > 100  # indexed for full-text search, as ingest does

    if store_url.startswith("sqlite"):
        ingested = open_url(f"sqlite:///{tmp_path / 'ingested.db'}")
    else:  # a second database on the same server
        server = request.getfixturevalue("pg_server")
        name = f"ingested_{uuid.uuid4().hex[:12]}"
        with server.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        ingested = open_url(server.url(name))
    ingested.migrate()
    ingest_paths(ingested, [batch_input])
    assert loaded == _snapshot(ingested)


def _statement(text: str, value: float, kind: str, year: int) -> Statement:
    return Statement(
        doc="t.txt", text=text, sentence=text, value=value, unit="亿元", base_value=value * 1e8,
        base_unit="元", indicator="地区生产总值", kind=kind,  # type: ignore[arg-type]
        measure="level", comparator="eq", year=year, start=0, end=len(text), source_start=0,
        source_end=len(text), sentence_start=0, indicator_id="gdp", region_code="141127",
    )  # fmt: skip


def _record(digest: str, statements: list[Statement]) -> ExtractionRecord:
    text = "。".join(s.text for s in statements) + "。"
    document = DocumentRecord(
        content_hash=digest * 64, name=f"{digest}.txt", format="text", encoding="utf-8",
        text=text, source_text=text, offsets=[[0, 0, len(text)]], region_code="141127",
    )  # fmt: skip
    return ExtractionRecord(document, statements)


def _records() -> list[ExtractionRecord]:
    return [
        _record("a", [_statement("100亿元", 100, "actual", 2020),
                      _statement("110亿元", 110, "actual", 2021)]),
        _record("b", [_statement("200亿元", 200, "target", 2025),
                      _statement("111亿元", 111, "actual", 2021)]),
        _record("c", [_statement("300亿元", 300, "target", 2021)]),
    ]  # fmt: skip


@pytest.mark.parametrize("chunk", [1, 3])
def test_baselines_and_conflicts_as_ingest_sets_them(
    store: Store, open_url: Any, store_url: str, tmp_path: Path, chunk: int
) -> None:
    records = _records()
    summary = load_records(store, [[(r, None) for r in records[i : i + chunk]]
                                   for i in range(0, len(records), chunk)])  # fmt: skip
    assert (summary.documents_new, summary.targets, summary.observations) == (3, 2, 3)
    with store.session() as session:
        targets = {t.deadline_year: t for t in session.scalars(select(models.Target))}
        # the latest year before the deadline, and of its two rows the newer one
        assert (targets[2025].baseline_value, targets[2025].baseline_year) == (1.11e10, 2021)
        assert (targets[2021].baseline_value, targets[2021].baseline_year) == (1e10, 2020)
        flags = {(o.year, o.value): o.conflict for o in session.scalars(select(models.Observation))}
        assert flags == {(2020, 1e10): False, (2021, 1.1e10): True, (2021, 1.11e10): True}
    if not store_url.startswith("sqlite"):
        return
    one_by_one = open_url(f"sqlite:///{tmp_path / 'one.db'}")
    one_by_one.migrate()
    for r in records:
        with one_by_one.session() as session:
            store_extraction(session, r)
    assert _snapshot(store) == _snapshot(one_by_one)


def test_a_document_is_stored_once(store: Store) -> None:
    a, b, _ = _records()
    summary = LoadSummary()
    with store.session() as session:
        assert len(store_records(session, [(a, "x"), (a, "y"), (b, None)], summary)) == 2
    with store.session() as session:
        assert store_records(session, [(a, None), (b, None)], summary) == []
        counts = table_counts(session)
    assert (summary.documents_new, summary.documents_unchanged) == (2, 3)
    assert (counts["document"], counts["statement"]) == (2, 4)
