"""``luoshi batch extract`` and ``luoshi load`` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app

runner = CliRunner()


@pytest.mark.corpus
def test_extract_then_load_twice(batch_input: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'plan.db'}"
    done = runner.invoke(
        app, ["batch", "extract", "--engine", "local", "--jobs", "2", str(batch_input), str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "documents 3, failed 2; statements" in done.output
    loaded = runner.invoke(app, ["load", "--db", db, "--chunk", "2", str(out)])
    assert loaded.exit_code == 0, loaded.output
    assert "documents: 3 new, 0 unchanged (2 failed in the batch" in loaded.output
    again = runner.invoke(app, ["load", "--db", db, str(out)])
    assert "documents: 0 new, 3 unchanged" in again.output and "statements 0" in again.output


@pytest.mark.corpus
def test_a_region_for_documents_that_name_none(batch_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = runner.invoke(
        app,
        ["batch", "extract", "--engine", "local", "--region", "990001",
         "--region-name", "某某经济开发区", str(batch_input), str(out)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    # the county document that names none is now the zone's (its code's first two digits)
    assert list(out.glob("documents/doc_province=99/*"))
    db = f"sqlite:///{tmp_path / 'plan.db'}"
    assert runner.invoke(app, ["load", "--db", db, str(out)]).exit_code == 0
    listed = runner.invoke(app, ["region", "list", "--db", db])
    assert "990001\t某某经济开发区" in listed.output


@pytest.mark.corpus
def test_errors_are_one_line_and_exit_1(batch_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    taken = runner.invoke(
        app, ["batch", "extract", "--engine", "local", str(batch_input), str(out)]
    )
    assert taken.exit_code == 1 and "output exists; give --overwrite" in taken.output
    assert "Traceback" not in taken.output
    replaced = runner.invoke(
        app, ["batch", "extract", "--engine", "local", "--overwrite", str(batch_input), str(out)]
    )
    assert replaced.exit_code == 0, replaced.output
    table = runner.invoke(
        app, ["batch", "extract", "--engine", "local", "--table", "docs", str(tmp_path / "o2")]
    )
    assert table.exit_code == 1 and "not tables" in table.output


def test_bad_engine_and_bad_result(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["batch", "extract", "--engine", "ray", "in", str(tmp_path / "o")])
    assert bad.exit_code == 1 and "choose one of spark, local" in bad.output
    nothing = runner.invoke(app, ["batch", "extract", "--engine", "local", str(tmp_path / "none"),
                                  str(tmp_path / "o")])  # fmt: skip
    assert nothing.exit_code == 1 and "no such file or folder" in nothing.output
    db = f"sqlite:///{tmp_path / 'plan.db'}"
    missing = runner.invoke(app, ["load", "--db", db, str(tmp_path)])
    assert missing.exit_code == 1 and "not a complete luoshi batch result" in missing.output
    assert "Traceback" not in missing.output
