"""Export formats: the registry, the built-in formats and ``format_asset_for_lms``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .lms_standard import format_lms_standard
from .registry import FormatRegistry, Formatter, envelope

#: Formats every ``LMSExport`` starts with; ``register_format`` adds to it for all of them.
default_registry = FormatRegistry({"lms_standard": format_lms_standard})


def format_asset_for_lms(asset: Mapping[str, Any], export_format: str) -> dict[str, Any]:
    """Format one asset (contract section 5) into the envelope of contract section 6."""
    return default_registry.format(asset, export_format)


def register_format(name: str, formatter: Formatter) -> Formatter:
    """Add a format for every ``LMSExport``; ``LMSExport.register_format`` adds it for one."""
    return default_registry.register(name, formatter)


__all__ = [
    "FormatRegistry",
    "Formatter",
    "default_registry",
    "envelope",
    "format_asset_for_lms",
    "register_format",
]
