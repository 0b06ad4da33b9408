from __future__ import annotations

from typing import Any

import pytest

from luoshi.reading.document import Document, OffsetMap, Span, rewrite


def test_identity_map_maps_each_character_to_itself() -> None:
    m = OffsetMap.identity(5)
    assert m.to_source(1, 3) == (1, 3)
    assert m.to_source(5, 5) == (5, 5)


def test_replacement_maps_to_the_whole_replaced_stretch() -> None:
    text = "發(fā)展８．５％"
    m = OffsetMap.identity(len(text))
    text2, m2 = rewrite(text, m, [(1, 5, "")])
    assert text2 == "發展８．５％"
    assert m2.to_source(1, 2) == (5, 6)  # 展 after the removed annotation
    text3, m3 = rewrite(text2, m2, [(2, 6, "8.5%")])
    assert text3 == "發展8.5%"
    # same-length replacement keeps the character alignment
    assert m3.to_source(2, 3) == (6, 7)
    assert m3.to_source(2, 6) == (6, 10)


def test_length_changing_replacement_spans_its_source() -> None:
    text = "abcXYZdef"
    text2, m = rewrite(text, OffsetMap.identity(len(text)), [(3, 6, "Q")])
    assert text2 == "abcQdef"
    assert m.to_source(3, 4) == (3, 6)
    assert m.to_source(4, 7) == (6, 9)


def test_edits_must_not_overlap() -> None:
    m = OffsetMap.identity(6)
    with pytest.raises(ValueError, match="overlapping"):
        m.then([(0, 3, "x"), (2, 4, "y")], "abcdef")


def test_out_of_range_span_is_an_error() -> None:
    with pytest.raises(IndexError):
        OffsetMap.identity(3).to_source(2, 5)


def test_to_list_compresses_runs() -> None:
    _, m = rewrite("abcXYZdef", OffsetMap.identity(9), [(3, 6, "Q")])
    assert m.to_list() == [[0, 0, 3], [3, 3, 1, 6], [4, 6, 3]]


def test_document_layers_and_lookup() -> None:
    doc = Document(name="t.txt", text="甲乙丙。丁戊。", source="", offsets=OffsetMap.identity(7))
    doc.set_layer("sentence", [Span(4, 7, "sentence"), Span(0, 4, "sentence")])
    assert [doc.span_text(s) for s in doc.spans("sentence")] == ["甲乙丙。", "丁戊。"]
    found = doc.covering("sentence", 5)
    assert found is not None and found.start == 4
    assert doc.covering("sentence", 9) is None
    assert doc.spans("missing") == []
    span = Span(0, 1, "x", (("level", 2),))
    assert span.get("level") == 2 and span.get("nope", 7) == 7


class _CountingSpan(Span):
    """A span that counts the reads of its ``start``."""

    __slots__ = ()
    reads = 0

    def __getattribute__(self, name: str) -> Any:
        if name == "start":
            _CountingSpan.reads += 1
        return object.__getattribute__(self, name)


def test_covering_bisects_without_scanning_the_layer() -> None:
    # covering is called once per number: a scan of the layer per call made extraction
    # quadratic in the length of the document
    n = 20_000
    doc = Document(name="t.txt", text="x" * 2 * n, source="", offsets=OffsetMap.identity(2 * n))
    doc.set_layer("sentence", [_CountingSpan(2 * i, 2 * i + 1, "sentence") for i in range(n)])
    _CountingSpan.reads = 0
    calls = 0
    for pos in range(0, 2 * n, 400):
        found = doc.covering("sentence", pos)
        assert found is not None and found.start == pos
        assert doc.covering("sentence", pos + 1) is None
        calls += 2
    # bisection reads about log2(20,000) = 15 starts a call; a scan reads 20,000
    assert _CountingSpan.reads < calls * 40
