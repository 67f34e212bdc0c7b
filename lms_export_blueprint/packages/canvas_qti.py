"""qti: a QTI 1.2 zip as Canvas's "QTI .zip file" import takes it, every question type kept.

The layout of Canvas's own QTI-only export (lib/cc/qti/qti_generator.rb ``generate_qti_only``,
lib/cc/qti/qti_manifest.rb): per quiz an ``imsqti_xmlv1p2`` resource with ``<id>/<id>.xml``,
depending on a resource holding ``<id>/assessment_meta.xml`` (title, description, points and
the quiz settings Canvas's importer reads: lib/cc/importer/canvas/quiz_metadata_converter.rb).
Images and files go in ``web_resources/`` as in the cartridge (packages/imscc.py).
"""

from __future__ import annotations

from ..formats import model
from ..formats.html import text_html
from ..formats.losses import note_losses
from ..warnings import Warnings
from . import xml
from .base import PAGES_DROPPED, Built, CourseContent
from .files import zip_bytes
from .imscc import WEB_RESOURCES
from .manifest import (
    ASSOCIATED_CONTENT,
    CANVAS_QTI_ASSESSMENT,
    FILEBASE,
    Resource,
    file_linker,
    file_resources,
    manifest_xml,
    package_identifier,
    with_files,
)
from .qti_items import assessment_xml
from .warnings import FILE_NAME, listing

CANVAS_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"


def build_canvas_qti(course: CourseContent) -> Built:
    warnings = Warnings()
    carrier = course.carrier(warnings)
    resources: list[Resource] = []
    members: list[tuple[str, str | bytes]] = []
    uses: dict[str, list[str]] = {}
    for number, (asset_name, content) in enumerate(course.assets, start=1):
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset=asset_name)
            continue
        ident, meta_ident = f"quiz_{number:04d}", f"quiz_{number:04d}_meta"
        note_losses(warnings, asset_name, content)
        link = file_linker(uses.setdefault(ident, []), FILEBASE, WEB_RESOURCES)
        question_set = carrier.carry(content, link, asset=asset_name)
        assert isinstance(question_set, model.QuestionSet)
        quiz_path, meta_path = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        members.append((quiz_path, assessment_xml(question_set, ident, cc=False)))
        members.append((meta_path, _assessment_meta_xml(question_set, ident)))
        resources.append(Resource(ident, CANVAS_QTI_ASSESSMENT, (quiz_path,),
                                  dependencies=(meta_ident,)))
        resources.append(Resource(meta_ident, ASSOCIATED_CONTENT, (meta_path,), href=meta_path))
    files, file_members = file_resources(carrier.files, WEB_RESOURCES)
    resources = [with_files(resource, uses, files) for resource in resources]
    manifest = manifest_xml(package_identifier("qti", course), course.course_name,
                            f"QTI quiz export of {course.course_name}",
                            [*resources, *files.values()], organized=False,
                            schema=("IMS Content", "1.1.3"))
    if warnings:
        members.append((FILE_NAME, listing(warnings.messages())))
    return Built(zip_bytes([("imsmanifest.xml", manifest), *members, *file_members]),
                 warnings.messages())


def _assessment_meta_xml(question_set: model.QuestionSet, ident: str) -> str:
    """Canvas's quiz settings file: what the QTI cannot say (description, points, type) and
    the quiz settings, each where Canvas's importer reads it; unset ones keep Canvas's quiz
    defaults (answers in order, correct answers shown, one attempt)."""
    description = text_html(question_set.instructions or "")
    settings = question_set.settings
    optional = []
    if settings.due_at is not None:
        optional.append(f"<due_at>{settings.due_at.isoformat()}</due_at>\n")
    if settings.time_limit_minutes is not None:
        optional.append(f"<time_limit>{settings.time_limit_minutes}</time_limit>\n")
    return "".join((
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<quiz identifier="{ident}" xmlns="{CANVAS_NAMESPACE}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{CANVAS_NAMESPACE} '
        'https://canvas.instructure.com/xsd/cccv1p0.xsd">\n',
        f"<title>{xml.text(question_set.title)}</title>\n",
        f"<description>{xml.text(description)}</description>\n",
        *optional,
        f"<shuffle_answers>{_flag(settings.shuffle_answers, False)}</shuffle_answers>\n",
        "<scoring_policy>keep_highest</scoring_policy>\n",
        "<quiz_type>assignment</quiz_type>\n",
        f"<points_possible>{model.number(question_set.points)}</points_possible>\n",
        f"<show_correct_answers>{_flag(settings.show_correct_answers, True)}"
        "</show_correct_answers>\n",
        f"<allowed_attempts>{_attempts(settings.allowed_attempts)}</allowed_attempts>\n",
        "<one_question_at_a_time>false</one_question_at_a_time>\n",
        "<cant_go_back>false</cant_go_back>\n",
        "<available>false</available>\n",
        "</quiz>\n",
    ))


def _flag(value: bool | None, default: bool) -> str:
    return "true" if (default if value is None else value) else "false"


def _attempts(allowed: int | None) -> int:
    """Canvas's ``allowed_attempts``: -1 is unlimited, as in the quiz settings."""
    return 1 if allowed is None else allowed
