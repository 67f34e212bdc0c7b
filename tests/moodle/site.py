"""A real Moodle 5.0 for the ``moodle`` test tier: unpacked from a download, on its own PostgreSQL
cluster and ``php -S``, on free 127.0.0.1 ports, in a temporary folder, with the plugin installed
from the zip ``flask lms moodle-plugin`` writes. Everything it starts is stopped by process id.

How each step is done was measured on this kind of machine (docs/testing.md): the install takes
about a minute; ``install.php`` refuses to run unless ``max_input_vars`` is 5000; ``php -S`` serves
one request at a time unless ``PHP_CLI_SERVER_WORKERS`` is set.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from servers import free_port, missing, require_binary, wait_for_port

ARCHIVE_ENV = "LMS_TEST_MOODLE_ARCHIVE"
HOW_TO_RUN = (f"the moodle tier needs a Moodle 5.0 download: set {ARCHIVE_ENV} to its .tgz "
              "(https://download.moodle.org/releases/supported/)")
SITE_CLI = Path(__file__).with_name("site_cli.php")
PHP_INI = ["-d", "max_input_vars=5000", "-d", "memory_limit=512M"]
#: The slowest step (install.php) took 45-56 s here; a busy machine gets room, not a hang.
INSTALL_SECONDS = 600
CALL_SECONDS = 60
#: How long a kept site of another key (another branch's plugin) is left in the cache.
CACHE_DAYS = 1
ADMIN_PASSWORD = "Admin-pa55word!"
USER_PASSWORD = "Test-pa55word!"


class MoodleCallError(Exception):
    """Moodle answered a web-service call with its HTTP-200 error body."""

    def __init__(self, body: Mapping[str, Any]) -> None:
        self.errorcode = str(body.get("errorcode"))
        self.exception = str(body.get("exception"))
        self.message = str(body.get("message"))
        super().__init__(f"{self.errorcode}: {self.message}")


@dataclass(frozen=True)
class MoodleUser:
    id: int
    username: str
    password: str


def archive_problem() -> str | None:
    """Why the tier cannot run (no Moodle download named), or None when it can."""
    named = os.environ.get(ARCHIVE_ENV, "")
    if not named:
        return HOW_TO_RUN
    path = Path(named).expanduser().resolve()
    if not path.is_file():
        return f"{ARCHIVE_ENV} names {path}, which is not a file; {HOW_TO_RUN}"
    return None


def archive_path() -> Path:
    """The Moodle download named by the environment; the tier skips without it (fails on CI)."""
    problem = archive_problem()
    if problem:
        missing(problem)
    return Path(os.environ[ARCHIVE_ENV]).expanduser().resolve()


def postgres_bin() -> Path:
    """The folder of PostgreSQL's server programs (Debian keeps them off the PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    missing("PostgreSQL's initdb is not installed (CI installs postgresql: see docs/testing.md)")


