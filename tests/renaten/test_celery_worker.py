"""A real Celery worker, in-process, against the Redis broker (runs in CI): the periodic
retention task goes through the broker and the result backend, as beat sends it."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from dossiers.models import ExportJob
from dossiers.retention import purge_expired_exports_task
from renaten.celery import app
from tests.cases.factories import metastatic_case
from tests.dossiers.helpers import finished_case_export

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="CELERY_BROKER_URL is not set: the real-worker test runs in CI against Redis",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_retention_task_through_redis(centre, secretary, settings):
    from celery.contrib.testing.worker import start_worker

    assert app.conf.broker_url.startswith("redis://")
    assert not app.conf.task_always_eager
    settings.DOSSIER_RETENTION_DAYS = 30
    job = finished_case_export(metastatic_case(centre=centre), by=secretary)
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=31))
    path = job.path
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert purge_expired_exports_task.delay().get(timeout=30) == 1
    job.refresh_from_db()
    assert job.purged_at is not None and not path.exists()
