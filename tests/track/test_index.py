"""The composite index, entropy weights, TOPSIS and rank stability against hand computations.

The index example: three regions, four indicators in two dimensions.

====== ============ ============ ============ ============
region 创新 A (↑)   创新 B (↓)   绿色 C (↑)   绿色 D (↑)
====== ============ ============ ============ ============
R1     10           4            30           0.5
R2     20           2            10           0.7
R3     30           3            20           0.3
====== ============ ============ ============ ============

Min–max (B reversed: (4 - x) / 2):  A 0, .5, 1;  B 0, 1, .5;  C 1, 0, .5;  D .5, 1, 0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from luoshi.errors import TrackError
from luoshi.track.index import (
    composite_index,
    entropy_weights,
    impute_mean,
    normalise,
    rank_stability,
    topsis,
)

VALUES = np.array([[10.0, 4.0, 30.0, 0.5], [20.0, 2.0, 10.0, 0.7], [30.0, 3.0, 20.0, 0.3]])
DIRECTIONS = ["higher", "lower", "higher", "higher"]
DIMENSIONS = ["创新", "创新", "绿色", "绿色"]
Z = math.sqrt(1.5)  # 1.224745: the z-score of the ends of three equally spaced values


def test_minmax_equal_arithmetic() -> None:
    r = composite_index(VALUES, DIRECTIONS, DIMENSIONS)
    # 创新 = (A + B) / 2: R1 (0 + 0)/2 = 0, R2 (.5 + 1)/2 = .75, R3 (1 + .5)/2 = .75
    # 绿色 = (C + D) / 2: R1 (1 + .5)/2 = .75, R2 (0 + 1)/2 = .5, R3 (.5 + 0)/2 = .25
    # score = (创新 + 绿色) / 2: R1 .375, R2 .625, R3 .5 -> ranks 3, 1, 2
    assert r.method == "minmax/equal/arithmetic"
    assert r.dimensions == ("创新", "绿色")
    assert r.sub_scores == pytest.approx(np.array([[0, 0.75], [0.75, 0.5], [0.75, 0.25]]))
    assert r.scores == pytest.approx([0.375, 0.625, 0.5])
    assert r.ranks.tolist() == [3, 1, 2]
    assert r.weights == pytest.approx([0.25] * 4)
    assert r.imputed == 0


def test_minmax_geometric() -> None:
    r = composite_index(VALUES, DIRECTIONS, DIMENSIONS, aggregation="geometric")
    # positive scale .01 + .99 r: 0 -> .01, .5 -> .505, 1 -> 1
    # R1: 创新 √(.01 × .01) = .01,  绿色 √(1 × .505) = .710634, score √(.01 × .710634) = .084299
    # R2: 创新 √(.505 × 1) = .710634, 绿色 √(.01 × 1) = .1,    score √(.0710634) = .266577
    # R3: 创新 √(1 × .505) = .710634, 绿色 √(.505 × .01) = .071063, score = .224722
    assert r.sub_scores[0] == pytest.approx([0.01, 0.710634], abs=1e-6)
    assert r.scores == pytest.approx([0.084299, 0.266577, 0.224722], abs=1e-6)
    assert r.ranks.tolist() == [3, 1, 2]


def test_zscore_arithmetic_and_geometric() -> None:
    # z (population sd, B reversed): A -Z, 0, Z; B -Z, Z, 0; C Z, -Z, 0; D 0, Z, -Z
    # 创新: R1 -Z, R2 Z/2, R3 Z/2; 绿色: R1 Z/2, R2 0, R3 -Z/2
    # score: R1 -Z/4 = -.306186, R2 Z/4 = .306186, R3 0
    a = composite_index(VALUES, DIRECTIONS, DIMENSIONS, normalisation="zscore")
    assert a.scores == pytest.approx([-Z / 4, Z / 4, 0.0], abs=1e-12)
    assert a.ranks.tolist() == [3, 1, 2]
    # geometric on 100 + 10 z: R1 创新 100 - 10Z = 87.7526, 绿色 √((100 + 10Z) × 100) = 105.9469
    # score √(87.7526 × 105.9469) = 96.4215
    g = composite_index(
        VALUES, DIRECTIONS, DIMENSIONS, normalisation="zscore", aggregation="geometric"
    )
    low, high = 100 - 10 * Z, 100 + 10 * Z
    r1 = math.sqrt(low * math.sqrt(high * 100))
    assert g.scores[0] == pytest.approx(r1) and r1 == pytest.approx(96.4215, abs=1e-4)
    assert g.ranks.tolist() == [3, 1, 2]


ENTROPY = np.array([[1.0, 10.0, 5.0], [2.0, 10.0, 4.0], [3.0, 10.0, 3.0], [4.0, 40.0, 1.0]])


def test_entropy_weights_step_by_step() -> None:
    signs = np.array([1.0, 1.0, -1.0])
    y = normalise(ENTROPY, signs, "minmax")
    # 1. min–max, the third column reversed: (5 - x) / 4
    expected_y = np.array([[0, 0, 0], [1 / 3, 0, 0.25], [2 / 3, 0, 0.5], [1, 1, 1]])
    assert y == pytest.approx(expected_y)
    # 2. p_ij = y_ij / Σ_i y_ij: column sums 2, 1, 1.75
    p = expected_y / expected_y.sum(axis=0)
    assert p[:, 0] == pytest.approx([0, 1 / 6, 1 / 3, 1 / 2])
    assert p[:, 2] == pytest.approx([0, 1 / 7, 2 / 7, 4 / 7])
    # 3. e_j = -(1 / ln 4) Σ p ln p, with 0 ln 0 = 0
    plogp = np.zeros_like(p)
    mask = p > 0
    plogp[mask] = p[mask] * np.log(p[mask])
    e = -plogp.sum(axis=0) / np.log(4)
    # e_1 = (1/6 ln 6 + 1/3 ln 3 + 1/2 ln 2) / ln 4 = 1.011404 / 1.386294 = 0.729574
    # e_2 = 0 (all weight on one region); e_3 = (1/7 ln 7 + 2/7 ln 3.5 + 4/7 ln 1.75) / ln 4
    #     = 0.955711 / 1.386294 = 0.689392
    assert e == pytest.approx([0.729574, 0.0, 0.689392], abs=1e-6)
    # 4. w_j = (1 - e_j) / Σ (1 - e_j) = (0.270426, 1, 0.310608) / 1.581034
    w = (1 - e) / (1 - e).sum()
    assert w == pytest.approx([0.171044, 0.632497, 0.196459], abs=1e-6)
    assert entropy_weights(y) == pytest.approx(w)
    # in the index: one dimension takes them as they are; two renormalise inside each
    one = composite_index(ENTROPY, ["higher", "higher", "lower"], ["d"] * 3, weighting="entropy")
    assert one.weights == pytest.approx(w)
    two = composite_index(
        ENTROPY, ["higher", "higher", "lower"], ["a", "a", "b"], weighting="entropy"
    )
    inside_a = w[:2] / w[:2].sum()
    assert two.weights == pytest.approx([*(inside_a / 2), 0.5])


def test_entropy_of_constant_columns() -> None:
    flat = np.array([[1.0, 5.0], [1.0, 5.0], [1.0, 5.0]])
    # no column has any dispersion: equal weights rather than 0 / 0
    assert entropy_weights(normalise(flat, np.ones(2), "minmax")) == pytest.approx([0.5, 0.5])
    # a dimension of constant indicators falls back to equal weights inside it
    x = np.array([[1.0, 5.0, 1.0], [2.0, 5.0, 1.0], [3.0, 5.0, 1.0]])
    r = composite_index(x, ["higher"] * 3, ["a", "b", "b"], weighting="entropy")
    assert r.weights == pytest.approx([0.5, 0.25, 0.25])
    with pytest.raises(TrackError, match="non-negative"):
        entropy_weights(np.array([[-1.0], [1.0]]))
    with pytest.raises(TrackError, match="two regions"):
        entropy_weights(np.array([[1.0, 2.0]]))


def test_missing_values_take_the_indicator_mean() -> None:
    x = VALUES.copy()
    x[0, 0] = np.nan  # A: mean of 20 and 30 = 25
    filled, count = impute_mean(x)
    assert count == 1 and filled[0, 0] == 25.0
    r = composite_index(x, DIRECTIONS, DIMENSIONS)
    assert r.imputed == 1
    # A becomes 25, 20, 30 -> min–max .5, 0, 1; 创新 R1 (.5 + 0)/2 = .25, R2 (0 + 1)/2 = .5
    assert r.sub_scores[:, 0] == pytest.approx([0.25, 0.5, 0.75])
    empty = VALUES.copy()
    empty[:, 2] = np.nan
    with pytest.raises(TrackError, match="column\\(s\\) 2 have no values"):
        composite_index(empty, DIRECTIONS, DIMENSIONS)


def test_topsis_by_hand() -> None:
    x = np.array([[3.0, 0.0], [4.0, 6.0], [0.0, 8.0]])
    # vector normalisation: column 1 √(9 + 16) = 5 -> .6, .8, 0;
    #                       column 2 √(36 + 64) = 10 -> 0, .6, .8
    # equal weights .5: v = (.3, 0), (.4, .3), (0, .4)
    # ideal (col 1 higher, col 2 lower): (.4, 0); anti-ideal (0, .4)
    # R1: D+ = √(.01) = .1,              D- = √(.09 + .16) = .5,      C = .5 / .6 = .833333
    # R2: D+ = √(.09) = .3,              D- = √(.16 + .01) = .412311, C = .412311 / .712311
    # R3: D+ = √(.16 + .16) = .565685,   D- = 0,                      C = 0
    c = topsis(x, ["higher", "lower"])
    assert c == pytest.approx([0.5 / 0.6, math.sqrt(0.17) / (0.3 + math.sqrt(0.17)), 0.0])
    # explicit weights are rescaled to sum to 1: (3, 1) -> (.75, .25)
    # v = (.45, 0), (.6, .15), (0, .2); ideal (.6, 0), anti-ideal (0, .2)
    # R1: D+ = .15, D- = √(.2025 + .04) = .492443, C = .492443 / .642443 = .766516
    w = topsis(x, ["higher", "lower"], np.array([3.0, 1.0]))
    assert w[0] == pytest.approx(math.sqrt(0.2425) / (0.15 + math.sqrt(0.2425)))
    # all regions alike: none is nearer the ideal
    assert topsis(np.ones((3, 2)), ["higher", "higher"]) == pytest.approx([0.5] * 3)
    with pytest.raises(TrackError, match="2 non-negative numbers"):
        topsis(x, ["higher", "lower"], np.array([1.0, -1.0]))


def test_topsis_on_the_index_example() -> None:
    # norms: A, C √1400 = 37.4166; B √29 = 5.38516; D √.83 = .911043; weights .25 each
    # v: R1 (.066815, .185695, .200446, .137205), R2 (.133631, .092848, .066815, .192087),
    #    R3 (.200446, .139272, .133631, .082323)
    # ideal (.200446, .092848, .200446, .192087); anti-ideal (.066815, .185695, .066815, .082323)
    # D+ = .171726, .149404, .136630; D- = .144462, .158534, .156450
    # C = .456886, .514826, .533814 -> R3 first, R2 second, R1 third
    c = topsis(VALUES, DIRECTIONS, "equal", DIMENSIONS)
    assert c == pytest.approx([0.456886, 0.514826, 0.533814], abs=1e-6)


def test_rank_stability() -> None:
    s = rank_stability(VALUES, DIRECTIONS, DIMENSIONS)
    assert s.methods[0] == "minmax/equal/arithmetic"
    assert s.methods[-2:] == ("topsis/equal", "topsis/entropy")
    assert len(s.methods) == 10
    # every composite variant ranks R2, R3, R1 (computed above for four of them; here
    # each minmax column holds 0, .5, 1 so entropy weights are equal too); TOPSIS R3, R2, R1
    assert s.ranks[:, :8].T.tolist() == [[3, 1, 2]] * 8
    assert s.ranks[:, 8:].T.tolist() == [[3, 2, 1]] * 2
    assert s.median.tolist() == [3.0, 1.0, 2.0]
    assert s.best.tolist() == [3, 1, 1] and s.worst.tolist() == [3, 2, 2]
    assert s.spread.tolist() == [0, 1, 1]
    # Spearman with the default: 1 for the composites; TOPSIS d = (0, 1, 1),
    # rho = 1 - 6 Σd² / (n (n² - 1)) = 1 - 12 / 24 = .5
    assert s.spearman == pytest.approx([1.0] * 8 + [0.5] * 2)


def test_bad_method_names_and_shapes() -> None:
    with pytest.raises(TrackError, match="normalisation 'rank' is not one of minmax, zscore"):
        composite_index(VALUES, DIRECTIONS, DIMENSIONS, normalisation="rank")  # type: ignore[arg-type]
    with pytest.raises(TrackError, match="weighting 'pca'"):
        composite_index(VALUES, DIRECTIONS, DIMENSIONS, weighting="pca")  # type: ignore[arg-type]
    with pytest.raises(TrackError, match="aggregation 'median'"):
        composite_index(VALUES, DIRECTIONS, DIMENSIONS, aggregation="median")  # type: ignore[arg-type]
    with pytest.raises(TrackError, match="3 dimension labels for 4 indicators"):
        composite_index(VALUES, DIRECTIONS, DIMENSIONS[:3])
    with pytest.raises(TrackError, match="at least two regions"):
        composite_index(VALUES[:1], DIRECTIONS, DIMENSIONS)
    with pytest.raises(TrackError, match="finite"):
        composite_index(np.full((2, 4), np.inf), DIRECTIONS, DIMENSIONS)


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(2, 25), st.just(5)),
        elements=st.floats(0, 1000, allow_nan=False),
    ),
    st.sampled_from(["minmax", "zscore"]),
    st.sampled_from(["equal", "entropy"]),
    st.sampled_from(["arithmetic", "geometric"]),
)
def test_index_ranks_are_competition_ranks(
    values: np.ndarray, normalisation: str, weighting: str, aggregation: str
) -> None:
    dims = ["创新", "协调", "绿色", "开放", "共享"]
    r = composite_index(
        values, ["higher", "lower"] * 2 + ["higher"], dims,
        normalisation=normalisation, weighting=weighting, aggregation=aggregation,  # type: ignore[arg-type]
    )  # fmt: skip
    assert np.isfinite(r.scores).all()
    assert r.weights.sum() == pytest.approx(1.0)
    assert r.ranks.tolist() == [1 + int((r.scores > s).sum()) for s in r.scores]
    if len(set(r.scores.tolist())) == len(r.scores):
        assert sorted(r.ranks.tolist()) == list(range(1, len(r.scores) + 1))
