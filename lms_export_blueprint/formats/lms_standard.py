"""lms_standard: the normalised question set as JSON (contract section 5); a page's text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .content import load_content
from .model import Page


def format_lms_standard(asset: Mapping[str, Any]) -> Any:
    content = load_content(asset)
    if isinstance(content, Page):
        return content.body
    return content.to_dict()
