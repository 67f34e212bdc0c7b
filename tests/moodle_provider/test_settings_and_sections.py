"""A push's ``module`` is a course section; a question set's settings are the quiz's."""

from __future__ import annotations

from host_app import COURSES

from .conftest import QUIZ, push

ASSETS = COURSES["bio-101"]["assets"]


def _with_settings(monkeypatch, **settings):
    monkeypatch.setitem(ASSETS[QUIZ], "asset_content",
                        {**ASSETS[QUIZ]["asset_content"], "settings": settings})


def test_module_names_a_section_made_once_and_found_after(client, moodle, manager, lms_token):
    first = push(client, lms_token, module="Week 1").json["data"]
    course = moodle.courses[int(first["lms_course_id"])]
    assert course["sections"][-1] == "Week 1"
    assert {moodle.modules[int(cmid)]["section"] for cmid in first["lms_content_ids"]} == {
        len(course["sections"]) - 1}
    again = push(client, lms_token, asset_names=[QUIZ], module="Week 1",
                 lms_course_id=first["lms_course_id"]).json["data"]
    assert course["sections"].count("Week 1") == 1
    assert moodle.modules[int(again["lms_content_ids"][0])]["section"] == len(
        course["sections"]) - 1


def test_without_module_activities_go_to_the_first_section(client, moodle, manager, lms_token):
    data = push(client, lms_token).json["data"]
    assert {moodle.modules[int(cmid)]["section"] for cmid in data["lms_content_ids"]} == {0}
    sent = next(call for call in moodle.calls if call.function == "local_lmsexport_save_page")
    assert sent.params["section"] == ""


def test_every_quiz_setting_reaches_the_quiz(client, moodle, manager, lms_token, monkeypatch):
    _with_settings(monkeypatch, time_limit_minutes=20, allowed_attempts=-1,
                   due_at="2026-12-24T18:00:00+01:00", show_correct_answers=False)
    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    quiz = moodle.modules[int(data["lms_content_ids"][0])]
    # 2026-12-24 17:00 UTC as Unix time.
    assert quiz["settings"] == {"timelimit": "1200", "attempts": "0",
                                "timeclose": "1798131600", "showcorrectanswers": "0"}
    assert data["warnings"] == []


def test_no_settings_sends_none_and_the_site_defaults_hold(client, moodle, manager, lms_token):
    push(client, lms_token, asset_names=[QUIZ])
    sent = next(call for call in moodle.calls if call.function == "local_lmsexport_import_quiz")
    assert "settings" not in sent.params


def test_shuffle_answers_true_reaches_the_quiz_without_a_warning(client, moodle, manager,
                                                                lms_token, monkeypatch):
    # The plugin lets the multiple-choice questions it imports shuffle when the quiz does.
    _with_settings(monkeypatch, shuffle_answers=True, allowed_attempts=2)
    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    quiz = moodle.modules[int(data["lms_content_ids"][0])]
    assert quiz["settings"] == {"shuffleanswers": "1", "attempts": "2"}
    assert data["warnings"] == []


def test_names_keep_a_tag_like_start_and_a_long_title_is_a_warning(client, moodle, manager,
                                                                   lms_token, monkeypatch):
    title = "Is a <b> tag " + "x" * 300
    monkeypatch.setitem(ASSETS[QUIZ], "asset_content",
                        {**ASSETS[QUIZ]["asset_content"], "title": title})
    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    quiz = moodle.modules[int(data["lms_content_ids"][0])]
    # PARAM_TEXT would strip "<b>": its "<" is written as U+2039, as in question names.
    assert quiz["name"] == title.replace("<b>", "\u2039b>")
    assert data["warnings"] == [
        "photosynthesis-quiz: question bank category: title shortened to 255 characters, the "
        "most question_categories.name holds"]


def test_an_assignment_group_is_a_warning(client, moodle, manager, lms_token):
    data = push(client, lms_token, asset_names=[QUIZ], assignment_group="Quizzes").json["data"]
    assert data["warnings"] == [
        "assignment_group 'Quizzes' is not used: Moodle's web services cannot place a quiz in "
        "a gradebook category"]
