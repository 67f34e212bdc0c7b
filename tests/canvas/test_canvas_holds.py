"""The double's hold (testing/canvas/holds.py): calls held until all arrived, then answered in
reverse; what the provider's parallel-question tests stand on."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def _labels(questions: list[dict]) -> list[str]:
    return [question["question_name"] for question in questions]


def test_questions_held_until_all_arrived_are_stored_reversed(canvas, api, course_id):
    """The hold itself: what the double stores when four questions arrive at once."""
    quiz = api.post(f"/api/v1/courses/{course_id}/quizzes", json={"quiz": {"title": "Q"}}).json()
    canvas.hold_next(4, path="/questions")
    path = f"/api/v1/courses/{course_id}/quizzes/{quiz['id']}/questions"
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: api.post(path, json={"question": {"question_name": f"Q{n}"}}),
                      range(1, 5)))

    arrived = [call.params["question"]["question_name"]
               for call in canvas.calls_to("POST", "/questions")]
    assert sorted(arrived) == ["Q1", "Q2", "Q3", "Q4"]
    assert _labels(canvas.questions(quiz["id"])) == arrived[::-1]


def test_a_hold_fails_calls_sent_one_at_a_time(canvas, api, course_id, monkeypatch):
    monkeypatch.setattr("lms_export_blueprint.testing.canvas.holds.HOLD_SECONDS", 0.05)
    quiz = api.post(f"/api/v1/courses/{course_id}/quizzes", json={"quiz": {"title": "Q"}}).json()
    canvas.hold_next(2, path="/questions")

    alone = api.post(f"/api/v1/courses/{course_id}/quizzes/{quiz['id']}/questions",
                     json={"question": {"question_name": "Q1"}})

    assert alone.status_code == 500
    assert canvas.questions(quiz["id"]) == []
