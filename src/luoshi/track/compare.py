"""Regions side by side: a regions × indicators table with each region's rank per indicator.

Ranks follow the indicator's direction (1 = best) and share the lowest rank on ties
(the ``min`` method of competition ranking: 1, 2, 2, 4); a missing value has no rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from luoshi.errors import TrackError

__all__ = ["ComparisonTable", "compare", "direction_signs", "rank_columns", "rank_scores"]


@dataclass(frozen=True)
class ComparisonTable:
    """Values and per-indicator ranks of regions (rows) on indicators (columns)."""

    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    signs: NDArray[np.float64]  # +1 where higher is better, -1 where lower is
    values: NDArray[np.float64]  # regions × indicators, NaN where missing
    ranks: NDArray[np.int64]  # 1 = best; 0 where the value is missing

    def rank(self, region: str, indicator: str) -> int | None:
        """The region's rank on the indicator, or None where its value is missing."""
        try:
            i, j = self.regions.index(region), self.indicators.index(indicator)
        except ValueError as exc:
            raise TrackError(
                f"no region {region!r} or indicator {indicator!r} ({exc})",
                zh=f"没有地区 {region!r} 或指标 {indicator!r}",
            ) from exc
        r = int(self.ranks[i, j])
        return r or None

    def rows(self) -> list[list[str]]:
        """The table as text: a header, then one row per region of ``value (rank)`` cells."""
        out = [["region", *self.indicators]]
        for i, region in enumerate(self.regions):
            cells = [region]
            for j in range(len(self.indicators)):
                v, r = self.values[i, j], int(self.ranks[i, j])
                cells.append(f"{v:.4g} ({r})" if r else "–")
            out.append(cells)
        return out


def direction_signs(directions: Sequence[str] | NDArray[Any], m: int) -> NDArray[np.float64]:
    """``higher``/``lower`` (or +1/-1) per indicator as an array of +1.0/-1.0."""
    if isinstance(directions, np.ndarray) and directions.dtype.kind in "iuf":
        signs = directions.astype(np.float64)
    else:
        lookup = {"higher": 1.0, "lower": -1.0}
        try:
            signs = np.array([lookup[str(d)] for d in directions], dtype=np.float64)
        except KeyError as exc:
            raise TrackError(
                f"direction {exc.args[0]!r} is not one of",
                zh=f"方向 {exc.args[0]!r} 不可用，可选",
                options=("higher", "lower"),
            ) from exc
    if signs.shape != (m,):
        raise TrackError(
            f"{signs.size} directions for {m} indicators", zh=f"{m} 个指标却有 {signs.size} 个方向"
        )
    if not np.isin(signs, (-1.0, 1.0)).all():
        raise TrackError(
            "numeric directions must be +1 (higher is better) or -1",
            zh="数字方向须为 +1（越高越好）或 -1（越低越好）",
        )
    return signs


def rank_columns(values: NDArray[np.float64], signs: NDArray[np.float64]) -> NDArray[np.int64]:
    """Min-method ranks down each column, 1 = best by the column's sign; 0 for NaN."""
    key = -values * signs  # smaller key is better
    ordered = np.sort(key, axis=0)  # NaN sorts last, after every value
    ranks = np.zeros(values.shape, dtype=np.int64)
    for j in range(values.shape[1]):
        col = key[:, j]
        present = ~np.isnan(col)
        ranks[present, j] = np.searchsorted(ordered[:, j], col[present], side="left") + 1
    return ranks


def rank_scores(scores: NDArray[np.float64]) -> NDArray[np.int64]:
    """Min-method ranks of scores, highest first."""
    return rank_columns(scores[:, None], np.ones(1))[:, 0]


def compare(
    values: NDArray[np.float64],
    directions: Sequence[str] | NDArray[Any],
    *,
    regions: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
) -> ComparisonTable:
    """Rank regions on every indicator; ``values`` is regions × indicators with NaN for missing."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise TrackError(
            f"values must be a regions × indicators matrix, not shape {x.shape}",
            zh=f"数值须为“地区 × 指标”的矩阵，而不是形状 {x.shape}",
        )
    n, m = x.shape
    signs = direction_signs(directions, m)
    names = tuple(regions) if regions is not None else tuple(str(i + 1) for i in range(n))
    cols = tuple(indicators) if indicators is not None else tuple(str(j + 1) for j in range(m))
    if len(names) != n or len(cols) != m:
        raise TrackError(
            f"{len(names)} region and {len(cols)} indicator labels for a {n}×{m} table",
            zh=f"{n}×{m} 的表格却有 {len(names)} 个地区标签和 {len(cols)} 个指标标签",
        )
    return ComparisonTable(names, cols, signs, x, rank_columns(x, signs))
