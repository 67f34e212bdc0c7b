"""moodle_xml: one Moodle XML ``<quiz>`` file, a category per question set.

Each set is written by the ``moodle`` export format itself (formats/moodle.py), checks
included, so the package and a push in that format can never disagree.
"""

from __future__ import annotations

from ..formats import model
from ..formats.moodle import format_moodle
from ..formats.moodle_limits import category_name
from .base import PAGES_DROPPED, Built, CourseContent
from .warnings import PackageWarnings

_OPEN, _CLOSE = "<quiz>", "</quiz>"


def build_moodle_xml(course: CourseContent) -> Built:
    warnings = PackageWarnings()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', _OPEN, "\n"]
    for asset_name, content in course.assets:
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset_name)
            continue
        _, changed = category_name(content.title)
        if changed:  # the XML says so in a comment; the teacher downloading it should hear too
            warnings.add(f"Moodle category {changed}", asset_name)
        parts.append(_questions_of(asset_name, content))
    parts += [_CLOSE, "\n"]
    return Built("".join(parts).encode("utf-8"), warnings.messages())


def _questions_of(asset_name: str, question_set: model.QuestionSet) -> str:
    """The category and questions the ``moodle`` format writes for the set, without ``<quiz>``."""
    document = format_moodle({"asset_name": asset_name, "asset_type": "quiz",
                              "asset_content": question_set.to_dict()})
    start = document.index(_OPEN) + len(_OPEN)
    return document[start:document.rindex(_CLOSE)].strip("\n") + "\n"
