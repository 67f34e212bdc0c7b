"""The benchmarks' own harness still drives the extension (never timed here: BENCHMARKS.md is).

The instant-LMS adapter of bench/own_work.py broke unseen when the transport began streaming
answers; running one push through it here keeps the benchmark runnable.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bench.content import BENCH_COURSE
from bench.own_work import measure_one


def test_the_own_work_harness_pushes_through_the_extension_with_one_lms_call_each():
    row = measure_one(BENCH_COURSE, "lms_standard", repeats=1)

    assert row["lms_calls_per_push"] == 1
    assert row["assets"] == 10


def test_the_phase_recorder_splits_a_floor_push_at_its_one_lms_call(monkeypatch):
    from requests.adapters import HTTPAdapter
    from werkzeug.test import Client

    from bench.lms import EMAIL, CountingLMS
    from bench.wsgi_floor import make_floor_app, pooled
    from bench.wsgi_phases import PHASES_PATH, timed

    monkeypatch.setattr(HTTPAdapter, "send", HTTPAdapter.send)  # timed() replaces it
    with CountingLMS(latency=0.05) as lms:
        client = Client(timed(make_floor_app(lms.base_url, pooled(), BENCH_COURSE)))
        pushed = client.post("/floor", headers={"X-LMS-Token": lms.issue_token(EMAIL)})
        (record,) = client.get(PHASES_PATH).json

    assert pushed.status_code == 201
    assert record["call"] >= 50  # the LMS's latency, in ms
    assert record["whole"] >= record["before"] + record["call"] + record["after"] - 0.01
    assert client.get(PHASES_PATH).json == []  # read once


def test_the_replayed_content_work_parses_once_and_is_undone_after(monkeypatch):
    from bench import phases
    from lms_export_blueprint import export

    parse = export.parse_items
    parsed = []

    def counted(assets):
        parsed.append(1)
        return parse(assets)

    monkeypatch.setattr(export, "parse_items", counted)
    monkeypatch.setattr(phases, "IDLE_ROUNDS", 1)
    monkeypatch.setattr(phases, "IDLE_PER_ROUND", 2)
    with phases.content_work_replayed():
        timed = phases.after_idle(idle=0.001)

    assert len(parsed) == 1  # the first push parsed; the other four were replayed
    assert set(timed) == {"extension", "floor"}
    assert export.parse_items is counted  # what it was before the experiment


def test_the_content_work_bench_times_each_part_of_the_push_s_content_work():
    from bench.content_work import measure

    result = measure(number=1, repeat=1)

    assert len(result) == 5 and all(micros > 0 for micros in result.values())
    assert result["all of it"] == sum(micros for name, micros in result.items()
                                      if name != "all of it")


def test_the_median_s_interval_narrows_as_rounds_are_added():
    from bench.stats import median_interval

    def spread(rounds):  # evenly from 1.03 to 1.07: median 1.05, p10-p90 about 1.034-1.066
        return [1.03 + 0.04 * index / (rounds - 1) for index in range(rounds)]

    low_10, high_10 = median_interval(spread(11))
    low_100, high_100 = median_interval(spread(101))

    assert median_interval([1.04] * 12) == (1.04, 1.04)
    assert low_10 <= 1.05 <= high_10 and low_100 <= 1.05 <= high_100
    assert high_100 - low_100 < high_10 - low_10  # a p10-p90 spread would not narrow


def test_the_median_s_interval_is_the_order_statistics_the_binomial_allows():
    from bench.stats import median_interval

    rounds = [float(value) for value in range(1, 41)]

    # 40 rounds: P(at most 13 of 40 under the median) = 0.019 <= 0.025 < P(at most 14)
    assert median_interval(rounds) == (14.0, 27.0)
    assert median_interval(rounds[:6]) == (1.0, 6.0)  # 2 / 2**6 = 0.031 outside: 96.9 %
    assert median_interval(rounds[:5]) is None  # 2 / 2**5 = 0.0625: no 95 % interval


def test_a_target_is_shown_met_only_when_the_whole_interval_is_on_its_side():
    from bench.stats import against

    assert against((1.041, 1.048), 1.05, at_most=True) == "shown met"
    assert against((1.048, 1.052), 1.05, at_most=True) == "not shown either way"
    assert against((1.052, 1.056), 1.05, at_most=True) == "shown missed"
    assert against((0.91, 0.97), 0.9, at_most=False) == "shown met"
    assert against((0.85, 0.93), 0.9, at_most=False) == "not shown either way"
    assert against((0.82, 0.88), 0.9, at_most=False) == "shown missed"
    assert against(None, 0.9, at_most=False) == "too few rounds to tell"


def test_the_latency_table_reads_the_paired_ratios_against_the_target():
    from bench import through_servers

    row = {"n": 400, "median": 25.0, "p10": 24.5, "p90": 26.0}
    result = {"sequential": {"bare": row, "floor": row, "extension": {**row, "median": 27.0},
                             "round_ratios": through_servers.paired([1.08, 1.07, 1.09] * 10)}}

    table = through_servers.latency_table(result)

    assert "| 1.080 |" in table
    assert "30 rounds); target <= 1.05: shown missed." in table


def test_the_bench_lms_keeps_no_pushed_content_but_answers_as_the_reference_does():
    import requests

    from bench.content import lms_body_bytes
    from bench.lms import EMAIL, CountingLMS

    with CountingLMS(latency=0) as lms:
        answer = requests.post(lms.base_url + "/api/v1/courses", data=lms_body_bytes(BENCH_COURSE),
                               headers={"Authorization": f"Bearer {lms.issue_token(EMAIL)}",
                                        "Content-Type": "application/json"}, timeout=10)
        (course,) = lms.courses.values()

    assert answer.status_code == 201
    assert len(answer.json()["content_ids"]) == 10  # one per pushed asset, as the reference
    assert course["assets"] == [None] * 10
    assert course["course_name"] == "Bench 10" and course["owner"] == EMAIL


def test_the_collector_counter_counts_each_collection_and_request_until_read():
    import gc

    from werkzeug.test import Client

    from bench.wsgi_collector import COLLECTOR_PATH, counted

    def collecting_app(environ, start_response):
        gc.collect()  # a full collection inside the request
        start_response("200 OK", [])
        return [b"ok"]

    callbacks = list(gc.callbacks)
    try:
        client = Client(counted(collecting_app))
        client.get("/push")
        client.get("/push")
        first, second = client.get(COLLECTOR_PATH).json, client.get(COLLECTOR_PATH).json
    finally:
        for callback in [callback for callback in gc.callbacks if callback not in callbacks]:
            gc.callbacks.remove(callback)

    assert first["requests"] == 2
    assert first["collections"][2] >= 2 and first["seconds"][2] > 0
    assert second["requests"] == 0 and second["collections"][2] == 0  # read once


def test_the_collector_bench_adds_up_every_worker_and_stops_once_each_answered():
    import responses

    from bench.collector import read_workers
    from bench.wsgi_collector import COLLECTOR_PATH

    def worker(pid, served, collections):
        return {"pid": pid, "requests": served, "collections": collections,
                "seconds": [0.001 * count for count in collections]}

    with responses.RequestsMock(assert_all_requests_are_fired=False) as app:
        for figures in (worker(1, 40, [3, 0, 0]), worker(1, 0, [0, 0, 0]),
                        worker(2, 60, [5, 1, 1]), worker(2, 0, [0, 0, 0])):
            app.get("http://app" + COLLECTOR_PATH, json=figures)  # answered in this order
        total = read_workers("http://app", workers=2)
        reads = len(app.calls)

    assert reads == 3  # the third answer was the second worker's
    assert total["requests"] == 100 and total["collections"] == [8, 1, 1]
    assert abs(sum(total["seconds"]) - 0.010) < 1e-9
