"""The throttle: a leaky bucket per token with an up-front cost (request_throttle.rb)."""

from __future__ import annotations

import threading

import pytest
import requests

from lms_export_blueprint.testing.canvas import Throttle


def test_every_answer_carries_cost_and_remaining_budget(api):
    answer = api.get("/api/v1/users/self")

    assert float(answer.headers["X-Request-Cost"]) >= 0
    assert float(answer.headers["X-Rate-Limit-Remaining"]) <= 600


def test_serial_requests_are_not_throttled_at_canvas_defaults(api):
    statuses = {api.get("/api/v1/users/self").status_code for _ in range(200)}

    assert statuses == {200}


def test_a_full_bucket_is_refused_with_canvas_403_text(canvas, api):
    canvas.throttle.cost = 700.0  # one expensive request fills the bucket past the mark
    api.get("/api/v1/users/self")

    refused = api.get("/api/v1/users/self")

    assert refused.status_code == 403
    assert refused.text == "403 Forbidden (Rate Limit Exceeded)\n"
    assert refused.headers["X-Rate-Limit-Remaining"] == "0.0"
    assert "X-Request-Cost" not in refused.headers
    assert "Retry-After" not in refused.headers


def test_the_throttle_counts_its_refusals_but_not_injected_ones(canvas, api):
    canvas.throttle.cost = 700.0
    api.get("/api/v1/users/self")
    canvas.rate_limit_next()

    statuses = [api.get("/api/v1/users/self").status_code for _ in range(3)]

    assert statuses == [403, 403, 403]
    assert canvas.throttle.refused == 2


def test_the_bucket_drains_at_the_outflow_rate(canvas, api):
    canvas.throttle.cost = 650.0
    api.get("/api/v1/users/self")
    canvas.throttle.cost = 0.0

    canvas.clock.advance(11)  # 650 - 11 s x 10/s = 540; plus 50 up front = 590 < 600

    assert api.get("/api/v1/users/self").status_code == 200


def test_the_up_front_cost_counts_against_the_mark(canvas, api):
    canvas.throttle.cost = 650.0
    api.get("/api/v1/users/self")
    canvas.throttle.cost = 0.0

    canvas.clock.advance(6)  # 650 - 60 = 590; plus 50 up front = 640 >= 600

    assert api.get("/api/v1/users/self").status_code == 403


def test_the_429_mode_answers_429(canvas, api):
    canvas.throttle.status, canvas.throttle.cost = 429, 700.0
    api.get("/api/v1/users/self")

    refused = api.get("/api/v1/users/self")

    assert refused.status_code == 429
    assert refused.text == "429 Too Many Requests (Rate Limit Exceeded)\n"


def test_each_token_has_its_own_bucket(canvas, api):
    canvas.throttle.cost = 700.0
    api.get("/api/v1/users/self")
    other = canvas.add_user("Other")

    answer = requests.get(canvas.base_url + "/api/v1/users/self",
                          headers={"Authorization": f"Bearer {other}"})

    assert answer.status_code == 200


def test_parallel_requests_fill_the_bucket_with_their_up_front_cost(live_canvas):
    token = live_canvas.add_user("Busy")
    live_canvas.latency = 0.5  # every request stays in flight long enough to overlap
    statuses: list[int] = []
    start_together = threading.Barrier(16)

    def call() -> None:
        start_together.wait()
        answer = requests.get(live_canvas.base_url + "/api/v1/users/self",
                              headers={"Authorization": f"Bearer {token}"}, timeout=10)
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # 12 x 50 up front reaches the 600 mark: the 12th and later concurrent requests are refused.
    assert statuses.count(403) >= 1
    assert statuses.count(200) >= 1


def test_a_disabled_throttle_only_measures():
    throttle = Throttle(enabled=False, cost=1000.0)
    throttle.release("t", throttle.cost or 0, 0.0)

    assert throttle.reserve("t", 0.0) is True


def test_remaining_is_the_high_water_mark_minus_what_the_bucket_holds(canvas, api):
    canvas.throttle.cost = 100.0

    first, second = api.get("/api/v1/users/self"), api.get("/api/v1/users/self")

    assert first.headers["X-Request-Cost"] == "100.0"
    assert (float(first.headers["X-Rate-Limit-Remaining"]),
            float(second.headers["X-Rate-Limit-Remaining"])) == pytest.approx((500, 400), abs=1)
