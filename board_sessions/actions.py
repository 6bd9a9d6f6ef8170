"""Every write on sessions: one keyword-only function each, atomic, history kept.

Rows that several secretaries may change at once (the session, the case) are locked with
SELECT … FOR UPDATE before the checks, so two registrations cannot both take position 3 and a
locked session cannot gain a case.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from board_sessions.models import AgendaItem, BoardSession, Participant
from cases.models import Case


def _locked_session(session: BoardSession) -> BoardSession:
    session = BoardSession.objects.select_for_update().get(pk=session.pk)
    if session.is_locked:
        raise ValidationError(_("La séance est verrouillée : plus aucune modification possible."))
    return session


def _set_case_status(case: Case, status: str, by) -> None:
    # The bumped version makes a form opened before this change refuse to overwrite it.
    case.status = status
    case.version += 1
    case._history_user = by
    case.save(update_fields=["status", "version", "updated_at"])


def _save(instance, by, **kwargs) -> None:
    instance._history_user = by
    instance.save(**kwargs)


@transaction.atomic
def create_session(*, board, starts_at, by, **fields) -> BoardSession:
    session = BoardSession(
        board=board, starts_at=starts_at, organiser_centre=by.centre, created_by=by, **fields
    )
    session.full_clean()
    _save(session, by)
    return session


@transaction.atomic
def update_session(*, session: BoardSession, by, **fields) -> BoardSession:
    session = _locked_session(session)
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    _save(session, by)
    return session


@transaction.atomic
def register_case(*, session: BoardSession, case: Case, by) -> AgendaItem:
    """Put a ready case of the user's centre at the end of the agenda; the case becomes
    "registered". After the registration deadline the item is flagged as a late addition."""
    session = _locked_session(session)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.centre_id != by.centre_id:
        raise ValidationError(_("Seuls les dossiers de votre centre peuvent être inscrits."))
    if case.status != Case.Status.READY:
        raise ValidationError(
            _("Seul un dossier « prêt » peut être inscrit (statut actuel : %s).")
            % case.get_status_display()
        )
    last = session.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        session=session,
        case=case,
        position=last + 1,
        added_late=timezone.now() > session.registration_closes_at,
        added_by=by,
    )
    _save(item, by)
    _set_case_status(case, Case.Status.REGISTERED, by)
    return item


@transaction.atomic
def unregister_case(*, item: AgendaItem, by) -> None:
    """Take a case off the agenda (before the session is locked); it is "ready" again."""
    session = _locked_session(item.session)
    item = AgendaItem.objects.select_related("case").get(pk=item.pk, session=session)
    case = Case.objects.select_for_update().get(pk=item.case_id)
    item._history_user = by
    item.delete()
    _renumber(session, by)
    if case.status == Case.Status.REGISTERED:
        _set_case_status(case, Case.Status.READY, by)


def _renumber(session: BoardSession, by) -> None:
    for position, item in enumerate(session.agenda_items.order_by("position", "pk"), start=1):
        if item.position != position:
            item.position = position
            _save(item, by, update_fields=["position"])


@transaction.atomic
def move_item(*, item: AgendaItem, direction: str, by) -> None:
    """Swap an agenda item with its neighbour ("up" or "down"); no-op at either end."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Sens de déplacement inconnu."))
    session = _locked_session(item.session)
    _renumber(session, by)
    items = list(session.agenda_items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(items):
        return
    first, second = items[index], items[neighbour]
    first.position, second.position = second.position, first.position
    _save(first, by, update_fields=["position"])
    _save(second, by, update_fields=["position"])


@transaction.atomic
def add_participant(
    *, session: BoardSession, name: str, specialty: str, is_physician: bool, by, user=None
) -> Participant:
    session = _locked_session(session)
    participant = Participant(
        session=session, name=name, specialty=specialty, is_physician=is_physician, user=user
    )
    participant.full_clean()
    _save(participant, by)
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, by) -> None:
    _locked_session(participant.session)
    participant._history_user = by
    participant.delete()


@transaction.atomic
def lock_session(*, session: BoardSession, by) -> BoardSession:
    """Close the session after the meeting: nothing changes any more, its cases are "discussed"."""
    session = _locked_session(session)
    if session.starts_at > timezone.now():
        raise ValidationError(_("La séance ne peut être verrouillée qu'après la réunion."))
    session.status = BoardSession.Status.LOCKED
    session.locked_at = timezone.now()
    session.locked_by = by
    _save(session, by)
    cases = Case.objects.select_for_update(of=("self",)).filter(agenda_items__session=session)
    for case in cases:
        if case.status == Case.Status.REGISTERED:
            _set_case_status(case, Case.Status.DISCUSSED, by)
    return session
