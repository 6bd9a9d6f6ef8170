"""`make bench`: how fast the live panel, the case list and the dossier export are, here.

Writes benchmarks/results/latest.json and benchmarks/results/latest.md. Never part of
`make test`. Needs PostgreSQL and Redis on 127.0.0.1 (as on the development machines and CI):
a throwaway database (`renaten_bench`, or BENCH_DB) is created, filled with 2,000 fictional
cases, served by gunicorn, and exported through real Celery workers.

Absolute times depend on the machine and on what else runs on it, so the web figures are also
given as ratios to a floor measured under the same load in the same run: a trivial
authenticated page (the session, the user, a tiny template).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks import load
from benchmarks.dataset import BENCH_PASSWORD
from benchmarks.formdata import form_fields

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PY = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Its own name per developer if several benches share one PostgreSQL (BENCH_DB=...).
BENCH_DB = os.environ.get("BENCH_DB", "renaten_bench")
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
)
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5")
USERS = int(os.environ.get("BENCH_USERS", 20))
# A user's pause between two actions (seconds): the form re-evaluates after 400 ms without
# typing, and a clinician reads the panel before the next change. Zero would model 20 robots.
THINK = (
    float(os.environ.get("BENCH_THINK_MIN", 0.5)),
    float(os.environ.get("BENCH_THINK_MAX", 1.5)),
)
SECONDS = int(os.environ.get("BENCH_SECONDS", 30))
# How latency grows with the number of users: shorter runs beside the 20-user one.
GROWTH_USERS = [int(n) for n in os.environ.get("BENCH_GROWTH_USERS", "10,40").split(",") if n]
GROWTH_SECONDS = int(os.environ.get("BENCH_GROWTH_SECONDS", 15))
# The 40-user step, whose ratios are targets, runs for a minute: its p95s rest on some 500
# form openings and 600 floor samples, and a few noisy seconds on a shared machine weigh less.
SECONDS_40 = int(os.environ.get("BENCH_SECONDS_40", 60))
FLOOR_EVERY = float(os.environ.get("BENCH_FLOOR_EVERY", 0.1))
N_CASES = int(os.environ.get("BENCH_CASES", 2000))

TARGETS = {
    "engine_evals_per_s": (">=", 5000),
    "panel_p95_ms": ("<", 150),
    "list_p95_ms": ("<", 250),
    "errors": ("==", 0),
    "form_p95_ms_40": ("<", 300),
    "panel_p95_ms_40": ("<", 150),
    "form_vs_floor_40": ("<=", 5),
    "panel_vs_floor_40": ("<=", 3),
    "errors_40": ("==", 0),
    "dossier_ms_typical": ("<", 1000),
    "dossier_vs_chromium": ("<=", 4),
    "session40_s": ("<", 40),
    "session40_warm_s": ("<", 3),
    "cold_2w_over_1w": ("<=", 0.6),
    "worker_peak_mb": ("<", 400),
}


def bench_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(
        DATABASE_URL=BENCH_DATABASE_URL,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def django_step(code: str, **extra_env) -> dict:
    """Run a snippet inside Django against the bench database; it prints one JSON line."""
    prelude = (
        "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'renaten.settings'); django.setup()\n"
    )
    result = subprocess.run(
        [PY, "-c", prelude + code],
        cwd=ROOT,
        env=bench_env(**extra_env),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench step failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=bench_env(), check=True
    )
    subprocess.run(
        [PY, "-m", "benchmarks.dataset", "--cases", str(N_CASES)],
        cwd=ROOT,
        env=bench_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # A live database has statistics (autovacuum gathers them); without them the planner
    # guesses 2 rows per centre and the list query plans say nothing about production.
    with psycopg.connect(BENCH_DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    # gunicorn serves the static files through WhiteNoise, as in production.
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=bench_env(),
        check=True,
    )


def engine() -> dict:
    from benchmarks.engine_bench import run

    return {"engine_evals_per_s": round(run())}


LIST_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
out = {}
for username, key in (("petit-clin", "list_queries_10"), ("bench-clin", "list_queries_2000")):
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/cas/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cas/").status_code == 200
    out[key] = len(ctx.captured_queries)
print(json.dumps(out))
"""


