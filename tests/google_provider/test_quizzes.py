"""Question sets become Forms quizzes handed out as Classroom assignments, every type graded
as Forms' answer key grades it, in the same few requests whatever the quiz's size."""

from __future__ import annotations

import pytest

from .conftest import PAPER, QUIZ, form_of, push

#: The sample quiz's answers (examples/sample_content.py) by item title: right, then wrong.
RIGHT = {"Which pigment absorbs light?": "Chlorophyll", "Pick the gases.": ["O2", "CO2"],
         "Plants respire.": "True", "Name the organelle.": "chloroplasts",
         "Carbon atoms in glucose?": "6.0", "Match. H2O": "water",
         "Match. CO2": "carbon dioxide"}
WRONG = {"Which pigment absorbs light?": "Keratin", "Pick the gases.": ["O2"],
         "Plants respire.": "False", "Name the organelle.": "nucleus",
         "Carbon atoms in glucose?": "7", "Match. H2O": "carbon dioxide",
         "Match. CO2": "water"}


def test_a_quiz_is_a_form_handed_out_as_an_assignment(client, google, lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 200, answer.json
    course_id = answer.json["data"]["lms_course_id"]
    work_id = answer.json["data"]["lms_content_ids"][0]
    work = google.course_work[course_id][work_id]
    assert work["workType"] == "ASSIGNMENT"
    assert work["state"] == "PUBLISHED"
    assert work["title"] == "Photosynthesis check"
    form = form_of(google, course_id, work_id)
    assert form["settings"] == {"quizSettings": {"isQuiz": True},
                                "emailCollectionType": "VERIFIED"}
    assert form["publishSettings"]["publishState"] == {"isPublished": True,
                                                       "isAcceptingResponses": True}


def test_every_question_type_grades_right_and_wrong_as_the_answer_key_does(client, google,
                                                                          lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ])

    data = answer.json["data"]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    # 1 + 1 + 1 + 1 + 1 + (essay: graded by the teacher) + matching 1 split as 1 and 0
    assert google.grade(form["formId"], RIGHT) == 6
    assert google.grade(form["formId"], WRONG) == 0
    assert [q["title"] for q in google.questions(form["formId"])] == [
        "Which pigment absorbs light?", "Pick the gases.", "Plants respire.",
        "Name the organelle.", "Carbon atoms in glucose?", "Explain the light reactions.",
        "Match. H2O", "Match. CO2"]


def test_the_assignment_is_worth_the_sets_points(client, google, lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ, PAPER])

    data = answer.json["data"]
    points = [google.course_work[data["lms_course_id"]][work]["maxPoints"]
              for work in data["lms_content_ids"]]
    assert points == [11, 13]


def test_publish_false_leaves_a_draft_and_a_form_that_takes_no_responses(client, google,
                                                                        lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ], publish=False)

    data = answer.json["data"]
    work = google.course_work[data["lms_course_id"]][data["lms_content_ids"][0]]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    assert work["state"] == "DRAFT"
    assert form["publishSettings"]["publishState"]["isAcceptingResponses"] is False


def test_what_forms_cannot_hold_is_in_the_warnings(client, lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ])

    warnings = answer.json["data"]["warnings"]
    assert ("photosynthesis-quiz: question 1: HTML shown as plain text (Google Forms shows "
            "no HTML)") in warnings
    assert any("question 7: matching split into 2 drop-down questions" in w for w in warnings)
    assert not any("points held as" in w for w in warnings)


def test_a_quiz_of_60_questions_costs_what_one_of_7_does(client, google, lms_token, add_asset):
    def quiz(size):
        return {"title": f"Quiz {size}", "questions": [
            {"type": "multiple_choice", "text": f"Q{n}", "options": ["A", "B"], "answer": 0}
            for n in range(size)]}
    add_asset("seven", quiz(7))
    add_asset("sixty", quiz(60))

    push(client, lms_token, asset_names=["seven"])
    small = len(google.calls)
    push(client, lms_token, asset_names=["sixty"])

    assert len(google.calls) - small == small == 5  # course, form, batch, publish, work


def test_the_questions_go_in_one_batch_update(client, google, lms_token):
    push(client, lms_token, asset_names=[QUIZ])

    assert len(google.calls_to("POST", ":batchUpdate")) == 1


@pytest.mark.parametrize(("options", "why"), [
    (["A", "<b>A</b>"], "there twice once shown as plain text"),
    (["A", "<p></p>"], "is empty once its HTML is sanitized"),
    (["A", '<img src="https://example.edu/a.png">'], "empty once shown as plain text")])
def test_options_forms_would_refuse_are_a_422_before_any_call(client, google, lms_token,
                                                              add_asset, options, why):
    add_asset("odd", {"title": "Odd", "questions": [
        {"type": "multiple_choice", "text": "Q", "options": options, "answer": 0}]})

    answer = push(client, lms_token, asset_names=["odd"])

    assert answer.status_code == 422
    assert why in answer.json["detail"]
    assert google.calls == []


def test_a_title_over_classrooms_limit_is_a_422(client, google, lms_token, add_asset):
    add_asset("long", {"title": "T" * 3001, "questions": [
        {"type": "essay", "text": "Q"}]})

    answer = push(client, lms_token, asset_names=["long"])

    assert answer.status_code == 422
    assert google.calls == []


