"""Every file the package reads at run time is in the wheel (``package-data``)."""

from __future__ import annotations

import fnmatch
import tomllib

from tests.conftest import REPO


def test_every_data_file_is_packaged() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs: list[str] = config["tool"]["setuptools"]["package-data"]["luoshi"]
    root = REPO / "src" / "luoshi"
    missing = []
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(root).as_posix()
        # a glob's * does not cross a folder: web/templates/* is not web/templates/loop/x
        if not any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs):
            missing.append(rel)
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
