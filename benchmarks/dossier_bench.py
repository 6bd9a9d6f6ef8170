"""Dossier rendering benchmark (never part of the test suite; `make bench` imports it).

Importable functions (each sets Django up and, on first use, a throwaway test database filled with
fictional records; nothing touches the configured database):

- ``render_blank_ms(repeat=5)``: median ms to render a blank one-page document with the same
  WeasyPrint and the same safe fetcher — the baseline the other figures are divided by, so a
  slow machine does not read as a slow dossier.
- ``render_typical_ms(repeat=5)``: median ms for one typical dossier (metastatic case, two
  treatment lines, full evaluation), from the database record to the PDF bytes.
- ``render_long_ms(repeat=5)``: the same for a long dossier (eight treatment lines).
- ``session_export_s(n_cases=40)``: seconds to render a session PDF of ``n_cases`` dossiers
  (cover page with the agenda, every case, merged into one PDF), as the Celery task does, with
  ``DOSSIER_RENDER_PROCESSES`` layout processes; ``session_export(n)`` gives (wall, CPU) seconds.
- ``peak_mb()``: peak resident memory of this process so far, in MB.
- ``run(n_cases=40)``: all of the above as a dict, with the ratios to the blank render.

Targets (issue 6): typical dossier under 1 s; 40-case session under 40 s on 2 cores.
``python -m benchmarks.dossier_bench [N]`` prints the dict as JSON.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from functools import cache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaten.settings")

TYPICAL_TARGET_MS = 1000
SESSION_TARGET_S = 40
GENERATED_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@cache
def _database() -> None:
    """Django set up on a fresh, migrated test database, destroyed when the process exits."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    atexit.register(connection.creation.destroy_test_db, old_name, verbosity=0)


@cache
def _fixtures() -> dict:
    _database()
    from board_sessions.models import AgendaItem
    from boards.specialties import Specialty
    from cases.models import TreatmentLine
    from tests.board_sessions.factories import (
        BoardFactory,
        BoardSessionFactory,
        ParticipantFactory,
    )
    from tests.cases.factories import TreatmentLineFactory, metastatic_case
    from tests.factories import CentreFactory

    centre = CentreFactory(name="Centre fictif du banc d'essai")
    board = BoardFactory(name="RCP fictive du banc d'essai")
    treatments = ["ssa_antitumour", "everolimus", "chemo_temozolomide", "chemo_oxaliplatin"]

    def make_case(n_lines: int, n: int):
        case = metastatic_case(centre=centre, fdg_pet="negative", question=f"Question {n} ?")
        start = dt.date(2016, 1, 1)
        for index in range(n_lines):
            TreatmentLineFactory(
                case=case,
                treatment=treatments[index % len(treatments)],
                start_date=start + dt.timedelta(days=300 * index),
                end_date=start + dt.timedelta(days=300 * index + 250),
                best_response=TreatmentLine.BestResponse.STABLE,
                reason_stopped=TreatmentLine.ReasonStopped.PROGRESSION,
                comment="Commentaire fictif de la ligne de traitement.",
            )
        return case

    typical = make_case(2, 0)
    long = make_case(8, 1)
    session = BoardSessionFactory(board=board, organiser_centre=centre)
    for specialty in (Specialty.PULMONOLOGY, Specialty.THORACIC_SURGERY, Specialty.PATHOLOGY):
        ParticipantFactory(session=session, specialty=specialty)
    return {
        "centre": centre,
        "typical": typical,
        "long": long,
        "session": session,
        "make_case": make_case,
        "agenda_model": AgendaItem,
    }


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: fonts, templates, imports
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 1)


def render_blank_ms(repeat: int = 5) -> float:
    _database()
    from dossiers.pdf import html_to_pdf

    blank = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body></body></html>'
    return _median_ms(lambda: html_to_pdf(blank), repeat)


def render_typical_ms(repeat: int = 5) -> float:
    from dossiers.render import render_case_pdf

    case = _fixtures()["typical"]
    return _median_ms(lambda: render_case_pdf(case, generated_at=GENERATED_AT), repeat)


def render_long_ms(repeat: int = 5) -> float:
    from dossiers.render import render_case_pdf

    case = _fixtures()["long"]
    return _median_ms(lambda: render_case_pdf(case, generated_at=GENERATED_AT), repeat)


def _cpu_s() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def session_export(n_cases: int = 40) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its layout workers) for one session."""
    from dossiers.render import render_session_pdf

    data = _fixtures()
    session, agenda_item = data["session"], data["agenda_model"]
    have = session.agenda_items.count()
    for n in range(have, n_cases):
        # A realistic mix: mostly typical dossiers, one long one in five.
        case = data["make_case"](8 if n % 5 == 4 else 2, n + 2)
        agenda_item.objects.create(session=session, case=case, position=n + 1)
    cpu, start = _cpu_s(), time.perf_counter()
    pdf = render_session_pdf(session, centres=[data["centre"]], generated_at=GENERATED_AT)
    elapsed, cpu = time.perf_counter() - start, _cpu_s() - cpu
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("session export did not produce a PDF")
    return round(elapsed, 2), round(cpu, 2)


def session_export_s(n_cases: int = 40) -> float:
    return session_export(n_cases)[0]


def peak_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(n_cases: int = 40) -> dict:
    from django.conf import settings

    blank = render_blank_ms()
    typical = render_typical_ms()
    long = render_long_ms()
    session, session_cpu = session_export(n_cases)
    return {
        "blank_ms": blank,
        "typical_ms": typical,
        "long_ms": long,
        "typical_over_blank": round(typical / blank, 1),
        "long_over_blank": round(long / blank, 1),
        "session_cases": n_cases,
        "session_s": session,
        "session_per_case_ms": round(1000 * session / n_cases, 1),
        # CPU time barely moves with other load on the machine, unlike wall time.
        "session_cpu_s": session_cpu,
        "render_processes": settings.DOSSIER_RENDER_PROCESSES,
        "session_over_blank": round(1000 * session / blank, 1),
        "peak_mb": peak_mb(),
        "cpu_count": os.cpu_count(),
        "targets": {
            "typical_ms": TYPICAL_TARGET_MS,
            "session_s_for_40": SESSION_TARGET_S,
            "typical_ok": typical < TYPICAL_TARGET_MS,
            "session_ok": n_cases != 40 or session < SESSION_TARGET_S,
        },
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 40), indent=2))
