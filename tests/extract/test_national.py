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
