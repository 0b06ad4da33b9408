"""The batch engine protocol and what every engine shares: inputs, summaries, the commit.

Engines are interchangeable the way httpx transports are: :class:`BatchEngine` is the
one method a runner needs, :mod:`luoshi.batch.local` runs it on this machine's cores
and :mod:`luoshi.batch.spark` on a Spark cluster. Both call the one extraction core
(:func:`luoshi.extract.record.extract_record`) and write the one schema
(:mod:`luoshi.batch.schema`).

Output is committed atomically: an engine writes the four datasets into a hidden
staging folder beside the output (``.NAME.staging-<run>``), writes the manifest
``_luoshi.json`` last, then renames the staging folder to the output. A run killed at
any point leaves no output folder (only a staging folder, removed by the next run), so
a re-run produces complete output with no duplicates. The rename is atomic on local
disks and HDFS; on S3-compatible object storage it is a copy, so a reader there must
check for ``_luoshi.json`` (``luoshi load`` does).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from luoshi.batch.schema import SCHEMA_VERSION
from luoshi.errors import BatchError

__all__ = [
    "MANIFEST",
    "STAGING_MARK",
    "BatchEngine",
    "BatchInput",
    "BatchSummary",
    "Region",
    "manifest_bytes",
    "staging_name",
]

#: Written last into a result folder: its presence says the result is complete.
MANIFEST = "_luoshi.json"
#: Marks the hidden staging folder of a run beside its output: ``.NAME.staging-<run>``.
STAGING_MARK = ".staging-"

Region = tuple[str, str | None]


@dataclass(frozen=True)
class BatchInput:
    """What to extract: files (a path, folder or glob) or a table of (id, name, content)."""

    path: str | None = None
    table: str | None = None

    def __post_init__(self) -> None:
        if (self.path is None) == (self.table is None):
            raise BatchError("give either input files (a path or glob) or a table, not both")

    def describe(self) -> str:
        """The input as a user would name it."""
        return f"table {self.table}" if self.table is not None else str(self.path)


@dataclass
class BatchSummary:
    """What one batch run produced."""

    engine: str
    documents: int = 0
    statements: int = 0
    frameworks: int = 0
    failures: int = 0
    input_bytes: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The summary as a plain dictionary (the manifest's ``summary``)."""
        return asdict(self)


class BatchEngine(Protocol):
    """Runs the extraction core over an input and commits the four datasets to ``output``."""

    name: str

    def extract(
        self,
        source: BatchInput,
        output: str,
        *,
        region: Region | None = None,
        overwrite: bool = False,
    ) -> BatchSummary:
        """Extract every document of ``source`` into a new result folder ``output``."""
        ...


def staging_name(output_name: str) -> str:
    """A fresh hidden staging folder name beside an output folder named ``output_name``."""
    return f".{output_name}{STAGING_MARK}{uuid.uuid4().hex[:12]}"


def manifest_bytes(summary: BatchSummary, source: BatchInput) -> bytes:
    """The manifest of a finished result: schema version, input, counts, time."""
    body = {
        "schema_version": SCHEMA_VERSION,
        "input": source.describe(),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "summary": summary.as_dict(),
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
