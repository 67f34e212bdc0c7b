"""Images and files in pushed texts go into the course's files, each once per push, by
Canvas's three-step upload, and the texts link them (providers/canvas/files.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .conftest import DIAGRAM, NOTES, PIXEL, QUIZ, push

KEY = {"Idempotency-Key": "with-files"}

def _preview_ids(html: str, course_id: int) -> list[int]:
    return [int(found) for found in
            re.findall(rf"/courses/{course_id}/files/(\d+)/preview", html)]


def test_each_file_is_uploaded_once_and_every_text_links_it(with_files, client, canvas,
                                                            lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200, answer.json
    (course_id,) = canvas.courses
    by_data = {stored["data"]: file_id for file_id, stored in canvas.files.items()}
    assert set(by_data) == {PIXEL, DIAGRAM}  # the image once, for both texts
    assert all(stored["state"] == "available" for stored in canvas.files.values())
    quiz_id, page_url = answer.json["data"]["lms_content_ids"]
    first = canvas.published_questions(int(quiz_id))[0]
    assert _preview_ids(first["question_text"], course_id) == [by_data[PIXEL]]
    body = canvas.page(course_id, page_url)["body"]
    assert _preview_ids(body, course_id) == [by_data[PIXEL], by_data[DIAGRAM]]
    assert 'src="missing.png"' in body
    warnings = answer.json["data"]["warnings"]
    assert any("missing.png" in w and "not found" in w for w in warnings)
    assert any("iframe" in w for w in warnings)  # what Canvas's sanitizer strips is said


def test_the_bytes_go_to_the_file_store_without_the_token(with_files, client, canvas,
                                                          lms_token):
    push(client, lms_token, asset_names=[NOTES])

    store = urlsplit(canvas.file_store_url).netloc
    sent = [c for c in canvas.calls if c.path.startswith("/files_api/upload/")]
    assert len(sent) == 2
    for call in sent:
        assert call.headers.get("Host") == store != urlsplit(canvas.base_url).netloc
        assert "Authorization" not in call.headers
        assert "Cookie" not in call.headers
    confirmations = canvas.calls_to("GET", "/create_success")
    assert len(confirmations) == 2
    assert all(c.headers["Authorization"].startswith("Bearer ") for c in confirmations)


def test_a_retry_uploads_nothing_twice(with_files, client, canvas, lms_token):
    canvas.fail_next(400, path="/pages", method="POST")
    failed = push(client, lms_token, asset_names=[QUIZ, NOTES], headers=KEY)
    assert failed.status_code == 502
    uploads = len(canvas.calls_to("POST", "/files_api/upload/"))

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES], headers=KEY)

    assert answer.status_code == 200, answer.json
    assert len(canvas.calls_to("POST", "/files_api/upload/")) == uploads == 2
    assert len(canvas.files) == 2


def test_a_push_without_files_makes_no_upload(client, canvas, lms_token):
    push(client, lms_token)

    assert canvas.files == {}
    assert canvas.calls_to("POST", "/files") == []


def test_progress_counts_each_upload_step(with_files, app, canvas, lms_token):
    from lms_export_blueprint.export import send_push

    from .test_progress import _prepared
    state, prepared = _prepared(app, lms_token, [NOTES])
    sent_before = len(canvas.calls)
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(canvas.calls) - sent_before
    # three steps planned per image or file; missing.png, not to be had, passes its three
    total = requests + 3
    assert seen == [(done, total) for done in range(total + 1)]
