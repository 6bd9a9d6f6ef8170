"""Export requests, job status (htmx polling) and the only way to get a generated PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import require_perm
from audit.log import record_access
from audit.models import AccessLog
from board_sessions.access import get_session_for_user
from cases.access import get_case_for_user
from dossiers import actions, jobs, staleness
from dossiers.access import get_job_for_user

JOB = "dossiers/job.html"


@require_perm("dossiers.add_exportjob")
@require_POST
def export_case(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    job = actions.request_case_export(case=case, by=request.user)
    record_access(request, AccessLog.Action.EXPORT_CASE, case=case, job=job)
    return redirect("dossiers:job", pk=job.pk)


@require_perm("dossiers.add_exportjob")
@require_POST
def export_session(request, session_pk):
    session = get_session_for_user(request.user, session_pk)
    try:
        job = actions.request_session_export(
            session=session,
            by=request.user,
            include_attachments=request.POST.get("include_attachments") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("board_sessions:detail", pk=session.pk)
    record_access(request, AccessLog.Action.EXPORT_SESSION, session=session, job=job)
    return redirect("dossiers:job", pk=job.pk)


@require_perm("dossiers.view_exportjob")
def job_status(request, pk):
    job = jobs.expire_if_stale(get_job_for_user(request.user, pk))
    template = f"{JOB}#status" if request.htmx else JOB
    context = {
        "job": job,
        "retention_days": settings.DOSSIER_RETENTION_DAYS,
        "outdated": staleness.job_outdated(job),
    }
    return render(request, template, context)


@require_perm("dossiers.view_exportjob")
def download(request, pk):
    job = get_job_for_user(request.user, pk)
    path = job.path
    if job.state != job.State.DONE or path is None or not path.is_file():
        raise Http404("PDF indisponible.")
    record_access(request, AccessLog.Action.DOWNLOAD, case=job.case, session=job.session, job=job)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
