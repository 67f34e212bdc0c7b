"""The content work of the 10-asset push, each part timed hot: what the push does with the
assets that the floor does not (loading and validating them, formatting them, encoding the
body), without Flask, the transport or the LMS.

Each part's figure is the best of 7 timings of 1,000 runs, in µs.

Run from the repository root: .venv/bin/python -m bench.content_work
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from typing import Any

from bench.content import BENCH_COURSE, bench_courses
from lms_export_blueprint.bodies import json_bytes
from lms_export_blueprint.formats.content import load_page, load_question_set
from lms_export_blueprint.formats.lms_standard import format_lms_standard
from lms_export_blueprint.selection import parse_items

NUMBER, REPEAT = 1000, 7


def parts() -> dict[str, Callable[[], Any]]:
    """Each part of the content work, as a call to time."""
    assets = list(bench_courses()[BENCH_COURSE]["assets"].values())
    question_sets = [asset for asset in assets if asset["asset_type"] != "notes"]
    pages = [asset for asset in assets if asset["asset_type"] == "notes"]
    items = parse_items(assets)
    body = {"assets": [format_lms_standard(item.asset, content=item.content) for item in items]}
    return {
        "load and validate the 140 questions (7 sets)":
            lambda: [load_question_set(asset) for asset in question_sets],
        "load the 3 pages": lambda: [load_page(asset) for asset in pages],
        "format the 10 assets (lms_standard)":
            lambda: [format_lms_standard(item.asset, content=item.content) for item in items],
        "encode the body": lambda: json_bytes(body),
    }


def measure(number: int = NUMBER, repeat: int = REPEAT) -> dict[str, float]:
    """µs per run of each part, and their sum."""
    timed = {name: min(timeit.repeat(part, number=number, repeat=repeat)) / number * 1e6
             for name, part in parts().items()}
    return {**timed, "all of it": sum(timed.values())}


def table(result: dict[str, float]) -> str:
    lines = ["| part of the content work | µs (best of 7 x 1,000, hot) |", "|---|---:|"]
    lines += [f"| {name} | {micros:.0f} |" for name, micros in result.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
