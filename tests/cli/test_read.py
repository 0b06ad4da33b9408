from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from luoshi.cli import app

runner = CliRunner()


def test_read_sample() -> None:
    result = runner.invoke(app, ["read", "--sample"])
    assert result.exit_code == 0, result.output
    assert "outline:" in result.output
    assert "128.6亿元" in result.output  # full-width digits folded


def test_read_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("一、总体要求\n到2025年，全县地区生产总值突破７０亿元。", encoding="gb18030")
    result = runner.invoke(app, ["read", "--format", "json", str(f)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["encoding"] == "gb18030"
    assert data["outline"][0]["title"] == "总体要求"
    sentence = data["sentences"][1]
    assert sentence["text"] == "到2025年，全县地区生产总值突破70亿元。"
    assert {"start", "end", "source_start", "source_end"} <= set(sentence)


def test_bad_files_report_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("全县经济增长5%。", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    odd = tmp_path / "table.xyz"
    odd.write_text("x")
    result = runner.invoke(
        app, ["read", str(empty), str(odd), str(good), str(tmp_path / "gone.txt")]
    )
    assert result.exit_code == 1
    assert "全县经济增长5%。" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert "Traceback" not in result.output


def test_read_folder_and_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("乙文件。", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 甲文件\n正文。", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["read", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "甲文件" in result.stdout and "乙文件。" in result.stdout
    result = runner.invoke(app, ["read", str(tmp_path / "**" / "*.txt")])
    assert "乙文件。" in result.stdout and "甲文件" not in result.stdout


def test_no_arguments_is_a_usage_error() -> None:
    result = runner.invoke(app, ["read"])
    assert result.exit_code == 2
