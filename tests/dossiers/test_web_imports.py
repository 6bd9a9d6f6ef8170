"""The web side must start without the PDF libraries: only the render worker loads them."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','renaten.settings'); "
    "django.setup(); import renaten.urls, sys; print('weasyprint' in sys.modules)"
)


def test_loading_the_urls_does_not_import_weasyprint():
    # No database nor broker: a bare web process importing its URL configuration.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
