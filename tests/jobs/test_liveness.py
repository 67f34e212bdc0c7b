"""A running job's heartbeat and the bound on a lost one, on a fake clock (the real killed
worker is in test_rq_liveness.py)."""

from __future__ import annotations

import pytest
from conftest import create_app

from lms_export_blueprint.jobs.liveness import WORKER_LOST, Heartbeat, end_if_lost
from lms_export_blueprint.jobs.records import QUEUED, RUNNING, JobRecord, MemoryJobStore

STARTED = 1_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = STARTED

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store():
    return MemoryJobStore()


def _running(store, job_id: str = "j" * 43) -> JobRecord:
    record = JobRecord(job_id, "teacher-1", "push", status=RUNNING, queued_at=STARTED - 5,
                       started_at=STARTED)
    store.save(record)
    return record


def _look(store, record, clock, lost_after: float = 90) -> JobRecord:
    return end_if_lost(store, record, lost_after=lost_after, result_ttl=60, clock=clock)


def test_a_job_whose_worker_beats_stays_running(store):
    clock, record = Clock(), _running(store)
    for _ in range(10):  # 10 beats, 30 s apart: 300 s of a long push
        clock.now += 30
        store.beat(record.job_id, clock.now)

    assert _look(store, record, clock).status == RUNNING


def test_a_job_whose_heartbeat_stopped_fails_once_lost_after_passed(store):
    clock, record = Clock(), _running(store)
    store.beat(record.job_id, clock.now)

    clock.now += 90
    at_the_bound = _look(store, record, clock).status
    clock.now += 0.5
    after = _look(store, record, clock)

    assert at_the_bound == RUNNING
    assert after.status == "failed" and after.error == {"detail": WORKER_LOST, "status": 500}
    assert store.load(record.job_id).status == "failed"  # for every later look too


def test_a_running_job_that_never_beat_counts_from_its_start(store):
    clock, record = Clock(), _running(store)

    clock.now += 91

    assert _look(store, record, clock).status == "failed"


def test_the_bound_is_the_configured_one(store):
    clock, record = Clock(), _running(store)
    store.beat(record.job_id, clock.now)

    clock.now += 31

    assert _look(store, record, clock, lost_after=60).status == RUNNING
    assert _look(store, record, clock, lost_after=30).status == "failed"


def test_a_queued_job_is_not_ended_by_the_heartbeat(store):
    clock = Clock()
    record = JobRecord("q" * 43, "teacher-1", "push", status=QUEUED, queued_at=STARTED)
    store.save(record)

    clock.now += 10_000

    assert _look(store, record, clock).status == QUEUED


def test_a_finished_job_keeps_its_outcome(store):
    clock, record = Clock(), _running(store)
    record.status, record.result = "succeeded", {"success": True}
    store.save(record)

    clock.now += 1000

    assert _look(store, _running_copy(record), clock).status == "succeeded"


def _running_copy(record: JobRecord) -> JobRecord:
    """What a poll read just before the job finished."""
    return JobRecord(record.job_id, record.user_id, record.kind, status=RUNNING,
                     started_at=record.started_at, queued_at=record.queued_at)


def test_the_heartbeat_beats_as_it_starts_and_a_failing_store_does_not_stop_the_job(store):
    clock = Clock()

    class DownStore(MemoryJobStore):
        def beat(self, job_id: str, at: float) -> None:
            raise ConnectionError("Redis is restarting")

    with Heartbeat(store, "j" * 43, lost_after=90, clock=clock):
        beaten = store.last_beat("j" * 43)
    with Heartbeat(DownStore(), "k" * 43, lost_after=90, clock=clock):
        pass  # the job goes on

    assert beaten == STARTED


def test_lms_jobs_lost_after_defaults_to_90_seconds_and_is_checked():
    app = create_app({"TESTING": True})

    assert app.extensions["lms_export"].state(app).config.jobs_lost_after == 90
    with pytest.raises(ValueError, match="LMS_JOBS_LOST_AFTER"):
        create_app({"LMS_JOBS_LOST_AFTER": 0})


def test_a_job_beats_before_anyone_can_see_it_running(app, client, lms_token):
    from job_support import push_async, wait_for

    engine = app.extensions["lms_export"].jobs(app)
    job_id = push_async(client, lms_token).json["job_id"]
    finished = wait_for(client, job_id)
    engine.shutdown()

    assert finished["status"] == "succeeded"
    assert engine.store.last_beat(job_id) is not None
