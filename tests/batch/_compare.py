"""Comparing batch results row for row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from luoshi.batch.result import read_dataset
from luoshi.batch.schema import DATASETS


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    # map columns read back as lists of pairs; their order is not part of the data
    return {k: sorted(v) if k == "explain" and v is not None else v for k, v in row.items()}


def rows(root: Path, name: str) -> list[dict[str, Any]]:
    """Every row of a dataset, in a stable order (document id, then position)."""
    out = [_plain(r) for r in read_dataset(root, name).to_pylist()]
    return sorted(out, key=lambda r: (r["doc_id"], r.get("ordinal", 0)))


def all_rows(root: Path) -> dict[str, list[dict[str, Any]]]:
    """Every dataset of a result, sorted."""
    return {name: rows(root, name) for name in DATASETS}
