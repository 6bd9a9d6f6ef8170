"""Requesting exports: create the job row, enqueue the render once the row is committed."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from board_sessions.scope import export_scope
from dossiers import jobs
from dossiers.models import ExportJob
from dossiers.tasks import render_export

logger = logging.getLogger(__name__)


def _enqueue(job_id: int) -> None:
    try:
        render_export.delay(job_id)
    except Exception as exc:
        # Broker down: say so on the job rather than leave it queued forever.
        logger.error("Export job %s could not be enqueued (%s)", job_id, type(exc).__name__)
        jobs.fail(job_id, _("Le service de rendu est indisponible ; réessayez plus tard."))


@transaction.atomic
def request_case_export(*, case, by) -> ExportJob:
    """A PDF of one case's dossier, for the user's centre (the case must be of that centre)."""
    if by.centre_id is None or case.centre_id != by.centre_id:
        raise PermissionDenied
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CASE,
        case=case,
        centre_id=by.centre_id,
        requested_by=by,
        progress_total=1,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def request_session_export(*, session, by, include_attachments: bool = False) -> ExportJob:
    """A PDF of a session: the cover with the whole agenda, then the dossiers of the cases this
    user may export (board_sessions.scope: their centre's, and for a national board's secretary
    the cases referred to it); the other cases are listed on the cover, never included."""
    if by.centre_id is None:
        raise PermissionDenied
    scope = export_scope(by, session)
    if not scope.case_ids:
        raise ValidationError(_("Aucun dossier de votre centre n'est inscrit à cette séance."))
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.SESSION,
        session=session,
        centre_id=by.centre_id,
        requested_by=by,
        progress_total=len(scope.case_ids),
        include_attachments=include_attachments,
        crosses_centres=scope.crosses_centres,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job
