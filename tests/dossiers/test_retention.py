"""Exports are deleted DOSSIER_RETENTION_DAYS after they were made; the job says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import ExportJob
from dossiers.retention import purge_expired_exports, purge_expired_exports_task
from renaten.celery import app
from tests.cases.factories import metastatic_case
from tests.dossiers.helpers import finished_case_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(centre):
    return metastatic_case(centre=centre)


def _aged(job: ExportJob, days: float) -> ExportJob:
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days))
    job.refresh_from_db()
    return job


def test_only_files_past_the_retention_are_deleted(case, secretary, settings):
    settings.DOSSIER_RETENTION_DAYS = 30
    old = _aged(finished_case_export(case, by=secretary), 30.5)
    recent = _aged(finished_case_export(case, by=secretary), 29.5)
    old_path, recent_path = old.path, recent.path
    assert purge_expired_exports() == 1
    assert not old_path.exists() and not old_path.parent.exists()
    assert recent_path.is_file()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.purged_at is not None and old.file == ""
    assert old.state == ExportJob.State.DONE  # it was made; its file is gone
    assert recent.purged_at is None
    assert purge_expired_exports() == 0  # nothing twice


def test_the_age_is_configurable(case, secretary, settings):
    job = _aged(finished_case_export(case, by=secretary), 3)
    settings.DOSSIER_RETENTION_DAYS = 7
    assert purge_expired_exports() == 0
    settings.DOSSIER_RETENTION_DAYS = 2
    assert purge_expired_exports() == 1
    job.refresh_from_db()
    assert job.purged_at is not None


def test_running_jobs_are_left_alone(case, secretary, settings):
    settings.DOSSIER_RETENTION_DAYS = 1
    job = _aged(finished_case_export(case, by=secretary), 5)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING)
    assert purge_expired_exports() == 0


def test_the_job_page_says_the_file_was_deleted_and_download_is_gone(
    case, secretary, secretary_client, settings
):
    settings.DOSSIER_RETENTION_DAYS = 30
    job = _aged(finished_case_export(case, by=secretary), 40)
    purge_expired_exports()
    page = secretary_client.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    assert "Fichier supprimé le" in page and "conservés 30 jours" in page
    assert reverse("dossiers:download", args=[job.pk]) not in page
    assert secretary_client.get(reverse("dossiers:download", args=[job.pk])).status_code == 404


def test_the_purge_is_a_periodic_celery_task(case, secretary, settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired-exports"]
    assert schedule["task"] == purge_expired_exports_task.name
    assert purge_expired_exports_task.name in app.tasks
    settings.DOSSIER_RETENTION_DAYS = 30
    _aged(finished_case_export(case, by=secretary), 31)
    assert purge_expired_exports_task.apply().get() == 1