def list_queries() -> dict:
    return django_step(LIST_QUERIES)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def web_load() -> dict:
    port = free_port()
    # The production settings (gunicorn.conf.py), on a free port.
    server = subprocess.Popen(
        [
            str(Path(PY).with_name("gunicorn")),
            "renaten.wsgi:application",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=bench_env(AXES_ENABLED="0", ALLOWED_HOSTS="127.0.0.1,localhost"),
    )
    try:
        wait_for_port(port)
        case_ids = django_step(
            "from cases.models import Case\n"
            "ids = list(Case.objects.filter(centre__name='Centre fictif BENCH')"
            ".values_list('pk', flat=True)[:200])\nprint(json.dumps(ids))"
        )
        # One user, no pause, the floor requested in turn: what each request costs on its own.
        single = _drive(port, case_ids, users=1, seconds=5, think=(0.0, 0.0), floor_probe=False)
        samples = _drive(port, case_ids, users=USERS, seconds=SECONDS, think=THINK)
        growth = {
            n: _drive(
                port,
                case_ids,
                users=n,
                seconds=SECONDS_40 if n == 40 else GROWTH_SECONDS,
                think=THINK,
            )
            for n in GROWTH_USERS
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    one = _figures(single)
    at_40 = _figures(growth[40]) if 40 in growth else {}
    return {
        **_figures(samples),
        **{f"{key}_40": at_40[key] for key in FIGURES_AT_40 if key in at_40},
        # One user, no pause: what a request costs the server on its own.
        "panel_single_p50_ms": one["panel_p50_ms"],
        "list_single_p50_ms": one["list_p50_ms"],
        "think_time_s": list(THINK),
        "users": USERS,
        "seconds": SECONDS,
        "gunicorn": _gunicorn_settings(),
        # How the figures grow with the number of users.
        "by_users": {
            str(n): _figures(run)
            for n, run in sorted({1: single, USERS: samples, **growth}.items())
        },
    }


FIGURES_AT_40 = (
    "floor_p95_ms",
    "form_p95_ms",
    "panel_p95_ms",
    "list_p95_ms",
    "form_vs_floor",
    "panel_vs_floor",
    "list_vs_floor",
    "errors",
)


def _ratio(value: float, floor: float) -> float | None:
    if not floor or floor != floor or value != value:  # no floor sample (NaN) or zero
        return None
    return round(value / floor, 2)


def _figures(run: load.Samples) -> dict:
    """Percentiles, ratios to the floor, counts and errors of one load run."""

    def ms(name: str, q: int) -> float:
        return round(load.percentile(run.latencies_ms.get(name, []), q), 1)

    floor = ms("floor", 95)
    return {
        "panel_p50_ms": ms("panel", 50),
        "panel_p95_ms": ms("panel", 95),
        "list_p50_ms": ms("list", 50),
        "list_p95_ms": ms("list", 95),
        # Opening a case's form, at the start of each editing visit.
        "form_p95_ms": ms("form", 95),
        "floor_p50_ms": ms("floor", 50),
        "floor_p95_ms": floor,
        "panel_vs_floor": _ratio(ms("panel", 95), floor),
        "form_vs_floor": _ratio(ms("form", 95), floor),
        "list_vs_floor": _ratio(ms("list", 95), floor),
        **{
            f"{name}_requests": len(run.latencies_ms.get(name, []))
            for name in ("panel", "list", "form", "floor")
        },
        # The users' requests: the floor's are the measuring instrument's.
        "requests_per_s": round(
            sum(len(run.latencies_ms.get(name, [])) for name in ("panel", "list", "form"))
            / run.seconds,
            1,
        ),
        "errors": run.errors,
        "error_kinds": run.error_kinds,
    }


def _gunicorn_settings() -> dict:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))  # read as gunicorn reads it
    return {k: settings[k] for k in ("workers", "worker_class", "threads", "keepalive")}


