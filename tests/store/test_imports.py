"""Importing yearbook-shaped observation tables (CSV and XLSX)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from luoshi.errors import ReadError, StoreError
from luoshi.store import Store, import_table, models
from luoshi.store.imports import fold_unit, parse_unit, parse_value, parse_year
from luoshi.store.repository import find_observations, table_counts

LONG = """地区,指标,年份,数值,单位
岚县,地区生产总值,2021,65.25,亿元
岚县,常住人口,2021,15.2,万人
141127,地区生产总值,2020,60.1,亿元
岚县,神秘指数,2021,3,
岚县,地区生产总值,二〇二一,1,亿元
岚县,地区生产总值,2022,abc,亿元
不存在县,地区生产总值,2021,1,亿元
岚县,地区生产总值,2019,—,亿元
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _obs(store: Store, **where: object) -> list[models.Observation]:
    with store.session() as session:
        return list(find_observations(session, **where))  # type: ignore[arg-type]


def test_long_csv(store: Store, tmp_path: Path) -> None:
    summary = import_table(store, _write(tmp_path, "long.csv", LONG))
    assert summary.shape == "long" and not summary.unchanged
    assert (summary.rows_ok, summary.rows_bad) == (5, 3)  # the — row is fine, with no data
    assert summary.observations == 4
    bad = dict(summary.bad_rows)
    assert set(bad) == {6, 7, 8}  # spreadsheet row numbers: the header is row 1
    assert "year" in bad[6] and "abc" in bad[7] and "不存在县" in bad[8]
    assert summary.unmapped_regions == ["不存在县"]
    assert summary.unmapped_indicators == ["神秘指数"]
    gdp = _obs(store, region_code="141127", indicator_id="gdp")
    assert sorted((o.year, o.value, o.base_unit) for o in gdp) == [
        (2020, 6.01e9, "元"),
        (2021, 6.525e9, "元"),
    ]
    assert all(o.source_kind == "import" and o.import_id == summary.import_id for o in gdp)
    people = _obs(store, indicator_id="resident_population")
    assert [(o.value, o.base_unit) for o in people] == [(152000.0, "人")]
    [unmapped] = [o for o in _obs(store) if o.indicator_id is None]
    assert unmapped.indicator_phrase == "神秘指数"
    with store.session() as session:
        batch = session.get(models.ImportBatch, summary.import_id)
        assert batch is not None and (batch.rows_ok, batch.rows_bad) == (5, 3)
        assert batch.file_name == "long.csv"


def test_wide_csv_by_year_in_gbk(store: Store, tmp_path: Path) -> None:
    text = (
        "地区,指标,2019,2020年,2021年\n"
        "山西省吕梁市岚县,地区生产总值(亿元),55.3,60.1,65.25\n"
        '岚县,城镇居民人均可支配收入（元）,"22,100",23000,…\n'
        "岚县,地区生产总值增速(%),5.1,x1,8.0\n"
    )
    summary = import_table(store, _write(tmp_path, "wide.csv", text, "gbk"))
    assert summary.shape == "wide-year"
    assert summary.observations == 2 + 3 + 2  # … is "no data"; x1 is a bad cell
    assert summary.bad_rows == [(4, "value 'x1' (2020) is not a number")]
    assert (summary.rows_ok, summary.rows_bad) == (2, 1)
    gdp = _obs(store, region_code="141127", indicator_id="gdp")
    levels = sorted((o.year, o.value) for o in gdp if o.measure == "level")
    assert levels == [(2019, 5.53e9), (2020, 6.01e9), (2021, 6.525e9)]
    growth = sorted((o.year, o.value, o.base_unit) for o in gdp if o.measure == "growth")
    assert growth == [(2019, 5.1, "%"), (2021, 8.0, "%")]
    income = _obs(store, year=2019, indicator_id="urban_income")
    assert [(o.value, o.base_unit) for o in income] == [(22100.0, "元")]


