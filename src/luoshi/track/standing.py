"""Kept verdicts: every target's status as last judged, stored beside the targets.

Judging every target of a large store takes seconds (150,000 targets: about 18 s on the
development machine, :mod:`luoshi.track.bulk`), too long for a page that counts them or
lists the ones off track. The verdicts are therefore kept in ``target_verdict``, one row
per target with the columns the supervision lists filter and sort on, and brought up to
date rather than recomputed:

- a target or an observation newer than the newest seen at the last refresh (ids only
  grow) marks its region: that region's targets are judged again (a verdict reads only
  its own region's figures, :mod:`luoshi.track.ledger`);
- another year (``as_of``) or other rules (the version of luoshi, the indicator
  vocabulary's units, directions, natures and ceilings) marks everything;
- a target changed in place (a leader's correction) is judged again by whoever changes it
  (:func:`refresh_targets`).

:func:`staleness` says what is out of date (a handful of cheap queries);
:func:`refresh` judges it and writes the rows in one short transaction. The verdicts are
the ledger's own (:func:`luoshi.track.ledger.verdicts`), so a count always agrees with
the rows a ledger of the same targets shows.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from luoshi import __version__
from luoshi.store import Store, models
from luoshi.store.db import database_error
from luoshi.track.ledger import this_year, verdicts
from luoshi.track.progress import Status
from luoshi.track.verdict import Verdict, is_ceiling_promise

__all__ = [
    "OFF_TRACK",
    "SEVERITY",
    "Staleness",
    "refresh",
    "refresh_targets",
    "rules_digest",
    "staleness",
    "status_counts",
]

#: The statuses in the order supervision attends to them: behind a plan still running,
#: then missed, then needing acceleration … and last the targets no verdict can be given.
SEVERITY: tuple[Status, ...] = (
    "off_track",
    "missed",
    "needs_acceleration",
    "insufficient_data",
    "in_progress",
    "on_track",
    "achieved",
    "no_verdict",
)
#: The statuses of the first screen's off-track list: 滞后 and 未完成.
OFF_TRACK: tuple[Status, ...] = ("off_track", "missed")
_RANK = {s: i for i, s in enumerate(SEVERITY)}
_BATCH = 200  # regions judged together, as track.bulk does


@dataclass(frozen=True)
class Staleness:
    """What the kept verdicts lack: everything (``full``), or the targets of ``regions``."""

    full: bool
    regions: tuple[str | None, ...]
    targets: int  # how many targets that is: the work a refresh would do
    as_of: int
    rules: str
    max_target_id: int
    max_observation_id: int
    refreshed_at: datetime | None  # when the kept verdicts were last brought up to date

    @property
    def fresh(self) -> bool:
        """Nothing to do."""
        return not self.full and not self.regions


def rules_digest(session: Session) -> str:
    """A digest of what a verdict depends on besides the data: luoshi's version and each
    canonical indicator's unit, direction, nature and ceiling."""
    I = models.Indicator  # noqa: E741
    rows = session.execute(
        select(I.id, I.unit, I.direction, I.nature, I.ceiling).order_by(I.id)
    ).all()
    text = __version__ + "\n" + "\n".join("|".join(str(c) for c in r) for r in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _max_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(column), 0))) or 0)


def _in_regions(column: Any, regions: Sequence[str | None]) -> ColumnElement[bool]:
    named = sorted(r for r in regions if r is not None)
    conds: list[ColumnElement[bool]] = [column.in_(named)] if named else []
    if None in regions:
        conds.append(column.is_(None))
    return or_(*conds)


def staleness(session: Session, *, as_of: int | None = None) -> Staleness:
    """What the kept verdicts lack, judged in ``as_of`` (default: :func:`this_year`)."""
    now = as_of if as_of is not None else this_year()
    T, O = models.Target, models.Observation  # noqa: E741
    max_t, max_o = _max_id(session, T.id), _max_id(session, O.id)
    rules = rules_digest(session)
    state = session.get(models.VerdictState, 1)
    if state is None or state.as_of != now or state.rules != rules:
        total = int(session.scalar(select(func.count()).select_from(T)) or 0)
        return Staleness(True, (), total, now, rules, max_t, max_o, _at(state))
    dirty: set[str | None] = set()
    if max_t > state.max_target_id:
        dirty.update(
            session.scalars(select(T.region_code).where(T.id > state.max_target_id).distinct())
        )
    if max_o > state.max_observation_id:
        dirty.update(
            session.scalars(select(O.region_code).where(O.id > state.max_observation_id).distinct())
        )
    regions = tuple(sorted(dirty, key=lambda r: (r is None, r or "")))
    count = 0
    if regions:
        count = int(
            session.scalar(
                select(func.count()).select_from(T).where(_in_regions(T.region_code, regions))
            )
            or 0
        )
    return Staleness(False, regions, count, now, rules, max_t, max_o, _at(state))


def _at(state: models.VerdictState | None) -> datetime | None:
    if state is None:
        return None
    at = state.refreshed_at
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _shortfall(v: Verdict) -> float | None:
    """How far behind, as a share: of the target for a decided one (the gap in the
    direction that counts), of the required progress for a running one (1 − R)."""
    if v.gap_share is not None and v.promise is not None:
        return v.gap_share if is_ceiling_promise(v.promise) else -v.gap_share
    if v.progress is not None and v.progress.ratio is not None:
        return 1.0 - v.progress.ratio
    return None


