"""What a form offers to choose by name: the regions, targets and departments that match what
the user typed, each with a label a person reads and the value the form sends; and the
other way round, a region typed by its name or its code turned into its code.

Matching is by every word typed (``澄阳 生产总值`` finds 澄阳县's 地区生产总值 targets): a word
matches a name, a code, an indicator, or, for targets, the deadline year or ``#id``. Labels
say what tells alike rows apart: four targets all named 地区生产总值 read as
``地区生产总值 增长6.5%左右 · 2025年`` and ``地区生产总值 260亿元 · 2025年``, with the region
and the id beside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from luoshi.display import promise
from luoshi.errors import QueryError
from luoshi.loop.users import DepartmentInfo
from luoshi.store import models

__all__ = [
    "LIMIT",
    "Choice",
    "departments",
    "region_choice",
    "region_code",
    "region_code_or_new",
    "regions",
    "target_labels",
    "targets",
]

#: The most choices a list offers: a person reads a short list, then types one word more.
LIMIT = 20
_WORDS = re.compile(r"[^\s,，、]+")
_ID = re.compile(r"#?(\d{1,9})")


@dataclass(frozen=True)
class Choice:
    """One thing a form may choose: ``value`` is sent, ``label`` read, ``hint`` tells alike
    labels apart (a region's code, a target's region and id)."""

    value: str
    label: str
    hint: str = ""


def _words(q: str) -> list[str]:
    return _WORDS.findall(q.strip())[:8]


def _like(word: str) -> str:
    """``%word%`` for LIKE, with the wildcards of the word itself escaped."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contains(column: InstrumentedAttribute[str], word: str) -> ColumnElement[bool]:
    return column.like(_like(word), escape="\\")


def regions(session: Session, q: str, limit: int = LIMIT) -> list[Choice]:
    """Regions whose name or code holds every word of ``q`` (every region when ``q`` is
    empty), by code; the hint is the code and the parent's name."""
    parent = aliased(models.Region)
    query = select(models.Region, parent.name).outerjoin(
        parent, parent.code == models.Region.parent_code
    )
    for w in _words(q):
        query = query.where(
            or_(_contains(models.Region.name, w), models.Region.code.startswith(w, autoescape=True))
        )
    rows = session.execute(query.order_by(models.Region.code).limit(limit)).all()
    return [
        Choice(r.code, r.name, " · ".join(x for x in (r.code, parent_name or "") if x))
        for r, parent_name in rows
    ]


def _target_label(t: models.Target, indicator: str | None, lang: str) -> str:
    what = indicator or t.indicator_phrase
    text = promise(
        t.value,
        t.base_unit,
        measure=t.measure,
        comparator=t.comparator,
        value_high=t.value_high,
        lang=lang,
    )
    label = f"{what} {text}"
    if t.deadline_year:
        label += f" · {t.deadline_year}" + ("" if lang == "en" else "年")
    return label


def _targets_select() -> Select[models.Target, str, str]:
    return (
        select(models.Target, models.Indicator.name, models.Region.name)
        .outerjoin(models.Indicator, models.Indicator.id == models.Target.indicator_id)
        .outerjoin(models.Region, models.Region.code == models.Target.region_code)
    )


def _target_choices(
    session: Session, query: Select[models.Target, str, str], lang: str
) -> list[Choice]:
    return [
        Choice(
            str(t.id),
            _target_label(t, indicator, lang),
            " · ".join(x for x in (region_name or "", f"#{t.id}") if x),
        )
        for t, indicator, region_name in session.execute(query).all()
    ]


