"""Fetch cases *for this user*: another centre's case does not exist for them (404).

Clinicians and secretaries see the cases of their own centre; nobody else sees any case
(administrators manage contacts and accounts, not patient records).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import CLINICIAN, SECRETARY, role_of
from cases.models import Case

CASE_READERS = (CLINICIAN, SECRETARY)
# Once discussed, the record is what the board saw: it is frozen.
EDITABLE_STATUSES = (Case.Status.DRAFT, Case.Status.READY, Case.Status.REGISTERED)


def cases_for_user(user) -> QuerySet[Case]:
    """The cases this user may read (their centre's), with patient, centre and board joined."""
    base = Case.objects.select_related("patient", "centre", "board")
    if role_of(user) not in CASE_READERS or not getattr(user, "centre_id", None):
        return base.none()
    return base.filter(centre_id=user.centre_id)


def get_case_for_user(user, pk, *, for_update: bool = False) -> Case:
    """The case `pk` if this user may read it, else 404 (never 403: existence is not leaked).

    `for_update` locks the row (SELECT … FOR UPDATE) — call it inside a transaction.
    """
    queryset = cases_for_user(user)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=int(pk))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise Http404("Dossier introuvable.") from None


def can_edit_case(user, case: Case) -> bool:
    """Clinicians of the case's centre edit it until it has been discussed.

    A registered case stays editable so that a late result (imaging, pathology) reaches the
    board: the dossier is always rendered from the current record. Secretaries never edit.
    """
    return (
        role_of(user) == CLINICIAN
        and getattr(user, "centre_id", None) is not None
        and user.centre_id == case.centre_id
        and case.status in EDITABLE_STATUSES
    )


def can_create_case(user) -> bool:
    return role_of(user) == CLINICIAN and getattr(user, "centre_id", None) is not None
