"""What may happen to a case: its status changes and who may edit it. Pure: no query, no write.

The status changes are data (TRANSITIONS); `cases.actions.transition` is the one writer of a
case's status and asks `check_can_transition` first. Permissions are read with
`user.has_perm`, which the authentication backend loads once per request with the role
(accounts.backends), so these functions do not query either.

    draft ──mark ready──▶ ready ──register──▶ registered ──session locked──▶ discussed
      ◀──back to draft──      ◀──unregister──
         (or an edit that makes it incomplete)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case

DRAFT, READY = Case.Status.DRAFT, Case.Status.READY
REGISTERED, DISCUSSED = Case.Status.REGISTERED, Case.Status.DISCUSSED

# (from, to): who makes the change.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, READY): "the clinician, once nothing the board needs is missing",
    (READY, DRAFT): "the clinician, or an edit that leaves the case incomplete",
    (READY, REGISTERED): "a secretary puts it on a session's agenda (or the national one)",
    (REGISTERED, READY): "a secretary takes it off the agenda before the session is locked",
    (REGISTERED, DISCUSSED): "the session it is on is locked after the meeting",
}

# The refusal shown when a case cannot reach a status; %s is its current status.
REFUSALS: dict[str, str] = {
    READY: gettext_noop("Seul un brouillon peut être marqué prêt (statut actuel : %s)."),
    DRAFT: gettext_noop("Seul un dossier prêt peut repasser en brouillon (statut actuel : %s)."),
    REGISTERED: gettext_noop("Seul un dossier « prêt » peut être inscrit (statut actuel : %s)."),
    DISCUSSED: gettext_noop("Seul un dossier inscrit peut être discuté (statut actuel : %s)."),
}

# Once discussed, the record is what the board saw: it is frozen. A registered case stays
# editable so that a late result (imaging, pathology) reaches the board: the dossier is always
# rendered from the current record.
EDITABLE_STATUSES = frozenset({DRAFT, READY, REGISTERED})
NOT_EDITABLE = gettext_noop("Ce dossier a été discuté en RCP : il n'est plus modifiable.")


def can_transition(case: Case, to: str, *, only_from: str | None = None) -> bool:
    """`to` is reachable from the case's status; with `only_from`, from that status only
    (marking ready is for drafts: a registered case gets back to ready by leaving the agenda)."""
    if only_from is not None and case.status != only_from:
        return False
    return (case.status, to) in TRANSITIONS


def check_can_transition(case: Case, to: str, *, only_from: str | None = None) -> None:
    if not can_transition(case, to, only_from=only_from):
        raise ValidationError(_(REFUSALS[to]) % case.get_status_display())


def is_editable(case: Case) -> bool:
    return case.status in EDITABLE_STATUSES


def check_editable(case: Case) -> None:
    if not is_editable(case):
        raise ValidationError(_(NOT_EDITABLE))


def can_create_case(user) -> bool:
    return user.has_perm("cases.add_case") and getattr(user, "centre_id", None) is not None


def can_edit_case(user, case: Case) -> bool:
    """Clinicians of the case's centre edit it until it has been discussed; secretaries never
    (they read cases, they have no `cases.change_case`)."""
    return (
        user.has_perm("cases.change_case")
        and getattr(user, "centre_id", None) is not None
        and user.centre_id == case.centre_id
        and is_editable(case)
    )
