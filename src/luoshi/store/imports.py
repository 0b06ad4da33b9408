"""Import observation tables shaped like statistical yearbooks (CSV or XLSX).

Three shapes are recognised from the header row (title rows above it are skipped):

* long: columns region, indicator, year, value and optionally unit;
* wide by year: one row per region and indicator, year columns (``2019``, ``2020年``);
* wide by indicator: one row per region and year, indicator columns
  (``地区生产总值(亿元)``), the yearbook's own layout.

Units come from a unit column or from the parentheses of an indicator name, and are
folded to base units with extraction's unit lexicon (亿元 → 元). Names map to the
canonical indicators with :func:`~luoshi.extract.components.indicator.lookup`; names
that map to none are kept with their phrase and reported. A bad row is reported with
its spreadsheet row number (header = the row it stands on) and the good rows are kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import ReadError, StoreError
from luoshi.extract.components.indicator import lookup
from luoshi.extract.components.quantity import MAGNITUDES, match_unit, scaled
from luoshi.reading.encoding import decode_bytes
from luoshi.store import models, repository
from luoshi.store.db import Store

__all__ = [
    "Cell",
    "ImportSummary",
    "Layout",
    "fold_unit",
    "import_table",
    "measure_of_name",
    "parse_unit",
    "parse_value",
    "parse_year",
    "read_rows",
    "resolve_layout",
]


@dataclass
class ImportSummary:
    """What one table import did."""

    file: Path
    shape: str = ""  # long | wide-year | wide-indicator
    unchanged: bool = False  # the same bytes were imported before: nothing done
    import_id: int | None = None
    rows_ok: int = 0  # data rows without a problem (a row of "no data" marks counts)
    rows_bad: int = 0  # rows with a problem; their good cells are still imported
    observations: int = 0
    conflicts: int = 0  # observations flagged as disagreeing with another
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    unmapped_indicators: list[str] = field(default_factory=list)
    unmapped_regions: list[str] = field(default_factory=list)


Cell = str | int | float | datetime | None

# Header names of the columns that are not data, as yearbooks and exports write them.
_ALIASES: dict[str, tuple[str, ...]] = {
    "region": (
        "地区", "地区名称", "区域", "行政区划", "行政区", "地区代码", "区划代码", "行政区划代码",
        "县(市、区)", "县（市、区）", "县市区", "region", "region_code", "area",
    ),
    "indicator": ("指标", "指标名称", "统计指标", "项目", "indicator", "name"),
    "year": ("年份", "年度", "年", "时间", "year", "period"),
    "value": ("数值", "值", "数据", "数量", "绝对数", "绝对值", "value"),
    "unit": ("单位", "计量单位", "unit"),
}  # fmt: skip
_YEAR = re.compile(r"^((?:19|20)\d{2})(?:\.0)?\s*年?$")
_UNIT_PAREN = re.compile(r"^(.*?)\s*[（(]\s*([^()（）]+?)\s*[)）]\s*$")
# Yearbook marks for "no data" (…, —): skipped, not errors.
_MISSING = frozenset({"", "-", "—", "——", "–", "…", "……", "...", "..", "/", "／", "x", "na", "n/a"})
_NAME_NOISE = re.compile(r"^(?:其中[:：]?|#|\s|　)+")
_GROWTH = re.compile(r"增长|增速|增幅|比上年|同比")
_SHARE = re.compile(r"比重|占比|所占")
_HEADER_SCAN = 20  # rows searched for the header below any title rows


def parse_year(cell: Cell) -> int | None:
    """A year from a header or cell: ``2020``, ``2020年``, ``2020.0``, a date."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.year
    if isinstance(cell, int | float):
        return int(cell) if float(cell).is_integer() and 1900 <= cell <= 2100 else None
    m = _YEAR.match(str(cell).strip())
    return int(m.group(1)) if m else None


def parse_value(cell: Cell) -> float | None:
    """A number (commas and a trailing % allowed); None for a "no data" mark.

    Raises ValueError for anything else.
    """
    if isinstance(cell, bool | datetime):
        raise ValueError(cell)
    if isinstance(cell, int | float):
        if cell != cell:  # NaN
            return None
        return float(cell)
    s = re.sub(r"[,，\s]", "", str(cell or ""))
    if s.lower() in _MISSING:
        return None
    return float(s.removesuffix("%"))


def parse_unit(name: str) -> tuple[str, str]:
    """(indicator, unit) of a name like ``地区生产总值(亿元)``; unit "" when none."""
    name = _NAME_NOISE.sub("", name).strip()
    m = _UNIT_PAREN.match(name)
    if m and m.group(1):
        return m.group(1), m.group(2)
    return name, ""


def fold_unit(unit: str, indicator_unit: str | None) -> tuple[str, float]:
    """(base unit, factor): 亿元 → (元, 10⁸); a bare 亿 takes the indicator's unit."""
    if not unit:
        return "", 1.0
    m = match_unit(unit, 0)
    if m is not None and m.end == len(unit):
        if m.base == "" and unit in MAGNITUDES and indicator_unit:
            return indicator_unit, m.factor
        return m.base, m.factor
    return unit, 1.0


