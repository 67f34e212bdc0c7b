"""A push loads and validates each asset once and hands the provider the parsed model."""

from __future__ import annotations

from collections import Counter

import pytest

from lms_export_blueprint.formats import content

from .conftest import NOTES, PAPER, QUIZ, push


@pytest.fixture
def parses(monkeypatch) -> Counter[str]:
    """How often each asset's content is parsed, by asset name."""
    counted: Counter[str] = Counter()
    for parser in ("load_question_set", "load_page"):
        real = getattr(content, parser)

        def counting(asset, _real=real):
            counted[str(asset.get("asset_name"))] += 1
            return _real(asset)
        monkeypatch.setattr(content, parser, counting)
    return counted


@pytest.fixture(params=["classic", "new"])
def engine(request, canvas_config):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = request.param


def test_one_canvas_push_parses_each_quiz_and_page_once(engine, client, canvas, lms_token,
                                                         parses):
    answer = push(client, lms_token, lms_course_id=str(canvas.add_course("Bio")))

    assert answer.status_code == 200, answer.json
    assert parses == {QUIZ: 1, PAPER: 1, NOTES: 1}