class MoodleSite:
    """A running Moodle: REST calls, PHP run inside it as the administrator, users and courses."""

    def __init__(self, root: Path, wwwroot: str, php: str) -> None:
        self.root = root
        self.moodle_dir = root / "moodle"
        self.wwwroot = wwwroot
        self._php = php
        self._names = itertools.count(1)
        self.session = requests.Session()
        set_up = self.run("setup")
        #: The administrator's tokens: ``lms_export`` (the plugin's service) and ``lms_test``.
        self.admin_token: str = set_up["tokens"]["lms_export"]
        self.test_token: str = set_up["tokens"]["lms_test"]

    # --- inside Moodle, as the administrator -----------------------------------------------

    def run(self, action: str, **args: Any) -> Any:
        """One action of ``site_cli.php`` (setup, user, course, enrol, token, eval)."""
        return self.run_all([(action, args)])[0]

    def run_all(self, actions: list[tuple[str, dict[str, Any]]]) -> list[Any]:
        """Several actions in one PHP process (each process loads Moodle anew)."""
        request = [{"action": action, "args": args} for action, args in actions]
        done = subprocess.run(
            [self._php, *PHP_INI, str(SITE_CLI), str(self.moodle_dir / "config.php")],
            input=json.dumps(request), capture_output=True, text=True, timeout=CALL_SECONDS,
            check=False)
        printed, marker, answer = done.stdout.partition("\n@@RESULT@@\n")
        if done.returncode != 0 or not marker:
            names = ", ".join(action for action, _ in actions)
            raise RuntimeError(f"site_cli.php {names} failed ({done.returncode}): "
                               f"{printed[-2000:]}{done.stderr[-2000:]}")
        return list(json.loads(answer))

    def php(self, code: str, **args: Any) -> Any:
        """Runs PHP inside Moodle (``$DB``, ``$CFG``, ``$args``) and answers what it returns."""
        return self.run("eval", code=code, **args)

    def make_user(self, *, webservices: bool = True, prefix: str = "user") -> MoodleUser:
        """A user who may get and use REST tokens (MOODLE.md item 7) unless told otherwise."""
        return self.make_users([prefix], webservices=webservices)[0]

    def make_users(self, prefixes: list[str], *, webservices: bool = True) -> list[MoodleUser]:
        """Several users at once, named ``{prefix}{n}``."""
        names = [f"{prefix}{next(self._names)}" for prefix in prefixes]
        ids = self.run_all([("user", {
            "username": name, "password": USER_PASSWORD, "firstname": prefix.title(),
            "lastname": name, "email": f"{name}@example.edu", "webservices": webservices})
            for prefix, name in zip(prefixes, names, strict=True)])
        return [MoodleUser(int(userid), name, USER_PASSWORD)
                for userid, name in zip(ids, names, strict=True)]

    def make_teacher(self, **options: Any) -> MoodleUser:
        return self.make_user(prefix="teacher", **options)

    def make_student(self, **options: Any) -> MoodleUser:
        return self.make_user(prefix="student", **options)

    def make_course(self, *, teacher: MoodleUser | None = None,
                    students: tuple[MoodleUser, ...] = ()) -> int:
        """A new course in the default category, with its editing teacher and students."""
        number = next(self._names)
        courseid = int(self.run("course", fullname=f"Course {number}", shortname=f"C{number}"))
        enrolments = [(teacher, "editingteacher")] if teacher is not None else []
        enrolments += [(student, "student") for student in students]
        if enrolments:
            enrolled = self.run_all([("enrol", {"userid": user.id, "courseid": courseid,
                                                "role": role}) for user, role in enrolments])
            if not all(enrolled):
                raise RuntimeError(f"could not enrol everyone in course {courseid}")
        return courseid

    def enrol(self, user: MoodleUser, courseid: int, role: str = "student") -> None:
        if not self.run("enrol", userid=user.id, courseid=courseid, role=role):
            raise RuntimeError(f"could not enrol {user.username} in course {courseid}")

    def token(self, user: MoodleUser, service: str = "lms_export") -> str:
        """A permanent token of ``user`` for ``service``, made by the administrator."""
        return str(self.run("token", userid=user.id, service=service))

    # --- over HTTP, as a client does -------------------------------------------------------

    def login(self, username: str, password: str, service: str = "lms_export") -> dict:
        """``POST /login/token.php``: ``{"token", "privatetoken"}`` or ``{"errorcode", ...}``."""
        answer = self.session.post(f"{self.wwwroot}/login/token.php", timeout=CALL_SECONDS,
                                   data={"username": username, "password": password,
                                         "service": service})
        answer.raise_for_status()
        return answer.json()

    def call(self, token: str, function: str, **params: Any) -> Any:
        """One REST call; Moodle's error body raises ``MoodleCallError``."""
        answer = self.session.post(
            f"{self.wwwroot}/webservice/rest/server.php", timeout=CALL_SECONDS,
            data={"wstoken": token, "wsfunction": function, "moodlewsrestformat": "json",
                  **rest_params(params)})
        answer.raise_for_status()
        body = answer.json()
        if isinstance(body, dict) and "exception" in body:
            raise MoodleCallError(body)
        return body


def rest_params(params: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested parameters flattened as Moodle's REST server reads them: ``a[0][b]=...``."""
    flat: dict[str, str] = {}
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, Mapping):
            flat.update(rest_params(value, name))
        elif isinstance(value, list | tuple):
            flat.update(rest_params(dict(enumerate(value)), name))
        elif isinstance(value, bool):
            flat[name] = "1" if value else "0"
        else:
            flat[name] = str(value)
    return flat


# --- bringing it up and down ------------------------------------------------------------------


