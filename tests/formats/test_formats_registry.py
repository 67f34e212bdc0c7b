"""The registry: built-in formats, custom ones, child registries, unknown names."""

import json

import pytest

from lms_export_blueprint.bodies import json_bytes
from lms_export_blueprint.errors import UnknownExportFormat
from lms_export_blueprint.formats import (
    FormatRegistry,
    default_registry,
    format_asset_for_lms,
    register_format,
)
from lms_export_blueprint.formats.lms_standard import lms_standard_json
from lms_export_blueprint.formats.registry import writes_json

NOTES = {"asset_name": "n1", "asset_type": "notes", "asset_content": "Hello",
         "asset_last_updated_at": None, "asset_last_updated_by": None}


def test_the_default_registry_holds_the_three_built_in_formats():
    assert {"lms_standard", "moodle", "canvas"} <= set(default_registry.names)


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(UnknownExportFormat) as caught:
        format_asset_for_lms(NOTES, "scorm")
    assert "Known formats: canvas, lms_standard, moodle" in caught.value.detail


def test_a_custom_format_gets_the_asset_and_returns_the_content():
    registry = default_registry.child()
    registry.register("shout", lambda asset: asset["asset_content"].upper())
    assert registry.format(NOTES, "shout")["content"] == "HELLO"
    assert "shout" not in default_registry


def test_register_format_adds_to_every_registry_built_on_the_default():
    child = default_registry.child()
    try:
        register_format("reverse_for_test", lambda asset: asset["asset_content"][::-1])
        assert child.format(NOTES, "reverse_for_test")["content"] == "olleH"
    finally:
        default_registry._formatters.pop("reverse_for_test")


def test_a_child_registration_shadows_its_parent():
    child = FormatRegistry({"lms_standard": lambda asset: "mine"}, parent=default_registry)
    assert child.format(NOTES, "lms_standard")["content"] == "mine"


def test_a_formatter_taking_publish_is_given_the_push_choice():
    registry = default_registry.child()
    registry.register("state", lambda asset, *, publish: publish)

    assert registry.format(NOTES, "state", publish=False)["content"] is False
    assert registry.format(NOTES, "state")["content"] is True


def test_a_formatter_taking_any_keyword_is_given_publish_too():
    registry = default_registry.child()
    registry.register("options", lambda asset, **options: options)

    assert registry.format(NOTES, "options", publish=False)["content"] == {"publish": False}


def test_a_builtin_of_one_argument_is_called_with_the_asset_alone():
    registry = default_registry.child()
    registry.register("length", len)

    assert registry.format({"a": 1}, "length", publish=False)["content"] == 1


QUIZ = {"asset_name": "q1", "asset_type": "quiz", "asset_last_updated_at": "2026-12-01T10:00:00Z",
        "asset_last_updated_by": "t1", "asset_content": {"title": "Q", "questions": [
            {"type": "multiple_choice", "text": "Pick", "options": ["a", "b"], "answer": 1},
            {"type": "numerical", "text": "N", "answer": 2.0, "tolerance": 0.5, "points": 2.5},
            {"type": "matching", "text": "M", "pairs": [{"prompt": "p", "match": "m"},
                                                        {"prompt": "q", "match": "n"}]}]}}


@pytest.mark.parametrize("export_format", ["lms_standard", "moodle", "canvas"])
@pytest.mark.parametrize("asset", [QUIZ, NOTES], ids=["quiz", "notes"])
def test_format_json_gives_the_bytes_of_the_envelope(asset, export_format):
    assert default_registry.format_json(asset, export_format, publish=False) == json_bytes(
        default_registry.format(asset, export_format, publish=False))


def test_format_json_writes_through_a_formatter_s_declared_twin():
    registry = default_registry.child()
    registry.register("twinned", writes_json(lambda asset: b'"from the twin"')(
        lambda asset: "from the formatter"))

    assert json.loads(registry.format_json(NOTES, "twinned"))["content"] == "from the twin"
    assert registry.format(NOTES, "twinned")["content"] == "from the formatter"


def test_lms_standard_declares_its_twin_and_a_replacement_without_one_is_encoded():
    child = FormatRegistry({"lms_standard": lambda asset: "mine"}, parent=default_registry)

    assert default_registry.get("lms_standard").as_json is lms_standard_json
    assert json.loads(child.format_json(QUIZ, "lms_standard"))["content"] == "mine"
