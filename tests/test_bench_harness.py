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
