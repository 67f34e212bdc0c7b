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
