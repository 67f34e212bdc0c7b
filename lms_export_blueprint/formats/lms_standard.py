"""lms_standard: the asset's content as the host gave it (JSON string content is decoded)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidAssetData


def format_lms_standard(asset: Mapping[str, Any]) -> Any:
    content = asset.get("asset_content")
    if isinstance(content, str) and content.lstrip().startswith("{"):
        try:
            return json.loads(content)
        except ValueError as exc:
            raise InvalidAssetData(str(asset.get("asset_name")), "asset_content",
                                   f"not valid JSON: {exc}") from None
    return content
