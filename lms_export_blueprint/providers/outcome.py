"""How a provider reports a push: progress by LMS request, and what landed when it failed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import LMSExportError
from .base import Push

E = TypeVar("E", bound=LMSExportError)


def counter(push: Push, total: int) -> Callable[[], None]:
    """``tick()``: one LMS request done, reported as ``progress(done, total)``."""
    done = 0
    if push.progress is not None:
        push.progress(0, total)

    def tick() -> None:
        nonlocal done
        done = min(done + 1, total)
        if push.progress is not None:
            push.progress(done, total)
    return tick


def with_exported_assets(exc: E, push: Push, names: list[str], landed: list[str],
                         failed_asset: str | None, leftovers: Sequence[str] = ()) -> E:
    """``exc`` with ``data.exported_assets`` (each asset ``success`` with its id, the one that
    failed ``failed``, the rest ``skipped``), ``not_cleaned`` (a half-built quiz or form that
    could not be deleted, kept for the retry) and ``warnings`` (docs/failure-behaviour.md)."""
    statuses: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        if index < len(landed):
            statuses.append({"asset_name": name, "lms_content_id": landed[index],
                             "status": "success"})
        else:
            statuses.append({"asset_name": name, "lms_content_id": None,
                             "status": "failed" if name == failed_asset
                             and index == len(landed) else "skipped"})
    exc.data = {"exported_assets": statuses}
    if leftovers:
        exc.data["not_cleaned"] = [{"asset_name": failed_asset, "lms_content_id": leftover}
                                   for leftover in leftovers]
    if push.warnings:
        exc.data["warnings"] = push.warnings.messages()
    return exc
