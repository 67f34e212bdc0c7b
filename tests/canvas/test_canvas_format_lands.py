"""The `canvas` export format's questions, posted as they are, land and grade right."""

from __future__ import annotations

from sample_content import COURSES

from lms_export_blueprint.formats.canvas import format_canvas
from lms_export_blueprint.testing.canvas import grade

# (right answer, wrong answer) per sample question, in the quiz's order.
ANSWERS = [("Chlorophyll", "Keratin"), (["O2", "CO2"], ["O2"]), ("True", "False"),
           ("Chloroplast", "chlorophyll"), (6, 6.5), ("An essay.", ""),
           ({"H2O": "water", "CO2": "carbon dioxide"}, {"H2O": "carbon dioxide", "CO2": "water"})]
ESSAY = 5


def test_every_sample_question_grades_right_after_the_classic_api_stores_it(api, course_id,
                                                                           canvas):
    exported = format_canvas(COURSES["bio-101"]["assets"]["photosynthesis-quiz"])
    quiz = api.post(f"/api/v1/courses/{course_id}/quizzes", json={"quiz": exported["quiz"]}).json()
    for question in exported["questions"]:
        api.post(f"/api/v1/courses/{course_id}/quizzes/{quiz['id']}/questions",
                 json={"question": question})

    grades = [(grade(stored, right), grade(stored, wrong))
              for stored, (right, wrong) in zip(canvas.questions(quiz["id"]), ANSWERS, strict=True)]

    expected = [(True, False)] * len(ANSWERS)
    expected[ESSAY] = (None, None)  # a person grades essays
    assert grades == expected
