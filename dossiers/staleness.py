"""Whether a finished export still shows the record: an export older than the last change of a
case it contains is offered with a warning ("dossier modifié depuis cet export")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from dossiers.access import job_scope
from dossiers.models import ExportJob


def changed_since(job: ExportJob, changed_at: datetime | None) -> bool:
    """True when `changed_at` (a case's last change) is after the export began rendering."""
    if job.state != ExportJob.State.DONE or changed_at is None:
        return False
    return changed_at > (job.started_at or job.created_at)


def last_change(items: Iterable) -> datetime | None:
    """The latest change of the cases on these agenda items (or the latest registration)."""
    times = [t for item in items for t in (item.case.updated_at, item.added_at) if t]
    return max(times, default=None)


def job_outdated(job: ExportJob) -> bool:
    """One job, reading what it exported (its case, or the session's cases it holds)."""
    if job.state != ExportJob.State.DONE:
        return False
    if job.case_id:
        return changed_since(job, job.case.updated_at)
    if job.session_id:
        items = job.session.agenda()
        held = set(job_scope(job, job.session, items).case_ids)
        return changed_since(job, last_change(item for item in items if item.case_id in held))
    return False
