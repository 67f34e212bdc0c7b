"""Medians and spreads, and how sure a median is."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence

#: Resamples behind :func:`median_interval`: its ends move by well under 0.001 of a ratio
#: from one seed to another with this many.
RESAMPLES = 4000


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


def median_interval(values: Sequence[float], level: float = 0.95,
                    resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """Where the median of ``values`` lies, at ``level`` confidence: the percentile bootstrap
    (resample with replacement, take each resample's median, keep the middle ``level``).

    For a target such as "the paired ratio's median is at most 1.05": it is shown met when the
    interval's top is under it, and shown missed when the interval's bottom is over it. A
    p10-p90 spread says how rounds vary; this says how well their median is known, and it
    narrows as rounds are added.
    """
    chooser = random.Random(seed)
    medians = sorted(statistics.median(chooser.choices(values, k=len(values)))
                     for _ in range(resamples))
    tail = (1 - level) / 2
    return pct(medians, tail * 100), pct(medians, (1 - tail) * 100)


def against(interval: tuple[float, float], target: float, *, at_most: bool) -> str:
    """What ``interval`` shows of a median that must be at most (or at least) ``target``."""
    low, high = interval
    met, missed = (high <= target, low > target) if at_most else (low >= target, high < target)
    if met:
        return "shown met"
    return "shown missed" if missed else "not shown either way"
