"""Dossier rendering benchmark (never part of the test suite; `make bench` imports it).

Importable functions (each sets Django up and, on first use, a throwaway test database filled with
fictional records; nothing touches the configured database). Once the records exist, the
process freezes its long-lived objects as a render worker's pool process does at its start
(dossiers.pdf.freeze_long_lived_objects):

- ``render_blank_ms(repeat=5)``: median ms to render a blank one-page document with the same
  WeasyPrint and the same safe fetcher — the baseline the other figures are divided by, so a
  slow machine does not read as a slow dossier.
- ``render_typical_ms(repeat=5)``: median ms for one typical dossier (metastatic case, two
  treatment lines, full evaluation), from the database record to the PDF bytes.
- ``render_long_ms(repeat=5)``: the same for a long dossier (eight treatment lines).
- ``peak_mb()``: peak resident memory of this process so far, in MB.
- ``chromium_comparison()``: the typical dossier's HTML (as the worker stores it) laid out by
  WeasyPrint and by Debian's Chromium through Playwright (warm page: ``set_content`` then
  ``page.pdf``), median ms and page counts of each; skipped with a reason without Chromium.
- ``weasyprint_profile()``: where WeasyPrint spends its time on the typical dossier.

Session exports are measured through a real Celery worker by benchmarks/run.py; the targets are
its TARGETS.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import resource
import shutil
import statistics
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaten.settings")

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
    from cases.models import TreatmentLine
    from tests.cases.factories import TreatmentLineFactory, metastatic_case
    from tests.factories import CentreFactory

    centre = CentreFactory(name="Centre fictif du banc d'essai")
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

    cases = {"typical": make_case(2, 0), "long": make_case(8, 1)}
    # As in a render worker's pool process (dossiers.tasks at worker_process_init): the objects
    # of the start-up stay out of the garbage collector's passes.
    from dossiers.pdf import freeze_long_lived_objects

    freeze_long_lived_objects()
    return cases


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


def peak_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def typical_html() -> str:
    typical = _fixtures()["typical"]
    from dossiers.render import case_queryset, part_html

    case = case_queryset().get(pk=typical.pk)
    return part_html(case)


def _inline_stylesheet(html: str) -> str:
    """The same document for Chromium, which cannot read the app's private static scheme."""
    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "dossier.css").read_text()
    return html.replace('<link rel="stylesheet" href="css/dossier.css">', f"<style>{css}</style>")


def chromium_comparison(repeat: int = 5) -> dict:
    from dossiers.pdf import html_to_pdf, page_count

    html = typical_html()
    weasy_pdf = html_to_pdf(html)
    result = {
        "dossier_weasyprint_html_ms": _median_ms(lambda: html_to_pdf(html), repeat),
        "dossier_weasyprint_pages": page_count(weasy_pdf),
    }
    if not Path(CHROMIUM).exists():
        result["dossier_vs_chromium_skipped"] = f"Chromium not found at {CHROMIUM}"
        return result
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        result["dossier_vs_chromium_skipped"] = "Playwright for Python is not installed"
        return result
    document = _inline_stylesheet(html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page()

            def render() -> bytes:
                page.set_content(document, wait_until="load")
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

            chromium_pdf = render()
            result["dossier_chromium_ms"] = _median_ms(render, repeat)
            result["dossier_chromium_pages"] = page_count(chromium_pdf)
        finally:
            browser.close()
    result["dossier_vs_chromium"] = round(
        result["dossier_weasyprint_html_ms"] / result["dossier_chromium_ms"], 1
    )
    return result


def weasyprint_profile(top: int = 25) -> str:
    """cProfile of WeasyPrint laying out the typical dossier (cumulative, top functions)."""
    import cProfile
    import io
    import pstats

    from dossiers.pdf import html_to_pdf

    html = typical_html()
    html_to_pdf(html)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        html_to_pdf(html)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()
