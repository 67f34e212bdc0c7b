"""Medians and spreads, and how sure a median is."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from math import comb


def pct(values: Sequence[float], q: float) -> float:
    """Percentile ``q`` (0-100), linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"n": len(values), "median": statistics.median(values),
            "p10": pct(values, 10), "p90": pct(values, 90)}


def median_interval(values: Sequence[float], level: float = 0.95
                    ) -> tuple[float, float] | None:
    """Where the median of what ``values`` sample lies, at ``level`` confidence or more; None
    when there are too few values for any such interval (5 or fewer, at 95 %).

    The interval runs from the k-th smallest value to the k-th largest, k as large as keeps
    the chance that the median falls outside it within ``1 - level``: each value is under the
    median with chance 1/2, so the count of values under it is binomial. It assumes nothing of
    how the values spread, and needs no resampling. A p10-p90 spread says how rounds vary;
    this says how well their median is known, and it narrows as rounds are added.
    """
    ordered = sorted(values)
    count = len(ordered)
    outside = (1 - level) / 2
    below = 0.0  # the chance that fewer than k values are under the median
    k = 0
    while k < count // 2:
        below += comb(count, k) / 2 ** count
        if below > outside:
            break
        k += 1
    if k == 0:
        return None
    return ordered[k - 1], ordered[count - k]


def against(interval: tuple[float, float] | None, target: float, *, at_most: bool) -> str:
    """What ``interval`` shows of a median that must be at most (or at least) ``target``."""
    if interval is None:
        return "too few rounds to tell"
    low, high = interval
    met, missed = (high <= target, low > target) if at_most else (low >= target, high < target)
    if met:
        return "shown met"
    return "shown missed" if missed else "not shown either way"
