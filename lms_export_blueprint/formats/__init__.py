"""Export formats: the registry, the built-in formats and ``format_asset_for_lms``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import canvas, moodle
from .aliases import QUESTION_TYPES
from .canvas import format_canvas
from .content import QUESTION_SET_TYPES, load_content
from .lms_standard import format_lms_standard
from .model import Page, QuestionSet
from .moodle import format_moodle
from .registry import FormatRegistry, Formatter, envelope, supports, writes_json
from .schemas import PAGE_SCHEMA, QUESTION_SET_SCHEMA

#: Formats every ``LMSExport`` starts with; ``register_format`` adds to it for all of them.
default_registry = FormatRegistry({
    "lms_standard": format_lms_standard,  # every type: the model's own JSON
    "moodle": supports(moodle.SUPPORTED)(format_moodle),
    "canvas": supports(canvas.QUESTION_TYPES)(format_canvas),
})


def format_asset_for_lms(asset: Mapping[str, Any], export_format: str, *,
                         publish: bool = True) -> dict[str, Any]:
    """Format one asset (docs/formats.md, "Assets") into the envelope every format shares.

    ``publish`` is the push's choice; the ``canvas`` format carries it (quiz and page state).
    """
    return default_registry.format(asset, export_format, publish=publish)


def register_format(name: str, formatter: Formatter) -> Formatter:
    """Add a format for every ``LMSExport``; ``LMSExport.register_format`` adds it for one."""
    return default_registry.register(name, formatter)


__all__ = [
    "PAGE_SCHEMA",
    "QUESTION_SET_SCHEMA",
    "QUESTION_SET_TYPES",
    "QUESTION_TYPES",
    "FormatRegistry",
    "Formatter",
    "Page",
    "QuestionSet",
    "default_registry",
    "envelope",
    "format_asset_for_lms",
    "format_canvas",
    "format_lms_standard",
    "format_moodle",
    "load_content",
    "register_format",
    "supports",
    "writes_json",
]
