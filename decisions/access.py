"""Fetch decision objects *for this user*, or 404 (existence is not leaked)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from board_sessions.models import AgendaItem, BoardSession
from cases.models import Case
from decisions.models import CarePlan, Decision
from decisions.policies import (
    ORGANISES_SESSIONS,
    READS_CASES,
    can_see_item,
    can_view_care_plan,
    can_view_decision,
)


def items_for_user(user) -> QuerySet[AgendaItem]:
    """Agenda items whose decision page this user may reach (see decisions.policies)."""
    base = AgendaItem.objects.select_related(
        "session__board", "session__organiser_centre", "case__patient", "case__centre"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    scope = Q(session__board__coordinators=user)
    if user.centre_id is not None and user.has_perm(READS_CASES):
        scope |= Q(case__centre_id=user.centre_id)
    if user.centre_id is not None and user.has_perm(ORGANISES_SESSIONS):
        scope |= Q(session__organiser_centre_id=user.centre_id)
    ids = AgendaItem.objects.filter(scope).values("pk")
    return base.filter(pk__in=ids)


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def get_item_for_user(user, pk) -> AgendaItem:
    item = items_for_user(user).filter(pk=_pk(pk)).first()
    if item is None or not can_see_item(user, item):
        raise Http404("Inscription introuvable.")
    return item


def sessions_for_decisions(user) -> QuerySet[BoardSession]:
    return BoardSession.objects.select_related("board", "organiser_centre").filter(
        pk__in=items_for_user(user).values("session_id")
    )


def get_session_for_user(user, pk) -> BoardSession:
    session = sessions_for_decisions(user).filter(pk=_pk(pk)).first()
    if session is None:
        raise Http404("Séance introuvable.")
    return session


def get_decision_for_user(user, pk) -> Decision:
    """A decision whose content (patient identity included) this user may read."""
    decision = (
        Decision.objects.select_related(
            "item__session__board",
            "item__session__organiser_centre",
            "case__patient",
            "case__centre",
            "recorded_by",
            "validated_by",
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if decision is None or not can_see_item(user, decision.item):
        raise Http404("Décision introuvable.")
    decision.item.case = decision.case
    return decision


def get_readable_decision(user, pk) -> Decision:
    """As get_decision_for_user, and the user reads the patient's identity (PDF, detail)."""
    decision = get_decision_for_user(user, pk)
    if not can_view_decision(user, decision.item):
        raise Http404("Décision introuvable.")
    return decision


def get_case_for_decisions(user, pk) -> Case:
    """The case's decision history: its centre's clinicians and secretaries only."""
    case = Case.objects.select_related("patient", "centre").filter(pk=_pk(pk)).first()
    if case is None or not can_view_care_plan(user, case):
        raise Http404("Dossier introuvable.")
    return case


def get_care_plan_for_user(user, pk) -> CarePlan:
    plan = (
        CarePlan.objects.select_related("case__patient", "case__centre", "decision__item__session")
        .filter(pk=_pk(pk))
        .first()
    )
    if plan is None or not can_view_care_plan(user, plan.case):
        raise Http404("PPS introuvable.")
    return plan
