"""Reading + normalising throughput (MB/s of input) and peak memory, on ≥ 50 MB of real text.

usage: python bench/read_throughput.py [--mb 50] [--runs 3]

Builds the corpus by repeating the real documents in ../shared/corpus (the three
annotated ones and the 47 national government work reports), then reads every file
with ``luoshi.reading.read_document`` in one process, ``--runs`` times, and prints
the median. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import build

from luoshi.reading import read_document


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp), args.mb)
        total = sum(p.stat().st_size for p in paths)
        # warm the lazy resources (OpenCC, jieba's dictionary for mojibake repair, the
        # division list) on one copy of every real document, outside the timing
        seen: set[str] = set()
        for p in paths:
            stem = p.name.split("-", 1)[1]
            if stem not in seen:
                seen.add(stem)
                read_document(p)
        rates = []
        for _ in range(args.runs):
            start = time.perf_counter()
            chars = 0
            for p in paths:
                chars += len(read_document(p).text)
            elapsed = time.perf_counter() - start
            rates.append(total / 2**20 / elapsed)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(paths)} files, {total / 2**20:.1f} MB, {chars:,} characters")
    print(
        f"reading + normalising: median {statistics.median(rates):.2f} MB/s on one core "
        f"(runs: {', '.join(f'{r:.2f}' for r in rates)})"
    )
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