def test_fractional_points_are_made_whole_keeping_the_total_with_a_warning(
        client, google, lms_token, add_asset):
    add_asset("halves", {"title": "Halves", "questions": [
        {"type": "true_false", "text": f"S{n}", "answer": True, "points": 0.5}
        for n in range(4)]})

    answer = push(client, lms_token, asset_names=["halves"])

    data = answer.json["data"]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    points = [q["question"]["grading"]["pointValue"] for q in google.questions(form["formId"])]
    assert sum(points) == 2
    assert "halves: question 1: 0.5 points held as 1 (Google Forms takes whole points; the " \
        "quiz's total is kept)" in data["warnings"]
    assert not any("in all held as" in w for w in data["warnings"])


def test_a_tolerance_and_per_option_feedback_are_warned(client, lms_token, add_asset):
    add_asset("lossy", {"title": "Lossy", "questions": [
        {"type": "numerical", "text": "Pi?", "answer": 3.14, "tolerance": 0.01},
        {"type": "multiple_choice", "text": "Q", "answer": 0,
         "options": [{"text": "A", "feedback": "yes"}, {"text": "B", "feedback": "no"}]}]})

    answer = push(client, lms_token, asset_names=["lossy"])

    warnings = answer.json["data"]["warnings"]
    assert any("question 1: tolerance" in w for w in warnings)
    assert any("question 2: feedback per option dropped" in w for w in warnings)


def test_numbers_are_accepted_in_their_usual_spellings(client, google, lms_token, add_asset):
    add_asset("num", {"title": "Num", "questions": [
        {"type": "numerical", "text": "Half?", "answer": 0.5}]})

    answer = push(client, lms_token, asset_names=["num"])

    data = answer.json["data"]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    assert [google.grade(form["formId"], {"Half?": text}) for text in ("0.5", ".5", "1")] == [
        1, 1, 0]


def test_due_date_and_shuffle_land_and_other_settings_are_warned(client, google, lms_token,
                                                                add_asset):
    add_asset("timed", {"title": "Timed", "settings": {
        "due_at": "2027-01-15T10:30:00+02:00", "shuffle_answers": True,
        "time_limit_minutes": 20, "allowed_attempts": 1}, "questions": [
        {"type": "multiple_choice", "text": "Q", "options": ["A", "B"], "answer": 0}]})

    answer = push(client, lms_token, asset_names=["timed"])

    data = answer.json["data"]
    work = google.course_work[data["lms_course_id"]][data["lms_content_ids"][0]]
    assert (work["dueDate"], work["dueTime"]) == ({"year": 2027, "month": 1, "day": 15},
                                                  {"hours": 8, "minutes": 30})
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    assert google.questions(form["formId"])[0]["question"]["choiceQuestion"]["shuffle"] is True
    assert any("time limit not set" in w for w in data["warnings"])
    assert any("allowed attempts not set" in w for w in data["warnings"])


def test_module_files_the_items_under_a_classroom_topic_found_or_made(client, google,
                                                                      lms_token):
    first = push(client, lms_token, asset_names=[QUIZ], module="Week 1")
    course_id = first.json["data"]["lms_course_id"]
    second = push(client, lms_token, asset_names=[PAPER], module="  Week   1 ",
                  lms_course_id=course_id)

    topics = list(google.topics[course_id].values())
    assert [topic["name"] for topic in topics] == ["Week 1"]
    works = [google.course_work[course_id][data.json["data"]["lms_content_ids"][0]]
             for data in (first, second)]
    assert {work["topicId"] for work in works} == {topics[0]["topicId"]}


def test_an_image_with_a_public_url_is_shown_and_any_other_is_warned(client, google,
                                                                     lms_token, add_asset):
    add_asset("pictures", {"title": "Pictures", "questions": [
        {"type": "essay", "text": 'Describe <img src="https://example.edu/leaf.png">'},
        {"type": "essay", "text": 'And <img src="data:image/png;base64,iVBORw0KGgo=">'}]})

    answer = push(client, lms_token, asset_names=["pictures"])

    data = answer.json["data"]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    first = form["items"][0]["questionItem"]
    assert first["image"] == {"sourceUri": "https://example.edu/leaf.png"}
    assert "image" not in form["items"][1]["questionItem"]
    assert any("question 2: image dropped" in w for w in data["warnings"])


def test_html_in_an_option_is_shown_as_its_text_with_a_warning(client, google, lms_token,
                                                               add_asset):
    add_asset("marked", {"title": "Marked", "questions": [
        {"type": "multiple_choice", "text": "Gas?", "options": ["<i>O2</i>", "Fe"],
         "answer": 0}]})

    answer = push(client, lms_token, asset_names=["marked"])

    data = answer.json["data"]
    form = form_of(google, data["lms_course_id"], data["lms_content_ids"][0])
    assert google.grade(form["formId"], {"Gas?": "O2"}) == 1
    assert "marked: question 1: HTML shown as plain text (Google Forms shows no HTML)" in (
        data["warnings"])


def test_a_fractional_total_is_named_with_what_forms_holds(client, lms_token, add_asset):
    add_asset("odd-total", {"title": "Odd", "questions": [
        {"type": "essay", "text": "Why?", "points": 1.5}]})

    answer = push(client, lms_token, asset_names=["odd-total"])

    warnings = answer.json["data"]["warnings"]
    assert "odd-total: 1.5 points in all held as 2 (Google Forms takes whole points)" in warnings


def test_a_total_of_two_and_a_half_is_held_as_three(client, lms_token, add_asset):
    add_asset("halfway", {"title": "Halfway", "questions": [
        {"type": "essay", "text": "Why?", "points": 2.5}]})

    answer = push(client, lms_token, asset_names=["halfway"])

    assert "halfway: 2.5 points in all held as 3 (Google Forms takes whole points)" in (
        answer.json["data"]["warnings"])
