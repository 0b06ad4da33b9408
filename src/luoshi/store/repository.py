"""Map extraction results to rows, and the queries ingest and the commands use.

``extract`` returns plain dataclasses and never sees SQLAlchemy; this module is the one
place that knows both. A statement becomes a :class:`~luoshi.store.models.Target` or an
:class:`~luoshi.store.models.Observation` by its ``kind``; its region is its
document's, unless its sentence names a region under the document's before it (a city
report's county figures: :mod:`luoshi.store.places`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.extract import Extraction, Framework
from luoshi.extract import Statement as ExtractedStatement
from luoshi.extract.components.quantity import MAGNITUDES
from luoshi.extract.record import DocumentRecord, ExtractionRecord, record_from_extraction
from luoshi.reading.region import division, find_region
from luoshi.store import models
from luoshi.store.db import sync_indicators
from luoshi.store.periods import TextPeriods, figure_period
from luoshi.store.places import Places, places_under
from luoshi.store.search import PassageIndex, index_document
from luoshi.store.series import series_of

__all__ = [
    "NATION",
    "NATION_NAME",
    "ConflictKey",
    "StoredCounts",
    "conflict_key",
    "document_by_hash",
    "document_values",
    "ensure_region",
    "fact_values",
    "find_observations",
    "find_targets",
    "framework_values",
    "indicator_units",
    "list_documents",
    "range_pairs",
    "refresh_conflicts",
    "region_code_for",
    "resolved_base_unit",
    "set_baseline",
    "split_value",
    "statement_region",
    "statement_values",
    "store_extraction",
    "table_counts",
]

#: (region_code, indicator_id, indicator_phrase when no id, year, measure, base_unit)
ConflictKey = tuple[str | None, str | None, str | None, int | None, str, str]


@dataclass
class StoredCounts:
    """What one document added."""

    statements: int = 0
    targets: int = 0
    observations: int = 0
    frameworks: int = 0


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL; U+FFFD keeps every offset where it was.
    return text.replace("\x00", "\ufffd")


#: The nation as a region: the code the statistics bureau's tables use for 全国.
NATION = "100000"
NATION_NAME = "全国"


def ensure_region(
    session: Session, code: str | None, *, name: str | None = None, level: str | None = None
) -> str | None:
    """Make sure region ``code`` has a row, with its ancestors; return the code.

    Official GB/T 2260 codes take name, level and parent from the division list, and a
    province's parent is the nation (:data:`NATION`, 全国, level ``nation``); any other
    code (a development zone) is stored as user-defined with ``name``.
    """
    if not code:
        return None
    if session.get(models.Region, code) is not None:
        return code
    if code == NATION:
        session.add(models.Region(code=NATION, name=NATION_NAME, level="nation", is_official=True))
        session.flush()
        return NATION
    official = division(code) if code.isdigit() and len(code) == 6 else None
    if official is None:
        session.add(models.Region(code=code, name=name or code, level=level, is_official=False))
        session.flush()
        return code
    parent = ensure_region(
        session, official.parent or (NATION if official.level == "province" else None)
    )
    session.add(
        models.Region(
            code=official.code,
            name=official.name,
            level=official.level,
            parent_code=parent,
            is_official=True,
        )
    )
    session.flush()
    return official.code


def region_code_for(session: Session, name: str) -> str | None:
    """The region a table cell names: a code, a user-defined zone's name, or a place name.

    Place names resolve through the division list (岚县, 临汾, 山西省吕梁市岚县); a
    name shared by several divisions (朝阳区) resolves to none, never to a guess.
    """
    s = name.strip()
    if not s:
        return None
    if session.get(models.Region, s) is not None:
        return s
    if s in (NATION, NATION_NAME, "中国", "全国合计"):
        return ensure_region(session, NATION)
    if s.isdigit():
        return ensure_region(session, s) if len(s) == 6 and division(s) else None
    zones = session.scalars(
        select(models.Region.code).where(
            models.Region.name == s, models.Region.is_official.is_(False)
        )
    ).all()
    if len(zones) == 1:
        return zones[0]
    # The most specific place of a chain is its tail: try 山西省吕梁市岚县, 吕梁市岚县, 岚县.
    for i in range(len(s) - 1):
        hit = find_region("", title=s[i:])
        if hit is None:
            continue
        d = division(hit[0])
        if hit[1].endswith(s) or (i == 0 and d is not None and d.name.startswith(s)):
            return ensure_region(session, hit[0])
    return None


def document_by_hash(session: Session, content_hash: str) -> models.Document | None:
    """The stored document with these bytes, if any."""
    return session.scalar(
        select(models.Document).where(models.Document.content_hash == content_hash)
    )


def split_value(
    value: float | list[float], form: str
) -> tuple[float, float | None, list[Any] | None]:
    """(value, value_high, parts): a number; a range's ends; a ratio's first part and all parts."""
    if not isinstance(value, list):
        return float(value), None, None
    if not value:
        raise ValueError("an empty list is not a value")
    if form == "range" or (len(value) == 2 and form != "ratio"):
        return float(min(value)), float(max(value)), None
    return float(value[0]), None, [float(v) for v in value]


def _signed(value: float | list[float], sign: int) -> float | list[float]:
    if sign >= 0:
        return value
    return [-v for v in value] if isinstance(value, list) else -value


def resolved_base_unit(statement: ExtractedStatement, indicator_unit: str | None) -> str:
    """The statement's base unit, or the canonical indicator's for a bare magnitude.

    ``810亿`` of 地区生产总值 is written without 元 (headlines and speeches drop it);
    the magnitude is already folded into ``base_value``, so when the unit is only a
    magnitude word and the indicator has a unit, that unit is the one meant.
    """
    if (
        statement.base_unit == ""
        and statement.unit in MAGNITUDES
        and indicator_unit
        and statement.measure in ("level", "change")
    ):
        return indicator_unit
    return statement.base_unit


def document_values(
    d: DocumentRecord, region_code: str | None, *, path: str | None
) -> dict[str, Any]:
    """The ``document`` row of a document record (its region already ensured)."""
    return {
        "content_hash": d.content_hash,
        "name": d.name,
        "path": path,
        "title": d.title,
        # the day: a news page's time of day (2023-01-20T08:35) does not fit the column
        "date": d.date[:10] if d.date else None,
        "issuer": d.source,
        "doc_type": d.doc_type,
        "region_code": region_code,
        "format": d.format,
        "encoding": d.encoding,
        "text": _clean(d.text),
        "source_text": _clean(d.source_text),
        "offsets": d.offsets,
        "warnings": list(d.warnings),
    }


def statement_region(
    session: Session,
    s: ExtractedStatement,
    document_code: str | None,
    region: str | None,
    under: Places,
) -> str | None:
    """The region of a statement: its own when the extractor gave another than the
    document's; else a region under the document's named before it in its sentence
    (:mod:`luoshi.store.places`); else the document's (``region``, ensured)."""
    if s.region_code and s.region_code != document_code:
        return ensure_region(session, s.region_code)
    named = under.named_before(s.sentence, s.start - s.sentence_start) if under else None
    return ensure_region(session, named) if named else region


