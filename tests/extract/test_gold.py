"""The contract's gold, scored by the shared scorer through its command line.

Two sets, with the floors the extraction must hold: the county documents the rules were
first checked against (``corpus/gold``), and the heads of three national reports that
review one year and plan the next (``corpus/national-heads``), whose figures are dated
and kinded by their place.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from tests.conftest import CORPUS, SHARED, need_corpus

pytestmark = pytest.mark.corpus

SCORER = SHARED / "tools" / "score_statements.py"

#: (documents, gold, detection F1, full-match F1, framework recall, member recall)
SETS = {
    "county": (CORPUS / "docs", CORPUS / "gold", 0.95, 0.90, 0.9, 0.85),
    "national-heads": (
        CORPUS / "national-heads" / "docs",
        CORPUS / "national-heads" / "gold",
        0.95,
        0.85,
        0.0,
        0.6,
    ),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_scores_above_the_floor(name: str, tmp_path: Path) -> None:
    need_corpus()
    docs, gold, det, full, found, members = SETS[name]
    if not SCORER.is_file() or not gold.is_dir():
        pytest.skip(f"the shared scorer or gold is absent ({SCORER}, {gold})")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["extract", str(docs), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(out), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    score = json.loads(proc.stdout)
    print(
        name,
        json.dumps(
            {k: score[k] for k in ("detection", "full_match_f1", "frameworks")}, ensure_ascii=False
        ),
    )
    assert score["detection"]["f1"] >= det
    assert score["full_match_f1"] >= full
    assert score["frameworks"]["recall"] >= found
    assert score["frameworks"]["member_recall"] >= members
