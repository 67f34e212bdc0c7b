"""Every writer (export format, package, provider quiz engine) takes every question type of the
model, or refuses it with a 422 naming the type and the target: never a KeyError (a 500)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from lms_export_blueprint.config import KEYS, LMSConfig, set_defaults
from lms_export_blueprint.errors import UnsupportedQuestionType
from lms_export_blueprint.formats import default_registry, model
from lms_export_blueprint.formats.content import load_question_set
from lms_export_blueprint.packages import PACKAGES, CourseContent, build_package
from lms_export_blueprint.providers import ProviderContext, Push, PushItem, provider_keys
from lms_export_blueprint.providers.canvas import ENGINES, CanvasProvider
from lms_export_blueprint.question_types import model_question_types
from lms_export_blueprint.transport import Transport

#: One question of each model type, as an asset holds it (docs/formats.md).
SAMPLES: dict[str, dict[str, Any]] = {
    "multiple_choice": {"type": "multiple_choice", "text": "Pick.", "options": ["a", "b"],
                        "answer": 0},
    "multiple_answer": {"type": "multiple_answer", "text": "Pick two.",
                        "options": ["a", "b", "c"], "answers": [0, 2]},
    "true_false": {"type": "true_false", "text": "True?", "answer": True},
    "short_answer": {"type": "short_answer", "text": "Name it.", "answers": ["leaf"]},
    "numerical": {"type": "numerical", "text": "How many?", "answer": 6, "tolerance": 0},
    "essay": {"type": "essay", "text": "Explain."},
    "matching": {"type": "matching", "text": "Match.", "pairs": [
        {"prompt": "H2O", "match": "water"}, {"prompt": "CO2", "match": "carbon dioxide"}]},
}


class Ordering(model.Question, tag="ordering", frozen=True):
    """A type no writer has heard of: what a new model type is to a writer not yet taught."""

    type: ClassVar[str] = "ordering"
    items: tuple[str, ...] = ("first", "second")


@dataclass(frozen=True)
class Writer:
    name: str
    supported: frozenset[type[model.Question]] | None  # None: every type
    write: Callable[[model.QuestionSet], Any]


def _canvas(engine: str) -> Callable[[model.QuestionSet], Any]:
    settings = {"LMS_BASE_URL": "https://canvas.test", "LMS_CANVAS_QUIZ_ENGINE": engine}
    keys = provider_keys(CanvasProvider)
    set_defaults(settings, KEYS + keys)
    config = LMSConfig.from_mapping(settings, provider_keys=keys)
    provider = CanvasProvider(ProviderContext(
        config=config, settings=config.settings("LMS_CANVAS_", keys), transport=Transport(config),
        store=None, formats=default_registry))

    def check(question_set: model.QuestionSet) -> None:
        provider.check(Push(token="t", lms_course_id="1", course_name="C", course_description="",
                            items=[PushItem("quiz", "quiz", question_set, {})], publish=True,
                            scoped_key="k"))
    return check


WRITERS = [
    *(Writer(f"format {name}", getattr(default_registry.get(name), "question_types", None),
             lambda question_set, name=name: default_registry.format(
                 {"asset_name": "quiz", "asset_type": "quiz"}, name, content=question_set))
      for name in default_registry.names),
    *(Writer(f"package {name}", kind.question_types,
             lambda question_set, kind=kind: build_package(
                 kind, CourseContent("Course", (("quiz", question_set),))))
      for name, kind in PACKAGES.items()),
    *(Writer(f"canvas engine {engine}", module.SUPPORTED, _canvas(engine))
      for engine, module in ENGINES.items()),
]


def question_set_of(question: model.Question) -> model.QuestionSet:
    return model.QuestionSet(title="Quiz", instructions=None, questions=(question,))


def sample(kind: type[model.Question]) -> model.Question:
    assert kind.type in SAMPLES, f"add a sample of the new type {kind.type!r} to this test"
    return load_question_set({"asset_name": "quiz", "asset_type": "quiz", "asset_content": {
        "title": "Quiz", "questions": [SAMPLES[kind.type]]}}).questions[0]


@pytest.mark.parametrize("kind", model_question_types(), ids=lambda kind: kind.type)
@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.name)
def test_every_writer_takes_every_model_type_or_refuses_it_by_name(writer, kind):
    question_set = question_set_of(sample(kind))

    if writer.supported is None or kind in writer.supported:
        writer.write(question_set)  # written: any exception here fails the test
    else:
        with pytest.raises(UnsupportedQuestionType) as refused:
            writer.write(question_set)
        assert refused.value.status == 422
        assert kind.type in refused.value.detail


@pytest.mark.parametrize("writer", [writer for writer in WRITERS if writer.supported is not None],
                         ids=lambda writer: writer.name)
def test_a_type_a_writer_was_never_taught_is_a_422_naming_it_and_the_target(writer):
    with pytest.raises(UnsupportedQuestionType) as refused:
        writer.write(question_set_of(Ordering(text="Order these.")))

    assert refused.value.status == 422
    assert "'ordering'" in refused.value.detail
    assert refused.value.target and refused.value.target in refused.value.detail


def test_the_model_types_are_the_seven_of_the_docs():
    assert sorted(kind.type for kind in model_question_types()) == sorted(SAMPLES)


@pytest.mark.parametrize("kind", model_question_types(), ids=lambda kind: kind.type)
def test_each_model_type_is_its_class_s_msgspec_tag_so_canonical_content_decodes_into_it(kind):
    assert kind.__struct_config__.tag == kind.type
    assert type(sample(kind)) is kind
