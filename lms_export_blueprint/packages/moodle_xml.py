"""moodle_xml: one Moodle XML ``<quiz>`` file, a category per question set.

Each set is written by the ``moodle`` export format's own writer (formats/moodle.py
``questions_xml``), checks included, so the package and a push in that format never disagree.
"""

from __future__ import annotations

from ..formats import model
from ..formats.moodle import category_path, questions_xml
from ..formats.moodle_limits import check_limits
from .base import PAGES_DROPPED, Built, CourseContent
from .warnings import PackageWarnings


def build_moodle_xml(course: CourseContent) -> Built:
    warnings = PackageWarnings()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for asset_name, content in course.assets:
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset_name)
            continue
        check_limits(asset_name, content)
        _, changed = category_path(content.title)
        if changed:  # the XML says so in a comment; the teacher downloading it should hear too
            warnings.add(f"Moodle category {changed}", asset_name)
        parts.append(questions_xml(content))
    parts.append("</quiz>\n")
    return Built("".join(parts).encode("utf-8"), warnings.messages())
