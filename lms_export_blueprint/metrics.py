"""Optional Prometheus metrics, fed by the extension's signals (extra ``prometheus``).

Switched on by ``LMS_PROMETHEUS_METRICS = True``. Labels hold only bounded values (outcomes,
error class names, formats, HTTP methods, endpoint templates and statuses): never a user, an
email, a token or a course id.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from flask import Flask

from .errors import LMSConfigError
from .signals import lms_api_called, lms_export_finished, lms_job_finished, lms_login_finished

try:
    from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
except ImportError:  # the package works without the extra; enable_prometheus says what to do
    REGISTRY = CollectorRegistry = Counter = Gauge = Histogram = None  # type: ignore[assignment,misc]

#: Buckets in seconds: an LMS call takes milliseconds to seconds, a push up to ``LMS_DEADLINE``.
DURATION_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

#: The attribute of a Prometheus registry that holds the extension's metrics in it: they
#: belong to the registry (a second Counter of one name in it is an error), not to a module.
_ON_REGISTRY = "_lms_export_metrics"
_creating = threading.Lock()


@dataclass(frozen=True)
class PrometheusMetrics:
    """The extension's metrics in one registry; shared by every app that reports into it."""

    logins: Any
    exports: Any
    export_duration: Any
    api_duration: Any
    errors: Any
    job_duration: Any
    jobs_waiting: Any
    #: The job engines whose queues ``jobs_waiting`` adds up (one per app, in this process).
    job_queues: weakref.WeakSet[Any]

    @classmethod
    def create(cls, registry: Any) -> PrometheusMetrics:
        job_queues: weakref.WeakSet[Any] = weakref.WeakSet()
        jobs_waiting = Gauge(
            "lms_export_jobs_waiting", "Export jobs queued and not yet started (RQ: the "
            "shared queue's length)", registry=registry)
        jobs_waiting.set_function(lambda: _waiting(job_queues))
        return cls(
            logins=Counter(
                "lms_export_logins", "LMS logins through POST login-lms, by outcome",
                ["outcome", "mode"], registry=registry),
            exports=Counter(
                "lms_export_pushes", "Pushes through POST push-to-lms, by outcome and format",
                ["outcome", "export_format"], registry=registry),
            export_duration=Histogram(
                "lms_export_push_duration_seconds", "Time a push took, LMS retries included",
                ["outcome"], buckets=DURATION_BUCKETS, registry=registry),
            api_duration=Histogram(
                "lms_export_lms_api_duration_seconds", "Time of one HTTP attempt at the LMS",
                ["method", "endpoint", "status"], buckets=DURATION_BUCKETS, registry=registry),
            errors=Counter(
                "lms_export_errors", "Failed logins, pushes and LMS calls, by error type",
                ["operation", "error_type"], registry=registry),
            job_duration=Histogram(
                "lms_export_job_duration_seconds", "Time a background export job ran, from "
                "start to finish", ["kind", "outcome"], buckets=DURATION_BUCKETS,
                registry=registry),
            jobs_waiting=jobs_waiting,
            job_queues=job_queues,
        )

    def watch_job_queue(self, engine: Any) -> None:
        """Count ``engine``'s waiting jobs in ``lms_export_jobs_waiting``."""
        self.job_queues.add(engine)

    def on_job(self, _sender: Any, *, success: bool, duration: float, kind: str,
               **_: Any) -> None:
        self.job_duration.labels(kind, _outcome(success)).observe(duration)

    def on_login(self, _sender: Any, *, success: bool, error_type: str | None, mock: bool,
                 **_: Any) -> None:
        self.logins.labels(_outcome(success), "mock" if mock else "lms").inc()
        if error_type:
            self.errors.labels("login", error_type).inc()

    def on_export(self, _sender: Any, *, success: bool, error_type: str | None,
                  duration: float, export_format: str | None, **_: Any) -> None:
        self.exports.labels(_outcome(success), export_format or "").inc()
        self.export_duration.labels(_outcome(success)).observe(duration)
        if error_type:
            self.errors.labels("push", error_type).inc()

    def on_api_call(self, _sender: Any, *, error_type: str | None, duration: float,
                    method: str, endpoint: str, status: int | None, **_: Any) -> None:
        self.api_duration.labels(method, endpoint, str(status or error_type)).observe(duration)
        if error_type:
            self.errors.labels("lms_api", error_type).inc()


def check_prometheus() -> None:
    """Raise LMSConfigError, at start-up, when the metrics' package is missing."""
    if Counter is None:
        raise LMSConfigError(
            "LMS_PROMETHEUS_METRICS is set but prometheus-client is not installed: "
            "pip install 'lms-export-blueprint[prometheus]'"
        ) from None


def enable_prometheus(app: Flask, registry: Any = None) -> PrometheusMetrics:
    """Count ``app``'s logins, pushes and LMS calls in ``registry`` (default: the global one)."""
    check_prometheus()
    registry = registry if registry is not None else REGISTRY
    with _creating:
        # Metrics exist once per registry; each app connects its own receivers to them.
        metrics = getattr(registry, _ON_REGISTRY, None)
        if metrics is None:
            metrics = PrometheusMetrics.create(registry)
            setattr(registry, _ON_REGISTRY, metrics)
    lms_login_finished.connect(metrics.on_login, sender=app, weak=False)
    lms_export_finished.connect(metrics.on_export, sender=app, weak=False)
    lms_api_called.connect(metrics.on_api_call, sender=app, weak=False)
    lms_job_finished.connect(metrics.on_job, sender=app, weak=False)
    return metrics


def _waiting(engines: weakref.WeakSet[Any]) -> float:
    try:
        return float(sum(engine.queue_length() for engine in list(engines)))
    except Exception:  # Redis down: a scrape must still answer
        return float("nan")


def _outcome(success: bool) -> str:
    return "success" if success else "failure"
