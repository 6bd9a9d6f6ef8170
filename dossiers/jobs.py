"""State changes of an export job row, each a single UPDATE (the task and the page race)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import ExportJob

State = ExportJob.State


def start(job_id: int) -> ExportJob | None:
    """Mark one more attempt as running and return the fresh row (DoesNotExist if it is gone).

    None when the job must not run: it is finished (a message redelivered by the broker), or
    out of attempts (a document that kills its worker each time, redelivered after each loss),
    which then fails for good.
    """
    max_attempts = settings.DOSSIER_RENDER_MAX_RETRIES + 1
    updated = ExportJob.objects.filter(
        pk=job_id, state__in=(State.QUEUED, State.RUNNING), attempts__lt=max_attempts
    ).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        reason="",
        progress_done=0,
        started_at=timezone.now(),
        finished_at=None,
    )
    if updated:
        return ExportJob.objects.select_related("case", "session", "centre").get(pk=job_id)
    job = ExportJob.objects.get(pk=job_id)
    if not job.is_finished:
        _give_up(job)
    return None


def _give_up(job: ExportJob) -> None:
    reason = _("Rendu abandonné : nombre maximal de tentatives atteint (%(attempts)s).") % {
        "attempts": job.attempts
    }
    ExportJob.objects.filter(pk=job.pk, state__in=(State.QUEUED, State.RUNNING)).update(
        state=State.FAILED, reason=reason, finished_at=timezone.now()
    )


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
