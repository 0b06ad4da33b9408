"""Every target in the store judged at once: the counts by status the overview shows.

The verdicts are :func:`luoshi.track.ledger.verdicts`, the ledger's own, so that a count
always agrees with the rows it counts; only the rows and the sentences behind them are not
built. For a store of many
regions the targets are judged region by region in batches (``batch`` regions at a
time), so that the figures held in memory at once stay those of one batch.
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.store import models
from luoshi.track.ledger import verdicts
from luoshi.track.progress import STATUSES, Status

__all__ = ["BulkStatus", "assess_all"]


@dataclass(frozen=True)
class BulkStatus:
    """Every target's status code (an index into :data:`STATUSES`) and ratio R, by id."""

    target_ids: NDArray[np.int64]  # ascending
    status: NDArray[np.int8]
    ratio: NDArray[np.float64]  # NaN where there is no ratio
    counts: dict[Status, int]  # every status, zero included

    def statuses(self) -> list[Status]:
        """The status names, in the order of ``target_ids``."""
        return [STATUSES[c] for c in self.status.tolist()]


def assess_all(
    session: Session,
    *,
    region: str | None = None,
    as_of: int | None = None,
    batch: int = 200,
) -> BulkStatus:
    """Judge every target (of ``region`` if given) as the ledger does; ``as_of`` is the
    current year (default: today's)."""
    if region:
        regions: list[str | None] = [region]
    else:
        found = session.scalars(
            select(models.Target.region_code).distinct().order_by(models.Target.region_code)
        ).all()
        regions = list(found)
    index = {s: i for i, s in enumerate(STATUSES)}
    ids: list[int] = []
    codes: list[int] = []
    ratios: list[float] = []
    named = [r for r in regions if r is not None]
    groups: list[list[str] | None] = [named[k : k + batch] for k in range(0, len(named), batch)]
    if None in regions:
        groups.append(None)  # targets of no region
    # The figures of a batch stay alive while it is judged: the cycle collector would scan
    # them again and again (40% of the time) and finds no cycles to free among them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _judge_groups(session, groups, as_of, index, ids, codes, ratios)
    finally:
        if collecting:
            gc.enable()
    order = np.argsort(np.array(ids, dtype=np.int64), kind="stable")
    target_ids = np.array(ids, dtype=np.int64)[order]
    status = np.array(codes, dtype=np.int8)[order]
    ratio = np.array(ratios, dtype=np.float64)[order]
    counts = np.bincount(status, minlength=len(STATUSES)) if status.size else [0] * len(STATUSES)
    return BulkStatus(
        target_ids=target_ids,
        status=status,
        ratio=ratio,
        counts={s: int(counts[i]) for i, s in enumerate(STATUSES)},
    )


def _judge_groups(
    session: Session,
    groups: list[list[str] | None],
    as_of: int | None,
    index: dict[Status, int],
    ids: list[int],
    codes: list[int],
    ratios: list[float],
) -> None:
    for group in groups:
        for t, _, verdict, _ in verdicts(
            session, regions=group or [None], as_of=as_of, detail=False
        ):
            ids.append(t.id)
            codes.append(index[verdict.status])
            a = verdict.progress
            ratios.append(a.ratio if a is not None and a.ratio is not None else math.nan)
