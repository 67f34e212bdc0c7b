"""imscc: an IMS Common Cartridge 1.1 zip, one module of the course's assets in their order."""

from __future__ import annotations

from ..formats import model
from .base import Built, CourseContent
from .cc_profile import STATEMENT, cc_question_set
from .files import slug, zip_bytes
from .manifest import ASSESSMENT, WEB_CONTENT, Resource, manifest_xml, package_identifier
from .markup import page_document
from .qti_items import assessment_xml
from .warnings import PackageWarnings

#: Moodle's CC import makes the quiz intro from the title (backup/cc/entity11.quiz.class.php,
#: ``[#mod_intro#]``); Canvas's QTI import reads a rubric only from D2L packages
#: (gems/plugins/qti_exporter/lib/qti/assessment_test_converter.rb).
INSTRUCTIONS_UNREAD = ("quiz instructions written in the assessment's <rubric>, where the CC QTI "
                       "profile puts them; Moodle's and Canvas's imports do not show it, so "
                       "check the quiz description after importing")


def build_imscc(course: CourseContent) -> Built:
    warnings = PackageWarnings()
    resources: list[Resource] = []
    members: list[tuple[str, str]] = []
    page_names: set[str] = set()
    for number, (asset_name, content) in enumerate(course.assets, start=1):
        ident = f"res_{number:04d}"
        if isinstance(content, model.Page):
            path = f"wiki_content/{slug(content.title, page_names)}.html"
            members.append((path, page_document(content)))
            resources.append(Resource(ident, WEB_CONTENT, (path,), href=path,
                                      title=content.title))
            continue
        if content.instructions:
            warnings.add(INSTRUCTIONS_UNREAD, asset_name)
        path = f"{ident}/assessment_qti.xml"
        members.append((path, assessment_xml(cc_question_set(content, asset_name, warnings),
                                             ident, cc=True)))
        resources.append(Resource(ident, ASSESSMENT, (path,), title=content.title))
    manifest = manifest_xml(package_identifier("cc", course), course.course_name, STATEMENT,
                            resources)
    return Built(zip_bytes([("imsmanifest.xml", manifest), *members]), warnings.messages())
