"""Who may read, add and remove a case's attachments and reviews.

Readers are the case's readers (its centre's clinicians and secretaries); writers are the
clinicians who may edit the case. Anything else: 404, existence not leaked. (The secretaries of
a national board read the attachments of the cases referred to it through the referrals app,
which checks the referral and serves the file with `serve_attachment`.)
"""

from __future__ import annotations

from django.http import Http404

from attachments.models import Attachment, PathologyReview
from cases.access import can_edit_case, cases_for_user, get_case_for_user
from cases.models import Case


def get_attachment_for_user(user, pk) -> Attachment:
    try:
        return Attachment.objects.select_related("case", "added_by").get(
            pk=int(pk), case__in=cases_for_user(user)
        )
    except (Attachment.DoesNotExist, TypeError, ValueError):
        raise Http404("Pièce jointe introuvable.") from None


def can_add_documents(user, case: Case) -> bool:
    return can_edit_case(user, case)


def get_editable_case(user, pk) -> Case:
    """The case, if this user may add documents to it (else 404 or, for a reader, 403)."""
    from django.core.exceptions import PermissionDenied

    case = get_case_for_user(user, pk)
    if not can_add_documents(user, case):
        raise PermissionDenied
    return case


def can_remove(user, attachment: Attachment) -> bool:
    # A document the board may have read stays once the case is discussed (can_edit_case).
    return user.has_perm("attachments.delete_attachment") and can_edit_case(user, attachment.case)


def get_review_for_user(user, case: Case, pk) -> PathologyReview:
    try:
        return case.pathology_reviews.get(pk=int(pk))
    except (PathologyReview.DoesNotExist, TypeError, ValueError):
        raise Http404("Relecture introuvable.") from None
