"""Measurement 1: LMS calls and new TCP connections per push (counted, not timed)."""

from __future__ import annotations

from typing import Any

import requests

from bench.content import BENCH_COURSE, push_body
from bench.lms import EMAIL, PASSWORD, CountingLMS
from bench.servers import werkzeug_threaded
from bench.wsgi_host import make_host_app

BEARER = {"Authorization": "Bearer demo-teacher-token"}
STEADY_PUSHES = 50
LOGIN_CYCLES = 20


def login(session: requests.Session, url: str) -> str:
    answer = session.post(url + "/api/login-lms", json={"email": EMAIL, "password": PASSWORD},
                          headers=BEARER, timeout=30)
    answer.raise_for_status()
    return answer.json()["data"]["token"]


def push(session: requests.Session, url: str, token: str, course: str = BENCH_COURSE) -> None:
    answer = session.post(f"{url}/api/courses/{course}/push-to-lms", json=push_body(course),
                          headers={**BEARER, "X-LMS-Token": token}, timeout=60)
    assert answer.status_code == 200, answer.text


def counted(lms: CountingLMS, action: Any) -> tuple[int, int]:
    calls, connections = lms.snapshot()
    action()
    after_calls, after_connections = lms.snapshot()
    return after_calls - calls, after_connections - connections


def measure() -> dict[str, Any]:
    """Through the example host app on werkzeug (threaded, one process)."""
    rows: dict[str, list[tuple[int, int]]] = {}
    with CountingLMS() as lms:
        app = make_host_app(lms.base_url)
        with werkzeug_threaded(app) as url, requests.Session() as session:
            token_box: list[str] = []
            rows["login (first request of the app)"] = [
                counted(lms, lambda: token_box.append(login(session, url)))]
            token = token_box[0]
            rows["first push after the first login"] = [
                counted(lms, lambda: push(session, url, token))]
            rows["steady-state push"] = [counted(lms, lambda: push(session, url, token))
                                         for _ in range(STEADY_PUSHES)]
            after_login = []
            for _ in range(LOGIN_CYCLES):
                fresh = login(session, url)
                after_login.append(counted(lms, lambda fresh=fresh: push(session, url, fresh)))
            rows["push right after a login"] = after_login
            foreign = lms.issue_token(EMAIL)  # a token the extension never saw
            rows["push with a token the store never saw (first)"] = [
                counted(lms, lambda: push(session, url, foreign))]
            rows["push with that token again"] = [counted(lms, lambda: push(session, url, foreign))]
            validate_calls = len(lms.calls_to("GET", "/auth/validate"))
    return {"rows": {name: {"pushes": len(values),
                            "calls": sorted({c for c, _ in values}),
                            "calls_median": sorted(c for c, _ in values)[len(values) // 2],
                            "new_connections": sorted({n for _, n in values}),
                            "new_connections_total": sum(n for _, n in values)}
                     for name, values in rows.items()},
            "validate_calls_total": validate_calls}


def table(result: dict[str, Any]) -> str:
    lines = ["| situation | pushes | LMS calls per push (median; all values seen) | "
             "new TCP connections to the LMS per push (values seen; total) |",
             "|---|---:|---|---|"]
    for name, row in result["rows"].items():
        lines.append(f"| {name} | {row['pushes']} | {row['calls_median']} ({row['calls']}) | "
                     f"{row['new_connections']}; {row['new_connections_total']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
