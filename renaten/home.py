"""The landing page: what each role needs next. At the project level because it reads cases,
sessions and the access log, which sit above accounts in the app layering."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import ADMINISTRATOR, CLINICIAN, SECRETARY, role_of
from audit.log import record_access
from audit.models import AccessLog
from board_sessions.access import sessions_for_user
from board_sessions.models import BoardSession, Participant
from board_sessions.quorum import quorum_for
from cases.access import cases_for_user
from cases.models import Case

SHOWN = 8


def _upcoming(sessions):
    return sessions.filter(
        starts_at__gte=timezone.now(), status=BoardSession.Status.PLANNED
    ).order_by("starts_at")


def _clinician(user) -> dict:
    cases = cases_for_user(user).order_by("-updated_at", "-pk")
    # Sessions are the network's (no patient data in a session's date and board).
    sessions = _upcoming(BoardSession.objects.select_related("board"))[:SHOWN]
    return {
        "drafts": list(cases.filter(status=Case.Status.DRAFT)[:SHOWN]),
        "ready": list(cases.filter(status=Case.Status.READY)[:SHOWN]),
        "sessions": list(sessions),
    }


def _secretary(user) -> dict:
    sessions = list(
        _upcoming(sessions_for_user(user))
        .annotate(case_count=Count("agenda_items"))
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.all()))[:SHOWN]
    )
    rows = [{"session": s, "quorum": quorum_for(s, list(s.participants.all()))} for s in sessions]
    ready = cases_for_user(user).filter(status=Case.Status.READY).count()
    return {"session_rows": rows, "ready_count": ready}


def _administrator(user) -> dict:
    return {"recent_access": list(AccessLog.objects.order_by("-at", "-pk")[: SHOWN * 2])}


@require_GET
def home(request):
    role = role_of(request.user)
    context = {"CLINICIAN": CLINICIAN, "SECRETARY": SECRETARY, "ADMINISTRATOR": ADMINISTRATOR}
    if role == CLINICIAN:
        context |= _clinician(request.user)
        # Their drafts and ready cases name patients: logged like the case list.
        record_access(request, AccessLog.Action.VIEW_CASE_LIST)
    elif role == SECRETARY:
        context |= _secretary(request.user)
    elif role == ADMINISTRATOR:
        context |= _administrator(request.user)
    response = render(request, "accounts/home.html", context)
    response["Cache-Control"] = "no-store"  # drafts name patients
    return response
