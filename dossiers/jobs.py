"""State changes of an export job row, each a single UPDATE (the task and the page race)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import ExportJob

State = ExportJob.State


def start(job_id: int) -> ExportJob:
    """Mark one attempt as running and return the fresh row (DoesNotExist if it is gone)."""
    updated = ExportJob.objects.filter(pk=job_id).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        reason="",
        progress_done=0,
        started_at=timezone.now(),
        finished_at=None,
    )
    if not updated:
        raise ExportJob.DoesNotExist(job_id)
    return ExportJob.objects.select_related("case", "session", "centre").get(pk=job_id)


def progress(job_id: int, done: int, total: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)


def finish(job_id: int, relative_path: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        state=State.DONE,
        file=relative_path,
        reason="",
        progress_done=F("progress_total"),
        finished_at=timezone.now(),
    )


def fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        state=State.FAILED, reason=reason, finished_at=timezone.now()
    )


def requeue(job_id: int, reason: str) -> None:
    """A transient error: the task retries later; the page says so meanwhile."""
    ExportJob.objects.filter(pk=job_id).update(state=State.QUEUED, reason=reason)


def expire_if_stale(job: ExportJob) -> ExportJob:
    """A running job past the hard time limit lost its worker (killed): end it as failed."""
    if job.state != State.RUNNING or job.started_at is None:
        return job
    if timezone.now() - job.started_at <= job.stale_after():
        return job
    reason = _(
        "Le rendu a été interrompu (délai maximal dépassé ou processus arrêté) "
        "après %(attempts)s tentative(s)."
    ) % {"attempts": job.attempts}
    ExportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.FAILED, reason=reason, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
