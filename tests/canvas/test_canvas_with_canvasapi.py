"""The real ``canvasapi`` client against ``live_canvas``: the double answers as Canvas does."""

from __future__ import annotations

import pytest
from canvasapi import Canvas
from canvasapi.assignment import Assignment
from canvasapi.util import combine_kwargs

from lms_export_blueprint.testing.canvas import grade

# canvasapi warns about plain-HTTP base URLs; the double on 127.0.0.1 is one.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def client(live_canvas):
    token = live_canvas.add_user("Ada Teacher", admin_of=[live_canvas.account_id])
    return Canvas(live_canvas.base_url, token)


@pytest.fixture
def course(client, live_canvas):
    account = client.get_account(live_canvas.account_id)
    return account.create_course(course={"name": "Biology"}, enroll_me=True)


def test_canvasapi_sees_the_current_user(client):
    assert client.get_current_user().name == "Ada Teacher"


def test_canvasapi_creates_a_course_with_the_teacher_enrolled(client, course, live_canvas):
    assert client.get_course(course.id).name == "Biology"
    assert live_canvas.courses[course.id]["teachers"]


def test_canvasapi_builds_and_publishes_a_quiz_whose_questions_grade_right(course, live_canvas):
    quiz = course.create_quiz({"title": "Cells"})
    quiz.create_question(question={
        "question_name": "Powerhouse", "question_type": "multiple_choice_question",
        "question_text": "Which organelle makes ATP?", "points_possible": 2,
        "answers": [{"answer_text": "Nucleus", "answer_weight": 0},
                    {"answer_text": "Mitochondrion", "answer_weight": 100}]})
    quiz.create_question(question={
        "question_type": "numerical_question", "points_possible": 1,
        "answers": [{"numerical_answer_type": "exact_answer", "answer_exact": 37,
                     "answer_error_margin": 0.5}]})
    published = quiz.edit(quiz={"published": True})

    choice, number = live_canvas.questions(quiz.id)
    assert (grade(choice, "Mitochondrion"), grade(choice, "Nucleus")) == (True, False)
    assert (grade(number, "37.5"), grade(number, "37.6")) == (True, False)
    assert published.published is True
    assert published.points_possible == 3


def test_canvasapi_creates_and_updates_a_page_by_its_url(course, live_canvas):
    page = course.create_page(wiki_page={"title": "Lesson Notes", "body": "<p>v1</p>",
                                         "published": True})
    page.edit(wiki_page={"body": "<p>v2</p>"})

    assert page.url == "lesson-notes"
    assert live_canvas.page(course.id, "lesson-notes")["body"] == "<p>v2</p>"


def test_canvasapi_follows_link_pagination_through_every_page(course):
    for n in range(7):
        course.create_page(wiki_page={"title": f"Page {n}"})

    titles = [page.title for page in course.get_pages(per_page=3)]

    assert sorted(titles) == [f"Page {n}" for n in range(7)]


def test_canvasapi_creates_a_new_quiz(course, live_canvas):
    quiz = course.create_new_quiz(quiz={"title": "New Cells"})

    assert [q.title for q in course.get_new_quizzes()] == ["New Cells"]
    assert live_canvas.new_quizzes[int(quiz.id)]["title"] == "New Cells"


def test_canvasapi_publishes_a_new_quiz_by_editing_its_assignment(course, live_canvas):
    """canvasapi's Assignment.edit (PUT .../assignments/:id, ``assignment[published]``) on the
    assignment a New Quiz is: the double publishes the quiz, as Canvas does."""
    quiz = course.create_new_quiz(quiz={"title": "New Cells"})
    assert live_canvas.new_quizzes[int(quiz.id)]["published"] is False
    assignment = Assignment(course._requester, {"id": int(quiz.id), "course_id": course.id})

    edited = assignment.edit(assignment={"published": True})

    assert edited.published is True
    assert live_canvas.new_quizzes[int(quiz.id)]["published"] is True


def test_canvasapi_reorders_quiz_questions_as_canvas_reads_order(course, live_canvas):
    """canvasapi has no reorder method: its requester sends ``order[][id]``/``order[][type]``
    form fields as it sends every list of objects (combine_kwargs), to the route of
    quizzes_api_controller.rb#reorder, which answers 204."""
    quiz = course.create_quiz({"title": "Cells"})
    first = quiz.create_question(question={"question_name": "First"})
    second = quiz.create_question(question={"question_name": "Second"})

    answer = quiz._requester.request(
        "POST", f"courses/{course.id}/quizzes/{quiz.id}/reorder",
        _kwargs=combine_kwargs(order=[{"id": second.id, "type": "question"},
                                      {"id": first.id, "type": "question"}]))

    assert answer.status_code == 204
    assert [q["question_name"] for q in live_canvas.questions(quiz.id)] == ["Second", "First"]
    assert [q.position for q in quiz.get_questions()] == [1, 2]


def test_canvasapi_builds_a_module_of_a_quiz_and_a_page_and_publishes_it(course, live_canvas):
    quiz = course.create_quiz({"title": "Cells"})
    page = course.create_page(wiki_page={"title": "Lesson Notes", "body": "<p>v1</p>"})
    module = course.create_module(module={"name": "Week 1"})

    first = module.create_module_item(module_item={"type": "Quiz", "content_id": quiz.id})
    second = module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    published = module.edit(module={"published": True})

    assert (first.type, first.content_id, first.title) == ("Quiz", quiz.id, "Cells")
    assert (second.type, second.page_url, second.position) == ("Page", "lesson-notes", 2)
    assert published.published is True and published.items_count == 2
    assert [m.name for m in course.get_modules()] == ["Week 1"]
    assert [i.id for i in module.get_module_items()] == [first.id, second.id]


def test_canvasapi_is_refused_a_module_item_for_content_the_course_lacks(course):
    from canvasapi.exceptions import BadRequest
    module = course.create_module(module={"name": "Week 1"})

    with pytest.raises(BadRequest):
        module.create_module_item(module_item={"type": "Quiz", "content_id": 999999})
    with pytest.raises(BadRequest):
        module.create_module_item(module_item={"type": "Page", "page_url": "no-such-page"})


def test_canvasapi_makes_and_lists_assignment_groups_a_quiz_goes_into(course, live_canvas):
    group = course.create_assignment_group(name="Quizzes")
    quiz = course.create_quiz({"title": "Cells", "assignment_group_id": group.id})

    assert [g.name for g in course.get_assignment_groups()] == ["Quizzes"]
    assert quiz.assignment_group_id == group.id


def test_canvasapi_uploads_a_course_file_in_three_steps(course, live_canvas, tmp_path):
    """canvasapi's Uploader: step 1 on Canvas, step 2 to the upload_url (the double's file
    store on another host name) without the token, its 301 followed to create_success."""
    data = b"\x89PNG a leaf"
    leaf = tmp_path / "leaf.png"
    leaf.write_bytes(data)

    uploaded, answer = course.upload(str(leaf))

    assert uploaded is True
    (stored,) = live_canvas.files.values()
    assert (stored["data"], stored["name"], stored["state"]) == (data, "leaf.png", "available")
    assert answer["id"] == stored["id"] and answer["display_name"] == "leaf.png"
    (step_two,) = [c for c in live_canvas.calls if c.path.startswith("/files_api/upload/")]
    assert "Authorization" not in step_two.headers
    assert step_two.headers["Host"].startswith("localhost:")
