"""Jobs on a plain install (no extras): the thread pool needs no ``cryptography``, ``rq`` or
``redis``; an RQ engine missing one is refused at start-up; a job's thread that raises is logged
and ends ``failed``, never ``queued`` for good."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest
from conftest import ALL_ASSETS, TEACHER_EMAIL, TEACHER_PASSWORD, create_app
from job_support import push_async, wait_for
from servers import EXAMPLES

from lms_export_blueprint.errors import LMSConfigError

#: What `pip install lms-export-blueprint` leaves out: the jobs, canvas and redis extras.
EXTRAS = ("cryptography", "rq", "redis", "authlib")

#: Runs in a fresh interpreter where importing any of EXTRAS fails as if it were not installed
#: (``sys.modules[name] = None`` makes ``import`` raise ImportError and ``find_spec`` None).
PLAIN_INSTALL_SCRIPT = textwrap.dedent("""
    import json, sys, time
    for name in {extras!r}:
        sys.modules[name] = None
    sys.path.insert(0, {examples!r})
    from host_app import create_app

    app = create_app({{"LMS_BASE_URL": {base_url!r}, "TESTING": True}})
    client = app.test_client()
    bearer = {{"Authorization": "Bearer demo-teacher-token"}}
    token = client.post("/api/login-lms", headers=bearer, json={{
        "email": {email!r}, "password": {password!r}}}).get_json()["data"]["token"]
    asynchronous = {{**bearer, "Prefer": "respond-async"}}
    accepted = [
        client.post("/api/courses/bio-101/push-to-lms", json={{"asset_names": {assets!r}}},
                    headers={{**asynchronous, "X-LMS-Token": token}}),
        client.post("/api/courses/bio-101/export-package",
                    json={{"asset_names": {assets!r}, "package": "imscc"}}, headers=asynchronous),
    ]
    finished = []
    for response in accepted:
        body = response.get_json()
        for _ in range(3000):  # a bounded wait: 60 s at most
            status = client.get("/api/lms-exports/" + body["job_id"], headers=bearer).get_json()
            if status["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.02)
        finished.append({{"accepted": response.status_code, "status": status["status"],
                          "error": status["error"]}})
    loaded = [name for name in {extras!r} if sys.modules.get(name) is not None]
    print(json.dumps({{"jobs": finished, "extras_loaded": loaded}}))
""")


@pytest.mark.live_lms
def test_a_push_job_and_a_package_job_succeed_where_no_extra_can_be_imported(lms):
    script = PLAIN_INSTALL_SCRIPT.format(
        extras=EXTRAS, examples=str(EXAMPLES), base_url=lms.base_url, email=TEACHER_EMAIL,
        password=TEACHER_PASSWORD, assets=ALL_ASSETS)

    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)

    assert ran.returncode == 0, ran.stderr[-3000:]
    outcome = json.loads(ran.stdout.strip().splitlines()[-1])
    assert outcome["extras_loaded"] == []
    assert outcome["jobs"] == [{"accepted": 202, "status": "succeeded", "error": None}] * 2
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize("package", ["cryptography", "rq", "redis"])
def test_an_rq_engine_without_one_of_its_packages_is_refused_at_init_app(monkeypatch, package):
    monkeypatch.setitem(sys.modules, package, None)  # as if not installed

    with pytest.raises(LMSConfigError, match=rf"\b{package}\b"):
        create_app({"LMS_JOBS_REDIS_URL": "redis://127.0.0.1:6379/0", "SECRET_KEY": "k"})


def test_an_rq_engine_without_a_secret_key_is_refused_at_init_app():
    with pytest.raises(LMSConfigError, match="SECRET_KEY is not"):
        create_app({"LMS_JOBS_REDIS_URL": "redis://127.0.0.1:6379/0"})


def test_the_thread_pool_keeps_no_lms_token_once_the_job_ran(app, client, lms_token):
    engine = app.extensions["lms_export"].jobs(app)

    wait_for(client, push_async(client, lms_token).json["job_id"])
    engine.shutdown()

    assert len(engine.runner.sealer) == 0


def test_an_error_outside_the_runner_is_logged_and_the_job_ends_failed(
        app, client, lms_token, monkeypatch, caplog):
    from lms_export_blueprint.jobs.engines import JOB_CRASHED

    engine = app.extensions["lms_export"].jobs(app)

    def broken_run(*args, **kwargs):
        raise LookupError("the app context went away")

    monkeypatch.setattr(engine.runner, "run", broken_run)
    with caplog.at_level(logging.ERROR, logger="lms_export_blueprint.jobs"):
        job_id = push_async(client, lms_token).json["job_id"]
        engine.shutdown()  # the thread and its done-callback have run

    finished = wait_for(client, job_id)
    assert finished["status"] == "failed"
    assert finished["error"] == {"detail": JOB_CRASHED, "status": 500}
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is LookupError]
    assert logged and job_id[:8] in logged[0].getMessage()
    assert lms_token not in caplog.text


def test_flask_lms_worker_on_a_plain_install_is_the_usage_error_not_an_import_error():
    script = textwrap.dedent(f"""
        import json, sys
        for name in {EXTRAS!r}:
            sys.modules[name] = None
        sys.path.insert(0, {str(EXAMPLES)!r})
        from host_app import create_app

        ran = create_app({{"TESTING": True}}).test_cli_runner().invoke(args=["lms", "worker"])
        print(json.dumps({{"exit_code": ran.exit_code, "output": ran.output,
                           "error": repr(ran.exception)}}))
    """)

    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)

    outcome = json.loads(ran.stdout.strip().splitlines()[-1])
    assert outcome["exit_code"] == 2, outcome  # click's usage error, one message
    assert "Error:" in outcome["output"] and "Traceback" not in outcome["output"]
    assert "ImportError" not in outcome["error"] and "ModuleNotFound" not in outcome["error"]
