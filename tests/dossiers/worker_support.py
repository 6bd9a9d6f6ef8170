"""Real Celery workers as separate processes (prefork, as deployed), for the CI worker tests.

Each worker is started by the test with ``celery -A renaten worker`` against the test database
and the broker of the run, and every process this module started is killed (by pid, never by
name) and reaped when the test ends. Processes are read from /proc (Linux only).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
BROKER = os.environ.get("CELERY_BROKER_URL", "")

requires_real_worker = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="CELERY_BROKER_URL is not set: the real-worker tests run in CI against Redis",
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs a database it can share (PostgreSQL, as in CI)",
    ),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="processes are read from /proc"),
]


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Running or sleeping; a zombie holds neither memory nor a connection."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            stat = _stat(int(entry.name))
            if stat is not None:
                parents[int(entry.name)] = stat[1]
    found, frontier = set(), {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def wait_for(predicate, *, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Start real workers; everything started is stopped and reaped at the end."""

    def __init__(self, media_root: Path) -> None:
        self.media_root = media_root
        self.started: list[subprocess.Popen] = []
        self.seen: set[int] = set()  # every pid of ours ever observed (workers and pools)

    def start(self, *, concurrency: int = 2, **env) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or BROKER,
            "MEDIA_ROOT": str(self.media_root),
            "DOSSIER_PRERENDER": "0",
            "LOG_LEVEL": "WARNING",
            **{key: str(value) for key, value in env.items()},
        }
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "renaten",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                # Each task received and finished: what a failed drill's report needs.
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=environment,
        )
        self.started.append(process)
        # Ready when its pool processes exist (they fork after Django and the app are loaded).
        assert wait_for(lambda: len(self.pool(process)) >= concurrency, timeout=60)
        return process

    def pool(self, process: subprocess.Popen) -> set[int]:
        pids = descendants(process.pid)
        self.seen |= pids | {process.pid}
        return {pid for pid in pids if alive(pid)}

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker's main process, as an OOM killer or a crash would."""
        self.pool(process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)

    def left_behind(self) -> set[int]:
        return {pid for pid in self.seen if alive(pid)}

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.pool(process)
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        # Our own pool processes only, by pid, if any survived their worker.
        for pid in self.left_behind():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def workers(settings):
    pool = Workers(Path(settings.MEDIA_ROOT))
    yield pool
    pool.stop_all()
