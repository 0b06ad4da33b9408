"""Every error a user of the dashboard can meet is written in Chinese and in English.

A luoshi error carries its Chinese beside its English (``raise LoopError("…", zh="…")``,
:mod:`luoshi.errors`); the pages show the one of their language. This test reads the
source: each luoshi error made (raised, or built by a helper) in the modules the web
reaches names its Chinese.
The command line, the batch engines, backups and the demo's builder speak to an operator
at a console, in English, and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from luoshi import errors
from tests.conftest import REPO

SRC = REPO / "src" / "luoshi"
#: Console-only code: its errors go to an operator's terminal, not to a page.
CONSOLE = ("cli", "batch", "demo", "store/backup.py", "store/migrations")
ERRORS = {name for name in errors.__all__ if name.endswith("Error")}


def _web_reachable() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if not any(p.relative_to(SRC).as_posix().startswith(c) for c in CONSOLE)
    ]


def _errors_without_chinese(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    # every error made, raised at once or built by a helper (``return ReadError(...)``)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in ERRORS and not any(k.arg == "zh" for k in node.keywords):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_the_scan_sees_the_raises() -> None:
    """The scan finds the errors it checks (a scan that found nothing would pass)."""
    reachable = _web_reachable()
    assert SRC / "loop" / "tasks.py" in reachable and SRC / "cli" / "__init__.py" not in reachable
    raises = sum(
        isinstance(n, ast.Raise)
        for p in reachable
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
    )
    assert raises > 150


@pytest.mark.parametrize("path", _web_reachable(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_every_error_a_page_can_show_has_its_chinese(path: Path) -> None:
    assert not _errors_without_chinese(path), "\n".join(_errors_without_chinese(path))


def test_a_message_in_both_languages() -> None:
    e = errors.QueryError(
        "status 'x' is not one of", zh="进度 'x' 不可用，可选", options=["a", "b"]
    )
    assert str(e) == "status 'x' is not one of a, b" and e.message("en") == str(e)
    assert e.message("zh") == "进度 'x' 不可用，可选：a、b"
    assert (e.text("zh"), e.text("en")) == ("进度 'x' 不可用，可选", "status 'x' is not one of")
    plain = errors.LoopError("no Chinese given")
    assert plain.message("zh") == "no Chinese given"
