"""Who may read, add and remove a case's attachments and reviews.

Readers are the case's readers (its centre's clinicians and secretaries); writers are the
clinicians of the case's centre — also once the case has been discussed: the post-operative
pathology report, follow-up imaging or a TENpath review arrive after the meeting and belong to the
record. Anything else: 404, existence not leaked.

Deletion: a document that was in the record when a board discussed the case stays (the board's
opinion rests on it; a tombstone in the history would not show what the board read, and the
fiche RCP and the exported dossiers refer to it). A document added since the case's latest
discussion may be deleted by a clinician of the centre (a wrong file uploaded after the
meeting), the history keeping its tombstone. When the case was last discussed is known to the
sessions app, above this one: it registers ``register_discussion_clock`` from its
``AppConfig.ready()``. (The secretaries of
a national board read the attachments of the cases referred to it through the referrals app,
which checks the referral and serves the file with `serve_attachment`.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.http import Http404

from attachments.models import Attachment, PathologyReview
from cases.access import cases_for_user, get_case_for_user
from cases.models import Case


def get_attachment_for_user(user, pk) -> Attachment:
    try:
        return Attachment.objects.select_related("case", "added_by").get(
            pk=int(pk), case__in=cases_for_user(user)
        )
    except (Attachment.DoesNotExist, TypeError, ValueError):
        raise Http404("Pièce jointe introuvable.") from None


def can_add_documents(user, case: Case) -> bool:
    """Clinicians of the case's centre, whatever its status (discussed included)."""
    return (
        user.has_perm("attachments.add_attachment")
        and getattr(user, "centre_id", None) is not None
        and user.centre_id == case.centre_id
    )


DiscussionClock = Callable[[Case], "datetime | None"]
_discussion_clock: list[DiscussionClock] = []


def register_discussion_clock(clock: DiscussionClock) -> None:
    """``clock(case)``: when a board last discussed the case (None: never)."""
    _discussion_clock[:] = [clock]


def last_discussed_at(case: Case) -> datetime | None:
    """When a board last discussed the case; asked only of a discussed case (no query else)."""
    if case.status != Case.Status.DISCUSSED or not _discussion_clock:
        return None
    return _discussion_clock[0](case)


def deletable_after_discussion(case: Case, attachment: Attachment, discussed_at) -> bool:
    """Whether no board has discussed the case since the document was added (pure)."""
    if case.status != Case.Status.DISCUSSED:
        return True
    # Discussed but when is unknown (no session recorded it): keep every document.
    return discussed_at is not None and attachment.added_at > discussed_at


def get_editable_case(user, pk) -> Case:
    """The case, if this user may add documents to it (else 404 or, for a reader, 403)."""
    from django.core.exceptions import PermissionDenied

    case = get_case_for_user(user, pk)
    if not can_add_documents(user, case):
        raise PermissionDenied
    return case


_ASK = object()


def can_remove(user, attachment: Attachment, *, discussed_at=_ASK) -> bool:
    """A clinician of the centre deletes a document no board has discussed the case with.
    ``discussed_at``: last_discussed_at(case), passed in by a caller listing many documents."""
    case = attachment.case
    if not (user.has_perm("attachments.delete_attachment") and can_add_documents(user, case)):
        return False
    if discussed_at is _ASK:
        discussed_at = last_discussed_at(case)
    return deletable_after_discussion(case, attachment, discussed_at)


def get_review_for_user(user, case: Case, pk) -> PathologyReview:
    try:
        return case.pathology_reviews.get(pk=int(pk))
    except (PathologyReview.DoesNotExist, TypeError, ValueError):
        raise Http404("Relecture introuvable.") from None
