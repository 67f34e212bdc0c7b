"""imscc: an IMS Common Cartridge 1.1 zip, one module of the course's assets in their order.

Images and files the content references go in ``web_resources/``, one ``webcontent`` resource
each, a dependency of every resource that links them; links are written as Moodle's own CC
export writes them (backup/cc/cc_lib/cc_utils.php ``process_linked_files``): relative to the
linking file, behind ``$IMS-CC-FILEBASE$`` in QTI and plain in web content. Moodle's import
strips the token and resolves the path from the resource's folder (backup/cc/entities.class.php);
Canvas's strips it and a leading ``../`` and finds the file by its path under ``web_resources/``
(canvas-lms lib/cc/importer/standard/converter.rb ``replace_urls``).
"""

from __future__ import annotations

from ..formats import model
from ..formats.losses import note_losses, note_settings
from ..warnings import Warnings
from .base import Built, CourseContent
from .cc_profile import STATEMENT, cc_question_set
from .files import slug, zip_bytes
from .manifest import (
    ASSESSMENT,
    FILEBASE,
    WEB_CONTENT,
    Resource,
    file_linker,
    file_resources,
    manifest_xml,
    package_identifier,
    with_files,
)
from .markup import page_document
from .qti_items import CC_MAX_ATTEMPTS, assessment_xml
from .warnings import FILE_NAME, listing

#: Moodle's CC import makes the quiz intro from the title (backup/cc/entity11.quiz.class.php,
#: ``[#mod_intro#]``); Canvas's QTI import reads a rubric only from D2L packages
#: (gems/plugins/qti_exporter/lib/qti/assessment_test_converter.rb).
INSTRUCTIONS_UNREAD = ("quiz instructions written in the assessment's <rubric>, where the CC QTI "
                       "profile puts them; Moodle's and Canvas's imports do not show it, so "
                       "check the quiz description after importing")
ATTEMPTS_UNLIMITED = (f"allowed attempts over {CC_MAX_ATTEMPTS} written as unlimited "
                      f"(cc_maxattempts holds 1 to {CC_MAX_ATTEMPTS} or unlimited)")
#: What a cartridge's quiz metadata holds (cc_maxattempts, qmd_timelimit).
KEPT_SETTINGS = ("allowed_attempts", "time_limit_minutes")
WEB_RESOURCES = "web_resources"


def build_imscc(course: CourseContent) -> Built:
    warnings = Warnings()
    carrier = course.carrier(warnings)
    resources: list[Resource] = []
    members: list[tuple[str, str | bytes]] = []
    page_names: set[str] = set()
    uses: dict[str, list[str]] = {}
    for number, (asset_name, content) in enumerate(course.assets, start=1):
        ident = f"res_{number:04d}"
        note_losses(warnings, asset_name, content)
        used = uses.setdefault(ident, [])
        if isinstance(content, model.Page):
            page = carrier.carry(content, file_linker(used, "", WEB_RESOURCES),
                                 asset=asset_name)
            assert isinstance(page, model.Page)
            path = f"wiki_content/{slug(page.title, page_names)}.html"
            members.append((path, page_document(page)))
            resources.append(Resource(ident, WEB_CONTENT, (path,), href=path, title=page.title))
            continue
        question_set = carrier.carry(content, file_linker(used, FILEBASE, WEB_RESOURCES),
                                     asset=asset_name)
        assert isinstance(question_set, model.QuestionSet)
        _note_quiz(warnings, asset_name, question_set)
        path = f"{ident}/assessment_qti.xml"
        members.append((path, assessment_xml(cc_question_set(question_set, asset_name, warnings),
                                             ident, cc=True)))
        resources.append(Resource(ident, ASSESSMENT, (path,), title=content.title))
    files, file_members = file_resources(carrier.files, WEB_RESOURCES)
    resources = [with_files(resource, uses, files) for resource in resources] + list(
        files.values())
    manifest = manifest_xml(package_identifier("cc", course), course.course_name, STATEMENT,
                            resources)
    if warnings:
        members.append((FILE_NAME, listing(warnings.messages())))
    return Built(zip_bytes([("imsmanifest.xml", manifest), *members, *file_members]),
                 warnings.messages())


def _note_quiz(warnings: Warnings, asset_name: str, question_set: model.QuestionSet) -> None:
    if question_set.instructions:
        warnings.add(INSTRUCTIONS_UNREAD, asset=asset_name)
    note_settings(warnings, asset_name, question_set.settings, KEPT_SETTINGS, "IMS CC")
    if (question_set.settings.allowed_attempts or 0) > CC_MAX_ATTEMPTS:
        warnings.add(ATTEMPTS_UNLIMITED, asset=asset_name)
