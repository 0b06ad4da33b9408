"""A composite development index over the five dimensions of the new development concept.

The steps follow the OECD/JRC *Handbook on Constructing Composite Indicators* (2008):
impute missing values, normalise (min–max or z-score), weight (equal or entropy), and
aggregate (arithmetic or geometric) — first within each dimension (创新, 协调, 绿色, 开放,
共享), then across dimensions with equal dimension weights. TOPSIS is the alternative
aggregation, and :func:`rank_stability` reports how much each region's rank depends on
these choices (the Handbook's uncertainty analysis, step 7). ``docs/progress.md`` gives
the formulas and every choice made where the Handbook leaves one open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from luoshi.errors import TrackError
from luoshi.track.compare import direction_signs, rank_scores

__all__ = [
    "EPSILON",
    "Aggregation",
    "IndexResult",
    "Normalisation",
    "RankStability",
    "Weighting",
    "composite_index",
    "entropy_weights",
    "impute_mean",
    "normalise",
    "rank_stability",
    "topsis",
]

Normalisation = Literal["minmax", "zscore"]
Weighting = Literal["equal", "entropy"]
Aggregation = Literal["arithmetic", "geometric"]

# Geometric aggregation needs positive values: min–max scores are mapped onto
# [EPSILON, 1] so that a region last on one indicator is not sent to zero overall.
EPSILON = 0.01
# z-scores for geometric aggregation go on the scale 100 + 10·z (mean 100, sd 10); a
# value more than ten standard deviations below the mean is floored at EPSILON.
_Z_CENTRE, _Z_SCALE = 100.0, 10.0
_DEFAULT = ("minmax", "equal", "arithmetic")


@dataclass(frozen=True)
class IndexResult:
    """Composite scores, dimension sub-scores and ranks of regions, with the weights used."""

    scores: NDArray[np.float64]  # one per region
    dimensions: tuple[str, ...]  # in order of first appearance among the indicators
    sub_scores: NDArray[np.float64]  # regions × dimensions
    ranks: NDArray[np.int64]  # 1 = highest score; ties share the lowest rank
    weights: NDArray[np.float64]  # per indicator, summing to 1 (each dimension 1/D)
    imputed: int  # missing values replaced by their indicator's mean
    method: str  # "normalisation/weighting/aggregation"


@dataclass(frozen=True)
class RankStability:
    """Each region's rank under every method choice, and how much it moves."""

    methods: tuple[str, ...]  # column names of ``ranks``; the first is the default
    ranks: NDArray[np.int64]  # regions × methods
    median: NDArray[np.float64]
    best: NDArray[np.int64]
    worst: NDArray[np.int64]
    spread: NDArray[np.int64]  # worst - best
    spearman: NDArray[np.float64]  # each method's rank correlation with the default (NaN: all tied)


def impute_mean(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], int]:
    """Missing values replaced by their indicator's mean across regions, and how many."""
    x = _matrix(values)
    missing = np.isnan(x)
    empty = missing.all(axis=0)
    if empty.any():
        cols = ", ".join(str(j) for j in np.flatnonzero(empty))
        raise TrackError(
            f"indicator column(s) {cols} have no values; drop them first",
            zh=f"指标列 {cols} 没有任何数值，请先去掉",
        )
    if not missing.any():
        return x, 0
    means = np.nanmean(x, axis=0)
    return np.where(missing, means, x), int(missing.sum())


def normalise(
    values: NDArray[np.float64], signs: NDArray[np.float64], method: Normalisation
) -> NDArray[np.float64]:
    """Min–max onto [0, 1] or z-scores, lower-is-better indicators reversed first.

    A constant indicator carries no information: min–max gives it 0.5, z-scores 0.
    """
    x = values * signs  # reversing makes every column higher-is-better
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        width = hi - lo
        safe = np.where(width > 0, width, 1.0)
        return np.where(width > 0, (x - lo) / safe, 0.5)
    if method == "zscore":
        sd = x.std(axis=0)  # population standard deviation (ddof 0)
        safe = np.where(sd > 0, sd, 1.0)
        return np.where(sd > 0, (x - x.mean(axis=0)) / safe, 0.0)
    raise TrackError(
        f"normalisation {method!r} is not one of",
        zh=f"标准化方法 {method!r} 不可用，可选",
        options=get_args(Normalisation),
    )


