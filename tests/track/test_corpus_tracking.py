"""Promise against result on real reports: sixteen provinces' work reports of 2025 and
2026, and the State Council's of 2004–2019, ingested as they are into a fresh store.

The provinces are scored by the shared scorer (``../shared/tools/score_tracking.py``) on
``luoshi targets --format json``. What tracking alone decides is held strictly: every
target linked to its actual carries the right verdict. How many targets are linked also
depends on extraction (a result's year, its indicator); at least 90% of the truth's rows
with an actual must be linked, and 90% of its verdicts right.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from tests.conftest import CORPUS, NATIONAL, SHARED

pytestmark = pytest.mark.corpus

PROVINCES = CORPUS / "provinces"
SCORER = SHARED / "tools" / "score_tracking.py"
runner = CliRunner(env={"LUOSHI_AS_OF_YEAR": "2026"})


def _need(*paths: Path) -> None:
    for p in paths:
        if not p.exists():
            pytest.skip(f"the shared corpus is not beside the repository ({p} is absent)")


def _ingest(url: str, files: list[Path]) -> None:
    r = runner.invoke(app, ["ingest", "--db", url, "--jobs", "2", *map(str, files)])
    assert r.exit_code == 0, r.output


def test_provinces_promises_against_results(tmp_path: Path) -> None:
    _need(PROVINCES / "tracking-truth.jsonl", SCORER)
    url = f"sqlite:///{tmp_path / 'provinces.db'}"
    _ingest(url, sorted(PROVINCES.glob("*.txt")))
    out = tmp_path / "targets.json"
    r = runner.invoke(app, ["targets", "--db", url, "--format", "json", "--output", str(out)])
    assert r.exit_code == 0, r.output
    done = subprocess.run(
        [sys.executable, str(SCORER), str(PROVINCES / "tracking-truth.jsonl"), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    score: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # tracking's own part: a target linked to its actual gets the right verdict
    assert score["verdicts_right"] == score["linked"], score
    assert score["linked"] >= 0.9 * score["with_actual"], score
    assert score["verdicts_right"] >= 0.9 * score["with_verdict"], score
    assert score["found"] >= 0.95 * score["truth_rows"], score


def test_national_gdp_growth_targets_against_the_next_report(tmp_path: Path) -> None:
    truth_path = NATIONAL / "gdp-growth-truth.json"
    _need(truth_path)
    url = f"sqlite:///{tmp_path / 'nation.db'}"
    _ingest(url, [NATIONAL / f"gwr-{year}.txt" for year in range(2004, 2020)])
    r = runner.invoke(
        app, ["ledger", "--db", url, "--region", "100000", "--indicator", "gdp", "-f", "json"]
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    right = []
    for t in truth:
        low = min(t["target"]) if isinstance(t["target"], list) else t["target"]
        mine = [
            row
            for row in rows
            if row["deadline"] == t["year"]
            and row["measure"] == "growth"
            and row["target"] == pytest.approx(low)
        ]
        # every year's growth beat or met its target (左右 within 0.1 point: 2014, 2015)
        if any(
            row["latest"] == pytest.approx(t["actual"])
            and row["latest_year"] == t["year"]
            and row["status"] == "已完成"
            for row in mine
        ):
            right.append(t["year"])
    assert len(right) >= 12, f"linked with the right verdict: {right}"