@contextmanager
def running_moodle(archive: Path, plugin_zip: Path) -> Iterator[MoodleSite]:
    """Moodle from ``archive`` with the plugin from ``plugin_zip``; all of it gone afterwards.

    A freshly installed site (database, data folder, config.php) is kept in ``cache_folder()``
    under a key of everything the install depends on, and later sessions start from a copy of it
    instead of installing again; the copy is thrown away at the end, so every session starts
    from the same clean site. CI (``CI=true``) always installs.
    """
    php = require_binary("php")
    pg_bin = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="lms-moodle-", dir=scratch_folder()))
    root.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    with ExitStack() as stack:
        # rm is much faster than shutil.rmtree on Moodle's 29,000 files.
        stack.callback(subprocess.run, ["rm", "-rf", str(root)], check=False, timeout=600)
        subprocess.run(["tar", "xzf", str(archive), "-C", str(root)], check=True, timeout=300)
        with zipfile.ZipFile(plugin_zip) as plugin:
            plugin.extractall(root / "moodle" / "local")
        web_port = free_port()
        wwwroot = f"http://127.0.0.1:{web_port}"
        cached = cache_folder(archive, plugin_zip, php)
        cluster = PostgresCluster(pg_bin, root / "pg")
        if cached is not None and (cached / "ready").exists():
            restore(cached, root, cluster)
            stack.callback(cluster.stop)
            point_at(php, root, wwwroot, cluster.port)
        else:
            cluster.create()
            stack.callback(cluster.stop)
            install(php, root, wwwroot, cluster.port)
            if cached is not None:
                save(cached, root, cluster)
        stack.enter_context(php_server(php, root, web_port))
        yield MoodleSite(root, wwwroot, php)


def scratch_folder() -> str | None:
    """Memory (``/dev/shm``) when it has room: writing and deleting Moodle's 29,000 files there
    takes seconds, on a busy disk minutes. ``LMS_TEST_MOODLE_TMP`` chooses another folder."""
    chosen = os.environ.get("LMS_TEST_MOODLE_TMP")
    if chosen:
        return chosen
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * 1024**3:
        return str(shm)
    return None


