"""Fetch export jobs for this user or 404.

A job belongs to the centre that requested it — except a session export that holds cases of
other centres (``crosses_centres``: a national board's secretary exporting the cases referred to
it), which is its requester's alone and only while she may still read every case it holds.
Which cases a session export holds is decided by board_sessions.scope, for the request, the
render (``job_scope``) and the download alike.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from board_sessions.scope import ExportScope, export_scope
from dossiers.jobs import sweep_stale
from dossiers.models import ExportJob


def jobs_for_user(user):
    if not user.has_perm("dossiers.view_exportjob") or user.centre_id is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(
        Q(crosses_centres=False) | Q(requested_by=user), centre_id=user.centre_id
    ).select_related("case", "session")


def job_scope(job: ExportJob, session, items=None) -> ExportScope:
    """The cases a session job holds, decided again now from its requester's rights: a
    referral withdrawn since the request is not exported."""
    return export_scope(
        job.requested_by, session, items, centre_id=job.centre_id, grants=job.crosses_centres
    )


def session_jobs_for_user(user, session, *, latest: int = 5) -> list[ExportJob]:
    """The user's centre's latest exports of the session, stale ones first ended as failed."""
    jobs = jobs_for_user(user).filter(session=session)
    sweep_stale(jobs)
    return list(jobs[:latest])


def get_job_for_user(user, pk) -> ExportJob:
    job = get_object_or_404(jobs_for_user(user), pk=pk)
    if job.crosses_centres and job.parts:
        # Every case the file holds must still be open to its reader.
        held = {case_id for case_id, _digest in job.parts}
        if not held <= set(export_scope(user, job.session).case_ids):
            raise Http404("Export introuvable.")
    return job
