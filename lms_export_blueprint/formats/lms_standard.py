"""lms_standard: the normalised question set as JSON (docs/formats.md); a page's text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..bodies import json_bytes
from .content import load_content
from .model import Page, QuestionSet
from .registry import writes_json


def lms_standard_json(asset: Mapping[str, Any], *,
                      content: QuestionSet | Page | None = None) -> bytes:
    """``format_lms_standard``'s content as JSON, written without its dicts (a push's)."""
    content = load_content(asset) if content is None else content
    return json_bytes(content.body) if isinstance(content, Page) else content.to_json()


@writes_json(lms_standard_json)
def format_lms_standard(asset: Mapping[str, Any], *,
                        content: QuestionSet | Page | None = None) -> Any:
    """``content`` is the asset's, already parsed (a push parses each asset once)."""
    content = load_content(asset) if content is None else content
    if isinstance(content, Page):
        return content.body
    return content.to_dict()
