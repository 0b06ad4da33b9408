"""Bad input never crashes or hangs extraction."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.extract import extract
from luoshi.reading import read_bytes
from luoshi.reading.document import Document, OffsetMap
from luoshi.reading.outline import segment

_ALPHABET = (
    "一二两三四五六七八九十百千万亿零〇0123456789.．%％：:—-~，。；、"
    + "个年亿元万人第是多余近约XＸ“”（）"
)


def _doc(text: str) -> Document:
    doc = Document(name="t.txt", text=text, source=text, offsets=OffsetMap.identity(len(text)))
    segment(doc)
    return doc


@settings(max_examples=200, deadline=2000)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_random_numeral_soup(text: str) -> None:
    result = extract(_doc(text))
    for s in result.statements:
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=50, deadline=3000)
@given(st.text(max_size=500))
def test_random_unicode(text: str) -> None:
    extract(_doc(text))


def test_pathological_numerals_finish_quickly() -> None:
    for text in ("一" * 100_000, "1" * 200_000, "十" * 50_000 + "亿元", "8.4:" * 20_000):
        start = time.perf_counter()
        extract(_doc(text))
        assert time.perf_counter() - start < 20


def test_a_10_mb_line_without_punctuation() -> None:
    text = ("全县经济社会发展稳中向好各项事业全面进步" * 50 + "地区生产总值完成65亿元") * 3500
    assert len(text.encode()) > 10 * 2**20
    start = time.perf_counter()
    result = extract(read_bytes(text.encode(), "long.txt"))
    assert time.perf_counter() - start < 120
    assert len(result.statements) == 3500


def test_a_dense_line_of_figures() -> None:
    text = "全县地区生产总值完成65亿元" * 20_000
    start = time.perf_counter()
    result = extract(_doc(text))
    assert time.perf_counter() - start < 120
    assert len(result.statements) == 20_000


def test_empty_document() -> None:
    assert extract(_doc("")).statements == []


def test_binary_noise_through_the_reader() -> None:
    import random

    rng = random.Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(2000))
        try:
            doc = read_bytes(data, "noise.txt")
        except Exception as exc:  # the reader refuses noise with a ReadError
            from luoshi.errors import ReadError

            assert isinstance(exc, ReadError)
            continue
        extract(doc)
