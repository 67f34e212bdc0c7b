"""The garbage collector in the worker under 8 clients: collections and their time per push.

A push holds what it made while it waits for its LMS. With a push in flight in every thread
of a worker, what they hold counts toward the collector's thresholds, survives collections,
is promoted, and makes the collector scan the whole heap; in a sequential run none of this
shows. The extension's host app and the floor run under gunicorn as the throughput runs them
(bench/servers.py, bench/through_servers.py), each worker counting its own collections
(bench/wsgi_collector.py); rounds alternate the targets.

Run from the repository root: .venv/bin/python -m bench.collector
"""

from __future__ import annotations

from typing import Any

import requests

from bench.servers import GUNICORN_WORKERS
from bench.through_servers import CLIENTS, concurrent, in_turn, served_by
from bench.wsgi_collector import COLLECTOR_PATH, add_figures, empty_figures

ROUNDS, SECONDS = 4, 5.0
#: Reads of ``/_collector`` on new connections before giving up on hearing from every worker.
MAX_READS = 200


def read_workers(url: str, workers: int = GUNICORN_WORKERS) -> dict[str, Any]:
    """Every worker's figures since its last read, added up (each read starts them again)."""
    total = empty_figures()
    heard: set[int] = set()
    for _ in range(MAX_READS):
        answer = requests.get(url + COLLECTOR_PATH, headers={"Connection": "close"}, timeout=30)
        figures = answer.json()
        heard.add(figures["pid"])
        add_figures(total, figures)
        if len(heard) == workers:
            return total
    raise RuntimeError(f"heard from {len(heard)} of {workers} workers at {url}")


def measure(rounds: int = ROUNDS, seconds: float = SECONDS) -> dict[str, Any]:
    """Per target: pushes served and, per generation, collections and their seconds."""
    with served_by("bench.wsgi_collector:app") as (targets, urls):
        for name, url in urls.items():
            concurrent(getattr(targets, name), 1.0)  # warm: imports, pools, first requests
            read_workers(url)
        totals = {name: empty_figures() for name in urls}
        for round_number in range(rounds):
            for name in in_turn(list(urls), round_number):
                concurrent(getattr(targets, name), seconds)
                add_figures(totals[name], read_workers(urls[name]))
    return {"clients": CLIENTS, "workers": GUNICORN_WORKERS, "rounds": rounds,
            "seconds": seconds, "targets": totals}


def table(result: dict[str, Any]) -> str:
    lines = ["| target | pushes | collections per 100 pushes (gen 0 / 1 / 2) | CPU µs per push in "
             "collections (gen 0 / 1 / 2) | CPU µs per push in all |", "|---|---:|---|---|---:|"]
    for name in ("floor", "extension"):
        figures = result["targets"][name]
        pushes = figures["requests"]
        per_100 = " / ".join(f"{100 * count / pushes:.1f}" for count in figures["collections"])
        micros = [1e6 * seconds / pushes for seconds in figures["seconds"]]
        lines.append(f"| {name} | {pushes} | {per_100} | "
                     + " / ".join(f"{value:.1f}" for value in micros)
                     + f" | {sum(micros):.1f} |")
    return "\n".join(lines) + (f"\n\n{result['clients']} clients, {result['workers']} workers, "
                               f"{result['rounds']} rounds of {result['seconds']:g} s per target")


if __name__ == "__main__":
    print(table(measure()))
