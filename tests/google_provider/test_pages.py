"""A page becomes a Google Doc made from its HTML, handed out as course material; pushed again,
that Doc's content is replaced (found by its appProperties mark, never by title)."""

from __future__ import annotations

from .conftest import NOTES, push


def material_doc(google, course_id, material_id):
    material = google.materials[course_id][material_id]
    return google.document(material["materials"][0]["driveFile"]["driveFile"]["id"])


def test_a_page_is_a_google_doc_made_from_its_html(client, google, lms_token):
    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 200, answer.json
    data = answer.json["data"]
    material = google.materials[data["lms_course_id"]][data["lms_content_ids"][0]]
    assert material["state"] == "PUBLISHED"
    assert material["title"] == "Light and dark reactions"
    assert material["materials"][0]["driveFile"]["shareMode"] == "VIEW"
    doc = material_doc(google, data["lms_course_id"], data["lms_content_ids"][0])
    assert doc["mimeType"] == "application/vnd.google-apps.document"
    assert doc["importedFrom"] == "text/html"
    assert "<h2>Light reactions</h2>" in doc["content"]
    assert doc["appProperties"]["lmsExportCourse"] == data["lms_course_id"]


def test_a_page_pushed_again_replaces_that_docs_content(client, google, lms_token,
                                                        monkeypatch):
    from host_app import COURSES

    first = push(client, lms_token, asset_names=[NOTES], publish=False)
    course_id = first.json["data"]["lms_course_id"]
    notes = COURSES["bio-101"]["assets"][NOTES]
    monkeypatch.setitem(notes, "asset_content", {"title": "Light and dark reactions",
                                                 "body": "<p>Second edition.</p>"})

    second = push(client, lms_token, asset_names=[NOTES], lms_course_id=course_id)

    assert second.status_code == 200, second.json
    assert second.json["data"]["lms_content_ids"] == first.json["data"]["lms_content_ids"]
    docs = [file for file in google.files.values()
            if file["mimeType"] == "application/vnd.google-apps.document"]
    assert len(docs) == 1
    assert "Second edition." in docs[0]["content"]
    assert len(google.materials[course_id]) == 1


def test_a_teachers_own_doc_of_the_same_title_is_never_touched(client, google, lms_token,
                                                               teacher):
    course_id = google.add_course("Biology", teacher=teacher)
    own = google.new_file_id()
    google.files[own] = {"id": own, "name": "Light and dark reactions",
                         "mimeType": "application/vnd.google-apps.document",
                         "owner": google.user_id(teacher), "appProperties": {},
                         "content": "<p>mine</p>"}

    push(client, lms_token, asset_names=[NOTES], lms_course_id=course_id)

    assert google.files[own]["content"] == "<p>mine</p>"
    assert len(google.files) == 2


def test_a_lost_upload_answer_is_found_by_its_mark_on_retry(client, google, lms_token):
    key = {"Idempotency-Key": "page-1"}
    google.timeout_next(path="/upload/drive/v3/files", after_processing=True)
    first = push(client, lms_token, asset_names=[NOTES], headers=key)

    second = push(client, lms_token, asset_names=[NOTES], headers=key)

    assert (first.status_code, second.status_code) == (504, 200)
    assert len(google.files) == 1


def test_an_image_by_a_relative_path_is_named_in_the_warnings(client, lms_token, add_asset):
    add_asset("figures", {"title": "Figures", "body": '<p><img src="img/leaf.png"></p>'},
              asset_type="notes")

    answer = push(client, lms_token, asset_names=["figures"])

    assert answer.status_code == 200, answer.json
    assert ("figures: image 'img/leaf.png' not carried: the Google Doc shows only images "
            "with a public URL") in answer.json["data"]["warnings"]
