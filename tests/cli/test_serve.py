"""``luoshi serve`` and ``luoshi demo``: bad options are one line and exit 1; serve serves."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.cli.serve import proxy_note
from luoshi.store import ingest_paths, open_store
from tests.conftest import REPO

runner = CliRunner()


def test_serve_refuses_a_bad_database_url() -> None:
    result = runner.invoke(app, ["serve", "--db", "nosuch:/nowhere"])
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "not a database URL" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_refuses_a_missing_geojson(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--geojson", "nope.geojson"]
    )
    assert result.exit_code == 1 and "nope.geojson" in result.output


def test_serve_serves_a_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    store = open_store(url)
    store.migrate()
    assert ingest_paths(store, [REPO / "src" / "luoshi" / "sample"]).ok
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from luoshi.cli import main; main()", "serve",
         "--db", url, "--port", str(port), "--workers", "2"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                got = httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.3)
        assert got.status_code == 200 and got.json()["counts"]["documents"] == 1
        assert "x-luoshi-data" not in got.headers, "a real store is not marked as demo"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    said = (tmp_path / "serve.log").read_text()
    assert "X-Forwarded-For is trusted from 127.0.0.1 (--forwarded-allow-ips)" in said
    assert "warning" not in said  # on the loopback, a proxy can only be local


def test_serve_warns_when_a_remote_proxy_would_make_everyone_one_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    [_, warning] = proxy_note("0.0.0.0", None)
    assert "without --forwarded-allow-ips" in warning and "代理地址" in warning
    [note] = proxy_note("0.0.0.0", "10.0.0.2")
    assert "trusted from 10.0.0.2" in note
    assert len(proxy_note("127.0.0.1", None)) == 1
