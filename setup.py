"""Build hook: bring the dashboard's front-end libraries from the npm registry into the package.

Apache ECharts (the charts) and Swagger UI (the API's documentation at ``/docs``) are
published on npm, and county networks are often offline, so the web dashboard serves them
itself. They are not committed to this repository: every build (``pip install .`` and
``pip install -e .``) downloads each pinned tarball from registry.npmjs.org, checks it
against the registry's sha512 integrity string (``npm view <name>@<version>
dist.integrity``), and places the files it needs under ``src/luoshi/web/static/vendor/``
(ignored by git). Only the Python standard library is used, because a fresh machine has
Python and pip but maybe not node. Set ``LUOSHI_SKIP_ASSETS=1`` to build without them (the
dashboard then says that its charts, and ``/docs`` that its viewer, are missing).
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

#: (npm package, version, integrity from the registry's metadata, the stamp file recording
#: the version in place, {file inside the tarball: where it goes under vendor/})
ASSETS: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "echarts",
        "6.1.0",
        "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
        "echarts.min.js.version",
        {"package/dist/echarts.min.js": "echarts.min.js"},
    ),
    (
        "swagger-ui-dist",
        "5.35.0",
        "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
        "swagger-ui/version",
        {
            f"package/{name}": f"swagger-ui/{name}"
            for name in (
                "swagger-ui-bundle.js",
                "swagger-ui.css",
                "favicon-32x32.png",
                # Apache-2.0: its licence and notice travel with it, and the bundled code's
                "LICENSE",
                "NOTICE",
                "swagger-ui-bundle.js.LICENSE.txt",
            )
        },
    ),
]
REGISTRY = os.environ.get("LUOSHI_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def _fetch(name: str, version: str, integrity: str, members: list[str]) -> dict[str, bytes]:
    url = f"{REGISTRY}/{name}/-/{name}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{url}: {algorithm} integrity mismatch (got {digest})")
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in members:
            extracted = tar.extractfile(member)
            if extracted is None:
                raise RuntimeError(f"{url}: no {member} in the tarball")
            out[member] = extracted.read()
    return out


def vendor_assets() -> None:
    """Download each pinned package unless its files are already in place."""
    if os.environ.get("LUOSHI_SKIP_ASSETS"):
        return
    for name, version, integrity, stamp_name, files in ASSETS:
        stamp = VENDOR / stamp_name
        targets = {member: VENDOR / dest for member, dest in files.items()}
        if (
            all(t.exists() for t in targets.values())
            and stamp.exists()
            and stamp.read_text().strip() == version
        ):
            continue
        fetched = _fetch(name, version, integrity, list(files))
        for member, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(fetched[member])
        stamp.write_text(version + "\n")


class BuildWithAssets(build_py):
    """``build_py`` that vendors the front-end assets first (regular and editable builds)."""

    def run(self) -> None:
        vendor_assets()
        super().run()


setup(cmdclass={"build_py": BuildWithAssets})
