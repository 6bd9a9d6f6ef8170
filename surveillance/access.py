"""Surveillance *for this user*: the case's centre rules (cases/access.py) apply."""

from __future__ import annotations

from django.http import Http404

from cases.access import get_case_for_user
from surveillance.models import Surveillance, SurveillanceExam


def can_read_recall(user) -> bool:
    return user.has_perm("cases.view_case") and getattr(user, "centre_id", None) is not None


def can_record(user, case) -> bool:
    """Clinicians of the case's centre record exams and follow-up status: who edits the
    centre's cases (`cases.change_case`), even once the case is discussed."""
    return user.has_perm("cases.change_case") and user.centre_id == case.centre_id


def get_surveillance_for_user(user, case_pk) -> Surveillance:
    case = get_case_for_user(user, case_pk)
    try:
        surveillance = Surveillance.objects.select_related("case__patient", "case__board").get(
            case=case
        )
    except Surveillance.DoesNotExist:
        raise Http404("Pas de surveillance pour ce dossier.") from None
    return surveillance


def get_exam_for_user(user, case_pk, exam_pk) -> SurveillanceExam:
    surveillance = get_surveillance_for_user(user, case_pk)
    try:
        return surveillance.exams.get(pk=int(exam_pk))
    except (SurveillanceExam.DoesNotExist, TypeError, ValueError):
        raise Http404("Examen introuvable.") from None
