"""Quiz settings as the plugin's ``import_quiz`` takes them (the quiz's own fields), and what
Moodle makes of a question set that the teacher should know."""

from __future__ import annotations

from typing import Any

from ...formats import model
from ...formats.moodle_limits import category_name
from ...warnings import Warnings


def quiz_settings(question_set: model.QuestionSet) -> dict[str, Any]:
    """``timelimit`` (seconds), ``attempts`` (0 unlimited), ``shuffleanswers``, ``timeclose``
    (Unix time) and ``showcorrectanswers``; each one the asset leaves out is left out, and the
    quiz takes the site's default (mod/quiz/classes/quiz_settings.php)."""
    settings = question_set.settings
    chosen: dict[str, Any] = {}
    if settings.time_limit_minutes is not None:
        chosen["timelimit"] = settings.time_limit_minutes * 60
    if settings.allowed_attempts is not None:
        chosen["attempts"] = 0 if settings.allowed_attempts == model.UNLIMITED_ATTEMPTS \
            else settings.allowed_attempts
    if settings.shuffle_answers is not None:
        # Moodle shuffles within a question only where the question allows it too; the plugin
        # lets the multiple-choice questions it imports shuffle when this is true (the moodle
        # format keeps their authored order), and a matching question's answers are always
        # shuffled (question/type/match/question.php, start_attempt).
        chosen["shuffleanswers"] = settings.shuffle_answers
    if settings.due_at is not None:
        chosen["timeclose"] = int(settings.due_at.timestamp())
    if settings.show_correct_answers is not None:
        chosen["showcorrectanswers"] = settings.show_correct_answers
    return chosen


def bank_warnings(question_set: model.QuestionSet, asset_name: str, warnings: Warnings) -> None:
    """The question-bank category the moodle format names after the title, when it had to
    change it (formats/moodle_limits.py)."""
    _, note = category_name(question_set.title)
    if note:
        warnings.add(f"question bank category: {note}", asset=asset_name)
