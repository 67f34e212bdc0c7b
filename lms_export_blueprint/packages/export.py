"""POST export-package: check, load and build; the order a push checks in, minus the LMS."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import CourseNotFound
from ..formats.content import load_content
from ..formats.model import QuestionSet
from ..loaders import Loaders
from ..question_types import require_supported
from ..selection import check_asset_types, load_assets
from .base import Built, CourseContent, PackageKind
from .files import content_disposition, display_name

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PackageFile:
    """A built package, ready to answer with or write to disk."""

    data: bytes
    content_type: str
    content_disposition: str
    file_name: str
    warnings: list[str]


def build_package(kind: PackageKind, content: CourseContent) -> Built:
    """``kind``'s file of ``content``; a question type it cannot hold is a 422 first."""
    for asset_name, asset_content in content.assets:
        if isinstance(asset_content, QuestionSet):
            require_supported(asset_content, kind.question_types, asset_name=asset_name,
                              target=f"the '{kind.name}' package")
    return kind.build(content)


def export_package(loaders: Loaders, kind: PackageKind, *, course_id: str,
                   request: Mapping[str, Any]) -> PackageFile:
    """Course, assets, their types and content are checked before anything is built.

    Raises CourseNotFound (404), AssetsNotFound (404) or InvalidAssetData (422).
    """
    course = loaders.load_course(course_id)
    if course is None:
        raise CourseNotFound()
    assets = load_assets(loaders, course_id, request["asset_names"])
    check_asset_types(assets, request.get("asset_type"))
    course_name = str(course.get("name") or course_id)
    content = CourseContent(course_name, tuple(
        (asset["asset_name"], load_content(asset)) for asset in assets),
        course_id=course_id, file_loader=loaders.file)
    built = build_package(kind, content)
    logger.info("Built a %s package of %d assets (%d bytes) for course %s", kind.name,
                len(assets), len(built.data), course_id)
    disposition = content_disposition(course_name, kind.extension)
    return PackageFile(built.data, kind.content_type, disposition,
                       f"{display_name(course_name)}.{kind.extension}", built.warnings)