def _drive(
    port: int,
    case_ids: list[int],
    *,
    users,
    seconds,
    think,
    host: str = "127.0.0.1",
    username: str = "bench-clin",
    password: str = BENCH_PASSWORD,
    floor_probe: bool = True,
) -> load.Samples:
    """`users` clinicians editing cases for `seconds`; the floor sampled ten times a second by
    one more client (`floor_probe`), else requested by each user after each visit."""
    rng = random.Random(11)
    # What a case's form submits, read once per case: parsing a page is the load generator's
    # work, and on two shared cores it would slow the server it measures.
    bodies: dict[int, bytes] = {}

    def open_form(session: load.Session, samples: load.Samples, pk: int) -> bytes:
        page = load.timed(samples, "form", lambda: session.request("GET", f"/cas/{pk}/modifier/"))
        if page is None:
            raise RuntimeError("the case form did not open")  # counted, the user stops
        if pk not in bodies:
            # The token travels in the X-CSRFToken header: each user has their own.
            fields = [
                (k, v)
                for k, v in form_fields(page.decode(), "case-form")
                if k != "csrfmiddlewaretoken"
            ]
            bodies[pk] = urlencode(fields).encode()
        return bodies[pk]

    def scenario(session: load.Session, samples: load.Samples) -> None:
        # A clinician editing a case: she opens its form, the panel re-evaluates as she
        # changes fields, then she goes back to the list. Every visit opens the form, so its
        # figures describe a steady day, not only the first minute's.
        pk = rng.choice(case_ids)
        body = open_form(session, samples, pk)
        time.sleep(rng.uniform(*think))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": session.csrf_token,
            "Referer": session.origin,
        }
        for _ in range(3):
            load.timed(
                samples,
                "panel",
                lambda: session.request("POST", f"/cas/{pk}/panneau/", body, headers),
            )
            time.sleep(rng.uniform(*think))
        query = rng.choice(["", "?page=7", "?q=BENCH-00", "?status=ready", "?extent=metastatic"])
        load.timed(samples, "list", lambda: session.request("GET", f"/cas/{query}"))
        time.sleep(rng.uniform(*think))
        if not floor_probe:
            floor(session, samples)

    def floor(session: load.Session, samples: load.Samples) -> None:
        # The cheapest authenticated page, under the same load: sampled ten times a second,
        # its p95 (the ratios' denominator) rests on a few hundred requests.
        load.timed(samples, "floor", lambda: session.request("GET", "/session/"))

    return load.run_users(
        host=host,
        port=port,
        users=users,
        seconds=seconds,
        username=username,
        password=password,
        scenario=scenario,
        ramp_up=think[1],
        probe=floor if floor_probe else None,
        probe_every=FLOOR_EVERY,
        # As many connections as gunicorn has workers: the floor is sampled on each of them.
        probe_connections=_gunicorn_settings()["workers"],
    )


def dossier() -> dict:
    code = (
        "from benchmarks import dossier_bench as d\n"
        "r = {'dossier_blank_ms': d.render_blank_ms(), 'dossier_ms_typical': d.render_typical_ms(),"
        " 'dossier_ms_long': d.render_long_ms()}\n"
        "r['dossier_peak_mb'] = d.peak_mb()\n"
        "r.update(d.chromium_comparison())\n"
        "print(json.dumps(r))"
    )
    result = django_step(code)
    blank = result["dossier_blank_ms"]
    result["dossier_typical_over_blank"] = round(result["dossier_ms_typical"] / blank, 1)
    result["dossier_long_over_blank"] = round(result["dossier_ms_long"] / blank, 1)
    return result


SESSION_SETUP = """
import datetime
from django.utils import timezone
from accounts.models import User
from board_sessions.models import AgendaItem, BoardSession
from boards.models import Board
from cases.models import Case
user = User.objects.get(username="bench-secr")
board = Board.objects.order_by("pk").first()
cases = list(Case.objects.filter(centre=user.centre).order_by("pk")[:50])
out = {}
for n, offset in ((10, 0), (40, 10)):
    session = BoardSession.objects.create(
        board=board,
        organiser_centre=user.centre,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Salle de banc d'essai",
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, case=c, position=i + 1)
         for i, c in enumerate(cases[offset:offset + n])]
    )
    out[str(n)] = session.pk
print(json.dumps(out))
"""

SESSION_EXPORT = """
import time
from django.db import transaction
from accounts.models import User
from board_sessions.models import BoardSession
from dossiers.actions import request_session_export
from dossiers.models import DossierPart
user = User.objects.get(username="bench-secr")
session = BoardSession.objects.get(pk=SESSION_ID)
if PURGE:
    for part in DossierPart.objects.all():
        part.delete()  # and its file: a cold export renders every case
start = time.perf_counter()
with transaction.atomic():
    job = request_session_export(session=session, by=user)
while True:
    job.refresh_from_db()
    if job.state in ("done", "failed"):
        break
    if time.perf_counter() - start > 900:
        raise SystemExit("session export timed out")
    time.sleep(0.05)
if job.state != "done":
    raise SystemExit(f"session export failed: {job.reason}")
print(json.dumps({"seconds": round(time.perf_counter() - start, 2)}))
"""


def _worker_env() -> dict:
    return {
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "DOSSIER_PRERENDER": "0",
    }


def _start_worker(processes: int, name: str = "") -> subprocess.Popen:
    """A Celery worker in its own session, as a container of `--scale worker=N` would be
    (with the kernel's autogroup scheduling, processes of one session share one CPU share)."""
    worker = subprocess.Popen(
        [
            str(Path(PY).with_name("celery")),
            "-A",
            "renaten",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(processes),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"bench-{os.getpid()}-{processes}{name}@%h",
        ],
        cwd=ROOT,
        env=bench_env(**_worker_env()),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_tree(worker.pid)) < processes + 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    return worker


