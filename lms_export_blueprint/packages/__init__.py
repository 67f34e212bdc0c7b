"""Course packages: the named assets as one file a teacher imports into an LMS by hand."""

from __future__ import annotations

from ..formats.moodle import SUPPORTED as MOODLE_TYPES
from .base import Built, CourseContent, PackageKind
from .canvas_qti import build_canvas_qti
from .export import PackageFile, build_package, export_package
from .gift import SUPPORTED as GIFT_TYPES
from .gift import build_gift
from .imscc import build_imscc
from .moodle_xml import build_moodle_xml
from .qti_items import SUPPORTED as QTI_TYPES
from .warnings import HEADER as WARNINGS_HEADER

#: Every package by its name in the request (docs/packages.md).
PACKAGES: dict[str, PackageKind] = {kind.name: kind for kind in (
    PackageKind("imscc", "imscc", "application/vnd.ims.imsccv1p1", build_imscc, QTI_TYPES,
                "IMS Common Cartridge 1.1"),
    PackageKind("qti", "zip", "application/zip", build_canvas_qti, QTI_TYPES,
                "QTI 1.2 zip for Canvas"),
    PackageKind("moodle_xml", "xml", "application/xml; charset=utf-8", build_moodle_xml,
                MOODLE_TYPES, "Moodle XML"),
    # .txt: Moodle's GIFT import takes text/plain files (question/format/gift/format.php).
    PackageKind("gift", "txt", "text/plain; charset=utf-8", build_gift, GIFT_TYPES,
                "Moodle GIFT text"),
)}


def register_package(kind: PackageKind) -> PackageKind:
    """Offer ``kind`` as ``{"package": kind.name}`` (and to ``flask lms package``)."""
    if not kind.name or not isinstance(kind.name, str):
        raise ValueError("A package name must be a non-empty string")
    PACKAGES[kind.name] = kind
    return kind


__all__ = ["PACKAGES", "WARNINGS_HEADER", "Built", "CourseContent", "PackageFile",
           "PackageKind", "build_package", "export_package", "register_package"]
