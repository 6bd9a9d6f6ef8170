"""The export through a real Celery worker and the Redis broker (runs in CI)."""

import os
import time

import pytest

from cases.models import Case
from dossiers.actions import request_case_export
from dossiers.models import ExportJob
from renaten.celery import app
from tests.dossiers.conftest import cpc_case
from tests.dossiers.pdf_utils import pdf_text

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="CELERY_BROKER_URL is not set: the real-worker test runs in CI against Redis",
    ),
]


def _wait_until_finished(job: ExportJob, attempts: int = 600) -> ExportJob:
    for _ in range(attempts):
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.1)
    return job


@pytest.mark.django_db(transaction=True)
def test_worker_renders_the_job_it_receives_by_id(centre, secretary):
    from celery.contrib.testing.worker import start_worker

    assert not app.conf.task_always_eager
    case = cpc_case(centre, question="Question rendue par le worker ?")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        job = request_case_export(case=case, by=secretary)  # enqueued on commit (autocommit)
        job = _wait_until_finished(job)

    assert job.state == ExportJob.State.DONE, job.reason
    assert job.attempts == 1
    assert "Question rendue par le worker ?" in pdf_text(job.path.read_bytes())
