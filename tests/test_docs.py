"""Every CLI command, option and setting is documented in the README."""

from __future__ import annotations

import re
from typing import Any

import typer.main

from luoshi.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    commands: dict[str, Any] = group.commands  # type: ignore[attr-defined]
    return dict(commands)


def test_every_command_is_in_the_readme() -> None:
    for name in _commands():
        assert f"luoshi {name}" in README, f"`luoshi {name}` is not in the README"


def test_every_option_is_in_the_readme() -> None:
    for name, command in _commands().items():
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"`luoshi {name} {opt}` is not in the README"


def test_every_setting_is_in_the_readme() -> None:
    config = (REPO / "src" / "luoshi" / "config.py").read_text(encoding="utf-8")
    for variable in set(re.findall(r"LUOSHI_[A-Z_]+", config)):
        assert variable in README, f"{variable} is not in the README"
    indicator = (REPO / "src" / "luoshi" / "extract" / "components" / "indicator.py").read_text(
        encoding="utf-8"
    )
    for variable in set(re.findall(r"LUOSHI_[A-Z_]+", indicator)):
        assert variable in README, f"{variable} is not in the README"


def test_every_web_and_build_setting_is_in_the_readme() -> None:
    """The dashboard's own settings (LUOSHI_GEOJSON …) and the build's (LUOSHI_SKIP_ASSETS …)."""
    sources = [*(REPO / "src" / "luoshi" / "web").rglob("*.py"), REPO / "setup.py"]
    for source in sources:
        for variable in set(re.findall(r"LUOSHI_[A-Z_]+", source.read_text(encoding="utf-8"))):
            assert variable in README, f"{variable} ({source.name}) is not in the README"


def test_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, re.S)
    assert len(blocks) == 2 and all(len(b.strip().splitlines()) == 1 for b in blocks)
