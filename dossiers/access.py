"""Fetch export jobs for this user or 404: a job belongs to the centre that requested it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from dossiers.jobs import sweep_stale
from dossiers.models import ExportJob


def jobs_for_user(user):
    if not user.has_perm("dossiers.view_exportjob") or user.centre_id is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(centre_id=user.centre_id).select_related("case", "session")


def session_jobs_for_user(user, session, *, latest: int = 5) -> list[ExportJob]:
    """The user's centre's latest exports of the session, stale ones first ended as failed."""
    jobs = jobs_for_user(user).filter(session=session)
    sweep_stale(jobs)
    return list(jobs[:latest])


def get_job_for_user(user, pk) -> ExportJob:
    return get_object_or_404(jobs_for_user(user), pk=pk)
