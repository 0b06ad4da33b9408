"""The loop's public names exist and are documented; its errors sit in the one tree."""

from __future__ import annotations

import importlib
import inspect

import pytest

from luoshi import errors

MODULES = [
    "luoshi.loop",
    "luoshi.loop.access",
    "luoshi.loop.users",
    "luoshi.loop.tasks",
    "luoshi.loop.targets",
    "luoshi.loop.drafting",
    "luoshi.loop.projects",
    "luoshi.loop.reports",
    "luoshi.loop.notices",
    "luoshi.loop.assessment",
    "luoshi.loop.exports",
    "luoshi.loop.audit",
    "luoshi.loop.models",
    "luoshi.store.backup",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist_and_are_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"


def test_the_loop_errors_are_one_branch() -> None:
    for name in ("AccessError", "TransitionError", "StaleEditError"):
        assert issubclass(getattr(errors, name), errors.LoopError)
        assert name in (errors.__doc__ or "") and name in errors.__all__
    assert issubclass(errors.LoopError, errors.LuoshiError)
