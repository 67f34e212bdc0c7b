"""A question set's quiz settings: loaded, checked and written back as given."""

from datetime import datetime, timedelta, timezone

import pytest
from marshmallow import ValidationError

from lms_export_blueprint.formats.model import QuizSettings
from lms_export_blueprint.formats.schemas import QUESTION_SET_SCHEMA

ESSAY = {"type": "essay", "text": "Explain."}


def load(settings):
    return QUESTION_SET_SCHEMA.load_set({"questions": [ESSAY], "settings": settings}, "Quiz")


def test_every_setting_is_loaded():
    question_set = load({"time_limit_minutes": 30, "allowed_attempts": -1,
                         "shuffle_answers": True, "due_at": "2026-12-24T17:00:00+01:00",
                         "show_correct_answers": False})

    assert question_set.settings == QuizSettings(
        time_limit_minutes=30, allowed_attempts=-1, shuffle_answers=True,
        due_at=datetime(2026, 12, 24, 17, tzinfo=timezone(timedelta(hours=1))),
        show_correct_answers=False)


def test_no_settings_is_an_empty_settings_object():
    question_set = QUESTION_SET_SCHEMA.load_set({"questions": [ESSAY]}, "Quiz")

    assert question_set.settings == QuizSettings()
    assert not question_set.settings
    assert "settings" not in question_set.to_dict()


def test_settings_survive_the_canonical_shape():
    question_set = load({"allowed_attempts": 2, "due_at": "2026-12-24T17:00:00Z"})

    assert question_set.to_dict()["settings"] == {"allowed_attempts": 2,
                                                  "due_at": "2026-12-24T17:00:00+00:00"}
    assert load(question_set.to_dict()["settings"]).settings == question_set.settings


@pytest.mark.parametrize(("settings", "field", "reason"), [
    ({"due_at": "2026-12-24T17:00:00"}, "due_at", "with a timezone"),
    ({"due_at": "next friday"}, "due_at", "ISO 8601"),
    ({"allowed_attempts": 0}, "allowed_attempts", "-1 for unlimited"),
    ({"time_limit_minutes": 0}, "time_limit_minutes", "1 or more"),
    ({"time_limit_minutes": True}, "time_limit_minutes", "whole number"),
    ({"time_limit_minutes": 1.5}, "time_limit_minutes", "whole number"),
    ({"shuffle_answers": "sometimes"}, "shuffle_answers", "true or false"),
])
def test_a_bad_setting_names_the_field_and_the_reason(settings, field, reason):
    with pytest.raises(ValidationError) as raised:
        load(settings)

    (message,) = raised.value.messages["settings"][field]
    assert reason in message