def measure_of_name(phrase: str) -> str:
    """The measure an indicator name implies: growth (增速), share (比重), or level."""
    if _GROWTH.search(phrase):
        return "growth"
    if _SHARE.search(phrase):
        return "share"
    return "level"


@dataclass
class Layout:
    """Where the header is and what each column holds."""

    shape: str  # long | wide-year | wide-indicator
    header_row: int  # 0-based index into the rows
    region_col: int | None = None
    indicator_col: int | None = None
    year_col: int | None = None
    value_col: int | None = None
    unit_col: int | None = None
    columns: list[tuple[int, Cell]] = field(default_factory=list)  # data column → its header

    def cells(self, row: list[Cell]) -> Iterator[tuple[Cell, Cell, Cell]]:
        """(indicator, year, value) of every data cell of ``row``."""

        def get(col: int | None) -> Cell:
            return row[col] if col is not None and col < len(row) else None

        if self.shape == "long":
            yield get(self.indicator_col), get(self.year_col), get(self.value_col)
        elif self.shape == "wide-year":
            for col, year in self.columns:
                yield get(self.indicator_col), year, get(col)
        else:
            for col, indicator in self.columns:
                yield indicator, get(self.year_col), get(col)


def _header(cell: Cell) -> str:
    return re.sub(r"\s+", "", str(cell)).lower() if cell is not None else ""


def resolve_layout(rows: list[list[Cell]], name: str) -> Layout:
    """Find the header row among the first rows and the table's shape."""
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        roles: dict[str, int] = {}
        for j, cell in enumerate(row):
            h = _header(cell)
            for role, names in _ALIASES.items():
                if h in names and role not in roles:
                    roles[role] = j
        used = set(roles.values())
        years = [(j, parse_year(c)) for j, c in enumerate(row) if j not in used]
        year_cols: list[tuple[int, Cell]] = [(j, y) for j, y in years if y is not None]
        lay = Layout(
            "",
            i,
            region_col=roles.get("region"),
            indicator_col=roles.get("indicator"),
            year_col=roles.get("year"),
            value_col=roles.get("value"),
            unit_col=roles.get("unit"),
        )
        if {"indicator", "year", "value"} <= roles.keys():
            lay.shape = "long"
        elif year_cols and "indicator" in roles:
            lay.shape, lay.columns = "wide-year", year_cols
        elif "year" in roles and "indicator" not in roles and "value" not in roles:
            lay.shape = "wide-indicator"
            lay.columns = [(j, c) for j, c in enumerate(row) if j not in used and _header(c)]
        if lay.shape and (lay.columns or lay.shape == "long"):
            return lay
    raise StoreError(
        f"{name}: no header row recognised in the first {_HEADER_SCAN} rows; expected "
        "columns region/indicator/year/value[/unit] (long), region/indicator/2019/2020… "
        "(wide by year) or region/year/<indicator(unit)>… (wide by indicator), headed in "
        "Chinese or English",
        zh=f"{name}：前 {_HEADER_SCAN} 行中没有可识别的表头；应为 "
        "地区/指标/年份/数值[/单位]（长表）、地区/指标/2019/2020…（按年份展开）"
        "或 地区/年份/指标(单位)…（按指标展开）",
    )


def _plain(cell: object) -> Cell:
    """A workbook value as a plain cell: numbers stay numbers, anything else is text."""
    if cell is None or isinstance(cell, str | int | float | datetime):
        return cell
    if isinstance(cell, Decimal):
        return float(cell)
    return str(cell)


