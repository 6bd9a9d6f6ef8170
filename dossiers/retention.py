"""Generated PDFs are kept DOSSIER_RETENTION_DAYS days, then deleted by a periodic task.

The job row stays (the access log points at it) and says when its file was deleted and why.
"""

from __future__ import annotations

import logging
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from dossiers.models import ExportJob

logger = logging.getLogger(__name__)


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.DOSSIER_RETENTION_DAYS)


def purge_expired_exports(now: datetime | None = None) -> int:
    """Delete the files of exports finished before the cutoff; the number of jobs purged."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(
        finished_at__lt=retention_cutoff(now), purged_at__isnull=True
    ).exclude(state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING))
    purged = 0
    for job in expired.only("pk", "kind", "case_id", "session_id", "centre_id"):
        folder = (Path(settings.MEDIA_ROOT) / job.relative_path).parent
        shutil.rmtree(folder, ignore_errors=True)
        # Only this row, only if nobody re-ran it meanwhile.
        purged += ExportJob.objects.filter(pk=job.pk, purged_at__isnull=True).update(
            file="", purged_at=now
        )
    if purged:
        logger.info("Retention: deleted the files of %s export job(s)", purged)
    return purged


@shared_task(name="dossiers.purge_expired_exports", ignore_result=False)
def purge_expired_exports_task() -> int:
    return purge_expired_exports()