def _rows(
    session: Session,
    *,
    regions: Sequence[str | None] | None = None,
    target_ids: Sequence[int] | None = None,
    as_of: int,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for t, _, v, _ in verdicts(
        session, regions=regions, target_ids=target_ids, as_of=as_of, detail=False
    ):
        ratio = v.progress.ratio if v.progress is not None else None
        out.append(
            {
                "target_id": t.id,
                "region_code": t.region,
                "indicator_id": t.indicator_id,
                "deadline_year": t.deadline,
                "status": v.status,
                "severity": _RANK[v.status],
                "actual": v.actual,
                "actual_year": v.actual_year,
                "ratio": ratio,
                "shortfall": _shortfall(v),
            }
        )
    return out


def _judge(session: Session, stale: Staleness) -> list[dict[str, Any]]:
    """The rows of every target the staleness names, a batch of regions at a time."""
    if stale.full:
        found = session.scalars(select(models.Target.region_code).distinct()).all()
        regions: list[str | None] = sorted(found, key=lambda r: (r is None, r or ""))
    else:
        regions = list(stale.regions)
    out: list[dict[str, Any]] = []
    # as in track.bulk: the figures of a batch stay alive while it is judged, and the
    # cycle collector would scan them again and again for no cycles
    collecting = gc.isenabled()
    gc.disable()
    try:
        for k in range(0, len(regions), _BATCH):
            out += _rows(session, regions=regions[k : k + _BATCH], as_of=stale.as_of)
    finally:
        if collecting:
            gc.enable()
    return out


@contextmanager
def _writing(store: Store) -> Iterator[Session]:
    """One short write transaction; on SQLite it takes the write lock at once (BEGIN
    IMMEDIATE) and waits for another writer rather than failing."""
    with store.session() as session:
        if store.dialect == "sqlite":
            connection = session.connection()
            connection.exec_driver_sql("PRAGMA busy_timeout = 60000")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield session


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    for k in range(0, len(rows), 5000):
        session.execute(insert(models.TargetVerdict), rows[k : k + 5000])


def refresh(store: Store, *, as_of: int | None = None, attempts: int = 3) -> Staleness:
    """Bring the kept verdicts up to date; what was out of date (``fresh`` if nothing).

    The targets are judged outside the write transaction; the rows are written only if no
    one else refreshed meanwhile (else the work is done again from what they left)."""
    stale: Staleness | None = None
    for _ in range(attempts):
        with store.session() as session:
            stale = staleness(session, as_of=as_of)
            if stale.fresh:
                return stale
            rows = _judge(session, stale)
        try:
            with _writing(store) as session:
                if not _unchanged(session, stale):
                    continue
                V = models.TargetVerdict
                if stale.full:
                    session.execute(delete(V))
                else:
                    ids = select(models.Target.id).where(
                        _in_regions(models.Target.region_code, stale.regions)
                    )
                    session.execute(delete(V).where(V.target_id.in_(ids)))
                _insert(session, rows)
                _set_state(session, stale)
        except SQLAlchemyError as exc:
            raise database_error(store.url, exc) from exc
        return stale
    assert stale is not None
    return stale


def _unchanged(session: Session, stale: Staleness) -> bool:
    """Whether the kept state is still the one ``stale`` was measured against."""
    state = session.get(models.VerdictState, 1)
    at = _at(state)
    return at == stale.refreshed_at


def _set_state(session: Session, stale: Staleness) -> None:
    state = session.get(models.VerdictState, 1)
    if state is None:
        state = models.VerdictState(id=1)
        session.add(state)
    state.as_of = stale.as_of
    state.rules = stale.rules
    state.max_target_id = stale.max_target_id
    state.max_observation_id = stale.max_observation_id
    state.refreshed_at = datetime.now(UTC)


def refresh_targets(session: Session, target_ids: Sequence[int]) -> None:
    """Judge ``target_ids`` again in the caller's transaction (after a change in place).

    Only where verdicts are kept already for the current year and rules: otherwise the
    next :func:`refresh` judges everything anyway."""
    state = session.get(models.VerdictState, 1)
    if state is None or not target_ids:
        return
    V = models.TargetVerdict
    rows = _rows(session, target_ids=target_ids, as_of=state.as_of)
    session.execute(delete(V).where(V.target_id.in_(list(target_ids))))
    if rows:
        _insert(session, rows)
    state.refreshed_at = datetime.now(UTC)  # what was counted from the old rows is old


def status_counts(
    session: Session,
    *,
    region: str | None = None,
    indicator: str | None = None,
) -> dict[Status, int]:
    """Kept verdicts by status (of one region or indicator), every status present."""
    V = models.TargetVerdict
    query = select(V.severity, func.count()).group_by(V.severity)
    if region is not None:
        query = query.where(V.region_code == region)
    if indicator is not None:
        query = query.where(V.indicator_id == indicator)
    counts: dict[Status, int] = {s: 0 for s in SEVERITY}
    for severity, n in session.execute(query):
        counts[SEVERITY[int(severity)]] = int(n)
    return counts
