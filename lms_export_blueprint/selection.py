"""Which assets a push, a package or a job takes: loaded, type-checked and parsed once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import AssetsNotFound, InvalidAssetData
from .formats.content import load_content
from .loaders import Loaders
from .providers.base import PushItem


def load_assets(loaders: Loaders, course_id: str,
                asset_names: Iterable[str]) -> list[Mapping[str, Any]]:
    """Every named asset, or AssetsNotFound naming all that are missing."""
    found: list[Mapping[str, Any]] = []
    missing: list[str] = []
    for name in asset_names:
        asset = loaders.load_asset(course_id, name)
        if asset is None:
            missing.append(name)
        else:
            found.append(asset if asset.get("asset_name") else {**asset, "asset_name": name})
    if missing:
        raise AssetsNotFound(missing)
    return found


def check_asset_types(assets: Iterable[Mapping[str, Any]],
                      expected_types: Iterable[str] | None) -> None:
    """An asset whose type the request did not allow is a 422 naming it."""
    if not expected_types:
        return
    allowed = set(expected_types)
    for asset in assets:
        if asset.get("asset_type") not in allowed:
            raise InvalidAssetData(
                asset["asset_name"], "asset_type",
                f"type '{asset.get('asset_type')}' is not one of the requested asset_type: "
                f"{', '.join(sorted(allowed))}",
            )


def parse_items(assets: Iterable[Mapping[str, Any]]) -> list[PushItem]:
    """Each asset's content as the model, parsed and validated once (InvalidAssetData: 422)."""
    return [PushItem(asset_name=str(asset.get("asset_name")),
                     asset_type=str(asset.get("asset_type")),
                     content=load_content(asset), asset=asset)
            for asset in assets]
