"""Long exports as background jobs (docs/jobs.md): records, engines, runner, service."""

from .engines import JobEngine, RQEngine, ThreadEngine, make_engine
from .records import JobRecord
from .runner import JobNotFound, check_package
from .service import find_job, job_file, queue_package, queue_push, status_body
from .worker import run_worker

__all__ = ["JobEngine", "JobNotFound", "JobRecord", "RQEngine", "ThreadEngine",
           "check_package", "find_job", "job_file", "make_engine", "queue_package", "queue_push",
           "run_worker", "status_body"]
