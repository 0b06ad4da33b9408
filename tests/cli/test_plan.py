"""The plan store through the command line: ingest, import, targets, status, compare, index.

The synthetic history is a fictional county (a user-defined region code, 990001) with a
2021 plan and four years of statistics; every status below is computed by hand. The plan
runs to 2025, and it is judged as of 2024, while it still runs (LUOSHI_AS_OF_YEAR).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.cli import app

runner = CliRunner(env={"LUOSHI_AS_OF_YEAR": "2024"})

PLAN = """测试县国民经济和社会发展第十四个五年规划纲要
2021-02-01
二、发展目标
到2025年，全县地区生产总值力争突破100亿元，年均增长8%以上；常住人口城镇化率达到60%；森林覆盖率提高2个百分点。
"""

STATS = """地区,指标,单位,2020,2021,2022,2023
990001,地区生产总值,亿元,70,76,82,88
990001,常住人口城镇化率,%,50,51,52,53
990001,森林覆盖率,%,40,40.3,40.7,41
990002,地区生产总值,亿元,60,64,69,75
990002,常住人口城镇化率,%,55,56,57,58
990002,森林覆盖率,%,45,45,45.5,46
990003,地区生产总值,亿元,90,92,95,97
990003,常住人口城镇化率,%,48,48,49,49
990003,森林覆盖率,%,30,31,32,33
"""


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "stats.csv").write_text(STATS, encoding="utf-8")
    r = runner.invoke(
        app,
        [
            "ingest",
            "--db",
            url,
            "--region",
            "990001",
            "--region-name",
            "测试县",
            str(tmp_path / "plan.txt"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "1 new" in r.stdout and "targets 4" in r.stdout
    for code, name in (("990002", "甲县"), ("990003", "乙县")):
        r = runner.invoke(app, ["region", "add", "--db", url, code, name, "--level", "county"])
        assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["import-data", "--db", url, str(tmp_path / "stats.csv")])
    assert r.exit_code == 0, r.output
    assert "36 observations" in r.stdout
    return url


def _json(args: list[str]) -> list[dict[str, object]]:
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    data: list[dict[str, object]] = json.loads(r.stdout)
    return data


def test_status_of_each_target_by_hand(db: str) -> None:
    rows = {(r["indicator"], r["unit"]): r for r in _json(["status", "--db", db, "-f", "json"])}
    # GDP 70亿 (2020) → 88亿 (2023): (88/70)^(1/3) − 1 = 7.93 % a year; needed
    # (100/70)^(1/5) − 1 = 7.39 %; R = 1.07 ≥ 0.95: on track.
    gdp = rows[("地区生产总值", "元")]
    assert gdp["status"] == "按进度" and gdp["ratio"] == pytest.approx(1.072, abs=1e-3)
    # growth target 8 %: observed 7.93 %, R = 0.991: on track
    growth = rows[("地区生产总值", "%")]
    assert growth["status"] == "按进度" and growth["ratio"] == pytest.approx(0.991, abs=1e-3)
    # urbanisation 50 → 53 against 60: (53/50)^(1/3) − 1 = 1.96 % against
    # (60/50)^(1/5) − 1 = 3.71 %; R = 0.53 < 0.60: off track
    urban = rows[("常住人口城镇化率", "%")]
    assert urban["status"] == "滞后" and urban["ratio"] == pytest.approx(0.528, abs=1e-3)
    # forest cover +2 points by 2025: +1 in 3 years = 0.333/yr against 0.4/yr; R = 0.83
    forest = rows[("森林覆盖率", "个百分点")]
    assert forest["status"] == "需加快" and forest["ratio"] == pytest.approx(0.833, abs=1e-3)
    assert gdp["baseline_year"] == 2020 and gdp["latest_year"] == 2023


def test_targets_list_filters_and_xlsx(db: str, tmp_path: Path) -> None:
    rows = _json(["targets", "--db", db, "-f", "json", "--status", "off_track"])
    assert [r["indicator"] for r in rows] == ["常住人口城镇化率"]
    out = tmp_path / "清单.xlsx"
    r = runner.invoke(app, ["targets", "--db", db, "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = load_workbook(out)["目标清单"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert "来源句子" in header and "进度" in header
    sources = [row[header.index("来源句子")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(s, str) and s for s in sources)
    assert any("突破100亿元" in str(s) for s in sources)
    assert runner.invoke(app, ["targets", "--db", db, "--status", "nope"]).exit_code == 2


def test_compare_and_index(db: str) -> None:
    rows = _json(["compare", "--db", db, "-f", "json"])
    by_code = {r["region_code"]: r for r in rows}
    assert by_code["990003"]["gdp:rank"] == 1  # 97亿 is the largest
    assert by_code["990002"]["forest_coverage:rank"] == 1
    index = _json(["index", "--db", db, "-f", "json"])
    assert sorted(r["rank"] for r in index) == [1, 2, 3]
    csv_out = runner.invoke(app, ["index", "--db", db, "-f", "csv", "--weighting", "entropy"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("位次,地区,代码,综合指数,绿色,协调")


def test_ingest_twice_changes_nothing(db: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["ingest", "--db", db, str(tmp_path / "plan.txt")])
    assert r.exit_code == 0 and "0 new, 1 unchanged" in r.stdout
    r = runner.invoke(app, ["import-data", "--db", db, str(tmp_path / "stats.csv")])
    assert "unchanged" in r.stdout


def test_bad_inputs_are_clear(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    bad = tmp_path / "bad.csv"
    bad.write_text("地区,指标,2020\n990001,地区生产总值,abc\n", encoding="utf-8")
    r = runner.invoke(app, ["import-data", "--db", url, str(bad)])
    assert r.exit_code == 1 and "row 2" in r.stderr and "Traceback" not in r.output
    r = runner.invoke(app, ["ingest", "--db", "nosuchdb://x", str(bad)])
    assert r.exit_code == 1 and "error:" in r.stderr


def test_a_unit_that_does_not_fit_is_a_bad_row(db: str, tmp_path: Path) -> None:
    table = tmp_path / "tons.csv"
    table.write_text("地区,指标,单位,2024\n990001,地区生产总值,吨,70\n990001,森林覆盖率,%,42\n")
    r = runner.invoke(app, ["import-data", "--db", db, str(table)])
    assert r.exit_code == 1
    assert "row 2: unit '吨' does not fit 地区生产总值" in r.stderr
    assert "1 rows imported, 1 bad" in r.stdout


def test_targets_that_cannot_both_hold_are_flagged(db: str, tmp_path: Path) -> None:
    plan = tmp_path / "second.txt"
    plan.write_text(
        "甲县规划纲要\n2021-02-01\n二、发展目标\n"
        "到2025年，全县地区生产总值力争突破200亿元，年均增长6%以上。\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["ingest", "--db", db, "--region", "990001", str(plan)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["status", "--db", db])
    # 70亿 in 2020 at 6 % a year reaches 93.7亿 by 2025, far from 200亿: flagged.
    # The first plan (100亿 at 8 %: 70 × 1.08⁵ = 102.9亿) is consistent and not flagged.
    flagged = [line for line in r.stderr.splitlines() if line.startswith("consistency:")]
    assert len(flagged) == 1 and "20,000,000,000 by 2025 at 6% a year" in flagged[0]
