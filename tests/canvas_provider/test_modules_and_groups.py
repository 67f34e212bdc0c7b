"""The push's ``module`` and ``assignment_group`` on Canvas: found by name or created, every
pushed item placed in asset order, and nothing added twice by a retry."""

from __future__ import annotations

import dataclasses

import pytest
from host_app import create_app

from .conftest import ALL_ASSETS, BEARER, NOTES, PAPER, QUIZ, push
from .test_progress import _prepared

KEY = {"Idempotency-Key": "week-1"}


def _module(canvas, name="Week 1"):
    (module,) = [m for m in canvas.modules.values() if m["name"] == name]
    return module


def _items(module) -> list[tuple[str, object]]:
    return [(item["type"], item.get("page_url") or item["content_id"]) for item in module["items"]]


def test_a_module_is_made_and_holds_every_item_in_asset_order(client, canvas, lms_token):
    answer = push(client, lms_token, module="Week 1")

    assert answer.status_code == 200, answer.json
    quiz, paper, notes = answer.json["data"]["lms_content_ids"]
    module = _module(canvas)
    assert _items(module) == [("Quiz", int(quiz)), ("Quiz", int(paper)), ("Page", notes)]
    assert module["published"] is True  # publish: true, and the push made it
    assert answer.json["data"]["warnings"] == []


def test_an_unpublished_push_leaves_the_module_it_made_unpublished(client, canvas, lms_token):
    push(client, lms_token, module="Week 1", publish=False)

    assert _module(canvas)["published"] is False
    assert canvas.calls_to("PUT", "/modules/") == []


def test_a_teachers_module_of_that_name_is_used_and_keeps_its_own_items_and_state(
        client, canvas, teacher, lms_token, api_for):
    course_id = canvas.add_course("Biology", teacher=teacher)
    api = api_for(teacher)
    mine = api.post(f"/api/v1/courses/{course_id}/modules",
                    json={"module": {"name": "Week 1"}}).json()
    api.post(f"/api/v1/courses/{course_id}/pages", json={"wiki_page": {"title": "Syllabus"}})
    api.post(f"/api/v1/courses/{course_id}/modules/{mine['id']}/items",
             json={"module_item": {"type": "Page", "page_url": "syllabus"}})

    answer = push(client, lms_token, module="Week 1", asset_names=[NOTES],
                  lms_course_id=str(course_id))

    module = _module(canvas)
    assert module["id"] == mine["id"]
    assert _items(module) == [("Page", "syllabus"),
                              ("Page", answer.json["data"]["lms_content_ids"][0])]
    assert module["published"] is False
    creates = [c for c in canvas.calls_to("POST", "/modules") if c.path.endswith("/modules")]
    assert len(creates) == 1  # the teacher's own
    assert answer.json["data"]["warnings"] == [
        "Canvas module 'Week 1' is unpublished: students see its items only once it is "
        "published"]


def test_a_retry_after_a_failed_module_publish_adds_nothing_twice(client, canvas, lms_token):
    canvas.fail_next(500, path="/modules/", method="PUT", times=20)
    failed = push(client, lms_token, module="Week 1", headers=KEY)
    assert failed.status_code == 502
    assert [a["status"] for a in failed.json["data"]["exported_assets"]] == ["success"] * 3
    canvas.faults.clear()

    answer = push(client, lms_token, module="Week 1", headers=KEY)

    assert answer.status_code == 200, answer.json
    assert len(_module(canvas)["items"]) == 3
    assert len(canvas.calls_to("POST", "/items")) == 3
    assert len([c for c in canvas.calls_to("POST", "/modules") if c.path.endswith("modules")]) == 1
    assert _module(canvas)["published"] is True


def test_an_item_whose_answer_was_lost_is_found_not_added_again(client, canvas, lms_token):
    canvas.timeout_next(path="/items", method="POST", after_processing=True)

    answer = push(client, lms_token, module="Week 1")

    assert answer.status_code == 200, answer.json
    assert len(_module(canvas)["items"]) == 3


def test_progress_counts_the_module_requests(app, canvas, lms_token):
    from lms_export_blueprint.export import send_push
    state, prepared = _prepared(app, lms_token, ALL_ASSETS)
    prepared = dataclasses.replace(prepared, module="Week 1")
    sent_before = len(canvas.calls)
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(canvas.calls) - sent_before
    assert seen == [(done, requests) for done in range(requests + 1)]


def test_a_new_quiz_goes_into_the_module_as_its_assignment(canvas_config, canvas, teacher):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = "new"
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]

    answer = push(client, token, module="Week 1", asset_names=[QUIZ])

    assert _items(_module(canvas)) == [
        ("Assignment", int(answer.json["data"]["lms_content_ids"][0]))]


def test_quizzes_go_into_the_named_assignment_group_made_once(client, canvas, lms_token):
    answer = push(client, lms_token, assignment_group="Quizzes", asset_names=[QUIZ, PAPER])

    (group,) = canvas.assignment_groups.values()
    assert group["name"] == "Quizzes"
    for quiz_id in answer.json["data"]["lms_content_ids"]:
        assert canvas.quizzes[int(quiz_id)]["assignment_group_id"] == group["id"]
    assert len(canvas.calls_to("POST", "/assignment_groups")) == 1


def test_an_existing_group_of_that_name_is_used(client, canvas, teacher, lms_token, api_for):
    course_id = canvas.add_course("Biology", teacher=teacher)
    mine = api_for(teacher).post(f"/api/v1/courses/{course_id}/assignment_groups",
                                 json={"name": "Quizzes"}).json()

    answer = push(client, lms_token, assignment_group="Quizzes", asset_names=[QUIZ],
                  lms_course_id=str(course_id))

    quiz_id = int(answer.json["data"]["lms_content_ids"][0])
    assert canvas.quizzes[quiz_id]["assignment_group_id"] == mine["id"]
    assert len(canvas.assignment_groups) == 1


@pytest.mark.parametrize("publish", [True, False])
def test_a_new_quiz_is_put_in_the_group_as_its_assignment(canvas_config, canvas, teacher,
                                                          publish):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = "new"
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]

    answer = push(client, token, assignment_group="Quizzes", asset_names=[QUIZ],
                  publish=publish)

    (group,) = canvas.assignment_groups.values()
    quiz = canvas.new_quizzes[int(answer.json["data"]["lms_content_ids"][0])]
    assert (quiz["assignment_group_id"], quiz["published"]) == (group["id"], publish)
