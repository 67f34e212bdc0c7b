"""Run every measurement of BENCHMARKS.md and print its tables: ``python -m bench.run``.

Writes the raw figures to bench/results/latest.json and the tables to bench/results/latest.md.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench import collector, content_work, counts, own_work, phases, profile, through_servers

RESULTS = Path(__file__).parent / "results"


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, "
            f"{datetime.date.today().isoformat()}, load average at start {load:.2f}")


def main() -> None:
    started = time.perf_counter()
    results: dict = {"machine": machine()}
    print("1/7 LMS calls and connections per push ...", file=sys.stderr)
    results["counts"] = counts.measure()
    print("2-3/7 latency and throughput through gunicorn ...", file=sys.stderr)
    results["through_servers"] = through_servers.measure()
    print("4/7 own work on big pushes ...", file=sys.stderr)
    results["own_work"] = own_work.measure()
    print("5/7 where the latency gap goes ...", file=sys.stderr)
    results["phases"] = phases.measure()
    print("6/7 the content work, part by part ...", file=sys.stderr)
    results["content_work"] = content_work.measure()
    print("7/7 the garbage collector under 8 clients ...", file=sys.stderr)
    results["collector"] = collector.measure()
    print("profiles ...", file=sys.stderr)
    profile.main("latest")
    results["seconds"] = time.perf_counter() - started
    served = results["through_servers"]
    text = "\n\n".join([
        f"Machine: {results['machine']}; whole run {results['seconds']:.0f} s",
        "### 1. LMS calls and new connections per push\n\n" + counts.table(results["counts"]),
        "### 2. Push latency (10 assets) against the floor\n\n"
        + through_servers.latency_table(served)
        + f"\n\nSettings: {served['settings']}; LMS during 2-3: {served['lms']}",
        "### 3. Throughput, 8 concurrent clients\n\n" + through_servers.throughput_table(served),
        "### 4. Own work on big pushes\n\n" + own_work.table(results["own_work"]),
        "### 5. Where the latency gap goes (ms, medians)\n\n" + phases.table(results["phases"]),
        "### 6. The content work, part by part\n\n" + content_work.table(results["content_work"]),
        "### 7. The garbage collector in the worker, 8 clients\n\n"
        + collector.table(results["collector"]),
    ])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1))
    (RESULTS / "latest.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
