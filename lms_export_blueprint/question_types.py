"""Which question types a writer takes: one it does not is a 422 naming it, never a KeyError.

Every writer (an export format, a package, a provider's quiz engine) says which model types it
writes; ``tests/test_question_types.py`` checks each against every type of ``formats.model``.
"""

from __future__ import annotations

from collections.abc import Collection

from .errors import UnsupportedQuestionType
from .formats import model
from .formats.model import Question, QuestionSet


def model_question_types() -> tuple[type[Question], ...]:
    """Every question type of the content model, ``formats.model`` (docs/formats.md)."""
    found: list[type[Question]] = []
    pending = list(Question.__subclasses__())
    while pending:
        kind = pending.pop(0)
        # The model's types are the ones its module holds, not a subclass defined elsewhere.
        if getattr(model, kind.__name__, None) is kind:
            found.append(kind)
        pending.extend(kind.__subclasses__())
    return tuple(found)


def require_supported(question_set: QuestionSet, supported: Collection[type[Question]], *,
                      asset_name: str, target: str) -> None:
    """Raise UnsupportedQuestionType (422) for the first question ``target`` cannot write."""
    for question in question_set.questions:
        if type(question) not in supported:
            raise UnsupportedQuestionType(asset_name, question.type, target)