def cache_folder(archive: Path, plugin_zip: Path, php: str) -> Path | None:
    """Where an installed site is kept, named by what the install depends on; None on CI or
    with ``LMS_TEST_MOODLE_CACHE=off``."""
    setting = os.environ.get("LMS_TEST_MOODLE_CACHE", "")
    if os.environ.get("CI", "").lower() == "true" or setting.lower() in ("0", "off", "no"):
        return None
    digest = hashlib.sha256()
    stat = archive.stat()
    digest.update(f"{archive}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(plugin_zip.read_bytes())
    digest.update(inspect.getsource(install).encode())
    digest.update(subprocess.run([php, "-v"], capture_output=True, check=True).stdout)
    base = Path(setting or "~/.cache/lms-export-blueprint/moodle").expanduser()
    return base / digest.hexdigest()[:16]


def save(cached: Path, root: Path, cluster: PostgresCluster) -> None:
    """Keeps the freshly installed site (PostgreSQL stopped for a consistent copy). Sites kept
    for other keys stay a day, since other sessions (other branches) may be starting from them."""
    cluster.stop()
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    shutil.copytree(root / "pg" / "data", partial / "pgdata", symlinks=True)
    shutil.copytree(root / "moodledata", partial / "moodledata", symlinks=True)
    shutil.copy2(root / "moodle" / "config.php", partial / "config.php")
    (partial / "ready").write_text(str(root))
    try:
        partial.rename(cached)
    except OSError:  # another session kept the same site first
        shutil.rmtree(partial, ignore_errors=True)
    stale = time.time() - CACHE_DAYS * 86400
    for old in cached.parent.iterdir():
        if old != cached and old.stat().st_mtime < stale:
            shutil.rmtree(old, ignore_errors=True)
    cluster.start()


def restore(cached: Path, root: Path, cluster: PostgresCluster) -> None:
    """A copy of the kept site in ``root``, its cluster started."""
    shutil.copytree(cached / "moodledata", root / "moodledata", symlinks=True)
    shutil.copy2(cached / "config.php", root / "moodle" / "config.php")
    cluster.restore(cached / "pgdata")


def point_at(php: str, root: Path, wwwroot: str, db_port: int) -> None:
    """A restored site's config.php told its new address, folder and database port; the caches
    that remember the old ones emptied."""
    config = root / "moodle" / "config.php"
    text = config.read_text()
    text = re.sub(r"\$CFG->wwwroot\s*=\s*'[^']*';", f"$CFG->wwwroot   = '{wwwroot}';", text)
    text = re.sub(r"\$CFG->dataroot\s*=\s*'[^']*';",
                  f"$CFG->dataroot  = '{root / 'moodledata'}';", text)
    text = re.sub(r"'dbport'\s*=>\s*[^,]*,", f"'dbport' => {db_port},", text)
    config.write_text(text)
    for cache in ("cache", "localcache", "sessions"):
        shutil.rmtree(root / "moodledata" / cache, ignore_errors=True)
    subprocess.run([php, *PHP_INI, "admin/cli/purge_caches.php"], cwd=root / "moodle",
                   check=True, timeout=CALL_SECONDS, stdout=subprocess.DEVNULL)


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A private cluster on 127.0.0.1 holding the ``moodle`` role and database."""

    def __init__(self, pg_bin: Path, folder: Path) -> None:
        self.pg_bin, self.folder = pg_bin, folder
        self.data, self.sockets = folder / "data", folder / "run"
        self.port = free_port()
        self.running = False
        for path in (folder, self.sockets):
            path.mkdir()
            self._own(path)

    def create(self) -> None:
        self._run([str(self.pg_bin / "initdb"), "-D", str(self.data), "-E", "UTF8",
                   "--locale=C.UTF-8", "-U", "postgres", "--auth=trust"])
        self.start()
        psql = [str(self.pg_bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                "postgres", "-v", "ON_ERROR_STOP=1", "-c"]
        subprocess.run([*psql, "CREATE ROLE moodle LOGIN PASSWORD 'moodle'"], check=True,
                       capture_output=True, timeout=60)
        subprocess.run([*psql, "CREATE DATABASE moodle OWNER moodle ENCODING 'UTF8' "
                               "TEMPLATE template0"], check=True, capture_output=True,
                       timeout=60)

    def restore(self, data: Path) -> None:
        shutil.copytree(data, self.data, symlinks=True)
        for path in [self.data, *self.data.rglob("*")]:
            self._own(path)
        self.start()

    def start(self) -> None:
        self._run([str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "-l",
                   str(self.folder / "pg.log"), "-w", "-o",
                   f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.sockets} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off", "start"])
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._run([str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                       "stop"])

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(_as_postgres(command), capture_output=True, text=True,
                              timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stdout}{done.stderr}")

    @staticmethod
    def _own(path: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")


def install(php: str, root: Path, wwwroot: str, db_port: int) -> None:
    """``admin/cli/install.php`` with the plugin in place, then the settings MOODLE.md needs."""
    moodle, dataroot = root / "moodle", root / "moodledata"
    dataroot.mkdir()
    log = root / "install.log"
    with log.open("w") as output:
        done = subprocess.run(
            [php, *PHP_INI, "admin/cli/install.php", "--non-interactive", "--agree-license",
             "--lang=en", f"--wwwroot={wwwroot}", f"--dataroot={dataroot}", "--dbtype=pgsql",
             "--dbhost=127.0.0.1", f"--dbport={db_port}", "--dbname=moodle", "--dbuser=moodle",
             "--dbpass=moodle", "--prefix=mdl_", "--fullname=LMS export tests",
             "--shortname=lmstests", "--adminuser=admin", f"--adminpass={ADMIN_PASSWORD}",
             "--adminemail=admin@example.edu", "--supportemail=support@example.edu"],
            cwd=moodle, stdout=output, stderr=subprocess.STDOUT, timeout=INSTALL_SECONDS,
            check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Moodle's install.php failed ({done.returncode}): "
                           f"{log.read_text(errors='replace')[-3000:]}")
    config = moodle / "config.php"
    # No mail leaves a test site; developer debugging puts Moodle's details in error answers.
    config.write_text(config.read_text().replace(
        "require_once(__DIR__ . '/lib/setup.php');",
        "$CFG->noemailever = true;\n$CFG->debug = E_ALL;\n$CFG->debugdisplay = 0;\n"
        "require_once(__DIR__ . '/lib/setup.php');"))
    subprocess.run([php, *PHP_INI, "admin/cli/cfg.php", "--name=noreplyaddress",
                    "--set=noreply@example.edu"], cwd=moodle, check=True, timeout=CALL_SECONDS,
                   stdout=subprocess.DEVNULL)


@contextmanager
def php_server(php: str, root: Path, port: int) -> Iterator[None]:
    """``php -S`` with four workers in its own process group, stopped as a group."""
    env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
    with (root / "php-server.log").open("w") as log:
        server = subprocess.Popen(
            [php, *PHP_INI, "-S", f"127.0.0.1:{port}", "-t", str(root / "moodle")],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, server)
        yield
    finally:
        _stop_group(server)


def _stop_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        process.wait(timeout=10)
