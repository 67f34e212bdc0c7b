"""lms_standard: the normalised question set as JSON (docs/formats.md); a page's text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .content import load_content
from .model import Page, QuestionSet


def format_lms_standard(asset: Mapping[str, Any], *,
                        content: QuestionSet | Page | None = None) -> Any:
    """``content`` is the asset's, already parsed (a push parses each asset once)."""
    content = load_content(asset) if content is None else content
    if isinstance(content, Page):
        return content.body
    return content.to_dict()
