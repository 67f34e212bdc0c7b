"""gunicorn entry: the extension's host app or the floor (``$BENCH_TARGET``), with the
garbage collector's work in the worker counted: its collections and the CPU time they took
(the collecting thread's: a collection the kernel puts aside on a busy machine is not charged
for the wait), per generation, and the requests served meanwhile.

``GET /_collector`` answers this worker's figures since its last such GET, and starts them
again; bench/collector.py adds up the answers of every worker.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from bench.wsgi_phases import target_app

COLLECTOR_PATH = "/_collector"
GENERATIONS = 3


def counted(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``app`` with every collection of this process counted from then on (a server's entry:
    the callback stays for the process's life)."""
    lock = threading.Lock()
    figures = empty_figures()
    began = threading.local()  # a collection starts and ends in the thread that ran it

    def on_collection(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began.at = time.thread_time()
            return
        generation = info["generation"]
        figures["collections"][generation] += 1
        figures["seconds"][generation] += time.thread_time() - began.at

    gc.callbacks.append(on_collection)

    def counted_app(environ: dict[str, Any], start_response: Callable[..., Any]
                    ) -> Iterable[bytes]:
        if environ["PATH_INFO"] == COLLECTOR_PATH:
            with lock:
                body = json.dumps({"pid": os.getpid(), **figures}).encode()
                figures.update(empty_figures())
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        with lock:
            figures["requests"] += 1
        return app(environ, start_response)
    return counted_app


def empty_figures() -> dict[str, Any]:
    return {"requests": 0, "collections": [0] * GENERATIONS, "seconds": [0.0] * GENERATIONS}


def add_figures(total: dict[str, Any], figures: dict[str, Any]) -> None:
    """Add one worker's or one round's ``figures`` to ``total``."""
    total["requests"] += figures["requests"]
    for generation in range(GENERATIONS):
        total["collections"][generation] += figures["collections"][generation]
        total["seconds"][generation] += figures["seconds"][generation]


app = counted(target_app()) if "LMS_BASE_URL" in os.environ else None
