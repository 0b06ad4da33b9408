"""Benchmark corpora built from the real documents in ../shared/corpus (never committed)."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def real_texts() -> list[tuple[str, bytes]]:
    """(name, bytes) of every real document: the three annotated ones and the national reports."""
    if not SHARED.is_dir():
        sys.exit(f"the shared corpus is not beside the repository ({SHARED} is absent)")
    files = sorted((SHARED / "docs").glob("*.txt")) + sorted(
        (SHARED / "national-gwr").glob("*.txt")
    )
    return [(f.name, f.read_bytes()) for f in files]


def build(folder: Path, megabytes: float) -> list[Path]:
    """Write copies of the real documents into ``folder`` until they reach ``megabytes``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = real_texts()
    target = int(megabytes * 1024 * 1024)
    written = 0
    paths: list[Path] = []
    round_ = 0
    while written < target:
        for name, data in texts:
            p = folder / f"r{round_:03d}-{name}"
            p.write_bytes(data)
            paths.append(p)
            written += len(data)
            if written >= target:
                break
        round_ += 1
    return paths