def statement_values(
    s: ExtractedStatement, region_code: str | None, known: Collection[str]
) -> dict[str, Any]:
    """The ``statement`` row of an extracted statement (without its document id)."""
    scalar = None if isinstance(s.base_value, list) else float(s.base_value)
    return dict(
        text=_clean(s.text),
        sentence=_clean(s.sentence),
        value=s.value,
        unit=s.unit,
        base_value=s.base_value,
        base_unit=s.base_unit,
        base_value_num=scalar,
        indicator=_clean(s.indicator),
        indicator_id=s.indicator_id if s.indicator_id in known else None,
        kind=s.kind,
        measure=s.measure,
        comparator=s.comparator,
        year=s.year,
        start=s.start,
        end=s.end,
        source_start=s.source_start,
        source_end=s.source_end,
        sentence_start=s.sentence_start,
        form=s.form,
        sign=s.sign,
        region_code=region_code,
        confidence=s.confidence,
        explain=dict(s.explain),
    )


def range_pairs(statements: Sequence[ExtractedStatement]) -> dict[int, int]:
    """The ranges written as two statements: index of the low end → index of the high end.

    ``国内生产总值增长6%－6.5%`` is extracted as two consecutive statements of one
    sentence, indicator, measure and kind, both of form ``range``: the low end ``ge``,
    the high end ``le``. The store keeps them as one target (or observation) with
    ``value`` and ``value_high``, the way a range written as one statement is kept.
    """
    pairs: dict[int, int] = {}
    for i in range(len(statements) - 1):
        a, b = statements[i], statements[i + 1]
        if (
            a.form == b.form == "range"
            and a.kind == b.kind
            and a.sentence_start == b.sentence_start
            and a.indicator == b.indicator
            and a.measure == b.measure
            and a.comparator == "ge"
            and b.comparator == "le"
            and not isinstance(a.base_value, list)
            and not isinstance(b.base_value, list)
            and i not in pairs.values()
        ):
            pairs[i] = i + 1
    return pairs


