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

from attachments.completeness import checklist_for
from board_sessions.models import AgendaItem, BoardSession, Participant, RegistrationRequest
from cases.actions import transition
from cases.models import Case
from cases.policies import check_can_transition


def _locked_session(session: BoardSession) -> BoardSession:
    session = BoardSession.objects.select_for_update().get(pk=session.pk)
    if session.is_locked:
        raise ValidationError(_("La séance est verrouillée : plus aucune modification possible."))
    return session


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


class IncompleteCase(ValidationError):
    """The case's checklist is not complete: registration needs the secretary's reason."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            _(
                "Dossier incomplet : %(missing)s. Inscrivez-le quand même en indiquant le motif, "
                "ou attendez qu'il soit complété."
            )
            % {"missing": " ; ".join(missing)}
        )


def _checklist_gate(case: Case, incomplete_reason: str) -> list[str]:
    """What is missing (recorded with the item); refused unless a reason is given."""
    missing = checklist_for(case).missing
    if missing and not incomplete_reason.strip():
        raise IncompleteCase(missing)
    return missing


def lock_for_registration(*, session: BoardSession, case: Case) -> tuple[BoardSession, Case]:
    """Lock the session (refused if locked) and the case, in the order register_case uses."""
    session = _locked_session(session)
    return session, Case.objects.select_for_update().get(pk=case.pk)


def add_to_agenda(
    *, session: BoardSession, case: Case, by, incomplete_reason: str = ""
) -> AgendaItem:
    """Append `case` to the (locked) session's agenda after the checklist gate.

    Callers hold the session and case row locks and have checked who may register the case.
    After the registration deadline the item is flagged as a late addition.
    """
    if session.agenda_items.filter(case=case).exists():
        raise ValidationError(_("Ce dossier est déjà inscrit à cette séance."))
    missing = _checklist_gate(case, incomplete_reason)
    last = session.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        session=session,
        case=case,
        position=last + 1,
        added_late=timezone.now() > session.registration_closes_at,
        added_by=by,
        incomplete_reason=incomplete_reason.strip() if missing else "",
        missing_at_registration=missing,
    )
    item.full_clean(exclude=["session", "case", "added_by"])
    _save(item, by)
    return item


@transaction.atomic
def register_case(
    *, session: BoardSession, case: Case, by, incomplete_reason: str = ""
) -> AgendaItem:
    """Put a ready case of the user's centre at the end of the agenda; the case becomes
    "registered". An incomplete case (checklist) needs `incomplete_reason`, which is recorded."""
    session = _locked_session(session)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.centre_id != by.centre_id:
        raise ValidationError(_("Seuls les dossiers de votre centre peuvent être inscrits."))
    check_can_transition(case, Case.Status.REGISTERED)
    item = add_to_agenda(session=session, case=case, by=by, incomplete_reason=incomplete_reason)
    transition(case=case, to=Case.Status.REGISTERED, by=by)
    # A clinician's pending request for this session is answered by the registration.
    for request in session.registration_requests.filter(
        case=case, status=RegistrationRequest.Status.PENDING
    ):
        _decide(request, RegistrationRequest.Status.ACCEPTED, by)
    return item


# --- Clinicians' registration requests -----------------------------------------------------------


def _decide(request: RegistrationRequest, status: str, by, reason: str = "") -> None:
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decline_reason = reason
    _save(request, by)


@transaction.atomic
def request_registration(*, session: BoardSession, case: Case, by) -> RegistrationRequest:
    """A clinician asks for their centre's ready case to be put on the session's agenda."""
    session = _locked_session(session)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.centre_id != by.centre_id:
        raise ValidationError(_("Seuls les dossiers de votre centre peuvent être proposés."))
    if case.status != Case.Status.READY:
        raise ValidationError(
            _("Seul un dossier « prêt » peut être proposé (statut actuel : %s).")
            % case.get_status_display()
        )
    if session.starts_at <= timezone.now():
        raise ValidationError(_("Cette séance a déjà eu lieu."))
    pending = session.registration_requests.filter(
        case=case, status=RegistrationRequest.Status.PENDING
    )
    if pending.exists():
        raise ValidationError(_("Une demande d'inscription de ce dossier est déjà en attente."))
    request = RegistrationRequest(session=session, case=case, requested_by=by)
    _save(request, by)
    return request


@transaction.atomic
def accept_request(*, request: RegistrationRequest, by, incomplete_reason: str = "") -> AgendaItem:
    """The secretariat of the case's centre registers the requested case."""
    request = RegistrationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RegistrationRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    return register_case(
        session=request.session, case=request.case, by=by, incomplete_reason=incomplete_reason
    )


@transaction.atomic
def decline_request(*, request: RegistrationRequest, by, reason: str) -> RegistrationRequest:
    request = RegistrationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RegistrationRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    _decide(request, RegistrationRequest.Status.DECLINED, by, reason.strip()[:300])
    return request


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
        transition(case=case, to=Case.Status.READY, by=by)


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
            transition(case=case, to=Case.Status.DISCUSSED, by=by)
    return session
