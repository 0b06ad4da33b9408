"""Seven decades of national government work reports: extraction runs on all of them, and
reports no slogan numerals, years or enumeration markers as statements."""

from __future__ import annotations

import re

import pytest

from luoshi.extract import extract
from luoshi.reading import read_document
from tests.conftest import NATIONAL, need_corpus

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

_YEAR = re.compile(r"^(?:19|20)\d{2}年?$")
_MARKER = re.compile(
    r"^[一二三四五六七八九十]+[是要、]$|^[（(][一二三四五六七八九十\d]+[）)]$|^\d+[.、]$"
)
_SLOGAN = re.compile(r"^[一二两三四五六七八九十]+[个大项条]$")


def test_every_report_extracts_cleanly() -> None:
    need_corpus()
    files = sorted(NATIONAL.glob("gwr-*.txt"))
    assert len(files) == 47
    total = 0
    for path in files:
        result = extract(read_document(path))
        total += len(result.statements)
        for s in result.statements:
            assert not _YEAR.match(s.text), (path.name, s.text, s.sentence)
            assert not _MARKER.match(s.text), (path.name, s.text)
            # a small Chinese numeral with a generic measure word names a concept
            if _SLOGAN.match(s.text):
                assert s.base_value > 10, (path.name, s.text, s.sentence)
            unitless = s.form in ("rank", "ratio", "fraction")
            assert s.base_unit or s.unit or unitless, (path.name, s.text)
    assert total > 3000


def _first_review(doc):  # type: ignore[no-untyped-def]
    tops = [h for h in doc.spans("heading") if h.get("level") <= 1]
    for i, h in enumerate(tops):
        title = h.get("title") or ""
        if "回顾" in title or title.startswith(("过去", "关于过去")):
            end = tops[i + 1].start if i + 1 < len(tops) else len(doc.text)
            return h.start, end
    return None


@pytest.mark.parametrize("year", [1995, 1997, 2000, 2004, 2007, 2010, 2014, 2016, 2019])
def test_review_and_plan_sections_date_their_figures(year: int) -> None:
    """A report of year Y, of any decade: its review section's figures are results of Y−1
    (or of a year the sentence names), and its list of the year's main targets are targets
    of Y, every one dated."""
    need_corpus()
    doc = read_document(NATIONAL / f"gwr-{year}.txt")
    assert doc.meta.year == year, doc.meta.found
    result = extract(doc)
    review = _first_review(doc)
    assert review is not None
    inside = [s for s in result.statements if review[0] <= s.start < review[1]]
    assert len(inside) >= 10
    assert all(s.year is not None for s in inside), [s.text for s in inside if s.year is None]
    last_year = sum(1 for s in inside if s.year == year - 1)
    assert last_year >= 0.85 * len(inside), (last_year, len(inside))
    assert sum(s.kind == "actual" for s in inside) >= 0.95 * len(inside)
    listed = [s for s in result.statements if "lead-in" in s.explain.get("kind", "")]
    for s in listed:
        assert (s.kind, s.year) == ("target", year), (s.text, s.sentence)
