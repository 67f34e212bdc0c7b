"""Measurements 2 and 3: push latency and throughput through gunicorn, beside the floor.

Three targets against the same LiveLMS (latency 0.020 s), each with a pooled session:

- bare: the bench's ``requests.Session`` POSTs the ready-made LMS body straight to the LMS;
- floor: a one-route Flask app (bench/wsgi_floor.py) that does that POST for the client;
- extension: the example host app (bench/wsgi_host.py) pushing the same 10 assets.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter

from bench.content import BENCH_COURSE, lms_body_bytes, push_body
from bench.counts import BEARER, login
from bench.lms import CountingLMS
from bench.servers import GUNICORN_THREADS, GUNICORN_WORKERS, gunicorn
from bench.stats import against, median_interval, summary

ROUNDS = 10
PER_ROUND = 40
WARMUP_SECONDS = 1.0
CLIENTS = 8
#: Sixteen: with 8, the median's 95 % interval is the slowest round to the fastest.
THROUGHPUT_ROUNDS = 16
THROUGHPUT_SECONDS = 3.0
#: The targets BENCHMARKS.md reads the paired ratios against: a push's latency at most 1.05x
#: the floor's, and with 8 clients at least 0.9x the floor's pushes per second.
LATENCY_TARGET = 1.05
THROUGHPUT_TARGET = 0.9

T = TypeVar("T")


def pooled_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_connections=4, pool_maxsize=CLIENTS + 2))
    return session


class Targets:
    """One callable per target: send one push, assert it worked."""

    def __init__(self, lms: CountingLMS, host_url: str, floor_url: str, token: str) -> None:
        self.payload = lms_body_bytes(BENCH_COURSE)
        self.push_json = json.dumps(push_body(BENCH_COURSE)).encode()
        self.lms_url = lms.base_url + "/api/v1/courses"
        self.host_push_url = f"{host_url}/api/courses/{BENCH_COURSE}/push-to-lms"
        self.floor_url = floor_url + "/floor"
        self.lms_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        self.app_headers = {**BEARER, "Content-Type": "application/json", "X-LMS-Token": token}

    def bare(self, session: requests.Session) -> None:
        answer = session.post(self.lms_url, data=self.payload, headers=self.lms_headers,
                              timeout=30)
        assert answer.status_code == 201, answer.text

    def floor(self, session: requests.Session) -> None:
        answer = session.post(self.floor_url, data=self.push_json, headers=self.app_headers,
                              timeout=30)
        assert answer.status_code == 201, answer.text

    def extension(self, session: requests.Session) -> None:
        answer = session.post(self.host_push_url, data=self.push_json, headers=self.app_headers,
                              timeout=30)
        assert answer.status_code == 200, answer.text

    def all(self) -> dict[str, Callable[[requests.Session], None]]:
        return {"bare": self.bare, "floor": self.floor, "extension": self.extension}


@contextmanager
def served_by(entry: str, **options: Any) -> Iterator[tuple[Targets, dict[str, str]]]:
    """The host app and the floor, each under gunicorn through ``entry`` (a gunicorn entry
    that builds the one ``$BENCH_TARGET`` names), beside the LMS, signed in: the targets,
    and the URL of each by name. ``options`` go to :func:`bench.servers.gunicorn`."""
    with CountingLMS() as lms, \
            gunicorn(entry, lms.base_url, env={"BENCH_TARGET": "host"}, **options) as host_url, \
            gunicorn(entry, lms.base_url, env={"BENCH_TARGET": "floor"}, **options) as floor_url:
        with requests.Session() as session:
            targets = Targets(lms, host_url, floor_url, login(session, host_url))
        yield targets, {"extension": host_url, "floor": floor_url}


def sequential(targets: Targets, rounds: int = ROUNDS) -> dict[str, Any]:
    """One client; rounds interleave the targets so drift hits them alike, and each round's
    extension/floor ratio pairs two medians taken a moment apart."""
    times: dict[str, list[float]] = {name: [] for name in targets.all()}
    ratios = []
    with pooled_session() as session:
        for round_number in range(rounds):
            medians = {}
            for name, send in in_turn(list(targets.all().items()), round_number):
                taken = timed(partial(send, session), PER_ROUND)
                times[name] += taken
                medians[name] = summary(taken)["median"]
            ratios.append(medians["extension"] / medians["floor"])
    result: dict[str, Any] = {name: summary(values) for name, values in times.items()}
    result["ratio_median"] = result["extension"]["median"] / result["floor"]["median"]
    result["round_ratios"] = paired(ratios)
    return result


def paired(ratios: list[float]) -> dict[str, Any]:
    """The rounds' ratios: their summary, the 95 % interval of their median (None with
    fewer than 6 rounds), and each."""
    return {**summary(ratios), "median_interval": median_interval(ratios), "each": ratios}


def in_turn(targets: list[T], round_number: int) -> list[T]:
    """The targets, in reverse order every other round: neither always goes first."""
    return targets if round_number % 2 == 0 else targets[::-1]


def timed(send: Callable[[], None], count: int, pause: float = 0.0) -> list[float]:
    """``count`` sends, each timed in ms; ``pause`` s of idling before each (not timed)."""
    taken = []
    for _ in range(count):
        if pause:
            time.sleep(pause)
        started = time.perf_counter()
        send()
        taken.append((time.perf_counter() - started) * 1000)
    return taken


def concurrent(send: Callable[[requests.Session], None], seconds: float) -> dict[str, Any]:
    """``CLIENTS`` threads each sending back to back for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    start = threading.Barrier(CLIENTS + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        with pooled_session() as session:
            send(session)  # open this client's connection before the clock starts
            start.wait()
            while time.perf_counter() < stop_at[0]:
                began = time.perf_counter()
                try:
                    send(session)
                except BaseException as exc:
                    errors.append(exc)
                    return
                latencies[index].append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds + 10  # provisional, reset after the barrier
    start.wait()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]!r}")
    flat = [value for values in latencies for value in values]
    return {"requests": len(flat), "per_second": len(flat) / elapsed, "latency": summary(flat)}


