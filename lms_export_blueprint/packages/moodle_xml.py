"""moodle_xml: one Moodle XML ``<quiz>`` file, a category per question set.

Each set is written by the ``moodle`` export format's own writer (formats/moodle.py
``questions_xml``), checks included, so the package and a push in that format never disagree.
Images and files are embedded where they are linked (``<file encoding="base64">`` with
``@@PLUGINFILE@@`` links, which qformat_xml's ``import_text_with_files`` stores). Every warning
is also written in a comment atop the file.
"""

from __future__ import annotations

from ..formats import model
from ..formats.losses import note_losses, note_settings
from ..formats.moodle import category_path, plugin_file_link, questions_xml
from ..formats.moodle_limits import check_limits
from ..warnings import Warnings
from .base import PAGES_DROPPED, Built, CourseContent
from .warnings import listing

SETTINGS_TARGET = "Moodle XML (it holds questions, not the quiz)"


def build_moodle_xml(course: CourseContent) -> Built:
    warnings = Warnings()
    parts: list[str] = []
    for asset_name, content in course.assets:
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset=asset_name)
            continue
        check_limits(asset_name, content)
        note_losses(warnings, asset_name, content)
        note_settings(warnings, asset_name, content.settings, (), SETTINGS_TARGET)
        _, changed = category_path(content.title)
        if changed:  # the XML says so in a comment; the teacher downloading it should hear too
            warnings.add(f"Moodle category {changed}", asset=asset_name)
        # Each set its own carrier: Moodle keeps a file per field, so each field embeds its own.
        carrier = course.carrier(warnings)
        question_set = carrier.carry(content, plugin_file_link, asset=asset_name)
        assert isinstance(question_set, model.QuestionSet)
        parts.append(questions_xml(question_set, {f.name: f for f in carrier.files}))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if warnings:
        # "--" may not appear in an XML comment.
        head += f"<!-- Warnings:\n{listing(warnings.messages()).replace('--', '- -')}-->\n"
    document = head + "<quiz>\n" + "".join(parts) + "</quiz>\n"
    return Built(document.encode("utf-8"), warnings.messages())