def read_rows(data: bytes, name: str) -> list[list[Cell]]:
    """The cells of a CSV (any encoding luoshi detects) or of an XLSX's first sheet."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl  # imported here: only table imports need it

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ReadError(
                f"{name}: not a readable XLSX workbook ({exc})",
                zh=f"{name}：不是可读取的 XLSX 工作簿",
            ) from exc
        try:
            sheet = book.worksheets[0]
            return [[_plain(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if suffix in (".csv", ".tsv", ".txt"):
        text = decode_bytes(data, name).text
        sample = text[:8192]
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",\t;")
        except csv.Error:
            dialect = csv.excel_tab if suffix == ".tsv" else csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    raise ReadError(
        f"{name}: unknown table type {suffix or '(no extension)'!r}; "
        "luoshi imports .csv, .tsv and .xlsx (save .xls workbooks as .xlsx)",
        zh=f"{name}：无法识别的表格类型 {suffix or '（无扩展名）'!r}；可导入 .csv、.tsv 和 .xlsx"
        "（.xls 工作簿请另存为 .xlsx）",
    )


def import_table(
    store: Store, path: str | os.PathLike[str], *, region_code: str | None = None
) -> ImportSummary:
    """Import the observations of the table at ``path`` in one transaction.

    ``region_code`` is the region of a table without a region column (a county's own
    yearbook). Importing the same bytes again does nothing (``unchanged``).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(
            f"{p}: cannot read ({exc.strerror or exc})", zh=f"{p}：无法读取该文件"
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    summary = ImportSummary(file=p)
    rows = read_rows(data, p.name)
    layout = resolve_layout(rows, p.name)
    summary.shape = layout.shape
    if layout.region_col is None and region_code is None:
        raise StoreError(
            f"{p}: the table has no region column (region, 地区, 区划代码); "
            "name the region of the whole table (region_code)",
            zh=f"{p}：表格没有地区列（地区、区划代码），请指定整张表的地区代码",
        )
    with store.writing() as session:
        existing = session.scalar(
            select(models.ImportBatch.id).where(models.ImportBatch.content_hash == digest)
        )
        if existing is not None:
            summary.import_id = existing
            summary.unchanged = True
            return summary
        batch = models.ImportBatch(file_name=p.name, content_hash=digest)
        session.add(batch)
        session.flush()
        summary.import_id = batch.id
        _Importer(session, batch, layout, region_code, summary).run(rows)
        batch.rows_ok, batch.rows_bad = summary.rows_ok, summary.rows_bad
    return summary


class _Importer:
    """The per-row work of one import, with its caches."""

    def __init__(
        self,
        session: Session,
        batch: models.ImportBatch,
        layout: Layout,
        region_code: str | None,
        summary: ImportSummary,
    ) -> None:
        self.session = session
        self.batch = batch
        self.layout = layout
        self.default_region = repository.ensure_region(session, region_code)
        self.summary = summary
        self.units = repository.indicator_units(session)
        self.regions: dict[str, str | None] = {}
        self.keys: set[repository.ConflictKey] = set()

    def run(self, rows: list[list[Cell]]) -> None:
        lay = self.layout
        for index in range(lay.header_row + 1, len(rows)):
            row = rows[index]
            if all(c is None or str(c).strip() == "" for c in row):
                continue
            problems = self.row(row)
            if problems:
                self.summary.rows_bad += 1
                self.summary.bad_rows.extend((index + 1, p) for p in problems)
            else:
                self.summary.rows_ok += 1
        self.session.flush()
        self.summary.conflicts = repository.refresh_conflicts(self.session, self.keys)

    def _cell(self, row: list[Cell], col: int | None) -> Cell:
        return row[col] if col is not None and col < len(row) else None

    def row(self, row: list[Cell]) -> list[str]:
        lay = self.layout
        region = self.default_region
        if lay.region_col is not None:
            raw = self._cell(row, lay.region_col)
            name = "" if raw is None else str(raw).strip()
            if not name:
                return ["no region"]
            region = self.region(name)
            if region is None:
                return [f"unknown region {name!r}"]
        unit_cell = self._cell(row, lay.unit_col)
        row_unit = "" if unit_cell is None else str(unit_cell).strip()
        problems: list[str] = []
        for indicator, year, value in lay.cells(row):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if indicator is None or not str(indicator).strip():
                problems.append("no indicator")
                continue
            y = parse_year(year)
            if y is None:
                problems.append(f"year {year!r} is not a year")
                continue
            try:
                number = parse_value(value)
            except ValueError:
                problems.append(f"value {value!r} ({y}) is not a number")
                continue
            if number is None:  # a yearbook's "…" or "—": no data, not an error
                continue
            problem = self.add(region, str(indicator).strip(), row_unit, y, number)
            if problem and problem not in problems:
                problems.append(problem)
        return problems

    def region(self, name: str) -> str | None:
        if name not in self.regions:
            code = repository.region_code_for(self.session, name)
            self.regions[name] = code
            if code is None:
                self.summary.unmapped_regions.append(name)
        return self.regions[name]

    def add(
        self, region: str | None, indicator: str, unit: str, year: int, number: float
    ) -> str | None:
        """Add one observation; the reason when the cell cannot be one."""
        phrase, header_unit = parse_unit(indicator)
        canonical = lookup(phrase)
        ind_id = canonical.id if canonical is not None and canonical.id in self.units else None
        if ind_id is None and phrase not in self.summary.unmapped_indicators:
            self.summary.unmapped_indicators.append(phrase)
        expected = self.units.get(ind_id or "")
        base_unit, factor = fold_unit(header_unit or unit, expected)
        if expected and base_unit and base_unit != expected and measure_of_name(phrase) == "level":
            # 地区生产总值 in 吨: not a figure of that indicator; storing it would corrupt
            # every comparison and status that reads it
            return (
                f"unit {header_unit or unit!r} does not fit {phrase} (measured in {expected}); "
                "convert the column or name another indicator"
            )
        obs = models.Observation(
            region_code=region,
            indicator_id=ind_id,
            indicator_phrase=phrase,
            year=year,
            value=scaled(number, factor),
            base_unit=base_unit,
            measure=measure_of_name(phrase),
            source_kind="import",
            import_id=self.batch.id,
            conflict=False,
        )
        self.session.add(obs)
        self.keys.add(repository.conflict_key(obs))
        self.summary.observations += 1
        return None