def throughput(targets: Targets, rounds: int = THROUGHPUT_ROUNDS) -> dict[str, Any]:
    """Rounds alternate floor and extension (the order flips each round); each round's
    extension/floor ratio pairs two runs a few seconds apart, so drift mostly cancels."""
    runs: dict[str, list[dict[str, Any]]] = {"floor": [], "extension": []}
    for round_number in range(rounds):
        for name in in_turn(list(runs), round_number):
            runs[name].append(concurrent(getattr(targets, name), THROUGHPUT_SECONDS))
    result: dict[str, Any] = {}
    for name, values in runs.items():
        rates = [run["per_second"] for run in values]
        result[name] = {"per_second": summary(rates), "rounds": rates,
                        "latency_median_of_rounds": sorted(
                            run["latency"]["median"] for run in values)[len(values) // 2],
                        "latency_p90_of_rounds": sorted(
                            run["latency"]["p90"] for run in values)[len(values) // 2]}
    result["ratio_median"] = (result["extension"]["per_second"]["median"]
                              / result["floor"]["per_second"]["median"])
    result["round_ratios"] = paired([
        extension["per_second"] / floor["per_second"]
        for extension, floor in zip(runs["extension"], runs["floor"], strict=True)])
    return result


def measure(run_throughput: bool = True, rounds: int = ROUNDS,
            throughput_rounds: int = THROUGHPUT_ROUNDS) -> dict[str, Any]:
    """Latency (``rounds`` of ``PER_ROUND`` pushes per target) and, with ``run_throughput``,
    throughput (``throughput_rounds`` of ``THROUGHPUT_SECONDS`` per target)."""
    with CountingLMS() as lms, \
            gunicorn("bench.wsgi_host:app", lms.base_url) as host_url, \
            gunicorn("bench.wsgi_floor:app", lms.base_url) as floor_url:
        with requests.Session() as session:
            token = login(session, host_url)
        targets = Targets(lms, host_url, floor_url, token)
        for _ in range(2):  # concurrent, so every worker and thread has its LMS connection
            concurrent(targets.extension, WARMUP_SECONDS)
            concurrent(targets.floor, WARMUP_SECONDS)
        warm_validates = len(lms.calls_to("GET", "/auth/validate"))
        calls0, connections0 = lms.snapshot()
        result: dict[str, Any] = {"sequential": sequential(targets, rounds)}
        if run_throughput:
            result["throughput"] = throughput(targets, throughput_rounds)
        calls1, connections1 = lms.snapshot()
        result["settings"] = {"workers": GUNICORN_WORKERS, "threads": GUNICORN_THREADS,
                              "worker_class": "gthread", "clients": CLIENTS,
                              "lms_latency_s": lms.latency,
                              "payload_bytes": len(targets.payload)}
        result["lms"] = {
            "validate_calls_in_warmup": warm_validates,
            "validate_calls_measured": len(lms.calls_to("GET", "/auth/validate")) - warm_validates,
            "calls_measured": calls1 - calls0,
            "new_connections_measured": connections1 - connections0,
        }
    return result


def latency_table(result: dict[str, Any]) -> str:
    seq = result["sequential"]
    lines = ["| target | n | median ms | p10 ms | p90 ms | / floor (median) |",
             "|---|---:|---:|---:|---:|---:|"]
    labels = {"bare": "bare `requests.Session` POST straight to the LMS",
              "floor": "floor: one-route Flask app, one pooled POST of ready bytes",
              "extension": "extension: `POST /api/courses/<id>/push-to-lms`, 10 assets"}
    for name, label in labels.items():
        row = seq[name]
        lines.append(f"| {label} | {row['n']} | {row['median']:.2f} | {row['p10']:.2f} | "
                     f"{row['p90']:.2f} | {row['median'] / seq['floor']['median']:.3f} |")
    return "\n".join(lines) + "\n\n" + _paired(seq["round_ratios"], LATENCY_TARGET,
                                                 at_most=True)


def _paired(ratios: dict[str, Any], target: float, *, at_most: bool) -> str:
    interval = ratios["median_interval"]
    known = "none" if interval is None else f"{interval[0]:.3f}-{interval[1]:.3f}"
    sign = "<=" if at_most else ">="
    return (f"Extension / floor, paired by round: median {ratios['median']:.3f}, 95 % interval "
            f"of the median {known} (p10 {ratios['p10']:.3f}, "
            f"p90 {ratios['p90']:.3f}, {ratios['n']} rounds); target {sign} {target}: "
            f"{against(interval, target, at_most=at_most)}.")


def throughput_table(result: dict[str, Any]) -> str:
    tp = result["throughput"]
    lines = ["| app | pushes/s median (p10-p90 of rounds) | rounds | latency median ms | "
             "latency p90 ms | / floor |", "|---|---|---|---:|---:|---:|"]
    for name in ("floor", "extension"):
        row = tp[name]
        rate = row["per_second"]
        lines.append(f"| {name} | {rate['median']:.1f} ({rate['p10']:.1f}-{rate['p90']:.1f}) | "
                     f"{', '.join(f'{r:.1f}' for r in row['rounds'])} | "
                     f"{row['latency_median_of_rounds']:.2f} | "
                     f"{row['latency_p90_of_rounds']:.2f} | "
                     f"{rate['median'] / tp['floor']['per_second']['median']:.3f} |")
    return "\n".join(lines) + "\n\n" + _paired(tp["round_ratios"], THROUGHPUT_TARGET,
                                                 at_most=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.through_servers",
        description="Push latency and throughput through gunicorn, against the floor. More "
                    "rounds narrow the interval of the paired ratio's median.")
    parser.add_argument("--rounds", type=int, default=ROUNDS,
                        help=f"latency rounds of {PER_ROUND} pushes per target")
    parser.add_argument("--throughput-rounds", type=int, default=THROUGHPUT_ROUNDS,
                        help=f"throughput rounds of {THROUGHPUT_SECONDS:g} s per target; 0: none")
    args = parser.parse_args(argv)
    measured = measure(args.throughput_rounds > 0, args.rounds, args.throughput_rounds)
    print(json.dumps(measured, indent=1))
    print(latency_table(measured))
    if args.throughput_rounds > 0:
        print(throughput_table(measured))


if __name__ == "__main__":
    main()
