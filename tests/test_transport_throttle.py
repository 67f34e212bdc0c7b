"""A throttle refusal that says "now" (``Retry-After: 0`` or a date past) is not resent as
fast as the LMS can answer: the backoff has a floor, and when the deadline leaves no room for
another try the answer is a 429, not a 504 (issue 18 item 12; docs/failure-behaviour.md)."""

from __future__ import annotations

import pytest
from hostile_lms import Drip, HostileLMS, http_answer, json_answer

from lms_export_blueprint.config import LMSConfig, set_defaults
from lms_export_blueprint.errors import LMSError, LMSRateLimited
from lms_export_blueprint.providers.canvas.errors import CanvasDialect
from lms_export_blueprint.transport import Call, Transport


def transport_for(lms: HostileLMS) -> Transport:
    settings = {"LMS_BASE_URL": lms.base_url, "LMS_DEADLINE": 1.0, "LMS_TIMEOUT": 0.5,
                "LMS_RETRY_BACKOFF": 0.05, "LMS_RETRY_MAX_WAIT": 0.4}
    set_defaults(settings)
    return Transport(LMSConfig.from_mapping(settings))


@pytest.mark.parametrize("retry_after", ["0", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_a_throttle_saying_now_is_paced_and_ends_as_a_429(retry_after):
    with HostileLMS() as lms:
        lms.on("GET", "/things", json_answer(429, {"message": "slow down"},
                                             {"Retry-After": retry_after}))
        call = Call("GET", "/things", 0.5, repeat_safe=True, token="t", dialect=CanvasDialect())

        with pytest.raises(LMSRateLimited):
            transport_for(lms).exchange(call)

        # waits of 0.025, 0.05, 0.1, 0.2, 0.2, ... fit about eight tries into one second;
        # without the floor it was hundreds, and a 504
        assert 3 <= len(lms.seen_at("/things")) <= 12


def test_a_deadline_that_runs_out_during_the_try_after_a_throttle_is_its_429(monkeypatch):
    # The try after the wait is cut by the deadline: the LMS's last word was "throttled",
    # so the client hears 429 (docs/canvas.md: "Out of time, it is a 429"), not 504
    answers = iter([json_answer(429, {}, {"Retry-After": "0"})])
    drip = Drip(http_answer(200, {"late": "x" * 200}), interval=0.05)

    def script(handler):
        next(answers, drip)(handler)

    with HostileLMS() as lms:
        lms.on("GET", "/things", script)
        call = Call("GET", "/things", 0.5, repeat_safe=True, token="t", dialect=CanvasDialect())

        with pytest.raises(LMSRateLimited):
            transport_for(lms).exchange(call)
        assert drip.cut_off.wait(timeout=5)


def test_a_call_that_must_not_be_resent_is_tried_once_after_a_503():
    # A create on an LMS that ignores Idempotency-Key: the caller looks before sending again
    with HostileLMS() as lms:
        lms.on("POST", "/things", json_answer(503, {"message": "busy"}))
        call = Call("POST", "/things", 0.5, repeat_safe=True, token="t", resend=False)

        with pytest.raises(LMSError):
            transport_for(lms).exchange(call)

        assert len(lms.seen_at("/things")) == 1


def test_a_call_that_must_not_be_resent_still_waits_out_a_throttle():
    # A throttle refuses before the LMS acts (request_throttle.rb): nothing can have been made
    answers = iter([json_answer(403, {"errors": [{"message": "403 Forbidden (Rate Limit "
                                                             "Exceeded)"}]})])

    def script(handler):
        next(answers, json_answer(200, {"id": 1}))(handler)

    with HostileLMS() as lms:
        lms.on("POST", "/things", script)
        call = Call("POST", "/things", 0.5, repeat_safe=False, token="t",
                    dialect=CanvasDialect(), resend=False)

        answer = transport_for(lms).exchange(call)

        assert answer.body == {"id": 1}
        assert len(lms.seen_at("/things")) == 2
