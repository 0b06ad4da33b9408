"""Helpers for extraction tests: extract from a short text made into a document."""

from __future__ import annotations

from luoshi.extract import Extraction, Statement, extract
from luoshi.reading import read_bytes


def run(text: str, name: str = "t.txt") -> Extraction:
    """Read ``text`` as a document and extract from it."""
    return extract(read_bytes(text.encode("utf-8"), name))


def only(text: str) -> Statement:
    """The one statement of ``text`` (fails when there are none or several)."""
    found = run(text).statements
    assert len(found) == 1, [s.text for s in found]
    return found[0]
