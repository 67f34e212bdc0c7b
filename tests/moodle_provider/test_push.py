"""A push to Moodle: the course named or made, a quiz per question set, a page per page."""

from __future__ import annotations

import json

from host_app import COURSES

from lms_export_blueprint.export import prepare_push, send_push
from lms_export_blueprint.formats.moodle import format_moodle
from lms_export_blueprint.testing.reference_lms import Fault

from .conftest import ALL_ASSETS, BEARER, NOTES, PAPER, PASSWORD, QUIZ, push, state_of

ASSETS = COURSES["bio-101"]["assets"]


def test_a_push_without_a_course_makes_one_and_enrols_the_teacher(client, moodle, manager,
                                                                   lms_token):
    answer = push(client, lms_token)
    assert answer.status_code == 200, answer.json
    data = answer.json["data"]
    course = moodle.courses[int(data["lms_course_id"])]
    assert course["fullname"] == "Biology 101"
    assert course["categoryid"] == 1
    assert course["idnumber"].startswith("lmsexport-course-")
    assert course["enrolments"] == {manager: 3}  # editingteacher
    assert [moodle.modules[int(cmid)]["modname"] for cmid in data["lms_content_ids"]] == [
        "quiz", "quiz", "page"]
    assert moodle.functions_called() == [
        "token.php", "core_webservice_get_site_info",
        "core_course_get_courses_by_field", "local_lmsexport_create_course",
        "local_lmsexport_import_quiz", "local_lmsexport_import_quiz",
        "local_lmsexport_save_page"]


def test_a_course_creator_gets_the_new_course_in_the_sites_creators_role(client, moodle):
    # course/edit.php enrols a course's creator with $CFG->creatornewroleid, and so does the
    # plugin's create_course: a course creator, who may not enrol, can fill what they made.
    creator = moodle.add_user("cora", PASSWORD, creator_of=[1])
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"username": "cora", "password": PASSWORD}).json["data"]["token"]
    answer = push(client, token)
    assert answer.status_code == 200, answer.json
    course_id = int(answer.json["data"]["lms_course_id"])
    assert moodle.courses[course_id]["enrolments"] == {creator: 3}  # editingteacher
    assert len(moodle.course_modules(course_id)) == 3


def test_a_site_without_a_creators_role_makes_no_course(client, moodle, manager, lms_token):
    moodle.creator_role = None  # "Creators' role in new courses": None
    answer = push(client, lms_token)
    assert answer.status_code == 502
    assert "(cannotenrolcreator)" in answer.json["detail"]
    assert moodle.courses == {} and moodle.modules == {}


def hide_courses_from_the_next_lookup(moodle) -> None:
    """The lookup answers before another push of the same key has made its course."""
    moodle.faults.add(Fault("status", status=200, path="core_course_get_courses_by_field",
                            body=json.dumps({"courses": [], "warnings": []}).encode(),
                            headers={"Content-Type": "application/json"}))


def test_a_course_the_same_key_made_meanwhile_is_answered_not_made_again(client, moodle,
                                                                         manager, lms_token):
    key = {"Idempotency-Key": "race-1"}
    first = push(client, lms_token, headers=key, asset_names=[NOTES]).json["data"]
    hide_courses_from_the_next_lookup(moodle)
    second = push(client, lms_token, headers=key, asset_names=[NOTES]).json["data"]
    assert second["lms_course_id"] == first["lms_course_id"]
    assert len(moodle.courses) == 1


def test_a_course_of_someone_else_holding_the_mark_is_never_taken_over(client, moodle,
                                                                       manager, lms_token):
    key = {"Idempotency-Key": "race-2"}
    first = push(client, lms_token, headers=key, asset_names=[NOTES]).json["data"]
    moodle.courses[int(first["lms_course_id"])]["enrolments"].clear()
    hide_courses_from_the_next_lookup(moodle)
    answer = push(client, lms_token, headers=key, asset_names=[NOTES])
    assert answer.status_code == 502
    assert "ID number is already used for another course" in answer.json["detail"]
    assert len(moodle.courses) == 1
    assert len(moodle.modules) == 1


