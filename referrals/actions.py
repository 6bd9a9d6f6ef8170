"""Referring a case to the national RCP and registering it there: keyword-only, atomic."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from board_sessions.actions import add_to_agenda, lock_for_registration
from boards.models import Board
from cases.actions import transition
from cases.models import Case
from referrals.access import can_refer, can_register
from referrals.models import Referral


def _save(instance, by, **kwargs) -> None:
    instance._history_user = by
    instance.save(**kwargs)


@transaction.atomic
def refer_case(
    *,
    case: Case,
    to_board: Board,
    reason: str,
    regional_opinion: str,
    by,
    from_board: Board | None = None,
    decision_id: int | None = None,
) -> Referral:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can_refer(by, case):
        raise PermissionDenied
    if to_board.level != Board.Level.NATIONAL or not to_board.is_active:
        raise ValidationError({"to_board": _("Choisissez la RCP nationale RENATEN.")})
    referral = Referral(
        case=case,
        to_board=to_board,
        from_board=from_board if from_board is not None else case.board,
        reason=reason.strip(),
        regional_opinion=regional_opinion.strip(),
        decision_id=decision_id,
        referred_by=by,
    )
    referral.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _save(referral, by)
    except IntegrityError:
        raise ValidationError(
            _("Ce dossier est déjà adressé à cette RCP nationale (recours en cours).")
        ) from None
    return referral


@transaction.atomic
def register_referral(*, referral: Referral, session, by, incomplete_reason: str = ""):
    """The national secretariat puts the referred case on a session of the national board."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not can_register(by, referral):
        raise PermissionDenied
    if session.board_id != referral.to_board_id:
        raise ValidationError({"session": _("Choisissez une séance de la RCP nationale.")})
    session, case = lock_for_registration(session=session, case=referral.case)
    item = add_to_agenda(session=session, case=case, by=by, incomplete_reason=incomplete_reason)
    if case.status == Case.Status.READY:  # a discussed or registered case keeps its status
        transition(case=case, to=Case.Status.REGISTERED, by=by)
    referral.status = Referral.Status.REGISTERED
    referral.session = session
    referral.registered_by = by
    referral.registered_at = timezone.now()
    _save(referral, by)
    return item


@transaction.atomic
def withdraw_referral(*, referral: Referral, by) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.PENDING or not can_refer(by, referral.case):
        raise ValidationError(_("Seul un recours en attente peut être retiré, par son centre."))
    referral.status = Referral.Status.WITHDRAWN
    _save(referral, by)
    return referral
