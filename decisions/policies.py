"""Who may do what with decisions: pure functions of the user and the objects (no queries
beyond the user's permissions and the boards they coordinate, both cached per request).

Roles give the capability (Django permissions granted to the role groups, accounts.roles);
the objects give the scope:
- the meeting's secretary (a secretary of the session's organising centre) and the board's
  coordinators record decisions;
- only a coordinator of the session's board validates (signs) a fiche;
- the case's centre (clinicians, secretaries) reads its decisions; a coordinator reads every
  item of their board's sessions, whatever the case's centre;
- clinicians of the case's centre draft the PPS and record the treatment actually started.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

# Capabilities the decisions rules build on, granted by the other apps' permissions.
READS_CASES = "cases.view_case"  # clinicians and secretaries of the case's centre
EDITS_CASES = "cases.change_case"  # clinicians of the case's centre
ORGANISES_SESSIONS = "board_sessions.change_boardsession"  # secretaries


def coordinated_board_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_coordinated_boards_cache"):
        user._coordinated_boards_cache = frozenset(
            user.coordinated_boards.values_list("pk", flat=True)
        )
    return user._coordinated_boards_cache


def is_coordinator(user, board_id: int) -> bool:
    return board_id in coordinated_board_ids(user)


def _same_centre(user, centre_id) -> bool:
    return getattr(user, "centre_id", None) is not None and user.centre_id == centre_id


def is_meeting_secretary(user, session) -> bool:
    return user.has_perm(ORGANISES_SESSIONS) and _same_centre(user, session.organiser_centre_id)


def can_view_decision(user, item) -> bool:
    """Read the decisions of an agenda item (with the patient's identity)."""
    if not user.has_perm("decisions.view_decision"):
        return False
    if user.has_perm(READS_CASES) and _same_centre(user, item.case.centre_id):
        return True
    return is_coordinator(user, item.session.board_id)


def can_see_item(user, item) -> bool:
    """Reach the item's decision page: readers, and the meeting's secretary (who records the
    decisions of every item but sees another centre's case by number only)."""
    return can_view_decision(user, item) or (
        user.has_perm("decisions.record_decision") and is_meeting_secretary(user, item.session)
    )


def can_record_decision(user, item) -> bool:
    if not user.has_perm("decisions.record_decision"):
        return False
    return is_meeting_secretary(user, item.session) or is_coordinator(user, item.session.board_id)


def session_has_started(session) -> bool:
    return session.starts_at <= timezone.now()


def can_validate_fiche(user, decision) -> bool:
    return (
        user.has_perm("decisions.validate_decision")
        and decision.is_draft
        and is_coordinator(user, decision.item.session.board_id)
    )


def can_correct_decision(user, decision) -> bool:
    return decision.is_validated and can_record_decision(user, decision.item)


def can_validate_session(user, session) -> bool:
    return user.has_perm("decisions.validate_decision") and is_coordinator(user, session.board_id)


def _clinician_of(user, case) -> bool:
    return user.has_perm(EDITS_CASES) and _same_centre(user, case.centre_id)


def can_edit_care_plan(user, case) -> bool:
    return user.has_perm("decisions.change_careplan") and _clinician_of(user, case)


def can_view_care_plan(user, case) -> bool:
    return (
        user.has_perm("decisions.view_careplan")
        and user.has_perm(READS_CASES)
        and _same_centre(user, case.centre_id)
    )


def can_record_treatment(user, case) -> bool:
    return user.has_perm("decisions.add_treatmentstart") and _clinician_of(user, case)


def check(allowed: bool) -> None:
    """check(can_…(…)): 403 when the policy says no (the object was already fetched for this
    user, so its existence is no secret to them)."""
    if not allowed:
        raise PermissionDenied
