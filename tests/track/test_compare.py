"""The regions × indicators comparison: ranks by direction, ties, missing values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from luoshi.errors import TrackError
from luoshi.track.compare import compare, direction_signs, rank_columns, rank_scores

NAN = np.nan
VALUES = np.array(
    [
        [5.0, 2.0, 1.0],
        [7.0, NAN, 1.0],
        [7.0, 1.0, 1.0],
    ]
)


def test_ranks_follow_direction_ties_and_gaps() -> None:
    table = compare(
        VALUES,
        ["higher", "lower", "higher"],
        regions=["甲县", "乙县", "丙县"],
        indicators=["人均GDP", "单位GDP能耗", "森林覆盖率"],
    )
    # 人均GDP (higher): 7, 7 share rank 1; 5 is third (min method: 1, 1, 3)
    # 单位GDP能耗 (lower): 1 is first, 2 second, the missing value has no rank
    # 森林覆盖率: all equal, all first
    assert table.ranks.tolist() == [[3, 2, 1], [1, 0, 1], [1, 1, 1]]
    assert table.rank("甲县", "人均GDP") == 3
    assert table.rank("乙县", "单位GDP能耗") is None
    assert table.rows() == [
        ["region", "人均GDP", "单位GDP能耗", "森林覆盖率"],
        ["甲县", "5 (3)", "2 (2)", "1 (1)"],
        ["乙县", "7 (1)", "–", "1 (1)"],
        ["丙县", "7 (1)", "1 (1)", "1 (1)"],
    ]
    with pytest.raises(TrackError, match="no region '丁县'"):
        table.rank("丁县", "人均GDP")


def test_default_labels_and_numeric_directions() -> None:
    table = compare(VALUES, np.array([1, -1, 1]))
    assert table.regions == ("1", "2", "3") and table.indicators == ("1", "2", "3")
    assert table.ranks[:, 0].tolist() == [3, 1, 1]


def test_bad_inputs() -> None:
    with pytest.raises(TrackError, match="2 directions for 3 indicators"):
        compare(VALUES, ["higher", "lower"])
    with pytest.raises(TrackError, match="direction 'up'"):
        compare(VALUES, ["higher", "up", "lower"])
    with pytest.raises(TrackError, match=r"\+1"):
        direction_signs(np.array([1, 0, 1]), 3)
    with pytest.raises(TrackError, match="matrix"):
        compare(np.zeros(3), ["higher"] * 3)
    with pytest.raises(TrackError, match="2 region and 3 indicator labels"):
        compare(VALUES, ["higher"] * 3, regions=["a", "b"])


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(1, 4)), elements=finite))
def test_ranks_are_competition_ranks(values: np.ndarray) -> None:
    signs = np.where(np.arange(values.shape[1]) % 2 == 0, 1.0, -1.0)
    ranks = rank_columns(values, signs)
    for j in range(values.shape[1]):
        key = values[:, j] * signs[j]
        # each rank is one more than the number of strictly better regions
        expected = [1 + int((key > k).sum()) for k in key]
        assert ranks[:, j].tolist() == expected


@given(st.lists(finite, min_size=1, max_size=50, unique=True))
def test_distinct_scores_rank_as_a_permutation(scores: list[float]) -> None:
    ranks = rank_scores(np.array(scores))
    assert sorted(ranks.tolist()) == list(range(1, len(scores) + 1))
    assert ranks[int(np.argmax(scores))] == 1
