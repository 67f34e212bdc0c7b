"""qti: a QTI 1.2 zip as Canvas's "QTI .zip file" import takes it, every question type kept.

The layout of Canvas's own QTI-only export (lib/cc/qti/qti_generator.rb ``generate_qti_only``,
lib/cc/qti/qti_manifest.rb): per quiz an ``imsqti_xmlv1p2`` resource with ``<id>/<id>.xml``,
depending on a resource holding ``<id>/assessment_meta.xml`` (title, description, points).
"""

from __future__ import annotations

from ..formats import model
from ..formats.html import text_html
from . import xml
from .base import PAGES_DROPPED, Built, CourseContent
from .files import zip_bytes
from .manifest import (
    ASSOCIATED_CONTENT,
    CANVAS_QTI_ASSESSMENT,
    Resource,
    manifest_xml,
    package_identifier,
)
from .qti_items import assessment_xml
from .warnings import PackageWarnings

CANVAS_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"


def build_canvas_qti(course: CourseContent) -> Built:
    warnings = PackageWarnings()
    resources: list[Resource] = []
    members: list[tuple[str, str]] = []
    for number, (asset_name, content) in enumerate(course.assets, start=1):
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset_name)
            continue
        ident, meta_ident = f"quiz_{number:04d}", f"quiz_{number:04d}_meta"
        quiz_path, meta_path = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        members.append((quiz_path, assessment_xml(content, ident, cc=False)))
        members.append((meta_path, _assessment_meta_xml(content, ident)))
        resources.append(Resource(ident, CANVAS_QTI_ASSESSMENT, (quiz_path,),
                                  dependencies=(meta_ident,)))
        resources.append(Resource(meta_ident, ASSOCIATED_CONTENT, (meta_path,), href=meta_path))
    manifest = manifest_xml(package_identifier("qti", course), course.course_name,
                            f"QTI quiz export of {course.course_name}", resources,
                            organized=False, schema=("IMS Content", "1.1.3"))
    return Built(zip_bytes([("imsmanifest.xml", manifest), *members]), warnings.messages())


def _assessment_meta_xml(question_set: model.QuestionSet, ident: str) -> str:
    """Canvas's quiz settings file: what the QTI cannot say (description, points, type)."""
    description = text_html(question_set.instructions or "")
    return "".join((
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<quiz identifier="{ident}" xmlns="{CANVAS_NAMESPACE}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{CANVAS_NAMESPACE} '
        'https://canvas.instructure.com/xsd/cccv1p0.xsd">\n',
        f"<title>{xml.text(question_set.title)}</title>\n",
        f"<description>{xml.text(description)}</description>\n",
        "<shuffle_answers>false</shuffle_answers>\n",
        "<scoring_policy>keep_highest</scoring_policy>\n",
        "<quiz_type>assignment</quiz_type>\n",
        f"<points_possible>{model.number(question_set.points)}</points_possible>\n",
        "<show_correct_answers>true</show_correct_answers>\n",
        "<allowed_attempts>1</allowed_attempts>\n",
        "<one_question_at_a_time>false</one_question_at_a_time>\n",
        "<cant_go_back>false</cant_go_back>\n",
        "<available>false</available>\n",
        "</quiz>\n",
    ))
