"""Registers the PDF exports section of the session page (board_sessions.extensions):
board_sessions never imports dossiers."""

from __future__ import annotations

from django.template.loader import render_to_string

from board_sessions.extensions import register_page_section
from dossiers import staleness
from dossiers.access import session_jobs_for_user


def session_exports_section(request, session, *, own_items, oob: bool = False) -> str:
    """The export form and the latest exports, each in its true state (a job whose worker
    died reads "Échec") and flagged when a case changed since."""
    jobs = session_jobs_for_user(request.user, session)
    changed = staleness.last_change(own_items)
    for job in jobs:
        job.outdated = staleness.changed_since(job, changed)
    context = {"session": session, "own_items": own_items, "jobs": jobs, "exports_oob": oob}
    return render_to_string("dossiers/_session_exports.html", context, request=request)


def register() -> None:
    register_page_section("exports", session_exports_section)
