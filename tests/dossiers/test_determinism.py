"""Same record, same date, same bytes, whatever the process did before: other documents laid
out (fonts loaded for emoji, right-to-left or combining text), a forked layout pool, a language
or time zone left active by earlier code, a different hash seed in another process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone, translation

from dossiers.pdf import html_to_pdf, render_parts
from dossiers.render import render_case_pdf
from tests.dossiers.conftest import GENERATED_AT

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NOISE = [
    f"<html><body><p>{text}</p></body></html>"
    for text in ("emoji 🫁🧬👩🏽‍⚕️", "\u202eelbatpecca\u202c", "e\u0301\u0302 combinés", "中文 عربي")
]


def test_a_dossier_does_not_depend_on_what_the_process_rendered_before(case_with_cpc, settings):
    first = render_case_pdf(case_with_cpc, generated_at=GENERATED_AT)
    for html in NOISE:
        html_to_pdf(html)
    settings.DOSSIER_RENDER_PROCESSES = 2
    render_parts(NOISE)  # forks a layout pool from this process
    with translation.override("en"), timezone.override("America/New_York"):
        leaked = render_case_pdf(case_with_cpc, generated_at=GENERATED_AT)
    assert render_case_pdf(case_with_cpc, generated_at=GENERATED_AT) == first
    assert leaked == first


SCRIPT = """
import hashlib, sys
import django
django.setup()
from dossiers.pdf import html_to_pdf
print(hashlib.sha256(html_to_pdf(sys.stdin.read())).hexdigest())
"""


def test_the_same_html_gives_the_same_bytes_in_another_process(case_with_cpc):
    from dossiers.context import build_case_dossier
    from dossiers.render import case_html, case_queryset

    html = case_html(build_case_dossier(case_queryset().get(pk=case_with_cpc.pk),
                                        generated_at=GENERATED_AT))  # fmt: skip
    here = hashlib.sha256(html_to_pdf(html)).hexdigest()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renaten.settings", "PYTHONHASHSEED": "12345"}
    env["DJANGO_ENV"] = "development"
    there = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=html, cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=True,
    ).stdout.strip()  # fmt: skip
    assert there == here
