"""The render task: a thin shell around dossiers.render.run_export.

It takes a job id only (never patient data: the broker and the logs see ids), and every way it
can end leaves the job "done" or "failed" with a French reason — never stuck "running". Transient
errors (database or connection hiccups) are retried with exponential backoff; re-running a job
renders the same record into the same file, with the generation date fixed at request time.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from dossiers import jobs
from dossiers.models import ExportJob

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    bind=True,
    name="dossiers.render_export",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=settings.DOSSIER_RENDER_MAX_RETRIES,
    soft_time_limit=settings.DOSSIER_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOSSIER_RENDER_TIME_LIMIT,
    acks_late=True,
    ignore_result=True,
)
def render_export(self, job_id: int) -> str:
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
        from dossiers.render import run_export

        try:
            run_export(job)
        except SoftTimeLimitExceeded:
            logger.error("Export job %s exceeded its time limit", job_id)
            jobs.fail(
                job_id,
                _("Le rendu a dépassé le temps maximal (%(seconds)s s) à la tentative %(n)s.")
                % {"seconds": settings.DOSSIER_RENDER_SOFT_TIME_LIMIT, "n": job.attempts},
            )
            return ExportJob.State.FAILED
        except TRANSIENT_ERRORS as exc:
            kind = type(exc).__name__
            if self.request.retries >= self.max_retries:
                logger.error("Export job %s failed for good (%s)", job_id, kind)
                jobs.fail(
                    job_id,
                    _("Erreur technique persistante (%(kind)s) après %(n)s tentatives.")
                    % {"kind": kind, "n": job.attempts},
                )
                return ExportJob.State.FAILED
            logger.warning("Export job %s: transient error %s, retrying", job_id, kind)
            jobs.requeue(
                job_id,
                _("Erreur technique temporaire (%(kind)s) à la tentative %(n)s : nouvel essai.")
                % {"kind": kind, "n": job.attempts},
            )
            raise  # autoretry_for schedules the retry, with backoff
        except Exception as exc:
            # The type only: an exception message may quote the record being rendered.
            logger.error("Export job %s failed (%s)", job_id, type(exc).__name__)
            jobs.fail(
                job_id,
                _("Le rendu du PDF a échoué (%(kind)s) à la tentative %(n)s.")
                % {"kind": type(exc).__name__, "n": job.attempts},
            )
            return ExportJob.State.FAILED
    return ExportJob.State.DONE
