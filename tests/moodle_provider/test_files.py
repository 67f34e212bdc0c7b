"""Images in a pushed quiz are embedded in its Moodle XML; a page cannot take them: a warning."""

from __future__ import annotations

import base64

from host_app import COURSES, lms_export

from lms_export_blueprint.formats.moodle import format_moodle

from .conftest import NOTES, QUIZ, push

ASSETS = COURSES["bio-101"]["assets"]
#: A 1x1 transparent GIF.
GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _quiz_with(monkeypatch, text: str) -> None:
    content = ASSETS[QUIZ]["asset_content"]
    first = {**content["questions"][0], "text": text}
    monkeypatch.setitem(ASSETS[QUIZ], "asset_content",
                        {**content, "questions": [first, *content["questions"][1:]]})


def test_a_data_image_is_embedded_as_moodle_xml_embeds_files(client, moodle, manager,
                                                             lms_token, monkeypatch):
    _quiz_with(monkeypatch, f'<p>Which leaf?</p><img src="data:image/gif;base64,{GIF}" alt="">')
    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    sent = next(call for call in moodle.calls
                if call.function == "local_lmsexport_import_quiz").params["questionsxml"]

    assert "@@PLUGINFILE@@/" in sent and "data:image" not in sent
    assert f'encoding="base64">{GIF}</file>' in sent
    assert data["warnings"] == []
    quiz = moodle.modules[int(data["lms_content_ids"][0])]
    assert "@@PLUGINFILE@@/" in quiz["questions"][0]["questiontext"]


def test_without_files_the_quiz_is_the_moodle_formats_very_bytes(client, moodle, manager,
                                                                 lms_token):
    push(client, lms_token, asset_names=[QUIZ])
    sent = next(call for call in moodle.calls if call.function == "local_lmsexport_import_quiz")
    assert sent.params["questionsxml"] == format_moodle(ASSETS[QUIZ])


def test_a_relative_image_the_host_loads_is_embedded(client, moodle, manager, lms_token,
                                                      monkeypatch):
    _quiz_with(monkeypatch, '<p>Which leaf?</p><img src="images/leaf.gif" alt="leaf">')
    seen = []

    def file_loader(course_id, path):
        seen.append((course_id, path))
        return {"filename": "leaf.gif", "content_type": "image/gif",
                "data": base64.b64decode(GIF)}
    monkeypatch.setattr(lms_export.shared_loaders, "file", file_loader)

    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    sent = next(call for call in moodle.calls
                if call.function == "local_lmsexport_import_quiz").params["questionsxml"]
    assert seen == [("bio-101", "images/leaf.gif")]
    assert f'encoding="base64">{GIF}</file>' in sent and "images/leaf.gif" not in sent
    assert data["warnings"] == []


def test_a_relative_image_without_a_loader_is_a_warning(client, moodle, manager, lms_token,
                                                        monkeypatch):
    _quiz_with(monkeypatch, '<p>Which leaf?</p><img src="images/leaf.png" alt="leaf">')
    data = push(client, lms_token, asset_names=[QUIZ]).json["data"]
    assert len(data["warnings"]) == 1
    assert data["warnings"][0].startswith("photosynthesis-quiz: question 1: file ")


def test_a_page_with_an_image_lands_with_a_warning(client, moodle, manager, lms_token,
                                                   monkeypatch):
    monkeypatch.setitem(ASSETS[NOTES], "asset_content", {
        "title": "Leaves", "body": f'<p>A leaf:</p><img src="data:image/gif;base64,{GIF}">'})
    data = push(client, lms_token, asset_names=[NOTES]).json["data"]
    assert data["warnings"] == [
        "lesson-notes: images or files left out: a Moodle page cannot carry them (only absolute "
        "http(s) links stay)"]
