"""Fetch sessions for this user or 404.

Boards serve the whole network, so every secretary sees every session (and registers the cases
of their own centre); only the organising centre's secretaries change a session. Inside a
session, cases of other centres are shown by number and centre only, never by identity.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from board_sessions.models import AgendaItem, BoardSession, Participant, RegistrationRequest
from boards.services import suggested_board_for
from cases.models import Case

# Clinicians ask for their cases to be registered; they see their boards' sessions only.
REQUESTS_REGISTRATION = "board_sessions.add_registrationrequest"


def sessions_for_user(user):
    if not user.has_perm("board_sessions.view_boardsession") or user.centre_id is None:
        return BoardSession.objects.none()
    return BoardSession.objects.select_related("board", "organiser_centre")


def get_session_for_user(user, pk, *, manage: bool = False) -> BoardSession:
    """The session, or 404; with ``manage``, 403 unless the user's centre organises it."""
    session = get_object_or_404(sessions_for_user(user), pk=pk)
    if manage and not can_manage(user, session):
        raise PermissionDenied
    return session


def can_manage(user, session: BoardSession) -> bool:
    return (
        user.has_perm("board_sessions.change_boardsession")
        and user.centre_id is not None
        and session.organiser_centre_id == user.centre_id
    )


def clinician_board_ids(user) -> set[int]:
    """A clinician's boards: the boards their centre's cases go to, and the one that serves
    their centre by default."""
    boards = set(
        Case.objects.filter(centre_id=user.centre_id)
        .exclude(board=None)
        .values_list("board_id", flat=True)
        .distinct()
    )
    suggested = suggested_board_for(user.centre)
    if suggested is not None:
        boards.add(suggested.pk)
    return boards


def clinician_sessions(user):
    """Sessions of the clinician's boards, and any session where a case of their centre is
    registered (e.g. the national RCP)."""
    if not user.has_perm(REQUESTS_REGISTRATION) or getattr(user, "centre_id", None) is None:
        return BoardSession.objects.none()
    ids = BoardSession.objects.filter(
        Q(board_id__in=clinician_board_ids(user)) | Q(agenda_items__case__centre_id=user.centre_id)
    ).values("pk")
    return BoardSession.objects.filter(pk__in=ids).select_related("board", "organiser_centre")


def get_clinician_session_for_user(user, pk) -> BoardSession:
    return get_object_or_404(clinician_sessions(user), pk=pk)


# Inside a session the user may reach (get_session_for_user):


def own_items_for_user(user):
    """Agenda items of the user's centre's cases (any session)."""
    return AgendaItem.objects.filter(case__centre_id=user.centre_id)


def own_requests_for_user(user):
    """Registration requests for the user's centre's cases (any session)."""
    return RegistrationRequest.objects.filter(case__centre_id=user.centre_id)


def get_own_item_for_user(user, session: BoardSession, pk) -> AgendaItem:
    """An item of the session whose case is of the user's centre; others' items are 404."""
    return get_object_or_404(own_items_for_user(user), pk=pk, session=session)


def get_own_request_for_user(user, session: BoardSession, pk) -> RegistrationRequest:
    """Only the case's centre answers a request: others get 404."""
    return get_object_or_404(own_requests_for_user(user), pk=pk, session=session)


def get_item(session: BoardSession, pk) -> AgendaItem:
    """Any item of a session the user manages (get_session_for_user(…, manage=True))."""
    return get_object_or_404(AgendaItem, pk=pk, session=session)


def get_participant(session: BoardSession, pk) -> Participant:
    """A participant of a session the user manages."""
    return get_object_or_404(Participant, pk=pk, session=session)


def get_calendar_session_for_user(user, pk) -> BoardSession:
    """A session whose invitation this user may download (no patient data in it)."""
    asks = user.has_perm(REQUESTS_REGISTRATION)
    queryset = clinician_sessions(user) if asks else sessions_for_user(user)
    return get_object_or_404(queryset, pk=pk)