def targets(
    session: Session, q: str, *, region: str | None = None, lang: str = "zh", limit: int = LIMIT
) -> list[Choice]:
    """Targets whose indicator, region or deadline year holds every word of ``q`` (a word
    ``#23`` or ``23`` also matches the target with that id), of ``region`` and of no region
    when ``region`` is given; by region, indicator and deadline."""
    query = _targets_select()
    if region is not None:
        query = query.where(
            or_(models.Target.region_code == region, models.Target.region_code.is_(None))
        )
    ids = []
    for w in _words(q):
        text = or_(
            _contains(models.Target.indicator_phrase, w),
            _contains(models.Indicator.name, w),
            _contains(models.Region.name, w),
        )
        number = _ID.fullmatch(w)
        if number is not None:
            n = int(number.group(1))
            ids.append(n)
            text = or_(text, models.Target.id == n, models.Target.deadline_year == n)
        query = query.where(text)
    if ids:  # the target of a typed id first
        query = query.order_by(case((models.Target.id.in_(ids), 0), else_=1))
    query = query.order_by(
        models.Target.region_code, models.Target.indicator_id, models.Target.deadline_year,
        models.Target.id,
    )  # fmt: skip
    return _target_choices(session, query.limit(limit), lang)


def target_labels(session: Session, ids: Iterable[int], lang: str = "zh") -> dict[int, Choice]:
    """The choices of the targets ``ids`` (a form's chosen targets), by id; ids not in the
    store are left out."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = _targets_select().where(models.Target.id.in_(wanted))
    return {int(c.value): c for c in _target_choices(session, query, lang)}


def departments(
    session: Session,
    items: Iterable[DepartmentInfo],
    q: str,
    *,
    region: str | None = None,
    limit: int = LIMIT,
) -> list[Choice]:
    """The departments of ``items`` (those the user may see) whose name or region holds
    every word of ``q``, of ``region`` when given; the hint is the region's name."""
    items = list(items)
    codes = {d.region_code for d in items}
    query = select(models.Region.code, models.Region.name).where(models.Region.code.in_(codes))
    names = {code: name for code, name in session.execute(query)}
    words = _words(q)
    out = []
    for d in items:
        if region is not None and d.region_code != region:
            continue
        where = f"{d.name} {names.get(d.region_code, '')} {d.region_code}"
        if all(w in where for w in words):
            out.append(Choice(str(d.id), d.name, names.get(d.region_code, d.region_code)))
            if len(out) >= limit:
                break
    return out


def region_choice(session: Session, code: str) -> Choice | None:
    """The region ``code`` as a choice (a form's current value), None when unknown."""
    region = session.get(models.Region, code) if code else None
    return None if region is None else Choice(region.code, region.name, region.code)


def _known(session: Session, text: str) -> str | None:
    """The code of the region coded ``text``, or of the one region named ``text``; None
    when none is; :class:`QueryError` when several regions have that name."""
    if session.get(models.Region, text) is not None:
        return text
    codes = session.scalars(
        select(models.Region.code).where(models.Region.name == text).order_by(models.Region.code)
    ).all()
    if len(codes) > 1:
        raise QueryError(
            f"{len(codes)} regions are named {text!r} ({', '.join(codes[:10])}): choose one "
            "by its code",
            zh=f"有{len(codes)}个地区叫 {text!r}（{'、'.join(codes[:10])}），请按代码选择",
        )
    return codes[0] if codes else None


def region_code_or_new(session: Session, raw: str) -> str:
    """The code of the region typed as ``raw`` (its code, or the exact name of one region);
    else ``raw`` itself, the code of a region yet to be added (an upload's new region)."""
    text = raw.strip()
    return _known(session, text) or text


def region_code(session: Session, raw: str) -> str:
    """The code of the region typed as ``raw``: its code, or its exact name when one region
    has it; :class:`QueryError` naming the candidates otherwise."""
    text = raw.strip()
    if not text:
        raise QueryError("no region given: type a region's name or code", zh="请填写地区名称或代码")
    code = _known(session, text)
    if code is not None:
        return code
    like = regions(session, text, limit=5)
    hint = f"; did you mean {', '.join(f'{c.label} ({c.value})' for c in like)}?" if like else ""
    hint_zh = f"，是否要找：{'、'.join(f'{c.label}（{c.value}）' for c in like)}" if like else ""
    raise QueryError(
        f"no region is named or coded {text!r}{hint}", zh=f"没有这个地区：{text!r}{hint_zh}"
    )
