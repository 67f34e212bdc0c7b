"""Where the push's latency goes beyond the floor's, in two measurements.

- In the worker: the extension's host app and the floor under gunicorn (1 worker, 1 thread,
  so every request is recorded in one place), each request split at its LMS call into before,
  call and after (bench/wsgi_phases.py). Sequential pushes, rounds alternating the targets.
- In process, after idling: the same two apps on Flask's test client with the instant LMS
  adapter, pushed back to back and then with a pause as long as the LMS's latency before each
  push, as every push through a server has while its LMS call is out. Once more with the
  extension's content work (loading and validating the assets, formatting them, encoding the
  body) replayed from its first push: an experiment that bounds what making that work faster
  could gain, never how the extension runs.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import requests

from bench.content import BENCH_COURSE, bench_courses, push_body
from bench.lms import LATENCY
from bench.own_work import BEARER, InstantLMS, make_app, push_once
from bench.through_servers import in_turn, pooled_session, served_by, timed
from bench.wsgi_floor import make_floor_app
from bench.wsgi_phases import PHASES_PATH
from lms_export_blueprint import export
from lms_export_blueprint.providers.generic import GenericProvider, client

PHASES = ("before", "call", "after", "whole")
WORKER_ROUNDS, WORKER_PER_ROUND, WORKER_WARMUP = 6, 100, 100
IDLE_ROUNDS, IDLE_PER_ROUND = 6, 50


def in_worker() -> dict[str, dict[str, float]]:
    """Per target: the median of each phase in the worker and of the whole push at the client."""
    with served_by("bench.wsgi_phases:app", workers=1, threads=1) as (targets, urls):
        at_client: dict[str, list[float]] = {name: [] for name in urls}
        with pooled_session() as session:
            for _ in range(WORKER_WARMUP):
                targets.extension(session)
                targets.floor(session)
            for url in urls.values():
                session.get(url + PHASES_PATH, timeout=30)
            for round_number in range(WORKER_ROUNDS):
                for name in in_turn(list(urls), round_number):
                    at_client[name] += timed(partial(getattr(targets, name), session),
                                              WORKER_PER_ROUND)
            recorded = {name: session.get(url + PHASES_PATH, timeout=30).json()
                        for name, url in urls.items()}
    return {name: {"n": len(records), "client": statistics.median(at_client[name]),
                   **{phase: statistics.median(record[phase] for record in records)
                      for phase in PHASES}}
            for name, records in recorded.items()}


def after_idle(idle: float = LATENCY) -> dict[str, dict[str, float]]:
    """Per target: the median push in process back to back and after ``idle`` s."""
    n_assets = len(bench_courses()[BENCH_COURSE]["assets"])
    extension = make_app(n_assets)[0].test_client()
    instant = requests.Session()
    instant.mount("http://", InstantLMS(n_assets))
    floor = make_floor_app("http://lms.invalid", instant, BENCH_COURSE).test_client()
    body = json.dumps(push_body(BENCH_COURSE)).encode()

    def floor_push() -> None:
        answer = floor.post("/floor", data=body, headers=BEARER, content_type="application/json")
        assert answer.status_code == 201, answer.get_data(as_text=True)[:300]

    pushes: dict[str, Callable[[], None]] = {
        "extension": lambda: push_once(extension, BENCH_COURSE, body), "floor": floor_push}
    for push in pushes.values():
        push()
    times: dict[str, dict[float, list[float]]] = {name: {0.0: [], idle: []} for name in pushes}
    for round_number in range(IDLE_ROUNDS):
        for pause in (0.0, idle):
            for name in in_turn(list(pushes), round_number):
                times[name][pause] += timed(pushes[name], IDLE_PER_ROUND, pause)
    return {name: {"back_to_back": statistics.median(by_pause[0.0]),
                   "after_idle": statistics.median(by_pause[idle])}
            for name, by_pause in times.items()}


@contextmanager
def content_work_replayed() -> Iterator[None]:
    """Parsing, formatting and encoding answer what they answered the first time (by the
    assets' names and the objects given): the push without its content work."""
    parsed: dict[tuple[str, ...], Any] = {}
    formatted: dict[int, Any] = {}
    encoded: dict[int, bytes] = {}
    parse, course_body, dump = export.parse_items, GenericProvider.course_body, client.json_bytes

    def replayed_parse(assets: Any) -> Any:
        names = tuple(asset["asset_name"] for asset in assets)
        if names not in parsed:
            parsed[names] = parse(assets)
        return parsed[names]

    def replayed_body(provider: GenericProvider, push: Any) -> Any:
        if id(push.items) not in formatted:
            formatted[id(push.items)] = course_body(provider, push)
        return formatted[id(push.items)]

    def replayed_dump(payload: Any) -> bytes:
        if id(payload) not in encoded:
            encoded[id(payload)] = dump(payload)
        return encoded[id(payload)]

    export.parse_items = replayed_parse
    GenericProvider.course_body = replayed_body  # type: ignore[method-assign,assignment]
    client.json_bytes = replayed_dump
    try:
        yield
    finally:
        export.parse_items, client.json_bytes = parse, dump
        GenericProvider.course_body = course_body  # type: ignore[method-assign]


def measure() -> dict[str, Any]:
    result: dict[str, Any] = {"in_worker": in_worker(), "after_idle": after_idle()}
    with content_work_replayed():
        result["content_replayed"] = after_idle()["extension"]
    return result


def table(result: dict[str, Any]) -> str:
    worker, idle = result["in_worker"], result["after_idle"]
    lines = ["| target | n | before the LMS call | the call | after it | whole, in the worker "
             "| at the client |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ("floor", "extension"):
        row = worker[name]
        lines.append(f"| {name} | {row['n']} | " + " | ".join(
            f"{row[key]:.2f}" for key in ("before", "call", "after", "whole", "client")) + " |")
    lines += ["", "| target, in process | back to back, ms | after idling "
              f"{LATENCY * 1000:.0f} ms, ms |", "|---|---:|---:|"]
    rows = {"floor": idle["floor"], "extension": idle["extension"],
            "extension, content work replayed (experiment)": result["content_replayed"]}
    lines += [f"| {name} | {row['back_to_back']:.2f} | {row['after_idle']:.2f} |"
              for name, row in rows.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