def test_xlsx_by_indicator_with_a_title_row(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["吕梁市各县主要经济指标"])
    sheet.append([])
    sheet.append(["地区", "年份", "地区生产总值(亿元)", "常住人口(万人)", "某专项指数"])
    sheet.append(["岚县", 2021, 65.25, 15.2, 7])
    sheet.append(["141127", "2022年", 70.5, None, 8])
    sheet.append(["岚县", 2023, "n.a.", 15.0, 9])
    path = tmp_path / "table.xlsx"
    book.save(path)
    summary = import_table(store, path)
    assert summary.shape == "wide-indicator"
    assert summary.bad_rows == [(6, "value 'n.a.' (2023) is not a number")]
    assert summary.unmapped_indicators == ["某专项指数"]
    gdp = _obs(store, indicator_id="gdp")
    assert sorted((o.year, o.value) for o in gdp) == [(2021, 6.525e9), (2022, 7.05e9)]
    assert summary.observations == 2 + 2 + 3


def test_conflicts_are_kept_and_flagged(store: Store, tmp_path: Path) -> None:
    first = _write(
        tmp_path, "a.csv", "地区,指标,年份,数值,单位\n岚县,地区生产总值,2021,65.25,亿元\n"
    )
    same = _write(tmp_path, "b.csv", "地区,年份,地区生产总值(万元)\n岚县,2021,652500\n")
    other = _write(tmp_path, "c.csv", "地区,指标,年份,数值,单位\n岚县,GDP,2021,66,亿元\n")
    import_table(store, first)
    assert import_table(store, same).conflicts == 0  # 652500万元 = 65.25亿元: no conflict
    assert not any(o.conflict for o in _obs(store))
    summary = import_table(store, other)
    assert summary.conflicts == 3
    obs = _obs(store, region_code="141127", indicator_id="gdp", year=2021)
    assert sorted(o.value for o in obs) == [6.525e9, 6.525e9, 6.6e9]
    assert all(o.conflict for o in obs)


def test_reimporting_the_same_bytes_does_nothing(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "long.csv", LONG)
    first = import_table(store, path)
    with store.session() as session:
        before = table_counts(session)
    again = import_table(store, path)
    assert again.unchanged and again.import_id == first.import_id and again.observations == 0
    with store.session() as session:
        assert table_counts(session) == before


def test_a_table_without_regions_needs_one(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "county.csv", "指标,2020,2021\n地区生产总值(亿元),60.1,65.25\n")
    with pytest.raises(StoreError, match="region"):
        import_table(store, path)
    summary = import_table(store, path, region_code="141127")
    assert summary.observations == 2
    assert {o.region_code for o in _obs(store)} == {"141127"}


def test_unreadable_tables(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no header row"):
        import_table(store, _write(tmp_path, "x.csv", "a,b\n1,2\n"))
    with pytest.raises(ReadError, match="XLSX"):
        import_table(store, _write(tmp_path, "x.xlsx", "not a workbook"))
    with pytest.raises(ReadError, match="unknown table type"):
        import_table(store, _write(tmp_path, "x.xls", "old"))
    with store.session() as session:
        assert table_counts(session)["import_batch"] == 0


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        (2020, 2020),
        ("2020年", 2020),
        ("2020.0", 2020),
        (2020.0, 2020),
        ("二〇二〇", None),
        (20, None),
    ],
)
def test_parse_year(cell: str | int | float, year: int | None) -> None:
    assert parse_year(cell) == year


def test_parse_value_and_units() -> None:
    assert parse_value("1,234.5") == 1234.5
    assert parse_value("12.5%") == 12.5
    assert parse_value("…") is None and parse_value("—") is None and parse_value(None) is None
    with pytest.raises(ValueError):
        parse_value("abc")
    assert parse_unit("地区生产总值（亿元）") == ("地区生产总值", "亿元")
    assert parse_unit("  其中：第一产业增加值(亿元)") == ("第一产业增加值", "亿元")
    assert fold_unit("亿元", None) == ("元", 1e8)
    assert fold_unit("亿", "元") == ("元", 1e8)  # a bare magnitude takes the indicator's unit
    assert fold_unit("%", None) == ("%", 1.0)
    assert fold_unit("元/人", None) == ("元/人", 1.0)
