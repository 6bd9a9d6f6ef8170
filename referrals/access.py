"""Who sees a referral, and the national board's explicit cross-centre visibility.

- The secretaries of the national board (Board.secretaries) see the cases referred to it, and
  only those (not withdrawn): the referral page, its case summary and its attachments.
  On a session of that board, their PDF export adds the dossiers of those cases to their
  centre's (``referred_case_ids``, registered as a board_sessions export grant).
- The case's own centre (clinicians and secretaries) sees its referrals.
- Everyone else: 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Case
from referrals.models import Referral

OPEN = (Referral.Status.PENDING, Referral.Status.REGISTERED)


def national_board_ids(user) -> list[int]:
    if not user.has_perm("referrals.view_referral"):
        return []
    return list(user.secretary_of_boards.filter(level="national").values_list("pk", flat=True))


def referrals_for_user(user) -> QuerySet[Referral]:
    base = Referral.objects.select_related(
        "case__patient", "case__centre", "from_board", "to_board", "session", "referred_by"
    )
    # Who reads the centre's cases reads their referrals.
    if not user.has_perm("cases.view_case") or not getattr(user, "centre_id", None):
        return base.none()
    boards = national_board_ids(user)
    visible = Q(case__centre_id=user.centre_id)
    if boards:
        visible |= Q(to_board_id__in=boards, status__in=OPEN)
    return base.filter(visible)


def get_referral_for_user(user, pk) -> Referral:
    try:
        return referrals_for_user(user).get(pk=int(pk))
    except (Referral.DoesNotExist, TypeError, ValueError):
        raise Http404("Recours introuvable.") from None


def referred_case_ids(user, session) -> list[int]:
    """The cases referred to ``session``'s national board (open referrals), when ``user`` is
    one of its secretaries: what her export of that session adds to her centre's cases — the
    same cases, with the same identity, as the referral pages show her."""
    if session.board.level != "national" or session.board_id not in national_board_ids(user):
        return []
    return list(
        Referral.objects.filter(to_board_id=session.board_id, status__in=OPEN).values_list(
            "case_id", flat=True
        )
    )


def is_national_secretary_for(user, referral: Referral) -> bool:
    return referral.to_board_id in national_board_ids(user)


def can_refer(user, case: Case) -> bool:
    """The secretariat of the case's centre refers a case the board has seen or will see."""
    return (
        user.has_perm("referrals.add_referral")
        and getattr(user, "centre_id", None) == case.centre_id
        and case.status in (Case.Status.READY, Case.Status.REGISTERED, Case.Status.DISCUSSED)
    )


def can_register(user, referral: Referral) -> bool:
    return referral.status == Referral.Status.PENDING and is_national_secretary_for(user, referral)
