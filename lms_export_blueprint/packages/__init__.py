"""Course packages: the named assets as one file a teacher imports into an LMS by hand."""

from __future__ import annotations

from .base import Built, CourseContent, PackageKind
from .canvas_qti import build_canvas_qti
from .export import PackageFile, export_package
from .gift import build_gift
from .imscc import build_imscc
from .moodle_xml import build_moodle_xml
from .warnings import HEADER as WARNINGS_HEADER

#: Every package by its name in the request (contract section 10).
PACKAGES: dict[str, PackageKind] = {kind.name: kind for kind in (
    PackageKind("imscc", "imscc", "application/vnd.ims.imsccv1p1", build_imscc),
    PackageKind("qti", "zip", "application/zip", build_canvas_qti),
    PackageKind("moodle_xml", "xml", "application/xml; charset=utf-8", build_moodle_xml),
    # .txt: Moodle's GIFT import takes text/plain files (question/format/gift/format.php).
    PackageKind("gift", "txt", "text/plain; charset=utf-8", build_gift),
)}

__all__ = ["PACKAGES", "WARNINGS_HEADER", "Built", "CourseContent", "PackageFile",
           "PackageKind", "export_package"]
