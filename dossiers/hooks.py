"""Registers the PDF exports section of the session page (board_sessions.extensions):
board_sessions never imports dossiers."""

from __future__ import annotations

from django.template.loader import render_to_string

from board_sessions.extensions import register_page_section
from board_sessions.scope import export_scope
from dossiers import staleness
from dossiers.access import session_jobs_for_user


def session_exports_section(request, session, *, items, own_items, oob: bool = False) -> str:
    """The export form and the latest exports, each in its true state (a job whose worker
    died reads "Échec") and flagged when a case changed since."""
    # What this user's export holds (board_sessions.scope): their centre's cases, and for the
    # national board's secretary the cases referred to it.
    scope = export_scope(request.user, session, items)
    export_items = [item for item in items if item.case_id in scope.case_ids]
    jobs = session_jobs_for_user(request.user, session)
    changed = staleness.last_change(export_items)
    for job in jobs:
        job.outdated = staleness.changed_since(job, changed)
    context = {
        "session": session,
        "export_items": export_items,
        "export_scope": scope,
        "jobs": jobs,
        "exports_oob": oob,
    }
    return render_to_string("dossiers/_session_exports.html", context, request=request)


def register() -> None:
    register_page_section("exports", session_exports_section)