def test_a_quiz_gets_the_exact_bytes_of_the_moodle_format(client, moodle, manager, lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ])
    sent = next(call for call in moodle.calls
                if call.function == "local_lmsexport_import_quiz").params
    assert sent["questionsxml"] == format_moodle(ASSETS[QUIZ])
    assert sent["name"] == "Photosynthesis check"
    assert sent["intro"] == "Answer all questions."
    assert sent["visible"] == "1"
    quiz = moodle.modules[int(answer.json["data"]["lms_content_ids"][0])]
    assert [question["type"] for question in quiz["questions"]] == [
        "multichoice", "multichoice", "truefalse", "shortanswer", "numerical", "essay",
        "match"]


def test_the_double_marks_right_and_wrong_answers_as_moodle_would(client, moodle, manager,
                                                                  lms_token):
    cmid = push(client, lms_token, asset_names=[QUIZ]).json["data"]["lms_content_ids"][0]
    right = [0, [0, 2], True, "Chloroplasts", "6", "Light makes ATP.",
             {"H2O": "water", "CO2": "carbon dioxide"}]
    wrong = [1, [1], False, "nucleus", "7", "", {"H2O": "carbon dioxide", "CO2": "water"}]
    assert moodle.grade(cmid, right) == [1, 1, 1, 1, 1, None, 1]
    assert moodle.grade(cmid, wrong) == [0, 0, 0, 0, 0, None, 0]
    # Half the gases, one wrong: 0.5 - 1 is kept at 0; one of two pairs is half marks.
    assert moodle.grade(cmid, [0, [0, 1], True, "x", "6", "", {"H2O": "water"}])[1::5] == [
        0, 0.5]


def test_publish_false_makes_hidden_activities(client, moodle, manager, lms_token):
    answer = push(client, lms_token, publish=False)
    assert [moodle.modules[int(cmid)]["visible"]
            for cmid in answer.json["data"]["lms_content_ids"]] == [0, 0, 0]


def test_a_named_course_is_checked_then_filled(client, moodle, manager, lms_token):
    course_id = moodle.add_course("Existing", teachers=[manager])
    answer = push(client, lms_token, lms_course_id=str(course_id))
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["lms_course_id"] == str(course_id)
    assert len(moodle.course_modules(course_id)) == 3
    assert "local_lmsexport_create_course" not in moodle.functions_called()


def test_an_unknown_course_is_a_404_with_nothing_sent(client, moodle, manager, lms_token):
    moodle.calls.clear()
    answer = push(client, lms_token, lms_course_id="999")
    assert answer.status_code == 404
    assert answer.json["detail"] == "LMS course not found"
    assert moodle.functions_called() == ["core_course_get_courses_by_field"]
    assert moodle.modules == {}


def test_a_hidden_course_the_user_cannot_see_is_a_404(client, moodle, manager, lms_token):
    course_id = moodle.add_course("Someone else's", category=1, visible=False)
    moodle.categories[1]["managers"].discard(manager)
    answer = push(client, lms_token, lms_course_id=str(course_id))
    assert answer.status_code == 404
    assert moodle.modules == {}


def test_a_visible_course_the_user_is_not_in_is_a_403_with_nothing_made(client, moodle, manager,
                                                                        lms_token):
    course_id = moodle.add_course("Someone else's", category=1)
    moodle.categories[1]["managers"].discard(manager)
    answer = push(client, lms_token, lms_course_id=str(course_id))
    assert answer.status_code == 403
    assert "Course or activity not accessible" in answer.json["detail"]
    assert moodle.modules == {}


