"""The render tasks: thin shells around dossiers.render, taking ids only.

An export runs as ``render_export`` (plan: which parts, which are missing), then, when parts are
missing, a Celery chord: one ``render_part`` per case, spread over every worker process, then
``merge_parts``. With every part already stored (rendered ahead by ``prerender_case``) the plan
merges at once. No process is started here: a killed worker takes nothing of ours with it, and its
messages (acks_late) come back to another worker after the broker's visibility timeout.

Every way a job can end leaves it "done" or "failed" with a French reason — never stuck
"running": transient errors (database or connection hiccups) are retried with exponential
backoff, a part that still fails fails the whole job with its reason, and a job that lost its
worker for good is swept (at worker start, by celery beat, and by every page listing jobs).
Tasks, brokers and logs see ids and digests only, never patient data.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import sys

from celery import chord, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from dossiers import jobs
from dossiers.models import ExportJob

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

RENDER_OPTIONS = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": settings.DOSSIER_RENDER_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": settings.DOSSIER_RENDER_MAX_RETRIES,
    "soft_time_limit": settings.DOSSIER_RENDER_SOFT_TIME_LIMIT,
    "time_limit": settings.DOSSIER_RENDER_TIME_LIMIT,
    "acks_late": True,
}


# Cases whose dossier is rendered ahead (Case.Status values; cases sits below dossiers).
PRERENDERED_STATUSES = ("ready", "registered")


class _Failed(Exception):
    """The job was marked failed: stop this task without a retry."""


def _guarded(task, job_id: int, attempt: int, work, *, what: str, whole_job: bool = True):
    """Run ``work()``; end the job as failed with a reason on a permanent error, or say so on
    the job and let autoretry reschedule on a transient one (``whole_job``: the job itself
    waits for the retry, as opposed to one part while the others go on)."""
    try:
        return work()
    except SoftTimeLimitExceeded:
        logger.error("Export job %s: %s exceeded its time limit", job_id, what)
        jobs.fail(
            job_id,
            _("Le rendu %(what)s a dépassé le temps maximal (%(seconds)s s).")
            % {"what": what, "seconds": settings.DOSSIER_RENDER_SOFT_TIME_LIMIT},
        )
        raise _Failed from None
    except TRANSIENT_ERRORS as exc:
        kind = type(exc).__name__
        if task.request.retries >= task.max_retries:
            logger.error("Export job %s: %s failed for good (%s)", job_id, what, kind)
            jobs.fail(
                job_id,
                _(
                    "Erreur technique persistante (%(kind)s) lors du rendu %(what)s après %(n)s "
                    "tentatives."
                )
                % {"kind": kind, "what": what, "n": max(attempt, task.request.retries + 1)},
            )
            raise _Failed from None
        logger.warning("Export job %s: transient error %s in %s, retrying", job_id, kind, what)
        reason = _(
            "Erreur technique temporaire (%(kind)s) lors du rendu %(what)s : nouvel essai."
        ) % {"kind": kind, "what": what}
        if whole_job:
            jobs.requeue(job_id, reason)
        else:
            jobs.note(job_id, reason)
        raise  # autoretry_for schedules the retry, with backoff
    except _Failed:
        raise
    except Exception as exc:
        # The type only: an exception message may quote the record being rendered.
        logger.error("Export job %s: %s failed (%s)", job_id, what, type(exc).__name__)
        jobs.fail(
            job_id,
            _("Le rendu %(what)s a échoué (%(kind)s) à la tentative %(n)s.")
            % {
                "what": what,
                "kind": type(exc).__name__,
                "n": max(attempt, task.request.retries + 1),
            },
        )
        raise _Failed from None


@shared_task(name="dossiers.render_export", ignore_result=True, **RENDER_OPTIONS)
def render_export(self, job_id: int) -> str:
    """Plan the job; merge at once if every part is stored, else fan the renders out."""
    with override(settings.LANGUAGE_CODE):
        try:
            job = jobs.start(job_id)
        except ExportJob.DoesNotExist:
            logger.warning("Export job %s no longer exists", job_id)
            return "missing"
        if job is None:
            logger.warning("Export job %s is finished or out of attempts: not rendered", job_id)
            return "skipped"
        # Imported here: the web side imports this module to enqueue, and must not load the
        # PDF libraries (WeasyPrint, pypdf) that only the worker needs.
        from dossiers.render import merge_export, plan_export

        try:
            plan = _guarded(self, job_id, job.attempts, lambda: plan_export(job), what=_("du PDF"))
            jobs.planned(job_id, plan.entries, done=len(plan.entries) - len(plan.missing))
            # One case, or every part already stored: no fan-out to wait for.
            if job.kind == ExportJob.Kind.CASE or not plan.missing:
                _guarded(
                    self,
                    job_id,
                    job.attempts,
                    lambda: merge_export(job, plan.entries),
                    what=_("du PDF"),
                )
                return ExportJob.State.DONE
        except _Failed:
            return ExportJob.State.FAILED
        header = [render_part.si(job_id, case_id) for case_id in plan.missing]
        chord(header)(merge_parts.s(job_id, [list(entry) for entry in plan.entries]))
        return "dispatched"


@shared_task(name="dossiers.render_part", **RENDER_OPTIONS)
def render_part(self, job_id: int, case_id: int) -> list | None:
    """Render (or find) one case's part for a job; ``[case id, digest]``, None if it failed."""
    with override(settings.LANGUAGE_CODE):
        if not jobs.is_running(job_id):
            return None  # another part failed the job, or it is gone: nothing to add
        from dossiers.render import render_job_part

        def work():
            job = ExportJob.objects.select_related("centre").get(pk=job_id)
            return render_job_part(job, case_id)

        try:
            part = _guarded(
                self, job_id, 1, work, what=_("du dossier n° %s") % case_id, whole_job=False
            )
        except _Failed:
            return None
        jobs.part_done(job_id)
        return [case_id, part.digest]