def entropy_weights(normalised: NDArray[np.float64]) -> NDArray[np.float64]:
    """Entropy weights of non-negative columns: w_j = (1 − e_j) / Σ(1 − e_j).

    p_ij = y_ij / Σ_i y_ij and e_j = −(1/ln n) Σ_i p_ij ln p_ij with 0 ln 0 = 0. If every
    column has full entropy (no dispersion at all) the weights are equal.
    """
    y = _matrix(normalised)
    n, m = y.shape
    if n < 2:
        raise TrackError("entropy weights need at least two regions", zh="熵权法至少需要两个地区")
    if (y < 0).any():
        raise TrackError(
            "entropy weights need non-negative values: min–max normalise first",
            zh="熵权法需要非负数值，请先做极差标准化",
        )
    total = y.sum(axis=0)
    p = y / np.where(total > 0, total, 1.0)
    plogp = p * np.log(np.where(p > 0, p, 1.0))  # log(1) = 0 stands in for 0 ln 0
    e = -plogp.sum(axis=0) / np.log(n)
    e = np.where(total > 0, e, 1.0)  # an all-zero column has no dispersion
    d: NDArray[np.float64] = np.clip(1.0 - e, 0.0, None)  # rounding can put e a hair above 1
    if d.sum() <= 0:
        return np.full(m, 1.0 / m)
    weights: NDArray[np.float64] = d / d.sum()
    return weights


def composite_index(
    values: NDArray[np.float64],
    directions: Sequence[str] | NDArray[Any],
    dimensions: Sequence[str],
    *,
    normalisation: Normalisation = "minmax",
    weighting: Weighting = "equal",
    aggregation: Aggregation = "arithmetic",
) -> IndexResult:
    """The composite index of regions (rows) over indicators (columns) grouped into dimensions."""
    x, imputed = impute_mean(values)
    n, m = x.shape
    if n < 2:
        raise TrackError(
            "a composite index needs at least two regions", zh="综合指数至少需要两个地区"
        )
    signs = direction_signs(directions, m)
    names, member = _dimensions(dimensions, m)
    weights = _weights(x, signs, member, weighting)
    r = normalise(x, signs, normalisation)
    # within[j, d] is indicator j's weight inside dimension d (each column sums to 1)
    within = member * weights[:, None] * len(names)
    if aggregation == "arithmetic":
        sub = r @ within
        scores = sub.mean(axis=1)
    elif aggregation == "geometric":
        positive = _positive(r, normalisation)
        sub = np.exp(np.log(positive) @ within)
        scores = np.exp(np.log(sub).mean(axis=1))
    else:
        raise TrackError(
            f"aggregation {aggregation!r} is not one of",
            zh=f"合成方法 {aggregation!r} 不可用，可选",
            options=get_args(Aggregation),
        )
    return IndexResult(
        scores=scores,
        dimensions=names,
        sub_scores=sub,
        ranks=rank_scores(scores),
        weights=weights,
        imputed=imputed,
        method=f"{normalisation}/{weighting}/{aggregation}",
    )


def topsis(
    values: NDArray[np.float64],
    directions: Sequence[str] | NDArray[Any],
    weights: Weighting | NDArray[np.float64] = "equal",
    dimensions: Sequence[str] | None = None,
) -> NDArray[np.float64]:
    """TOPSIS closeness C_i = D⁻/(D⁺ + D⁻) of each region to the ideal (1 = best possible).

    Columns are vector-normalised (r_ij = x_ij / √Σ_i x_ij², Hwang and Yoon 1981) and
    weighted (v = w·r); the ideal takes each column's best value by its direction, the
    anti-ideal its worst. ``weights`` is an array, or ``equal``/``entropy`` computed as
    in :func:`composite_index` (by dimension when ``dimensions`` is given).
    """
    x, _ = impute_mean(values)
    m = x.shape[1]
    signs = direction_signs(directions, m)
    if isinstance(weights, str):
        member = _dimensions(dimensions, m)[1] if dimensions is not None else np.ones((m, 1))
        w = _weights(x, signs, member, weights)
    else:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (m,) or (w < 0).any() or w.sum() <= 0:
            raise TrackError(
                f"weights must be {m} non-negative numbers with a positive sum",
                zh=f"权重须为 {m} 个非负数，且总和大于零",
            )
        w = w / w.sum()
    norm = np.sqrt((x**2).sum(axis=0))
    v = w * x / np.where(norm > 0, norm, 1.0)
    best = np.where(signs > 0, v.max(axis=0), v.min(axis=0))
    worst = np.where(signs > 0, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    total = d_plus + d_minus
    # Every region equal on every weighted column: none is closer to the ideal.
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)