def test_a_page_pushed_again_replaces_itself(client, moodle, manager, lms_token, monkeypatch):
    first = push(client, lms_token, asset_names=[NOTES]).json["data"]
    course = first["lms_course_id"]
    monkeypatch.setitem(ASSETS[NOTES], "asset_content",
                        {**ASSETS[NOTES]["asset_content"], "body": "<p>New</p>"})
    second = push(client, lms_token, asset_names=[NOTES], lms_course_id=course).json["data"]
    assert second["lms_content_ids"] == first["lms_content_ids"]
    page = moodle.modules[int(first["lms_content_ids"][0])]
    assert page["content"] == "<p>New</p>"
    assert len(moodle.course_modules(int(course))) == 1


def test_a_retried_push_with_the_same_key_makes_nothing_twice(client, moodle, manager,
                                                               lms_token):
    key = {"Idempotency-Key": "push-1"}
    first = push(client, lms_token, headers=key).json["data"]
    second = push(client, lms_token, headers=key).json["data"]
    assert second["lms_course_id"] == first["lms_course_id"]
    assert second["lms_content_ids"] == first["lms_content_ids"]
    assert len(moodle.courses) == 1
    assert len(moodle.modules) == 3


def test_a_new_push_makes_a_new_quiz_and_replaces_the_page(client, moodle, manager, lms_token):
    first = push(client, lms_token).json["data"]
    second = push(client, lms_token, lms_course_id=first["lms_course_id"]).json["data"]
    assert second["lms_content_ids"][:2] != first["lms_content_ids"][:2]
    assert second["lms_content_ids"][2] == first["lms_content_ids"][2]


def test_a_lost_answer_to_a_quiz_import_is_asked_again_and_finds_the_quiz(
        client, moodle, manager, lms_token):
    moodle.refuse_next(function="local_lmsexport_import_quiz", after_processing=True)
    answer = push(client, lms_token, asset_names=[QUIZ])
    assert answer.status_code == 200, answer.json
    assert len(moodle.modules) == 1
    assert moodle.functions_called().count("local_lmsexport_import_quiz") == 2


def test_a_lost_answer_to_a_course_create_finds_the_course_by_its_mark(
        client, moodle, manager, lms_token):
    moodle.refuse_next(function="local_lmsexport_create_course", after_processing=True)
    answer = push(client, lms_token, asset_names=[NOTES])
    assert answer.status_code == 200, answer.json
    assert len(moodle.courses) == 1
    assert moodle.functions_called().count("local_lmsexport_create_course") == 1


def test_a_refused_course_create_that_never_landed_fails_with_nothing_made(
        client, moodle, manager, lms_token):
    moodle.refuse_next(function="local_lmsexport_create_course")
    answer = push(client, lms_token)
    assert answer.status_code == 503
    assert moodle.courses == {} and moodle.modules == {}


def test_progress_counts_every_request_with_the_total_known_up_front(app, moodle, manager,
                                                                     lms_token):
    state = state_of(app)
    with app.test_request_context():
        prepared = prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key=None,
            push={"asset_names": ALL_ASSETS, "asset_type": None, "lms_course_id": None,
                  "publish": True, "export_format": "lms_standard"})
    sent_before = len(moodle.calls)
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(moodle.calls) - sent_before
    assert seen == [(done, requests) for done in range(requests + 1)]


def test_a_paper_keeps_its_points(client, moodle, manager, lms_token):
    cmid = push(client, lms_token, asset_names=[PAPER]).json["data"]["lms_content_ids"][0]
    quiz = moodle.modules[int(cmid)]
    assert [question["defaultgrade"] for question in quiz["questions"]] == [10, 2, 1]
    assert quiz["grade"] == 13


def test_a_course_name_too_long_for_moodle_is_shortened_with_a_warning(client, moodle, manager,
                                                                       lms_token, monkeypatch):
    monkeypatch.setitem(COURSES["bio-101"], "name", "Biology " * 200)
    data = push(client, lms_token, asset_names=[NOTES]).json["data"]
    course = moodle.courses[int(data["lms_course_id"])]
    assert len(course["fullname"]) == 1333 and course["fullname"].endswith("…")
    assert data["warnings"] == ["the course name was shortened to 1333 characters, the most a "
                                "Moodle course's full name holds"]
