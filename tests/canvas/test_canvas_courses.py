"""Accounts and courses: creating in an account needs permission; enroll_me makes a teacher."""

from __future__ import annotations

import requests


def test_an_account_admin_creates_a_course_and_is_enrolled_with_enroll_me(canvas, api, teacher):
    created = api.post(f"/api/v1/accounts/{canvas.account_id}/courses",
                       data={"course[name]": "Biology 101", "enroll_me": "true"})

    assert created.status_code == 200
    course = created.json()
    assert (course["name"], course["workflow_state"]) == ("Biology 101", "unpublished")
    assert canvas.user_id(teacher) in canvas.courses[course["id"]]["teachers"]
    assert api.get(f"/api/v1/courses/{course['id']}").status_code == 200


def test_without_enroll_me_the_creator_is_not_a_teacher(canvas, api, teacher):
    course = api.post(f"/api/v1/accounts/{canvas.account_id}/courses",
                      json={"course": {"name": "Chemistry"}}).json()

    assert canvas.user_id(teacher) not in canvas.courses[course["id"]]["teachers"]


def test_a_user_without_permission_in_the_account_cannot_create_a_course(canvas):
    plain_teacher = canvas.add_user("No Admin")

    answer = requests.post(f"{canvas.base_url}/api/v1/accounts/{canvas.account_id}/courses",
                           headers={"Authorization": f"Bearer {plain_teacher}"},
                           data={"course[name]": "X", "enroll_me": "true"})

    assert answer.status_code == 401
    assert "WWW-Authenticate" not in answer.headers
    assert canvas.courses == {}


def test_an_unknown_account_is_404(api):
    answer = api.post("/api/v1/accounts/999/courses", data={"course[name]": "X"})

    assert answer.status_code == 404
    assert answer.json() == {"errors": [{"message": "The specified resource does not exist."}]}


def test_put_course_renames_and_offers_it(api, course_id):
    answer = api.put(f"/api/v1/courses/{course_id}",
                     data={"course[name]": "Biology II", "course[event]": "offer"})

    assert answer.status_code == 200
    assert (answer.json()["name"], answer.json()["workflow_state"]) == ("Biology II", "available")


def test_the_course_list_holds_only_the_teachers_courses(canvas, api, teacher):
    mine = canvas.add_course("Mine", teacher=teacher)
    canvas.add_course("Someone else's", teacher=canvas.add_user("Other"))

    assert [c["id"] for c in api.get("/api/v1/courses").json()] == [mine]
