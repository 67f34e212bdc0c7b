"""The push body's fast path loads exactly what PushRequestSchema loads, and declines the rest."""

from __future__ import annotations

import copy

import pytest
from conftest import BEARER
from host_app import create_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_export_blueprint.limits import (
    MAX_ASSET_NAME_LENGTH,
    MAX_ASSETS,
    MAX_ID_LENGTH,
    MAX_PLACE_NAME_LENGTH,
)
from lms_export_blueprint.push_fast_path import load_canonical_push
from lms_export_blueprint.schemas import PushRequestSchema
from lms_export_blueprint.state import current_extension

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SCHEMA = PushRequestSchema()
PUSH = "/api/courses/bio-101/push-to-lms"
APP = create_app({"TESTING": True})

# Any text JSON can carry, lone surrogates included, and the lengths at each limit.
texts = st.text(st.characters(codec=None), min_size=1, max_size=12)
names = texts | st.sampled_from(["x" * MAX_ASSET_NAME_LENGTH, "é" * MAX_ASSET_NAME_LENGTH])
places = texts | st.just("m" * MAX_PLACE_NAME_LENGTH)
canonical_bodies = st.fixed_dictionaries(
    {"asset_names": st.lists(names, min_size=1, max_size=6, unique=True)},
    optional={"asset_type": st.none() | st.lists(texts, max_size=3),
              "lms_course_id": st.none() | texts | st.just("9" * MAX_ID_LENGTH),
              "publish": st.booleans(), "module": st.none() | places,
              "assignment_group": st.none() | places,
              "export_format": st.sampled_from(["lms_standard", "qti", "moodle_xml"])},
)
odd_values = st.sampled_from([
    None, "", " ", ".", "..", "\ud800", "true", "yes", 0, 1, 1.5, True, False, [], [""], ["a"],
    ["a", "a"], ["\udfff"], {}, {"a": 1}, "no_such_format", "x" * (MAX_ASSET_NAME_LENGTH + 1),
    "m" * (MAX_PLACE_NAME_LENGTH + 1), "9" * (MAX_ID_LENGTH + 1), [str(n) for n in range(1001)],
])
odd_keys = st.sampled_from(["asset_name", "assetNames", "publsh", "format", "course_id"])


def schema_load(body):
    with APP.app_context():
        return SCHEMA.load(body)


def fast_load(body):
    with APP.app_context():
        return load_canonical_push(body, current_extension().formats)


@SETTINGS
@given(canonical_bodies)
def test_canonical_bodies_load_on_the_fast_path_as_the_schema_loads_them(body):
    try:
        slow = schema_load(body)
    except Exception:  # a lone surrogate: refused by the schema, so declined here
        assert fast_load(body) is None
        return

    assert fast_load(body) == slow


@st.composite
def near_canonical_bodies(draw):
    """A canonical body with one value replaced, one key removed or one key added."""
    body = copy.deepcopy(draw(canonical_bodies))
    action = draw(st.sampled_from(["replace", "remove", "add", "name", "whole"]))
    if action == "whole":
        return draw(odd_values)
    if action == "add":
        body[draw(odd_keys)] = draw(odd_values)
    elif action == "name":
        names_ = body["asset_names"]
        names_[draw(st.integers(0, len(names_) - 1))] = draw(odd_values)
    else:
        key = draw(st.sampled_from(sorted(body)))
        if action == "remove":
            del body[key]
        else:
            body[key] = draw(odd_values)
    return body


@SETTINGS
@given(near_canonical_bodies())
def test_the_fast_path_accepts_only_what_the_schema_loads_the_same_way(body):
    fast = fast_load(body)
    try:
        slow = schema_load(body)
    except Exception:  # marshmallow's ValidationError
        assert fast is None
        return

    if fast is not None:
        assert fast == slow


@pytest.mark.parametrize("body", [
    {"asset_names": ["quiz1"], "publish": "true"},  # marshmallow reads "true" as True
    {"asset_names": ["quiz1"], "publish": 1},
    {"asset_names": ["quiz1", "quiz1"]},
    {"asset_names": ["quiz1"], "lms_course_id": ".."},
    {"asset_names": ["quiz1"], "export_format": "no_such_format"},
    {"asset_names": ["quiz1\ud800"]},
    {"asset_names": [str(n) for n in range(MAX_ASSETS + 1)]},
    {"asset_names": ["quiz1"], "publsh": False},
    ["quiz1"],
], ids=["publish-string", "publish-int", "repeated", "dotdot", "format", "surrogate",
        "too-many", "unknown-key", "not-an-object"])
def test_the_fast_path_declines_what_the_schema_reads_its_own_way(body):
    assert fast_load(body) is None


def test_a_canonical_push_is_not_loaded_by_marshmallow(client, lms_token, monkeypatch):
    loads = []
    monkeypatch.setattr(PushRequestSchema, "load",
                        lambda self, *args, **kwargs: loads.append(args) or {})

    answer = client.post(PUSH, json={"asset_names": ["photosynthesis-quiz"]},
                         headers={**BEARER, "X-LMS-Token": lms_token})

    assert answer.status_code == 200, answer.json
    assert loads == []


def test_a_body_the_fast_path_declines_is_loaded_and_worded_by_the_schema(client, lms_token):
    headers = {**BEARER, "X-LMS-Token": lms_token}

    read_as_true = client.post(PUSH, headers=headers, json={
        "asset_names": ["photosynthesis-quiz"], "publish": "true"})
    repeated = client.post(PUSH, json={"asset_names": ["lesson-notes"] * 2}, headers=headers)

    assert read_as_true.status_code == 200, read_as_true.json
    assert repeated.status_code == 422
    assert repeated.json["errors"] == {"asset_names": ["Duplicate asset names: lesson-notes."]}
