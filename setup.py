"""Build hook: bring the dashboard's chart library from the npm registry into the package.

Apache ECharts is published on npm only, and county networks are often offline, so the
web dashboard serves it itself. It is not committed to this repository: every build
(``pip install .`` and ``pip install -e .``) downloads the pinned tarball from
registry.npmjs.org, checks it against the registry's sha512 integrity string, and places
``dist/echarts.min.js`` under ``src/luoshi/web/static/vendor/`` (ignored by git). Only the
Python standard library is used, because a fresh machine has Python and pip but maybe
not node. Set ``LUOSHI_SKIP_ASSETS=1`` to build without it (the dashboard then says
that its charts are missing).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "src" / "luoshi" / "web" / "static" / "vendor"

#: (npm package, version, file inside the tarball, integrity from the registry's metadata)
ASSETS = [
    (
        "echarts",
        "6.1.0",
        "package/dist/echarts.min.js",
        "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
    ),
]
REGISTRY = os.environ.get("LUOSHI_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def _fetch(name: str, version: str, member: str, integrity: str) -> bytes:
    url = f"{REGISTRY}/{name}/-/{name}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{url}: {algorithm} integrity mismatch (got {digest})")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        extracted = tar.extractfile(member)
        if extracted is None:
            raise RuntimeError(f"{url}: no {member} in the tarball")
        return extracted.read()


def vendor_assets() -> None:
    """Download each pinned asset unless it is already in place."""
    if os.environ.get("LUOSHI_SKIP_ASSETS"):
        return
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, version, member, integrity in ASSETS:
        target = VENDOR / Path(member).name
        stamp = VENDOR / f"{Path(member).name}.version"
        if target.exists() and stamp.exists() and stamp.read_text().strip() == version:
            continue
        target.write_bytes(_fetch(name, version, member, integrity))
        stamp.write_text(version + "\n")


class BuildWithAssets(build_py):
    """``build_py`` that vendors the front-end assets first (regular and editable builds)."""

    def run(self) -> None:
        vendor_assets()
        super().run()


setup(cmdclass={"build_py": BuildWithAssets})
