"""Tracking: how far each target has come, how regions compare, and a composite index.

The track layer takes plain data (targets, observations, matrices of values) and
returns plain dataclasses and NumPy arrays; it knows nothing of the store.

- :mod:`luoshi.track.verdict` — promise against result: a target judged on the figure its
  year gives (已完成 achieved, 未完成 missed, 进行中 in progress, 无法判断 no verdict),
  comparator- and direction-aware, with the gap; :func:`judge`.
- :mod:`luoshi.track.progress` — a multi-year target's progress before its deadline
  (按进度 on track, 需加快 needs acceleration, 滞后 off track, 数据不足 insufficient data)
  by the ratio of observed to required growth; :func:`assess` for one, :func:`assess_many`
  for arrays.
- :mod:`luoshi.track.consistency` — level and growth targets of one indicator that
  cannot both hold.
- :mod:`luoshi.track.compare` — regions × indicators with per-indicator ranks.
- :mod:`luoshi.track.index` — composite index (OECD/JRC Handbook), TOPSIS, and rank
  stability across method choices.

``docs/progress.md`` states every method, threshold and formula.
"""

from __future__ import annotations

from luoshi.track.compare import ComparisonTable, compare
from luoshi.track.consistency import Finding, check_consistency, check_plan
from luoshi.track.index import (
    IndexResult,
    RankStability,
    composite_index,
    entropy_weights,
    rank_stability,
    topsis,
)
from luoshi.track.progress import (
    STATUS_EN,
    STATUS_ORDER,
    STATUS_ZH,
    STATUSES,
    Assessment,
    BulkAssessment,
    Point,
    Status,
    TargetSpec,
    assess,
    assess_many,
    chain_growth,
    pack_targets,
)
from luoshi.track.verdict import Evidence, Figure, Promise, Verdict, judge

__all__ = [
    "STATUSES",
    "STATUS_EN",
    "STATUS_ORDER",
    "STATUS_ZH",
    "Assessment",
    "BulkAssessment",
    "ComparisonTable",
    "Evidence",
    "Figure",
    "Finding",
    "IndexResult",
    "Point",
    "Promise",
    "RankStability",
    "Status",
    "TargetSpec",
    "Verdict",
    "assess",
    "assess_many",
    "chain_growth",
    "check_consistency",
    "check_plan",
    "compare",
    "composite_index",
    "entropy_weights",
    "judge",
    "pack_targets",
    "rank_stability",
    "topsis",
]