def _tree(pid: int) -> set[int]:
    """The process and its descendants (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(raw[raw.rindex(")") + 2 :].split()[1])
    found, frontier = {pid}, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of one process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)


def _export(session_id: int, *, purge: bool) -> float:
    code = SESSION_EXPORT.replace("SESSION_ID", str(session_id)).replace("PURGE", str(purge))
    return django_step(code, **_worker_env())["seconds"]


def session_exports() -> dict:
    """Cold exports (no stored part) with one and two worker processes, and a warm one
    (every part stored: cover and merge only); the workers' peak memory (total: both
    two-process workers, main processes included)."""
    sessions = django_step(SESSION_SETUP)
    out: dict = {}
    peaks: list[float] = []
    one = _start_worker(1)
    try:
        out["session10_s"] = _export(sessions["10"], purge=True)
        out["session40_cold_1w_s"] = _export(sessions["40"], purge=True)
        out["session40_warm_s"] = _export(sessions["40"], purge=False)
        peaks += [_peak_mb(pid) for pid in _tree(one.pid) - {one.pid}]
    finally:
        _stop(one)
    # Two worker processes: two workers of one process each (`--scale worker=2`).
    two = [_start_worker(1, "a"), _start_worker(1, "b")]
    try:
        # Warmed as the one-process worker was (by its 10-case export): long-lived workers are
        # compared, not the first document each new process lays out (fonts, templates, imports).
        out["session10_2w_s"] = _export(sessions["10"], purge=True)
        out["session40_cold_2w_s"] = _export(sessions["40"], purge=True)
        processes = set().union(*(_tree(worker.pid) for worker in two))
        pool = processes - {worker.pid for worker in two}
        peaks += [_peak_mb(pid) for pid in pool]
        out["worker_total_peak_mb"] = round(sum(map(_peak_mb, processes)), 1)
    finally:
        for worker in two:
            _stop(worker)
    out["session40_s"] = out["session40_cold_1w_s"]  # the key earlier runs reported
    out["cold_2w_over_1w"] = round(out["session40_cold_2w_s"] / out["session40_cold_1w_s"], 2)
    # The largest render process (each renders one case at a time, whatever the session size).
    out["worker_peak_mb"] = max(peaks) if peaks else None
    return out


def verdicts(results: dict) -> dict:
    ops = {
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        "==": lambda a, b: a == b,
    }
    return {
        key: {"target": f"{op} {bound}", "met": ops[op](results[key], bound)}
        for key, (op, bound) in TARGETS.items()
        if results.get(key) is not None
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def target_text(key: str) -> str:
    """TARGETS[key] as the table shows it: "≥ 5,000", "< 150", "0"."""
    op, bound = TARGETS[key]
    symbol = {">=": "≥ ", "<": "< ", "<=": "≤ ", "==": ""}[op]
    return f"{symbol}{bound:,}"


def summary(results: dict) -> str:
    # The load figures describe the run that measured them (a partial run keeps older ones).
    users = results.get("users", USERS)
    think = results.get("think_time_s", THINK)
    rows = [
        (
            "Engine evaluations / s (one core)",
            "engine_evals_per_s",
            target_text("engine_evals_per_s"),
        ),
        (
            f"Panel p50 / p95 (ms), {users} users",
            ("panel_p50_ms", "panel_p95_ms"),
            f"p95 {target_text('panel_p95_ms')}",
        ),
        (f"Case list p95 (ms), {users} users", "list_p95_ms", target_text("list_p95_ms")),
        ("HTTP errors under load", "errors", target_text("errors")),
        ("List queries, 10 / 2,000 cases", ("list_queries_10", "list_queries_2000"), "equal"),
        (
            "Dossier typical / long / blank (ms)",
            ("dossier_ms_typical", "dossier_ms_long", "dossier_blank_ms"),
            f"typical {target_text('dossier_ms_typical')}",
        ),
        ("Dossier render peak memory (MB)", "dossier_peak_mb", "—"),
        (
            "Floor p95 (ms): trivial authenticated page, 20 / 40 users",
            ("floor_p95_ms", "floor_p95_ms_40"),
            "—",
        ),
        (
            "Form opening p95 (ms) and × floor, 40 users",
            ("form_p95_ms_40", "form_vs_floor_40"),
            f"{target_text('form_p95_ms_40')} and × {target_text('form_vs_floor_40')}",
        ),
        (
            "Panel p95 (ms) and × floor, 40 users",
            ("panel_p95_ms_40", "panel_vs_floor_40"),
            f"{target_text('panel_p95_ms_40')} and × {target_text('panel_vs_floor_40')}",
        ),
        ("HTTP errors, 40 users", "errors_40", target_text("errors_40")),
        (
            "Dossier HTML → PDF (ms): WeasyPrint / Chromium, and ratio",
            ("dossier_weasyprint_html_ms", "dossier_chromium_ms", "dossier_vs_chromium"),
            f"ratio {target_text('dossier_vs_chromium')}",
        ),
        (
            "Dossier pages: WeasyPrint / Chromium",
            ("dossier_weasyprint_pages", "dossier_chromium_pages"),
            "—",
        ),
        (
            "Session export 10 cases, cold, 1 worker process (s)",
            "session10_s",
            "—",
        ),
        (
            "Session export 40 cases, cold, 1 / 2 worker processes (s)",
            ("session40_cold_1w_s", "session40_cold_2w_s"),
            f"1 process {target_text('session40_s')}",
        ),
        (
            "2 processes / 1 process, cold 40 cases",
            "cold_2w_over_1w",
            target_text("cold_2w_over_1w"),
        ),
        (
            "Session export 40 cases, every part stored (s)",
            "session40_warm_s",
            target_text("session40_warm_s"),
        ),
        (
            "Worker peak memory (MB): largest render process / two workers in all",
            ("worker_peak_mb", "worker_total_peak_mb"),
            f"render process {target_text('worker_peak_mb')}",
        ),
    ]
    lines = ["| measure | result | target |", "|---|---|---|"]
    for label, keys, target in rows:
        keys = keys if isinstance(keys, tuple) else (keys,)
        value = " / ".join(str(results.get(k, "—")) for k in keys)
        lines.append(f"| {label} | {value} | {target} |")
    growth = results.get("by_users")
    if growth:
        lines += [
            "",
            f"How the web side grows with users ({think[0]:g}–{think[1]:g} s pause between "
            "actions; 1 user: none):",
            "",
            "| users | panel p50 / p95 (ms) | list p95 (ms) | form opening p95 (ms) "
            "| floor p95 (ms) | panel / form / list × floor | users' requests / s | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for users, row in sorted(growth.items(), key=lambda item: int(item[0])):
            ratios = " / ".join(
                str(row.get(f"{name}_vs_floor", "—")) for name in ("panel", "form", "list")
            )
            lines.append(
                f"| {users} | {row['panel_p50_ms']} / {row['panel_p95_ms']} | "
                f"{row['list_p95_ms']} | {row.get('form_p95_ms', '—')} | "
                f"{row.get('floor_p95_ms', '—')} | {ratios} | "
                f"{row['requests_per_s']} | {row['errors']} |"
            )
    if "session10_s" in results and "session40_s" in results:
        per_case = (results["session40_s"] - results["session10_s"]) / 30
        lines += ["", f"A session export costs about {per_case:.2f} s more per case."]
    if results.get("dossier_vs_chromium_skipped"):
        lines += ["", f"Chromium comparison skipped: {results['dossier_vs_chromium_skipped']}."]
    m = results["machine"]
    lines.append("")
    lines.append(
        f"Measured {results['measured_at']} on {m['cpu']} ({m['cores']} cores), "
        f"Python {m['python']}."
        + (f" {results['machine_note']}" if results.get("machine_note") else "")
    )
    return "\n".join(lines)


STEPS = {
    "engine": engine,
    "database": fresh_database,
    "queries": list_queries,
    "web": web_load,
    "dossier": dossier,
    "sessions": session_exports,
}


def main(selected: list[str]) -> None:
    """All steps, or only those named (`python -m benchmarks.run web sessions`), merged into
    the previous results."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "latest.json"
    unknown = set(selected) - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown steps {sorted(unknown)}; choose from {list(STEPS)}")
    results: dict = json.loads(latest.read_text()) if selected and latest.exists() else {}
    results["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for name, step in STEPS.items():
        if selected and name not in selected:
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        out = step() or {}
        results.update(out)
        print(f"   {json.dumps(out)}  ({time.perf_counter() - start:.0f} s)", flush=True)
    results["machine"] = machine()
    # Say what else ran on the machine (BENCH_NOTE="shared with 7 other jobs"): figures from a
    # busy machine are not those of a quiet one.
    if os.environ.get("BENCH_NOTE"):
        results["machine_note"] = os.environ["BENCH_NOTE"]
    results["targets"] = verdicts(results)
    latest.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    text = summary(results)
    (RESULTS / "latest.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
