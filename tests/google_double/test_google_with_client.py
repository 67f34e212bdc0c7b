"""The real google-api-python-client against ``live_google``: the double takes what Google's
own client sends, built from the discovery documents the client bundles."""

from __future__ import annotations

import json
from pathlib import Path

import googleapiclient
import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload


@pytest.fixture
def teacher(live_google) -> str:
    return live_google.add_user("Ada Teacher", email="ada@school.example.edu")


DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


def service(live_google, teacher: str, name: str, version: str):
    """The service from the document the client bundles, its ``rootUrl`` pointed at the
    double (the client builds upload URLs from ``rootUrl``, not from ``api_endpoint``)."""
    document = json.loads((DOCUMENTS / f"{name}.{version}.json").read_text())
    document["rootUrl"] = live_google.base_url + "/"
    return build_from_document(document, credentials=Credentials(teacher))


@pytest.fixture
def classroom(live_google, teacher):
    return service(live_google, teacher, "classroom", "v1")


@pytest.fixture
def forms(live_google, teacher):
    return service(live_google, teacher, "forms", "v1")


@pytest.fixture
def drive(live_google, teacher):
    return service(live_google, teacher, "drive", "v3")


def test_the_client_reads_the_teachers_profile(classroom):
    profile = classroom.userProfiles().get(userId="me").execute()

    assert profile["name"]["fullName"] == "Ada Teacher"
    assert profile["emailAddress"] == "ada@school.example.edu"


def test_the_client_creates_a_course_owned_by_the_teacher(classroom, live_google):
    course = classroom.courses().create(body={"name": "Biology", "ownerId": "me",
                                              "courseState": "ACTIVE"}).execute()

    assert classroom.courses().get(id=course["id"]).execute()["name"] == "Biology"
    assert live_google.courses[course["id"]]["course"]["courseState"] == "ACTIVE"


def test_the_client_builds_a_quiz_in_one_batch_update_that_grades_right(forms, live_google):
    form = forms.forms().create(body={"info": {"title": "Cells"}}).execute()
    forms.forms().batchUpdate(formId=form["formId"], body={"requests": [
        {"updateSettings": {"settings": {"quizSettings": {"isQuiz": True},
                                         "emailCollectionType": "VERIFIED"},
                            "updateMask": "quizSettings.isQuiz,emailCollectionType"}},
        {"createItem": {"location": {"index": 0}, "item": {
            "title": "Which organelle makes ATP?",
            "questionItem": {"question": {
                "grading": {"pointValue": 2,
                            "correctAnswers": {"answers": [{"value": "Mitochondrion"}]},
                            "whenRight": {"text": "Yes."}},
                "choiceQuestion": {"type": "RADIO", "shuffle": True, "options": [
                    {"value": "Nucleus"}, {"value": "Mitochondrion"}]}}}}}},
        {"createItem": {"location": {"index": 1}, "item": {
            "title": "Pick the gases.", "questionItem": {"question": {
                "grading": {"pointValue": 1, "correctAnswers": {"answers": [
                    {"value": "O2"}, {"value": "CO2"}]}},
                "choiceQuestion": {"type": "CHECKBOX", "options": [
                    {"value": "O2"}, {"value": "Fe"}, {"value": "CO2"}]}}}}}},
    ]}).execute()
    forms.forms().setPublishSettings(formId=form["formId"], body={"publishSettings": {
        "publishState": {"isPublished": True, "isAcceptingResponses": True}}}).execute()

    held = forms.forms().get(formId=form["formId"]).execute()
    assert held["settings"] == {"quizSettings": {"isQuiz": True},
                                "emailCollectionType": "VERIFIED"}
    assert live_google.grade(form["formId"], {"Which organelle makes ATP?": "Mitochondrion",
                                              "Pick the gases.": ["CO2", "O2"]}) == 3
    assert live_google.grade(form["formId"], {"Which organelle makes ATP?": "Nucleus",
                                              "Pick the gases.": ["O2"]}) == 0


def test_the_client_hands_out_a_form_as_an_assignment(classroom, forms, live_google):
    course = classroom.courses().create(body={"name": "Biology", "ownerId": "me"}).execute()
    form = forms.forms().create(body={"info": {"title": "Cells"}}).execute()

    work = classroom.courses().courseWork().create(courseId=course["id"], body={
        "title": "Cells", "workType": "ASSIGNMENT", "maxPoints": 3, "state": "PUBLISHED",
        "dueDate": {"year": 2027, "month": 1, "day": 15}, "dueTime": {"hours": 23},
        "materials": [{"link": {"url": form["responderUri"]}}]}).execute()

    assert work["materials"][0]["form"]["formUrl"] == form["responderUri"]
    assert work["state"] == "PUBLISHED"


def test_the_client_uploads_html_that_becomes_a_google_doc_and_replaces_it(drive, live_google):
    created = drive.files().create(
        body={"name": "Lesson notes", "mimeType": "application/vnd.google-apps.document",
              "appProperties": {"lmsExportAsset": "lesson-notes"}},
        media_body=MediaInMemoryUpload(b"<h1>v1</h1>", mimetype="text/html"),
        fields="id,mimeType").execute()
    drive.files().update(fileId=created["id"],
                         media_body=MediaInMemoryUpload(b"<h1>v2</h1>", mimetype="text/html")
                         ).execute()
    found = drive.files().list(
        q="appProperties has { key='lmsExportAsset' and value='lesson-notes' }",
        fields="files(id,appProperties)").execute()

    assert created["mimeType"] == "application/vnd.google-apps.document"
    assert live_google.document(created["id"])["content"] == "<h1>v2</h1>"
    assert [file["id"] for file in found["files"]] == [created["id"]]


def test_the_double_refuses_a_field_the_discovery_document_does_not_know(classroom):
    with pytest.raises(HttpError) as refused:
        classroom.courses().create(body={"name": "Biology", "ownerId": "me",
                                         "colour": "green"}).execute()

    assert refused.value.status_code == 400
    assert 'Unknown name "colour"' in str(refused.value)


def test_the_client_files_a_doc_as_material_under_a_topic(classroom, drive, live_google):
    course = classroom.courses().create(body={"name": "Biology", "ownerId": "me"}).execute()
    topic = classroom.courses().topics().create(courseId=course["id"],
                                                body={"name": " Week  1 "}).execute()
    doc = drive.files().create(
        body={"name": "Notes", "mimeType": "application/vnd.google-apps.document"},
        media_body=MediaInMemoryUpload(b"<p>Notes</p>", mimetype="text/html")).execute()

    material = classroom.courses().courseWorkMaterials().create(courseId=course["id"], body={
        "title": "Notes", "state": "PUBLISHED", "topicId": topic["topicId"],
        "materials": [{"driveFile": {"driveFile": {"id": doc["id"]}, "shareMode": "VIEW"}}],
    }).execute()
    listed = classroom.courses().courseWorkMaterials().list(
        courseId=course["id"], materialDriveId=doc["id"]).execute()

    assert topic["name"] == "Week 1"
    assert [item["id"] for item in listed["courseWorkMaterial"]] == [material["id"]]
