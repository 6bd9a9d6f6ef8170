"""Fetch cases *for this user*: another centre's case does not exist for them (404).

Clinicians and secretaries (`cases.view_case`) see the cases of their own centre; nobody else
sees any case (administrators manage contacts and accounts, not patient records). Who may edit
or create a case is decided in cases/policies.py.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases.models import Case
from cases.policies import can_create_case, can_edit_case  # noqa: F401 (views ask here)


def cases_for_user(user, *, joined: bool = True) -> QuerySet[Case]:
    """The cases this user may read (their centre's), with patient, centre and board joined
    (`joined=False`: the patient only, which the case's validation reads)."""
    base = Case.objects.select_related("patient", *(("centre", "board") if joined else ()))
    if not user.has_perm("cases.view_case") or not getattr(user, "centre_id", None):
        return base.none()
    return base.filter(centre_id=user.centre_id)


def get_case_for_user(user, pk, *, for_update: bool = False, joined: bool = True) -> Case:
    """The case `pk` if this user may read it, else 404 (never 403: existence is not leaked).

    `for_update` locks the row (SELECT … FOR UPDATE) — call it inside a transaction.
    `joined=False` leaves out the centre and the board (see cases_for_user).
    """
    queryset = cases_for_user(user, joined=joined)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=int(pk))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise Http404("Dossier introuvable.") from None
