"""A New Quiz's settings (how the quiz is taken) in the quiz's own create: no extra request.

Classic quizzes carry theirs in the ``canvas`` format's quiz (formats/canvas.py ``quiz()``,
the Quizzes API's names). New Quizzes: "Create a new quiz" takes ``due_at`` and
``quiz_settings`` (the public New Quizzes API docs: ``shuffle_answers``, ``has_time_limit``
with ``session_time_limit_in_seconds``, ``multiple_attempts``, ``result_view_settings``).
"""

from __future__ import annotations

from typing import Any

from ...formats.model import UNLIMITED_ATTEMPTS, QuizSettings


def new_quiz_fields(settings: QuizSettings) -> dict[str, Any]:
    """``due_at`` and ``quiz_settings`` of a New Quiz's create."""
    fields: dict[str, Any] = {}
    quiz_settings: dict[str, Any] = {}
    if settings.due_at is not None:
        fields["due_at"] = settings.due_at.isoformat()
    if settings.shuffle_answers is not None:
        quiz_settings["shuffle_answers"] = settings.shuffle_answers
    if settings.time_limit_minutes is not None:
        quiz_settings["has_time_limit"] = True
        quiz_settings["session_time_limit_in_seconds"] = settings.time_limit_minutes * 60
    if settings.allowed_attempts is not None:
        unlimited = settings.allowed_attempts == UNLIMITED_ATTEMPTS
        attempts: dict[str, Any] = {
            "multiple_attempts_enabled": unlimited or settings.allowed_attempts > 1,
            "attempt_limit": not unlimited}
        if not unlimited:
            attempts["max_attempts"] = settings.allowed_attempts
        quiz_settings["multiple_attempts"] = attempts
    if settings.show_correct_answers is not None:
        quiz_settings["result_view_settings"] = {
            "display_item_correct_answer": settings.show_correct_answers}
    if quiz_settings:
        fields["quiz_settings"] = quiz_settings
    return fields
