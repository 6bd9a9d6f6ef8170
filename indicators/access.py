"""Which boards' indicators a user may read.

Administrators: every board. A secretary: the boards whose sessions their centre organises. A
board coordinator (decisions app): the boards they coordinate.
Indicators are aggregates: no patient identity is shown (case numbers only in the delay table).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from boards.models import Board


def boards_for_user(user) -> QuerySet[Board]:
    if not getattr(user, "is_authenticated", False):
        return Board.objects.none()
    # Who manages the boards (administrators) reads every board's figures.
    if user.has_perm("boards.change_board"):
        return Board.objects.all()
    scope = Q(coordinators=user)
    # Who organises sessions (secretaries) reads the figures of the boards they organise for.
    if user.has_perm("board_sessions.change_boardsession") and getattr(user, "centre_id", None):
        scope |= Q(sessions__organiser_centre_id=user.centre_id)
    return Board.objects.filter(pk__in=Board.objects.filter(scope).values("pk"))


def can_read_indicators(user) -> bool:
    return boards_for_user(user).exists()


def get_board_for_user(user, pk) -> Board:
    try:
        return boards_for_user(user).get(pk=int(pk))
    except (Board.DoesNotExist, TypeError, ValueError):
        raise Http404("RCP introuvable.") from None