def fact_values(
    s: ExtractedStatement,
    statement: dict[str, Any],
    statement_id: int,
    units: dict[str, str],
    high: ExtractedStatement | None = None,
    periods: TextPeriods | None = None,
) -> dict[str, Any]:
    """The ``target`` row (``s.kind == "target"``) or ``observation`` row of a statement.

    ``statement`` is its stored row's values (region and indicator as stored); a fall
    is stored as a negative figure: 下降3% is growth −3. ``high`` is the statement of a
    range's high end when the range was written as two (:func:`range_pairs`): the row
    keeps both ends, and its comparator is then ``eq`` (a range is judged by its
    direction, not by the words of either end). An observation says what span it covers
    (:mod:`luoshi.store.periods`), from its document's text when ``periods`` reads it.
    """
    offset = s.start - s.sentence_start
    period = (
        periods.of(s.start, s.sentence, offset) if periods else figure_period(s.sentence, offset)
    )
    if high is not None:
        ends = [_signed(s.base_value, s.sign), _signed(high.base_value, high.sign)]
        value, high_value, parts = split_value([float(v) for v in ends], "range")  # type: ignore[arg-type]
        common = _common(s, statement, statement_id, units, value, high_value, parts)
        if s.kind == "target":
            return {**common, "unit": s.unit, "comparator": "eq", "deadline_year": s.year}
        return {**common, "year": s.year, "source_kind": "document", "conflict": False,
                "period": period}  # fmt: skip
    value, high_value, parts = split_value(_signed(s.base_value, s.sign), s.form)
    common = _common(s, statement, statement_id, units, value, high_value, parts)
    if s.kind == "target":
        return {**common, "unit": s.unit, "comparator": s.comparator, "deadline_year": s.year}
    return {**common, "year": s.year, "source_kind": "document", "conflict": False,
            "period": period}  # fmt: skip


def _common(
    s: ExtractedStatement,
    statement: dict[str, Any],
    statement_id: int,
    units: dict[str, str],
    value: float,
    high: float | None,
    parts: list[Any] | None,
) -> dict[str, Any]:
    return {
        "region_code": statement["region_code"],
        "indicator_id": statement["indicator_id"],
        "indicator_phrase": statement["indicator"],
        "value": value,
        "value_high": high,
        "parts": parts,
        "base_unit": resolved_base_unit(s, units.get(statement["indicator_id"] or "")),
        "measure": s.measure,
        "statement_id": statement_id,
    }


def indicator_units(session: Session) -> dict[str, str]:
    """id → base unit of every stored canonical indicator."""
    rows = session.execute(select(models.Indicator.id, models.Indicator.unit))
    return {ident: unit for ident, unit in rows}


def _known_indicators(session: Session, wanted: Iterable[str | None]) -> dict[str, str]:
    """id → unit of the canonical indicators; syncs the vocabulary once if one is missing."""
    units = indicator_units(session)
    if any(w and w not in units for w in wanted):
        sync_indicators(session)
        session.flush()
        units = indicator_units(session)
    return units


