"""Fetch sessions for this user or 404.

Boards serve the whole network, so every secretary sees every session (and registers the cases
of their own centre); only the organising centre's secretaries change a session. Inside a
session, cases of other centres are shown by number and centre only, never by identity.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from board_sessions.models import BoardSession


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
