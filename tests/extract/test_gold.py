"""The contract's dev gold, scored by the shared scorer through its command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from tests.conftest import GOLD, SHARED, need_corpus

pytestmark = pytest.mark.corpus

SCORER = SHARED / "tools" / "score_statements.py"


def test_dev_gold_scores_above_the_bar(tmp_path: Path) -> None:
    corpus = need_corpus()
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer is absent ({SCORER})")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(corpus / "docs"), "--format", "jsonl", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(out), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    score = json.loads(proc.stdout)
    print(
        json.dumps(
            {k: score[k] for k in ("detection", "full_match_f1", "frameworks")}, ensure_ascii=False
        )
    )
    assert score["detection"]["f1"] >= 0.95
    assert score["full_match_f1"] >= 0.85
    assert score["frameworks"]["recall"] >= 0.9
    assert score["frameworks"]["member_recall"] >= 0.85
