"""Extraction's work grows with the length of the document, not with its square.

Counted, not timed: the spans of the reading layers are replaced by spans that count how
often their ``start`` is read, and the count on a text of 16 copies of the bundled
sample is compared with the count on 4 copies. Linear work (with bisection's log factor)
gives about 4 times as many reads; a scan of a whole layer per number gives about 16.
"""

from __future__ import annotations

import sys
from collections import Counter
from importlib import resources
from typing import Any

from luoshi.extract import extract
from luoshi.reading import read_bytes
from luoshi.reading.document import Span

_READS: Counter[str] = Counter()


class CountingSpan(Span):
    """A span that counts the reads of its ``start``, by the function that reads it."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name == "start":
            _READS[sys._getframe(1).f_code.co_qualname.split(".")[0]] += 1
        return object.__getattribute__(self, name)


def _counting(spans: list[Span]) -> list[Span]:
    return [CountingSpan(s.start, s.end, s.label, s.attrs) for s in spans]


def _reads(copies: int) -> Counter[str]:
    sample = resources.files("luoshi").joinpath("sample/hechuan-plenary-2023.txt").read_bytes()
    doc = read_bytes(b"\n".join([sample] * copies), "sample.txt")
    for name, spans in list(doc.layers.items()):
        doc.layers[name] = _counting(spans)
    _READS.clear()
    extract(doc)
    return Counter(_READS)


def _growth(reads_small: Counter[str], reads_large: Counter[str]) -> float:
    return sum(reads_large.values()) / sum(reads_small.values())


def test_extraction_reads_spans_linearly_in_document_length() -> None:
    small, large = _reads(4), _reads(16)
    assert _growth(small, large) < 6, (small.most_common(5), large.most_common(5))
