"""Classic Quizzes (Quizzes and Quiz Questions APIs): the ``canvas`` format's payloads.

formats/canvas.py writes each question as quiz_questions_controller.rb takes it and Canvas's
answer parsers (app/models/quizzes/quiz_question/answer_parsers/) store it; the quiz is created
unpublished and published last, since publishing builds what students take (quiz.rb
``generate_quiz_data``).
"""

from __future__ import annotations

from ...formats import canvas as canvas_format
from ...formats.model import Question, QuestionSet
from ...transport import path_segment
from .quizzes import QuizPlan

#: What a module item linking to a classic quiz is (context_module_items_api_controller.rb).
MODULE_ITEM_TYPE = "Quiz"

#: The question types classic quizzes take: every type formats/canvas.py writes.
SUPPORTED: frozenset[type[Question]] = frozenset(canvas_format.QUESTION_TYPES)


def plan(course_id: str, question_set: QuestionSet, publish: bool) -> QuizPlan:
    """The quiz's settings ride in its create (formats/canvas.py ``quiz()``): no request of
    their own."""
    payload = canvas_format.format_canvas({}, publish=publish, content=question_set)
    quiz = payload["quiz"]
    return QuizPlan(
        quizzes=f"/api/v1/courses/{path_segment(course_id)}/quizzes",
        title=payload["quiz"]["title"],
        create_body={"quiz": quiz},
        items_name="questions",
        items=[{"question": question} for question in payload["questions"]],
        finish=payload["publish"],
        parallel=True,
    )
