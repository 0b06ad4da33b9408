from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.cli import app

runner = CliRunner()

TEXT = (
    "一、2023年重点工作\n"
    "全县坚持牛、羊、猪、驴、鸡“五畜并举”。到2025年，地区生产总值力争突破70亿元，年均增长8.5%以上。\n"
)


def _write(tmp_path: Path) -> Path:
    f = tmp_path / "plan.txt"
    f.write_text(TEXT, encoding="utf-8")
    return f


def test_jsonl_follows_the_contract(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_write(tmp_path))])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    statements = [r for r in rows if not r.get("framework")]
    frameworks = [r for r in rows if r.get("framework")]
    assert [(r["text"], r["kind"], r["year"]) for r in statements] == [
        ("70亿元", "target", 2025),
        ("8.5%", "target", 2025),
    ]
    assert frameworks[0]["name"] == "五畜并举" and frameworks[0]["count"] == 5


def test_explain_says_why(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "--explain", str(_write(tmp_path))])
    row = json.loads(result.stdout.splitlines()[0])
    assert row["explain"]["comparator"] == "classify: '突破'"
    # the clause's own deadline decides before any cue word or scope
    assert row["explain"]["kind"] == "classify: deadline 2025"
    table = runner.invoke(app, ["extract", "--format", "table", "--explain", str(_write(tmp_path))])
    assert table.exit_code == 0 and "deadline 2025" in table.stdout


def test_xlsx_is_a_list_with_its_sources(tmp_path: Path) -> None:
    out = tmp_path / "list.xlsx"
    result = runner.invoke(app, ["extract", "-f", "xlsx", "-o", str(out), str(_write(tmp_path))])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ws = wb["指标清单"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["文件", "指标", "类型"]
    first = [c.value for c in ws[2]]
    assert first[1] == "地区生产总值" and first[2] == "目标" and first[7] == 7e9
    assert "到2025年" in first[11]
    assert [c.value for c in wb["框架"][2]][1] == "五畜并举"


def test_xlsx_needs_an_output_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-f", "xlsx", str(_write(tmp_path))])
    assert result.exit_code == 2


def test_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["extract", str(bad), str(_write(tmp_path))])
    assert result.exit_code == 1
    assert "70亿元" in result.stdout
    assert "broken.docx" in result.stderr and "Traceback" not in result.output
