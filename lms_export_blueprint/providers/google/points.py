"""Whole points that keep a quiz's total: Forms' ``pointValue`` is an integer."""

from __future__ import annotations

import math


def whole_points(points: list[float]) -> list[int]:
    """Each value rounded so the whole total is the original total rounded (largest
    remainder first)."""
    floors = [math.floor(value) for value in points]
    target = math.floor(round(sum(points), 9) + 0.5)  # half up, not Python's half to even
    order = sorted(range(len(points)), key=lambda i: points[i] - floors[i], reverse=True)
    whole = list(floors)
    for index in order[:max(0, target - sum(floors))]:
        whole[index] += 1
    return whole