def store_extraction(
    session: Session,
    extraction: ExtractionRecord | Extraction,
    *,
    content_hash: str | None = None,
    path: str | None = None,
    passages: PassageIndex | None = None,
) -> tuple[models.Document, StoredCounts]:
    """Add a document, its statements, targets, observations and frameworks to ``session``.

    ``extraction`` is a record of :func:`~luoshi.extract.record.extract_record`, or an
    :class:`~luoshi.extract.Extraction` with the ``content_hash`` of its bytes.
    ``passages``, the :func:`~luoshi.store.search.passage_index` of its text made before
    the transaction, keeps the slow segmentation out of it.
    """
    if isinstance(extraction, Extraction):
        if content_hash is None:
            raise ValueError("an Extraction needs the content_hash of its bytes")
        extraction = record_from_extraction(extraction, content_hash)
    d = extraction.document
    region = ensure_region(session, d.region_code, name=d.region_name, level=d.region_level)
    row = models.Document(**document_values(d, region, path=path))
    session.add(row)
    counts = StoredCounts()
    units = _known_indicators(session, (s.indicator_id for s in extraction.statements))
    known = set(units)
    pairs: list[tuple[ExtractedStatement, dict[str, Any], models.Statement]] = []
    under = places_under(session, region)
    for s in extraction.statements:
        s_region = statement_region(session, s, d.region_code, region, under)
        values = statement_values(s, s_region, known)
        st = models.Statement(**values)
        row.statements.append(st)
        pairs.append((s, values, st))
    for f in extraction.frameworks:
        row.frameworks.append(_framework_row(f))
    session.flush()  # statement ids for the targets and observations
    counts.statements, counts.frameworks = len(pairs), len(extraction.frameworks)
    keys: set[ConflictKey] = set()
    targets: list[models.Target] = []
    ranges = range_pairs([s for s, _, _ in pairs])
    highs = set(ranges.values())
    periods = TextPeriods(d.text)
    for k, (s, values, st) in enumerate(pairs):
        if k in highs:
            continue  # the high end of a range, kept with its low end
        high = pairs[ranges[k]][0] if k in ranges else None
        fact = fact_values(s, values, st.id, units, high, periods)
        if s.kind == "target":
            t = models.Target(**fact)
            session.add(t)
            targets.append(t)
        else:
            obs = models.Observation(**fact)
            session.add(obs)
            keys.add(conflict_key(obs))
            counts.observations += 1
    session.flush()
    for t in targets:
        set_baseline(session, t, units.get(t.indicator_id or ""))
    counts.targets = len(targets)
    refresh_conflicts(session, keys)
    index_document(session, row, passages)  # the passages full-text search finds
    return row, counts