@shared_task(name="dossiers.merge_parts", ignore_result=True, **RENDER_OPTIONS)
def merge_parts(self, results: list, job_id: int, entries: list) -> str:
    """The chord's body: every part is rendered; put them behind the cover."""
    with override(settings.LANGUAGE_CODE):
        if any(result is None for result in results) or not jobs.is_running(job_id):
            return ExportJob.State.FAILED
        from dossiers.render import merge_export

        # A part rendered after the plan (its case changed meanwhile) replaces the planned one.
        rendered = dict(results)
        ordered = [(case_id, rendered.get(case_id, digest)) for case_id, digest in entries]
        job = ExportJob.objects.select_related("centre").get(pk=job_id)
        try:
            _guarded(
                self,
                job_id,
                1,
                lambda: merge_export(job, ordered),
                what=_("de l'assemblage"),
                whole_job=False,
            )
        except _Failed:
            return ExportJob.State.FAILED
        return ExportJob.State.DONE


@shared_task(name="dossiers.prerender_case", ignore_result=True, acks_late=True)
def prerender_case(case_id: int, changed_at: float) -> str:
    """Render a ready or registered case's dossier ahead of any export (debounced: only the
    task scheduled after the case's last change renders; earlier ones find it changed)."""
    from cases.models import Case

    with override(settings.LANGUAGE_CODE):
        case = Case.objects.filter(pk=case_id).only("status", "updated_at").first()
        if case is None or case.status not in PRERENDERED_STATUSES:
            return "skipped"
        if case.updated_at.timestamp() != changed_at:
            return "superseded"
        from dossiers.render import case_queryset, ensure_part

        try:
            ensure_part(case_queryset().get(pk=case_id))
        except Exception as exc:
            # Ahead of time only: the export renders it again and reports the error.
            logger.warning("Pre-render of case %s failed (%s)", case_id, type(exc).__name__)
            return "failed"
        return "rendered"


@shared_task(name="dossiers.sweep_stale_jobs", ignore_result=True)
def sweep_stale_jobs() -> int:
    with override(settings.LANGUAGE_CODE):
        count = jobs.sweep_stale()
    if count:
        logger.warning("%s export job(s) had lost their worker: marked failed", count)
    return count


@shared_task(name="dossiers.purge_parts", ignore_result=True)
def purge_parts() -> int:
    from dossiers import parts

    count = parts.purge()
    if count:
        logger.info("%s stored dossier part(s) past retention purged", count)
    return count


# --- Worker life ------------------------------------------------------------------------------


@worker_ready.connect
def _sweep_on_start(**kwargs) -> None:
    # A worker (re)starting after a crash: jobs its predecessor left behind end now, with
    # their reason, instead of waiting for someone to open their page.
    try:
        sweep_stale_jobs()
    except Exception as exc:  # the database may still be starting: beat sweeps again later
        logger.warning("Stale job sweep at worker start failed (%s)", type(exc).__name__)


@worker_process_init.connect
def _freeze_start_up_objects(**kwargs) -> None:
    # The pool process renders dossiers: its start-up objects (Django, Celery, WeasyPrint) stay
    # out of the garbage collector's passes (see dossiers.pdf.freeze_long_lived_objects).
    from dossiers.pdf import freeze_long_lived_objects  # WeasyPrint: not for the web's imports

    freeze_long_lived_objects()


PR_SET_PDEATHSIG = 1


@worker_process_init.connect
def _die_with_the_worker(**kwargs) -> None:
    """A pool process dies with its worker: never an orphan holding memory and a connection."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        logger.warning("Could not tie the pool process to its worker (prctl unavailable)")
