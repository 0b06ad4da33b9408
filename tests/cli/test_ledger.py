"""``luoshi ledger``: real ingest of three places' work reports for 2025 and 2026.

The nation (100000) sets 5% for GDP growth; a province (湖北, 420000) 6%, a user-defined
zone (990001) 5%. The 2026 reports give the 2025 results. Every verdict is by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.cli import app

runner = CliRunner(env={"LUOSHI_AS_OF_YEAR": "2026"})

REPORTS = {
    ("100000", "nation"): (
        "今年发展主要预期目标是：国内生产总值增长5%左右，城镇调查失业率5.5%左右。",
        "2025年，国内生产总值增长5%，城镇调查失业率5.2%。",
    ),
    ("420000", "hubei"): (
        "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业70万人以上。",
        "2025年，全省地区生产总值增长5.5%，城镇新增就业72万人。",
    ),
    ("990001", "zone"): (
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率控制在5.5%以内。",
        "2025年，全区地区生产总值增长5.4%，城镇调查失业率5.1%。",
    ),
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    for (code, name), (promise, result) in REPORTS.items():
        for year, text in ((2025, promise), (2026, result)):
            path = tmp_path / f"{name}-{year}.txt"
            path.write_text(f"{year}年政府工作报告\n{year}年1月15日\n{text}\n", encoding="utf-8")
            named = ["--region-name", "测试区"] if code == "990001" else []
            r = runner.invoke(app, ["ingest", "--db", url, "--region", code, *named, str(path)])
            assert r.exit_code == 0, r.output
    return url


def _json(args: list[str]) -> list[dict[str, object]]:
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    data: list[dict[str, object]] = json.loads(r.stdout)
    return data


def test_ledger_rows_by_hand(db: str) -> None:
    rows = _json(["ledger", "--db", db, "-f", "json", "--year", "2025"])
    got = {
        (r["region_code"], r["indicator"]): (r["target"], r["latest"], r["status"]) for r in rows
    }
    assert got[("100000", "地区生产总值")] == (5, 5, "已完成")
    assert got[("100000", "城镇调查失业率")] == (5.5, 5.2, "已完成")  # a ceiling
    assert got[("420000", "地区生产总值")] == (6, 5.5, "未完成")
    assert got[("420000", "城镇新增就业")] == (700000, 720000, "已完成")
    assert got[("990001", "地区生产总值")] == (5, 5.4, "已完成")
    hubei = next(r for r in rows if r["region_code"] == "420000" and r["measure"] == "growth")
    assert hubei["gap"] == pytest.approx(-0.5)
    assert hubei["source"] and "6%左右" in str(hubei["source"])
    assert "5.5%" in str(hubei["result_source"]) and str(hubei["result_document"]).startswith(
        "hubei-2026"
    )
    assert "未完成" in str(hubei["explanation"]) and "missed" in str(hubei["explanation_en"])


def test_ledger_filters_and_files(db: str, tmp_path: Path) -> None:
    missed = _json(["ledger", "--db", db, "-f", "json", "--status", "missed"])
    assert [(r["region_code"], r["measure"]) for r in missed] == [("420000", "growth")]
    nation = _json(["ledger", "--db", db, "-f", "json", "--region", "100000"])
    assert {r["region"] for r in nation} == {"全国"}
    zone = _json(["ledger", "--db", db, "-f", "json", "--region", "990001", "--indicator", "gdp"])
    assert [r["region"] for r in zone] == ["测试区"]
    out = tmp_path / "台账.xlsx"
    r = runner.invoke(app, ["ledger", "--db", db, "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = load_workbook(out)["承诺兑现台账"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and "承诺原文" in header and "实绩原文" in header
    csv_out = runner.invoke(app, ["ledger", "--db", db, "-f", "csv"])
    assert csv_out.stdout.startswith("地区,地区代码,指标")
    table = runner.invoke(app, ["ledger", "--db", db])
    assert table.exit_code == 0 and "未完成" in table.stdout


def test_across_regions_beside_the_nation(db: str) -> None:
    rows = _json(
        ["ledger", "--db", db, "-f", "json", "--across", "--indicator", "gdp", "--year", "2025"]
    )
    got = [(r["region_code"], r["target"], r["parent_target"], r["above_parent"]) for r in rows]
    assert got == [
        ("420000", 6, 5, 1),  # 层层加码: one point above the nation
        ("100000", 5, None, None),
        ("990001", 5, None, None),  # a zone of its own: no parent
    ]
    table = runner.invoke(
        app, ["ledger", "--db", db, "--across", "--indicator", "gdp", "--year", "2025"]
    )
    assert table.exit_code == 0 and "已完成 2" in table.stdout and "未完成 1" in table.stdout


def test_bad_options_are_clear(db: str) -> None:
    r = runner.invoke(app, ["ledger", "--db", db, "--status", "late"])
    assert r.exit_code == 2 and "choose one of" in r.output
    r = runner.invoke(app, ["ledger", "--db", db, "--across", "--indicator", "gdp"])
    assert r.exit_code == 2 and "--year" in r.output