def framework_values(f: Framework) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``framework`` row of a framework and its ``framework_member`` rows, in order."""
    fw = {
        "name": _clean(f.name),
        "count": f.count,
        "start": f.start,
        "end": f.end,
        "source_start": f.source_start,
        "source_end": f.source_end,
        "sentence": _clean(f.sentence),
        "parent": f.parent,
        "explain": dict(f.explain),
    }
    spans = list(f.member_spans)
    members: list[dict[str, Any]] = []
    for i, member in enumerate(f.members):
        start, end = spans[i] if i < len(spans) else (None, None)
        members.append({"position": i, "text": _clean(member), "start": start, "end": end})
    return fw, members


def _framework_row(f: Framework) -> models.Framework:
    values, members = framework_values(f)
    fw = models.Framework(**values)
    fw.members.extend(models.FrameworkMember(**m) for m in members)
    return fw


def set_baseline(session: Session, t: models.Target, indicator_unit: str | None) -> None:
    """The latest observation before the deadline in the series the target follows.

    A growth or change target's baseline is a *level* (:func:`series.series_of`): a
    stated growth rate of an earlier year is not the base a growth target grows from.
    Of several rows for that year the one that counts is taken: an imported table
    before a document, then the newer row.
    """
    if t.indicator_id is None or t.deadline_year is None or t.region_code is None:
        return
    measure, unit = series_of(t.measure, t.base_unit, indicator_unit)
    Obs = models.Observation
    hit = session.execute(
        select(Obs.value, Obs.year)
        .where(
            Obs.region_code == t.region_code,
            Obs.indicator_id == t.indicator_id,
            Obs.measure == measure,
            Obs.base_unit == unit,
            Obs.year < t.deadline_year,
        )
        .order_by(Obs.year.desc(), Obs.priority.desc(), Obs.id.desc())
        .limit(1)
    ).first()
    if hit is not None:
        t.baseline_value, t.baseline_year = hit[0], hit[1]


def conflict_key(o: models.Observation) -> ConflictKey:
    """What makes two observations claim the same fact."""
    phrase = None if o.indicator_id else o.indicator_phrase
    return (o.region_code, o.indicator_id, phrase, o.year, o.measure, o.base_unit)


def _same(a: tuple[float, float | None, Any], b: tuple[float, float | None, Any]) -> bool:
    if not math.isclose(a[0], b[0], rel_tol=1e-9, abs_tol=1e-12):
        return False
    if (a[1] is None) != (b[1] is None) or a[2] != b[2]:
        return False
    return a[1] is None or b[1] is None or math.isclose(a[1], b[1], rel_tol=1e-9)


#: How far an approximate figure (约, 近, 左右) may stand from an exact one and agree.
APPROX_TOLERANCE = 0.05

_Figure = tuple[tuple[float, float | None, Any], str, str | None]  # value, comparator, period


def _agree(a: _Figure, b: _Figure) -> bool:
    """Whether two figures of one fact can both be true: equal values; a bound (以上,
    以内) the other figure satisfies (29.6万吨 and 连续五年稳定在29万吨以上); approximate
    figures within :data:`APPROX_TOLERANCE`; figures of different spans (one year's and
    a multi-year average) are different facts and never disagree."""
    (va, ca, pa), (vb, cb, pb) = a, b
    if (pa or "year") != (pb or "year"):
        return True
    if ca == "eq" and cb == "eq":
        return _same(va, vb)
    lo_a, hi_a = _interval(va[0], ca)
    lo_b, hi_b = _interval(vb[0], cb)
    return lo_a <= hi_b and lo_b <= hi_a


def _interval(v: float, comparator: str) -> tuple[float, float]:
    """The values a figure written with ``comparator`` allows."""
    slack = abs(v) * 1e-9
    if comparator == "ge":
        return v - slack, math.inf
    if comparator == "le":
        return -math.inf, v + slack
    if comparator == "approx":
        return v - abs(v) * APPROX_TOLERANCE, v + abs(v) * APPROX_TOLERANCE
    return v - slack, v + slack


def _comparators(session: Session, statement_ids: list[int]) -> dict[int, str]:
    """The comparator each statement wrote its figure with (an import's figure is exact)."""
    if not statement_ids:
        return {}
    rows = session.execute(
        select(models.Statement.id, models.Statement.comparator).where(
            models.Statement.id.in_(statement_ids)
        )
    )
    return {int(i): str(c) for i, c in rows}


def refresh_conflicts(session: Session, keys: Iterable[ConflictKey]) -> int:
    """Flag every observation of a key whose values disagree; return how many are flagged.

    Nothing is overwritten: a yearbook and a work report may both be right about
    different revisions of a figure, and a person decides which stands. Observations
    without a region or a year are never compared.
    """
    Obs = models.Observation
    flagged = 0
    for region, ind, phrase, year, measure, unit in keys:
        if region is None or year is None or (ind is None and not phrase):
            continue
        query = select(Obs).where(
            Obs.region_code == region,
            Obs.year == year,
            Obs.measure == measure,
            Obs.base_unit == unit,
        )
        if ind is not None:
            query = query.where(Obs.indicator_id == ind)
        else:
            query = query.where(Obs.indicator_id.is_(None), Obs.indicator_phrase == phrase)
        group = list(session.scalars(query))
        said = _comparators(session, [o.statement_id for o in group if o.statement_id])
        figures: list[_Figure] = [
            ((o.value, o.value_high, o.parts), said.get(o.statement_id or -1, "eq"), o.period)
            for o in group
        ]
        disagree = any(not _agree(a, b) for i, a in enumerate(figures) for b in figures[i + 1 :])
        for o in group:
            o.conflict = disagree
        flagged += len(group) if disagree else 0
    session.flush()
    return flagged


# --- queries -------------------------------------------------------------------


def list_documents(session: Session) -> Sequence[models.Document]:
    """Every stored document, oldest first."""
    return session.scalars(select(models.Document).order_by(models.Document.id)).all()


def _given(**filters: object) -> dict[str, object]:
    return {k: v for k, v in filters.items() if v is not None}


def find_targets(
    session: Session, *, region_code: str | None = None, indicator_id: str | None = None
) -> Sequence[models.Target]:
    """Targets, optionally of one region and one indicator."""
    where = _given(region_code=region_code, indicator_id=indicator_id)
    return session.scalars(
        select(models.Target).filter_by(**where).order_by(models.Target.id)
    ).all()


def find_observations(
    session: Session,
    *,
    region_code: str | None = None,
    indicator_id: str | None = None,
    year: int | None = None,
    conflict: bool | None = None,
) -> Sequence[models.Observation]:
    """Observations, optionally filtered by region, indicator, year and conflict flag."""
    where = _given(region_code=region_code, indicator_id=indicator_id, year=year, conflict=conflict)
    return session.scalars(
        select(models.Observation).filter_by(**where).order_by(models.Observation.id)
    ).all()


def table_counts(session: Session) -> dict[str, int]:
    """Rows per table, for summaries and tests."""
    out: dict[str, int] = {}
    for table in models.Base.metadata.sorted_tables:
        out[table.name] = session.execute(select(func.count()).select_from(table)).scalar_one()
    return out
