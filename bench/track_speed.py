"""Speed of the track layer at county scale: bulk progress assessment and the composite index.

usage: python bench/track_speed.py [--targets 150000] [--regions 3000] [--indicators 60] [--runs 5]

1. ``assess_many`` on ``--targets`` synthetic targets (all five measures, both directions,
   floors and ceilings, about 2% with a missing figure), arrays built beforehand.
2. ``composite_index`` (default method) and ``rank_stability`` (eight composite
   variants and TOPSIS with two weightings) on a random ``--regions`` × ``--indicators``
   matrix over five dimensions, about 1% of values missing.

Each figure is the median wall time of ``--runs`` runs after one warm-up, in one process.
The aim is under 2 s each on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from luoshi.track import assess_many, composite_index, rank_stability

DIMENSIONS = ("创新", "协调", "绿色", "开放", "共享")


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=150_000)
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)

    n = args.targets
    base_value = rng.uniform(1, 100, n)
    base_value[rng.random(n) < 0.02] = np.nan
    arrays = {
        "measure": rng.integers(0, 5, n).astype(np.int8),
        "target_value": rng.uniform(0.5, 150, n),
        "deadline": np.full(n, 2025.0),
        "base_year": np.full(n, 2020.0),
        "base_value": base_value,
        "latest_year": rng.integers(2021, 2026, n).astype(np.float64),
        "latest_value": base_value * rng.uniform(0.8, 1.6, n),
        "direction": rng.choice(np.array([1, -1], dtype=np.int8), n),
        "ceiling": rng.random(n) < 0.3,
    }
    t_assess = median_seconds(lambda: assess_many(**arrays), args.runs)

    values = rng.lognormal(2, 1, (args.regions, args.indicators))
    values[rng.random(values.shape) < 0.01] = np.nan
    directions = ["lower" if j % 4 == 3 else "higher" for j in range(args.indicators)]
    dims = [DIMENSIONS[j % len(DIMENSIONS)] for j in range(args.indicators)]
    t_index = median_seconds(lambda: composite_index(values, directions, dims), args.runs)
    t_stab = median_seconds(lambda: rank_stability(values, directions, dims), args.runs)

    print(f"assess_many      {n:>9,} targets               {t_assess * 1000:8.1f} ms")
    shape = f"{args.regions:,} × {args.indicators}"
    print(f"composite_index  {shape:>15} regions×indicators {t_index * 1000:8.1f} ms")
    print(f"rank_stability   {shape:>15} (10 rankings)      {t_stab * 1000:8.1f} ms")
    print(f"median of {args.runs} runs after one warm-up")


if __name__ == "__main__":
    main()
