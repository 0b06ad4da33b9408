"""The stable Parquet schema of a batch result, and the rows of one extracted document.

A batch result is a folder of four Parquet datasets: ``documents``, ``statements``,
``frameworks`` and ``failures`` (documented field by field in ``docs/batch.md``). The
first three are partitioned, Hive style, by the document's province (the first two
digits of its GB/T 2260 code) and year: a few hundred partitions for a national corpus,
each small enough for :mod:`luoshi.store.load` to join its statements to its documents in
memory. Partitioning by the full county code would make ~2,800 × years folders of a few
files each, the small-file problem every Hadoop platform warns about.

Both engines build their rows with :func:`outcome_rows` and these Arrow schemas (the
Spark adapter converts them to Spark types), so their output cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from luoshi.extract.doc import Framework, Statement
from luoshi.extract.record import DocumentRecord, ExtractionRecord, FailureRecord

__all__ = [
    "DATASETS",
    "DOCUMENTS",
    "FAILURES",
    "FRAMEWORKS",
    "PARTITION",
    "PARTITION_COLUMNS",
    "RESULT",
    "SCHEMA_VERSION",
    "STATEMENTS",
    "outcome_rows",
    "partition_of",
    "result_row",
]

#: Raised when a field changes meaning; written to the result's ``_luoshi.json``.
SCHEMA_VERSION = 1

_EXPLAIN = pa.map_(pa.string(), pa.string())
#: The partition columns, shared by documents, statements and frameworks.
PARTITION = pa.schema([("doc_province", pa.string()), ("doc_year", pa.int32())])
PARTITION_COLUMNS = tuple(PARTITION.names)

_KEY = [("doc_id", pa.string()), ("content_hash", pa.string())]

DOCUMENTS = pa.schema(
    [
        *_KEY,
        ("name", pa.string()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("source", pa.string()),
        ("doc_type", pa.string()),
        ("region_code", pa.string()),
        ("region_name", pa.string()),
        ("region_level", pa.string()),
        ("text", pa.string()),
        ("source_text", pa.string()),
        ("offsets", pa.list_(pa.list_(pa.int64()))),
        ("warnings", pa.list_(pa.string())),
        *PARTITION,
    ]
)

STATEMENTS = pa.schema(
    [
        *_KEY,
        ("ordinal", pa.int32()),
        ("text", pa.string()),
        ("sentence", pa.string()),
        ("value", pa.float64()),  # a single number; null when value_parts holds several
        ("value_parts", pa.list_(pa.float64())),  # a range's ends or a ratio's parts
        ("unit", pa.string()),
        ("base_value", pa.float64()),
        ("base_value_parts", pa.list_(pa.float64())),
        ("base_unit", pa.string()),
        ("indicator", pa.string()),
        ("indicator_id", pa.string()),
        ("kind", pa.string()),
        ("measure", pa.string()),
        ("comparator", pa.string()),
        ("year", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("source_start", pa.int64()),
        ("source_end", pa.int64()),
        ("sentence_start", pa.int64()),
        ("form", pa.string()),
        ("sign", pa.int32()),
        ("region_code", pa.string()),
        ("confidence", pa.float64()),
        ("explain", _EXPLAIN),
        *PARTITION,
    ]
)

FRAMEWORKS = pa.schema(
    [
        *_KEY,
        ("ordinal", pa.int32()),
        ("name", pa.string()),
        ("count", pa.int32()),
        ("members", pa.list_(pa.string())),
        ("member_spans", pa.list_(pa.list_(pa.int64()))),  # [start, end] of each located member
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("source_start", pa.int64()),
        ("source_end", pa.int64()),
        ("sentence", pa.string()),
        ("parent", pa.string()),
        ("explain", _EXPLAIN),
        *PARTITION,
    ]
)

FAILURES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("name", pa.string()),
        ("content_hash", pa.string()),  # null when the bytes could not be read at all
        ("reason", pa.string()),
    ]
)

#: Dataset name → schema, in the order they are written.
DATASETS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "statements": STATEMENTS,
    "frameworks": FRAMEWORKS,
    "failures": FAILURES,
}

#: One input document's result as one row: what a Spark task returns per document.
RESULT = pa.schema(
    [
        ("document", pa.struct(list(DOCUMENTS))),
        ("statements", pa.list_(pa.struct(list(STATEMENTS)))),
        ("frameworks", pa.list_(pa.struct(list(FRAMEWORKS)))),
        ("failure", pa.struct(list(FAILURES))),
    ]
)


def partition_of(document: DocumentRecord) -> dict[str, Any]:
    """The partition values of a document: its province code (or ``none``) and year."""
    code = document.region_code or ""
    province = code[:2] if len(code) == 6 and code.isdigit() else "none"
    return {"doc_province": province, "doc_year": document.year}


def _split(value: float | list[float]) -> tuple[float | None, list[float] | None]:
    if isinstance(value, list):
        return None, [float(v) for v in value]
    return float(value), None


def _statement_row(key: dict[str, Any], i: int, s: Statement) -> dict[str, Any]:
    value, value_parts = _split(s.value)
    base_value, base_value_parts = _split(s.base_value)
    return {
        **key,
        "ordinal": i,
        "text": s.text,
        "sentence": s.sentence,
        "value": value,
        "value_parts": value_parts,
        "unit": s.unit,
        "base_value": base_value,
        "base_value_parts": base_value_parts,
        "base_unit": s.base_unit,
        "indicator": s.indicator,
        "indicator_id": s.indicator_id,
        "kind": s.kind,
        "measure": s.measure,
        "comparator": s.comparator,
        "year": s.year,
        "start": s.start,
        "end": s.end,
        "source_start": s.source_start,
        "source_end": s.source_end,
        "sentence_start": s.sentence_start,
        "form": s.form,
        "sign": s.sign,
        "region_code": s.region_code,
        "confidence": float(s.confidence),
        "explain": sorted(s.explain.items()),
    }


def _framework_row(key: dict[str, Any], i: int, f: Framework) -> dict[str, Any]:
    return {
        **key,
        "ordinal": i,
        "name": f.name,
        "count": f.count,
        "members": list(f.members),
        "member_spans": [list(span) for span in f.member_spans],
        "start": f.start,
        "end": f.end,
        "source_start": f.source_start,
        "source_end": f.source_end,
        "sentence": f.sentence,
        "parent": f.parent,
        "explain": sorted(f.explain.items()),
    }


def outcome_rows(
    doc_id: str, outcome: ExtractionRecord | FailureRecord
) -> dict[str, list[dict[str, Any]]]:
    """Dataset name → rows of one input document (``doc_id``: its path or table id)."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
    if isinstance(outcome, FailureRecord):
        rows["failures"].append(
            {
                "doc_id": doc_id,
                "name": outcome.name,
                "content_hash": outcome.content_hash,
                "reason": outcome.reason,
            }
        )
        return rows
    d = outcome.document
    part = partition_of(d)
    key = {"doc_id": doc_id, "content_hash": d.content_hash}
    rows["documents"].append(
        {
            **key,
            "name": d.name,
            "format": d.format,
            "encoding": d.encoding,
            "title": d.title,
            "date": d.date,
            "source": d.source,
            "doc_type": d.doc_type,
            "region_code": d.region_code,
            "region_name": d.region_name,
            "region_level": d.region_level,
            "text": d.text,
            "source_text": d.source_text,
            "offsets": d.offsets,
            "warnings": list(d.warnings),
            **part,
        }
    )
    rows["statements"] = [
        {**_statement_row(key, i, s), **part} for i, s in enumerate(outcome.statements)
    ]
    rows["frameworks"] = [
        {**_framework_row(key, i, f), **part} for i, f in enumerate(outcome.frameworks)
    ]
    return rows


def result_row(doc_id: str, outcome: ExtractionRecord | FailureRecord) -> dict[str, Any]:
    """One input document's result in the :data:`RESULT` shape (one row per document)."""
    rows = outcome_rows(doc_id, outcome)
    return {
        "document": rows["documents"][0] if rows["documents"] else None,
        "statements": rows["statements"],
        "frameworks": rows["frameworks"],
        "failure": rows["failures"][0] if rows["failures"] else None,
    }
