"""Google's failures mapped; quotas waited out; never a half-built form; a retry with the same
Idempotency-Key sends only what did not land."""

from __future__ import annotations

from .conftest import NOTES, PAPER, QUIZ, push

KEY = {"Idempotency-Key": "push-1"}


def test_a_refused_batch_update_deletes_the_form_and_says_what_landed(client, google,
                                                                     lms_token):
    google.fail_next(400, path=":batchUpdate", times=2)

    answer = push(client, lms_token, asset_names=[QUIZ, PAPER])

    assert answer.status_code == 502
    assert "injected 400" in answer.json["detail"]
    assert [a["status"] for a in answer.json["data"]["exported_assets"]] == ["failed",
                                                                             "skipped"]
    assert google.forms == {}
    assert len(google.calls_to("DELETE", "/drive/v3/files/")) == 1


def test_a_retry_after_a_lost_answer_sends_only_what_did_not_land(client, google, lms_token):
    google.timeout_next(path="/courseWork", method="POST", after_processing=True)
    first = push(client, lms_token, asset_names=[QUIZ, PAPER], headers=KEY)
    course_id = next(iter(google.courses))
    google.calls.clear()

    second = push(client, lms_token, asset_names=[QUIZ, PAPER], headers=KEY)

    assert first.status_code == 504
    assert second.status_code == 200, second.json
    assert len(google.forms) == 2
    assert len(google.course_work[course_id]) == 2
    assert len(google.courses) == 1
    form_creates = [call for call in google.calls if (call.method, call.path) == ("POST",
                                                                                 "/v1/forms")]
    assert len(form_creates) == 1  # only the paper's
    assert len(google.calls_to("POST", ":batchUpdate")) == 1


def test_a_course_create_that_landed_unanswered_is_found_by_its_alias(client, google,
                                                                      lms_token):
    google.timeout_next(path="/v1/courses", method="POST", after_processing=True)
    first = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    second = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    assert first.status_code == 504
    assert second.status_code == 200, second.json
    assert len(google.courses) == 1
    assert second.json["data"]["lms_course_id"] == next(iter(google.courses))


def test_a_batch_update_that_landed_unanswered_is_not_sent_twice(client, google, lms_token):
    google.timeout_next(path=":batchUpdate", after_processing=True)
    first = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    second = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    assert (first.status_code, second.status_code) == (504, 200)
    (form,) = google.forms.values()
    assert len(google.questions(form["formId"])) == 8
    assert len(google.calls_to("POST", ":batchUpdate")) == 1


def test_quota_refusals_are_waited_out(client, google, lms_token):
    google.rate_limit_next(path=":batchUpdate", times=2)
    google.rate_limit_next(status=403, path="/upload/drive", times=1)

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200, answer.json
    assert len(google.calls_to("POST", ":batchUpdate")) == 3


def test_a_permission_denied_is_403_with_googles_message_and_the_token_stays(client, google,
                                                                            lms_token):
    google.fail_next(403, path="/v1/courses", times=2, body='{"error": {"code": 403, "message": '
                     '"The caller does not have permission", "status": "PERMISSION_DENIED"}}')

    answer = push(client, lms_token, asset_names=[QUIZ])
    again = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 403
    assert "The caller does not have permission" in answer.json["detail"]
    assert again.status_code == 200


def test_an_expired_token_is_401_and_leaves_the_store(client, google, lms_token, teacher):
    google.expire(teacher)

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 401
    assert push(client, lms_token, asset_names=[QUIZ]).status_code == 401


def test_a_server_error_after_retries_is_502_with_googles_message(client, google, lms_token):
    google.fail_next(500, path="/v1/forms", method="POST", times=1)

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 502
    assert "500 INTERNAL: injected 500" in answer.json["detail"]
    assert google.forms == {}


def test_a_form_that_cannot_be_deleted_is_named_and_the_retry_completes_it(client, google,
                                                                          lms_token):
    google.fail_next(400, path=":batchUpdate")
    google.fail_next(500, path="/drive/v3/files/", method="DELETE", times=4)
    first = push(client, lms_token, asset_names=[QUIZ], headers=KEY)
    (form_id,) = google.forms

    second = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    assert first.status_code == 502
    assert f"the half-built Google Form {form_id} could not be deleted" in first.json["detail"]
    assert first.json["data"]["not_cleaned"] == [{"asset_name": QUIZ,
                                                  "lms_content_id": form_id}]
    assert second.status_code == 200, second.json
    assert list(google.forms) == [form_id]
    assert len(google.questions(form_id)) == 8


def test_with_no_time_left_for_a_clean_up_the_batch_is_not_sent_and_the_form_goes(
        client, google, lms_token, monkeypatch):
    from lms_export_blueprint.providers.google import quizzes

    monkeypatch.setattr(quizzes, "cleanup_reserve", lambda deadline: deadline + 1)

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 504
    assert google.calls_to("POST", ":batchUpdate") == []
    assert google.forms == {}
