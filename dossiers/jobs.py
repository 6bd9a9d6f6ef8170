"""State changes of an export job row, each a single UPDATE (the task and the page race)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Least
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
        updated_at=timezone.now(),
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
        updated_at=timezone.now(), state=State.FAILED, reason=reason, finished_at=timezone.now()
    )


def progress(job_id: int, done: int, total: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        updated_at=timezone.now(), progress_done=done, progress_total=total
    )


def planned(job_id: int, entries, *, done: int) -> None:
    """The job's parts are known: ``done`` of them are already stored (ids and digests only)."""
    ExportJob.objects.filter(pk=job_id).update(
        updated_at=timezone.now(),
        parts=[[case_id, digest] for case_id, digest in entries],
        progress_total=len(entries),
        progress_done=done,
    )


def part_done(job_id: int) -> None:
    """One more part rendered ("k / n"; a part redelivered after a lost worker counts once
    more at most, never past n)."""
    ExportJob.objects.filter(pk=job_id).update(
        updated_at=timezone.now(), progress_done=Least(F("progress_done") + 1, F("progress_total"))
    )


def note(job_id: int, reason: str) -> None:
    """Say on a running job why it waits (one part retrying), without changing its state."""
    ExportJob.objects.filter(pk=job_id, state=State.RUNNING).update(
        updated_at=timezone.now(), reason=reason
    )


def is_running(job_id: int) -> bool:
    return ExportJob.objects.filter(pk=job_id, state=State.RUNNING).exists()


def finish(job_id: int, relative_path: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        updated_at=timezone.now(),
        state=State.DONE,
        file=relative_path,
        reason="",
        progress_done=F("progress_total"),
        finished_at=timezone.now(),
    )


def fail(job_id: int, reason: str) -> None:
    # A late duplicate (a message redelivered after its job ended) never undoes the end.
    ExportJob.objects.filter(pk=job_id, state__in=(State.QUEUED, State.RUNNING)).update(
        updated_at=timezone.now(), state=State.FAILED, reason=reason, finished_at=timezone.now()
    )


def requeue(job_id: int, reason: str) -> None:
    """A transient error: the task retries later; the page says so meanwhile."""
    ExportJob.objects.filter(pk=job_id).update(
        updated_at=timezone.now(), state=State.QUEUED, reason=reason
    )


def _stale_reason(attempts) -> str:
    return _(
        "Le rendu a été interrompu (processus de rendu arrêté ou délai maximal dépassé) "
        "après %(attempts)s tentative(s)."
    ) % {"attempts": attempts}


def stale_cutoff():
    return timezone.now() - timedelta(seconds=settings.DOSSIER_JOB_STALE_AFTER)


def sweep_stale(queryset=None) -> int:
    """End as failed every running job silent past the stale delay (its worker is gone).

    Every task of a job writes its row (start, progress, retry), and a message lost with a
    killed worker is redelivered within the broker's visibility timeout, which the delay
    exceeds: a job this silent will never finish. Run when a worker starts, periodically
    (celery beat), and before any page lists jobs, so no page shows a dead job "en cours".
    """
    queryset = ExportJob.objects.all() if queryset is None else queryset
    stale = list(
        queryset.filter(state=State.RUNNING, updated_at__lt=stale_cutoff()).values_list(
            "pk", "attempts"
        )
    )
    for pk, attempts in stale:
        ExportJob.objects.filter(pk=pk, state=State.RUNNING).update(
            updated_at=timezone.now(),
            state=State.FAILED,
            reason=_stale_reason(attempts),
            finished_at=timezone.now(),
        )
    return len(stale)


def expire_if_stale(job: ExportJob) -> ExportJob:
    """The job as it truly is: a running job that lost its worker is shown as failed."""
    if job.state != State.RUNNING:
        return job
    if sweep_stale(ExportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job
