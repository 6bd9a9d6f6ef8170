"""Drill: the database restarts while gunicorn and a Celery worker run.

On a throwaway PostgreSQL cluster of its own (initdb in a temporary folder, a free port: the
shared server is never touched): during the restart requests get the French 503 page, no
traceback; within seconds after it they are served again by the same gunicorn (the pool checks
its connections and gives up reconnecting after a few seconds, so the next request tries afresh
instead of waiting out an exponential backoff); an export task that lost its connection retries
and ends done.

The drill has its own Redis database, emptied first, and waits until the worker has drained the
demo's queued e-mails before it stops PostgreSQL: otherwise the export could reach the one solo
worker only once the database is back, and there would be nothing to retry.

Needs PostgreSQL's server binaries and Redis (CELERY_BROKER_URL): runs in CI.
"""

from __future__ import annotations

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
BROKER = os.environ.get("CELERY_BROKER_URL", "")
# Seconds within which pages are served again once PostgreSQL accepts connections.
RECOVERY_SECONDS = 15


def _drill_broker() -> str:
    """The run's Redis server, another database number: no other test's messages, none left."""
    parts = urllib.parse.urlsplit(BROKER)
    return urllib.parse.urlunsplit(parts._replace(path="/13"))


pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not BIN, reason="PostgreSQL server binaries (pg_ctl) are not installed"),
    pytest.mark.skipif(
        not BROKER, reason="CELERY_BROKER_URL is not set: the drill runs in CI with a real worker"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as `postgres` when we are root."""

    def __init__(self):
        self.bin = Path(BIN[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="rcp-drill-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.remove()


def _env(database_url: str, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=database_url, DJANGO_ENV="development", DEBUG="false")
    env.update(MEDIA_ROOT=str(media))
    env.update(CELERY_BROKER_URL=_drill_broker(), CELERY_RESULT_BACKEND=_drill_broker())
    # The demo's cases would otherwise queue their dossiers ahead of the drill's export on the
    # one solo worker, and the export would only run once the database is back.
    env.update(DOSSIER_PRERENDER="false")
    return env


def _manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except urllib.error.URLError:  # not listening yet
            return 0, ""

    def login(self, username: str, password: str) -> None:
        status, page = self.get("/connexion/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/connexion/", data=data, headers={"Referer": self.base + "/connexion/"}
        )
        with self.opener.open(request, timeout=30) as response:
            assert response.status == 200  # followed the redirect to the home page


def _wait_for(check, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


JOB_SCRIPT = """
from accounts.models import User
from cases.models import Case
from dossiers.models import ExportJob
case = Case.objects.order_by("pk").first()
user = User.objects.get(username="secretaire")
job = ExportJob.objects.create(kind="case", case=case, centre=case.centre, requested_by=user)
print(job.pk)
"""


def _redis():
    import redis

    return redis.Redis.from_url(_drill_broker())


def _worker_idle(log: Path) -> bool:
    """Ready, nothing waiting in the queue and nothing received but unacknowledged."""
    client = _redis()
    return (
        " ready." in log.read_text() and client.llen("celery") == 0 and client.hlen("unacked") == 0
    )


def test_requests_and_tasks_survive_a_database_restart(cluster, tmp_path):
    _redis().flushdb()
    subprocess.run(
        ["psql", cluster.url("postgres"), "-c", "CREATE DATABASE drill"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    env = _env(cluster.url("drill"), tmp_path / "media")
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    job_id = int(_manage(env, "shell", "--no-imports", "-c", JOB_SCRIPT).strip())

    port = _free_port()
    with (
        open(tmp_path / "web.log", "w") as web_log,
        open(tmp_path / "worker.log", "w") as worker_log,
    ):
        web = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "renaten.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=web_log,
        )  # fmt: skip
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "renaten", "worker",
             "--pool", "solo", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=worker_log,
        )  # fmt: skip
        try:
            _drill(cluster, env, port, job_id, tmp_path, web)
        finally:
            _stop(web)
            _stop(worker)


def _drill(cluster, env, port, job_id, tmp_path, web) -> None:
    """Serve, stop the database, see the 503, start it, see the page again and the job done."""
    browser = Browser(f"http://127.0.0.1:{port}")
    _wait_for(lambda: browser.get("/healthz")[0] == 200, 60)
    browser.login("clinicien", "rcp-demo-2026")
    assert browser.get("/cas/")[0] == 200
    worker_log = tmp_path / "worker.log"
    _wait_for(lambda: _worker_idle(worker_log), 120)

    cluster.stop()
    status, page = browser.get("/cas/")
    assert status == 503, page[:500]
    assert "Service momentanément indisponible" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert browser.get("/healthz")[0] == 503
    # A task sent while the database is down: it cannot even mark its job "running". (Celery
    # prefers the CELERY_BROKER_URL variable to the app's own setting: hence the patch.)
    from celery import Celery

    with mock.patch.dict(os.environ, CELERY_BROKER_URL=_drill_broker()):
        Celery().send_task("dossiers.render_export", args=[job_id])
    # The worker waits the pool's 10 s for a connection, fails, and schedules a retry: all while
    # the database is still down.
    retried = re.compile(r"dossiers\.render_export\[[^]]+\] retry")
    _wait_for(lambda: retried.search(worker_log.read_text()), 60)

    cluster.start()
    # Served again by the same gunicorn, nothing restarted, within seconds.
    recovered_after = _wait_for(lambda: browser.get("/cas/")[0] == 200, RECOVERY_SECONDS)
    print(f"pages served again {recovered_after:.1f} s after PostgreSQL started")
    assert web.poll() is None
    assert browser.get("/healthz")[0] == 200

    state_script = (
        "from dossiers.models import ExportJob; "
        f"j = ExportJob.objects.get(pk={job_id}); print(j.state, j.attempts)"
    )
    _wait_for(
        lambda: _manage(env, "shell", "--no-imports", "-c", state_script).startswith("done"), 90
    )
