"""What the pacer learns from Canvas's headers is clamped to request_throttle.rb's bucket and
forgotten once the bucket would have drained (issue 18 item 3): one poisoned
``X-Rate-Limit-Remaining`` never blocks a token for good. A fake clock, no sleeps."""

from __future__ import annotations

import pytest

from lms_export_blueprint.errors import LMSRateLimited
from lms_export_blueprint.providers.canvas.pacing import FORGET_AFTER, Pacer
from lms_export_blueprint.retry import operation_deadline


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pacer(clock) -> Pacer:
    return Pacer(deadline_seconds=60, clock=clock)


@pytest.mark.parametrize("poison", ["-1e308", "-1e30", "-9999"])
def test_a_remaining_below_the_buckets_floor_costs_at_most_a_full_drain(pacer, clock, poison):
    pacer.heard("token", {"X-Rate-Limit-Remaining": poison})

    # remaining = hwm - count >= 600 - 800: 50 up front + 200 over the mark, drained at 10/s
    assert pacer.wait_for("token", clock.now) == pytest.approx(25.0)


@pytest.mark.parametrize("poison", ["-inf", "inf", "nan", "NaN", "1e999"])
def test_a_remaining_that_is_no_finite_number_is_not_learned(pacer, clock, poison):
    pacer.heard("token", {"X-Rate-Limit-Remaining": poison})

    assert pacer.wait_for("token", clock.now) == 0.0


def test_a_cost_beyond_the_room_above_the_mark_is_clamped(pacer, clock):
    pacer.heard("token", {"X-Rate-Limit-Remaining": "0", "X-Request-Cost": "1e308"})

    assert pacer.wait_for("token", clock.now) == pytest.approx((50 + 200) / 10)


def test_a_negative_cost_is_no_credit(pacer, clock):
    pacer.heard("token", {"X-Rate-Limit-Remaining": "10", "X-Request-Cost": "-1e308"})

    assert pacer.wait_for("token", clock.now) == pytest.approx((50 - 10) / 10)


def test_what_was_heard_is_forgotten_once_the_bucket_drained(pacer, clock):
    pacer.heard("token", {"X-Rate-Limit-Remaining": "-1e308"})
    clock.now += FORGET_AFTER

    assert pacer.wait_for("token", clock.now) == 0.0
    assert pacer._budgets == {}


def test_old_budgets_of_other_tokens_do_not_pile_up(pacer, clock):
    for number in range(50):
        pacer.heard(f"token-{number}", {"X-Rate-Limit-Remaining": "100"})
    clock.now += FORGET_AFTER

    pacer.heard("fresh", {"X-Rate-Limit-Remaining": "100"})

    assert len(pacer._budgets) == 1


def test_a_wait_past_the_deadline_is_a_429_at_once_not_a_504_after_it(clock, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("lms_export_blueprint.providers.canvas.pacing.time.sleep",
                        slept.append)
    pacer = Pacer(deadline_seconds=5, clock=clock)
    pacer.heard("token", {"X-Rate-Limit-Remaining": "-150"})  # 20 s of drain needed

    with operation_deadline(5), pytest.raises(LMSRateLimited) as refused:
        pacer.wait_turn("token")

    assert slept == []
    assert refused.value.headers["Retry-After"] == "20"


def test_a_wait_inside_the_deadline_is_slept(clock, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("lms_export_blueprint.providers.canvas.pacing.time.sleep",
                        slept.append)
    pacer = Pacer(deadline_seconds=60, clock=clock)
    pacer.heard("token", {"X-Rate-Limit-Remaining": "30"})

    pacer.wait_turn("token")

    assert slept == [pytest.approx(2.0)]
