"""A question set as a quiz, a page as a page, through the ``local_lmsexport`` plugin.

``local_lmsexport_import_quiz`` imports the ``moodle`` format's XML with Moodle's own
importer and builds the quiz; ``local_lmsexport_save_page`` makes or replaces a page. Both
answer the module that already holds the ``idnumber`` they are given (docs/moodle.md), so
both are safe to send again after a lost answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import LMSBadResponse
from ...formats.files import FileCarrier, note_files
from ...formats.html import text_html
from ...formats.model import Page, QuestionSet
from ...formats.moodle import plugin_file_link, questions_xml
from ...formats.moodle_limits import moodle_name
from ...warnings import Warnings
from .api import MoodleAPI

IMPORT_QUIZ = "local_lmsexport_import_quiz"
SAVE_PAGE = "local_lmsexport_save_page"


def put_quiz(api: MoodleAPI, token: str, course_id: str, asset: Mapping[str, Any],
             question_set: QuestionSet, *, visible: bool, idnumber: str, section: str,
             settings: Mapping[str, Any], written: str, files: FileCarrier) -> str:
    """The quiz's course-module id. ``written``: the ``moodle`` format's XML of the set;
    ``files``: a carrier for this set's images and files; ``section``: the course section's
    name ('' the first)."""
    answer = api.function(IMPORT_QUIZ, token, {
        # Names are PARAM_TEXT (strip_tags): a "<" that starts a tag is written as one that
        # does not, as the moodle format writes question names.
        "courseid": course_id, "name": moodle_name(question_set.title),
        "intro": text_html(question_set.instructions or ""),
        "questionsxml": quiz_document(asset, question_set, files, written),
        "visible": visible, "idnumber": idnumber,
        "section": section, "settings": dict(settings) or None,
    }, repeat_safe=True, about_course=True)
    return _cmid(answer, "quiz")


def put_page(api: MoodleAPI, token: str, course_id: str, asset: Mapping[str, Any],
             page: Page, *, visible: bool, idnumber: str, section: str,
             warnings: Warnings, written: str) -> str:
    """The page's course-module id; a page with this idnumber gets the new content and stays
    in its section (``section`` places a new page)."""
    # save_page takes HTML only, and Moodle shows no data: URI (lib/weblib.php, purify_html's
    # URI.AllowedSchemes): a page's own images and files cannot come along.
    note_files(warnings, str(asset.get("asset_name")), page, "a Moodle page")
    answer = api.function(SAVE_PAGE, token, {
        "courseid": course_id, "name": moodle_name(page.title), "content": written,
        "visible": visible, "idnumber": idnumber, "section": section,
    }, repeat_safe=True, about_course=True)
    return _cmid(answer, "page")


def quiz_document(asset: Mapping[str, Any], question_set: QuestionSet, carrier: FileCarrier,
                  written: str) -> str:
    """The ``moodle`` format's very bytes (``written``); a set whose HTML holds ``data:``
    images or relative paths the host's file loader resolves gets those files embedded
    (``<file encoding="base64">`` linked as ``@@PLUGINFILE@@``, as the moodle_xml package
    writes them), which qformat_xml files with each question. What cannot be carried is the
    carrier's warning."""
    carried = carrier.carry(question_set, plugin_file_link, asset=str(asset.get("asset_name")))
    if not carrier.files or not isinstance(carried, QuestionSet):
        return written
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
            f"{questions_xml(carried, {item.name: item for item in carrier.files})}</quiz>\n")


def _cmid(answer: Any, what: str) -> str:
    value = answer.get("cmid") if isinstance(answer, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or str(value) == "":
        raise LMSBadResponse(f"the Moodle {what} answer had no cmid")
    return str(value)
