"""The public API: everything in ``__all__`` exists, is documented, and works end to end."""

from __future__ import annotations

import importlib
import inspect

import pytest

import luoshi

MODULES = [
    "luoshi",
    "luoshi.errors",
    "luoshi.config",
    "luoshi.reading",
    "luoshi.reading.document",
    "luoshi.extract",
    "luoshi.extract.doc",
    "luoshi.extract.registry",
    "luoshi.extract.components",
    "luoshi.track",
    "luoshi.track.progress",
    "luoshi.track.verdict",
    "luoshi.store.periods",
    "luoshi.track.ledger",
    "luoshi.track.figures",
    "luoshi.track.consistency",
    "luoshi.track.compare",
    "luoshi.track.index",
    "luoshi.xlsx",
    "luoshi.display",
    "luoshi.reading.dating",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist_and_are_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"


def test_error_tree() -> None:
    for name in ("ReadError", "ExtractError", "StoreError", "UnsupportedFormatError"):
        assert issubclass(getattr(luoshi, name), luoshi.LuoshiError)
        assert name.endswith("Error")


def test_read_and_extract_from_the_top_level() -> None:
    doc = luoshi.read_bytes("到2025年，全县地区生产总值力争突破70亿元。".encode(), "plan.txt")
    (s,) = luoshi.extract(doc).statements
    assert (s.kind, s.base_value, s.base_unit, s.year) == ("target", 7e9, "元", 2025)
