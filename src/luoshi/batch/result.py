"""Reading a batch result back: the datasets as Arrow tables, and records for ``luoshi load``.

A result folder is complete only when its manifest ``_luoshi.json`` is there (see
:mod:`luoshi.batch.base`); anything else is refused. Documents are read one partition
(province × year) at a time with their statements and frameworks, so a national result
loads in bounded memory.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from luoshi.batch.base import MANIFEST
from luoshi.batch.schema import DATASETS, PARTITION, SCHEMA_VERSION
from luoshi.errors import BatchError
from luoshi.extract.doc import Framework, Statement
from luoshi.extract.record import DocumentRecord, ExtractionRecord

__all__ = ["iter_records", "read_dataset", "read_manifest", "result_partitions"]

#: A record and the id (path) it was read from.
LoadItem = tuple[ExtractionRecord, str | None]


def read_manifest(root: str | Path) -> dict[str, Any]:
    """The manifest of a complete result folder; :class:`BatchError` for anything else."""
    folder = Path(root)
    if not folder.is_dir():
        raise BatchError(f"{folder}: not a folder (give the output folder of luoshi batch extract)")
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise BatchError(
            f"{folder}: no {MANIFEST}; not a complete luoshi batch result (an unfinished run?)"
        ) from None
    except (OSError, ValueError) as exc:
        raise BatchError(f"{folder}/{MANIFEST}: cannot read it ({exc})") from exc
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise BatchError(
            f"{folder}: schema version {version!r}; this luoshi reads version {SCHEMA_VERSION}"
        )
    return manifest


def _dataset(path: Path, name: str) -> ds.Dataset:
    schema = DATASETS[name]
    if name == "failures":
        return ds.dataset(path, schema=schema, format="parquet")
    return ds.dataset(
        path,
        schema=schema,
        format="parquet",
        partitioning=ds.partitioning(PARTITION, flavor="hive"),
    )


def read_dataset(root: str | Path, name: str) -> pa.Table:
    """A whole dataset of a result: documents, statements, frameworks or failures."""
    if name not in DATASETS:
        raise BatchError(f"{name!r} is not a dataset; the datasets are {', '.join(DATASETS)}")
    read_manifest(root)
    table: pa.Table = _dataset(Path(root) / name, name).to_table()
    return table


def result_partitions(root: str | Path) -> list[str]:
    """The documents' partition folders, relative: ``doc_province=14/doc_year=2021``."""
    base = Path(root) / "documents"
    found = {
        str(f.parent.relative_to(base))
        for f in base.rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in f.relative_to(base).parts)
    }
    return sorted(found)


def _value(scalar: float | None, parts: list[float] | None) -> float | list[float]:
    if parts is not None:
        return [float(v) for v in parts]
    return float(scalar) if scalar is not None else 0.0


def _statement(row: dict[str, Any], doc_name: str) -> Statement:
    return Statement(
        doc=doc_name,
        text=row["text"],
        sentence=row["sentence"],
        value=_value(row["value"], row["value_parts"]),
        unit=row["unit"],
        base_value=_value(row["base_value"], row["base_value_parts"]),
        base_unit=row["base_unit"],
        indicator=row["indicator"],
        kind=row["kind"],
        measure=row["measure"],
        comparator=row["comparator"],
        year=row["year"],
        start=row["start"],
        end=row["end"],
        source_start=row["source_start"],
        source_end=row["source_end"],
        sentence_start=row["sentence_start"],
        form=row["form"],
        sign=row["sign"],
        indicator_id=row["indicator_id"],
        region_code=row["region_code"],
        confidence=row["confidence"],
        explain=dict(row["explain"] or []),
    )


def _framework(row: dict[str, Any], doc_name: str) -> Framework:
    return Framework(
        doc=doc_name,
        name=row["name"],
        count=row["count"],
        members=list(row["members"] or []),
        start=row["start"],
        end=row["end"],
        source_start=row["source_start"],
        source_end=row["source_end"],
        sentence=row["sentence"],
        member_spans=[(int(a), int(b)) for a, b in row["member_spans"] or []],
        parent=row["parent"],
        explain=dict(row["explain"] or []),
    )


def _document(row: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        content_hash=row["content_hash"],
        name=row["name"],
        format=row["format"],
        encoding=row["encoding"],
        text=row["text"],
        source_text=row["source_text"],
        offsets=[list(run) for run in row["offsets"] or []],
        warnings=list(row["warnings"] or []),
        title=row["title"],
        date=row["date"],
        source=row["source"],
        doc_type=row["doc_type"],
        region_code=row["region_code"],
        region_name=row["region_name"],
        region_level=row["region_level"],
    )


def _by_doc(table: pa.Table) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in table.to_pylist():
        out[row["doc_id"]].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r["ordinal"])
    return out


def iter_records(root: str | Path, *, chunk: int = 200) -> Iterator[list[LoadItem]]:
    """The result's documents as extraction records, ``chunk`` at a time, partition by partition."""
    read_manifest(root)
    base = Path(root)
    for rel in result_partitions(base):
        docs = ds.dataset(base / "documents" / rel, format="parquet").to_table()
        stmts = _by_doc(_leaf(base / "statements" / rel))
        frames = _by_doc(_leaf(base / "frameworks" / rel))
        items: list[LoadItem] = []
        for batch in docs.to_batches(max_chunksize=chunk):
            for row in batch.to_pylist():
                doc = _document(row)
                record = ExtractionRecord(
                    doc,
                    [_statement(r, doc.name) for r in stmts.get(row["doc_id"], [])],
                    [_framework(r, doc.name) for r in frames.get(row["doc_id"], [])],
                )
                items.append((record, row["doc_id"]))
                if len(items) >= chunk:
                    yield items
                    items = []
        if items:
            yield items


def _leaf(folder: Path) -> pa.Table:
    """The rows of one partition folder of statements or frameworks (none if it is absent)."""
    if not folder.is_dir():
        return pa.table({"doc_id": pa.array([], pa.string()), "ordinal": pa.array([], pa.int32())})
    table: pa.Table = ds.dataset(folder, format="parquet").to_table()
    return table
