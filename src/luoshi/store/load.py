"""Bulk loading of extraction records: many documents per transaction, executemany inserts.

``luoshi load`` brings a batch result (millions of documents) into a plan store. Storing
one document at a time through the ORM (:func:`~luoshi.store.repository.store_extraction`)
costs a flush and a few queries per statement; here each table of a chunk of documents
goes in with one executemany ``INSERT ... RETURNING``. The rows are the same: both paths
build them with the repository's ``*_values`` functions and attribute regions, set
baselines and flag conflicts with its rules; a chunk is stored as if its documents had
come in one after another, except that a target's baseline may come from a later
document of the same chunk. Idempotent by content hash, like ingest: a document whose
bytes are already stored (or came earlier in the same load) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from luoshi.extract.record import ExtractionRecord
from luoshi.store import models, repository
from luoshi.store.db import Store, sync_indicators
from luoshi.store.periods import TextPeriods
from luoshi.store.places import Places, places_under
from luoshi.store.search import index_document

__all__ = ["LoadSummary", "load_records", "store_records"]

#: A record and the path (or batch id) it was read from.
LoadItem = tuple[ExtractionRecord, str | None]

_IN_LIMIT = 500  # values per IN (...) list: well under SQLite's and PostgreSQL's limits


@dataclass
class LoadSummary:
    """What one load did."""

    documents_new: int = 0
    documents_unchanged: int = 0
    statements: int = 0
    targets: int = 0
    observations: int = 0
    frameworks: int = 0


def _existing_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(hashes), _IN_LIMIT):
        part = hashes[i : i + _IN_LIMIT]
        found.update(
            session.scalars(
                select(models.Document.content_hash).where(models.Document.content_hash.in_(part))
            )
        )
    return found


def _units(session: Session, items: Sequence[LoadItem]) -> dict[str, str]:
    units = repository.indicator_units(session)
    wanted = {s.indicator_id for r, _ in items for s in r.statements if s.indicator_id}
    if wanted - set(units):
        sync_indicators(session)  # the vocabulary grew since the store was migrated
        session.flush()
        units = repository.indicator_units(session)
    return units


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows).all())


def store_records(session: Session, items: Sequence[LoadItem], summary: LoadSummary) -> list[int]:
    """Add the documents of ``items`` not stored yet to ``session``; return their new ids."""
    seen = _existing_hashes(session, [r.document.content_hash for r, _ in items])
    fresh: list[LoadItem] = []
    for record, path in items:
        digest = record.document.content_hash
        if digest in seen:
            summary.documents_unchanged += 1
        else:
            seen.add(digest)
            fresh.append((record, path))
    if not fresh:
        return []
    units = _units(session, fresh)
    known = set(units)
    doc_rows: list[dict[str, Any]] = []
    regions: list[str | None] = []
    for record, path in fresh:
        d = record.document
        region = repository.ensure_region(
            session, d.region_code, name=d.region_name, level=d.region_level
        )
        regions.append(region)
        doc_rows.append(repository.document_values(d, region, path=path))
    doc_ids = _insert_returning_ids(session, models.Document, doc_rows)

    statement_rows: list[dict[str, Any]] = []
    framework_rows: list[dict[str, Any]] = []
    member_lists: list[list[dict[str, Any]]] = []
    places: dict[str | None, Places] = {}
    for (record, _), doc_id, region in zip(fresh, doc_ids, regions, strict=True):
        if region not in places:
            places[region] = places_under(session, region)
        for s in record.statements:
            s_region = repository.statement_region(
                session, s, record.document.region_code, region, places[region]
            )
            statement_rows.append(
                {**repository.statement_values(s, s_region, known), "document_id": doc_id}
            )
        for f in record.frameworks:
            values, members = repository.framework_values(f)
            framework_rows.append({**values, "document_id": doc_id})
            member_lists.append(members)
    statement_ids = _insert_returning_ids(session, models.Statement, statement_rows)

    targets: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    offset = 0
    for record, _ in fresh:
        statements = record.statements
        ranges = repository.range_pairs(statements)
        highs = set(ranges.values())
        periods = TextPeriods(record.document.text)
        for k, s in enumerate(statements):
            if k in highs:
                continue  # the high end of a range, kept with its low end
            values, sid = statement_rows[offset + k], statement_ids[offset + k]
            high = statements[ranges[k]] if k in ranges else None
            fact = repository.fact_values(s, values, sid, units, high, periods)
            (targets if s.kind == "target" else observations).append(fact)
        offset += len(statements)
    if observations:
        session.execute(insert(models.Observation), observations)
    target_ids = _insert_returning_ids(session, models.Target, targets)
    framework_ids = _insert_returning_ids(session, models.Framework, framework_rows)
    members = [
        {**m, "framework_id": fid}
        for fid, ms in zip(framework_ids, member_lists, strict=True)
        for m in ms
    ]
    if members:
        session.execute(insert(models.FrameworkMember), members)

    keys = {
        (o["region_code"], o["indicator_id"], None if o["indicator_id"] else o["indicator_phrase"],
         o["year"], o["measure"], o["base_unit"])
        for o in observations
    }  # fmt: skip
    _set_baselines(session, target_ids, units)
    repository.refresh_conflicts(session, keys)
    for doc_id in doc_ids:
        document = session.get(models.Document, doc_id)
        if document is not None:
            index_document(session, document)  # the passages full-text search finds

    summary.documents_new += len(fresh)
    summary.statements += len(statement_rows)
    summary.targets += len(targets)
    summary.observations += len(observations)
    summary.frameworks += len(framework_rows)
    return doc_ids


def _set_baselines(session: Session, target_ids: list[int], units: dict[str, str]) -> None:
    """Each new target's baseline, by the rule ``store_extraction`` applies (one query per
    target with an indicator, a region and a deadline; the rule is the repository's)."""
    for i in range(0, len(target_ids), _IN_LIMIT):
        part = target_ids[i : i + _IN_LIMIT]
        for target in session.scalars(select(models.Target).where(models.Target.id.in_(part))):
            repository.set_baseline(session, target, units.get(target.indicator_id or ""))
    session.flush()


def load_records(
    store: Store,
    chunks: Iterable[Sequence[LoadItem]],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Store every chunk of records, one transaction per chunk; report documents done.

    A chunk that fails is rolled back as a whole and its error raised: the chunks before
    it stay stored, and running the load again skips them by content hash.
    """
    summary = LoadSummary()
    for chunk in chunks:
        with store.writing() as session:
            store_records(session, chunk, summary)
        if on_progress is not None:
            on_progress(len(chunk))
    return summary