def rank_stability(
    values: NDArray[np.float64],
    directions: Sequence[str] | NDArray[Any],
    dimensions: Sequence[str],
) -> RankStability:
    """Ranks under the 2×2×2 composite choices and TOPSIS (equal, entropy weights).

    The default, and the reference for the Spearman correlations, is min–max, equal
    weights, arithmetic aggregation.
    """
    methods: list[str] = []
    scores: list[NDArray[np.float64]] = []
    for norm in get_args(Normalisation):
        for weighting in get_args(Weighting):
            for agg in get_args(Aggregation):
                result = composite_index(
                    values, directions, dimensions,
                    normalisation=norm, weighting=weighting, aggregation=agg,
                )  # fmt: skip
                methods.append(result.method)
                scores.append(result.scores)
    for weighting in get_args(Weighting):
        methods.append(f"topsis/{weighting}")
        scores.append(topsis(values, directions, weighting, dimensions))
    ranks = np.column_stack([rank_scores(s) for s in scores])
    average = np.column_stack([_average_ranks(-s) for s in scores])
    best, worst = ranks.min(axis=1), ranks.max(axis=1)
    return RankStability(
        methods=tuple(methods),
        ranks=ranks,
        median=np.median(ranks, axis=1),
        best=best,
        worst=worst,
        spread=worst - best,
        spearman=_pearson_with_first(average),
    )


def _matrix(values: NDArray[np.float64]) -> NDArray[np.float64]:
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] == 0:
        raise TrackError(
            f"values must be a regions × indicators matrix, not shape {x.shape}",
            zh=f"数值须为“地区 × 指标”的矩阵，而不是形状 {x.shape}",
        )
    if np.isinf(x).any():
        raise TrackError(
            "values must be finite numbers or NaN for missing",
            zh="数值须为有限数，缺失值用 NaN 表示",
        )
    return x


def _dimensions(dimensions: Sequence[str], m: int) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """Dimension names in order of appearance and the indicators × dimensions 0/1 matrix."""
    labels = list(dimensions)
    if len(labels) != m:
        raise TrackError(
            f"{len(labels)} dimension labels for {m} indicators",
            zh=f"{m} 个指标却有 {len(labels)} 个维度标签",
        )
    names = tuple(dict.fromkeys(labels))
    member = np.zeros((m, len(names)))
    member[np.arange(m), [names.index(d) for d in labels]] = 1.0
    return names, member


def _weights(
    x: NDArray[np.float64],
    signs: NDArray[np.float64],
    member: NDArray[np.float64],
    weighting: str,
) -> NDArray[np.float64]:
    """Indicator weights summing to 1 within each dimension, then 1/D per dimension."""
    if weighting == "equal":
        raw = np.ones(x.shape[1])
    elif weighting == "entropy":
        # Entropy is a property of the data's spread, taken once on min–max data
        # (non-negative, as p_ij needs) whatever normalisation aggregates.
        raw = entropy_weights(normalise(x, signs, "minmax"))
    else:
        raise TrackError(
            f"weighting {weighting!r} is not one of",
            zh=f"赋权方法 {weighting!r} 不可用，可选",
            options=get_args(Weighting),
        )
    per_dim = raw @ member
    # A dimension whose indicators all lack dispersion falls back to equal weights inside.
    raw = np.where((member @ per_dim) > 0, raw, 1.0)
    per_dim = raw @ member
    weights: NDArray[np.float64] = raw / (member @ per_dim) / member.shape[1]
    return weights


def _positive(r: NDArray[np.float64], normalisation: str) -> NDArray[np.float64]:
    if normalisation == "minmax":
        return EPSILON + (1 - EPSILON) * r
    return np.maximum(_Z_CENTRE + _Z_SCALE * r, EPSILON)


def _average_ranks(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Ranks 1..n ascending, ties given their average rank (as Spearman's rho needs)."""
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    starts_group = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    counts = np.diff(np.r_[starts, x.size])
    ranks = np.empty(x.size)
    ranks[order] = (starts + (counts + 1) / 2)[group]
    return ranks


def _pearson_with_first(columns: NDArray[np.float64]) -> NDArray[np.float64]:
    centred = columns - columns.mean(axis=0)
    norms = np.sqrt((centred**2).sum(axis=0))
    dots = centred[:, 0] @ centred
    denom = norms[0] * norms
    return np.where(denom > 0, dots / np.where(denom > 0, denom, 1.0), np.nan)
