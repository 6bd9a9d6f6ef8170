"""The three roles, as groups with exactly these permissions.

The groups are created by a migration; their permissions are re-synchronised after every
migrate, because later apps add the models the permissions refer to.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

CLINICIAN = "clinician"
SECRETARY = "secretary"
ADMINISTRATOR = "administrator"
ROLES = (CLINICIAN, SECRETARY, ADMINISTRATOR)

ROLE_LABELS = {
    CLINICIAN: "Clinicien",
    SECRETARY: "Secrétariat RCP",
    ADMINISTRATOR: "Administrateur",
}

# "app_label.codename" for each role; a permission that does not exist yet is skipped.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    CLINICIAN: frozenset(
        {
            "cases.view_patient",
            "cases.add_patient",
            "cases.change_patient",
            "cases.view_case",
            "cases.add_case",
            "cases.change_case",
            "cases.view_treatmentline",
            "cases.add_treatmentline",
            "cases.change_treatmentline",
            "cases.delete_treatmentline",
            "cases.view_metastaticsite",
            "cases.add_metastaticsite",
            "cases.delete_metastaticsite",
            "boards.view_board",
            # Decisions: read those of the centre's cases; record and validate them only as a
            # board coordinator (decisions.policies); PPS and the treatment actually started.
            "decisions.view_decision",
            "decisions.record_decision",
            "decisions.validate_decision",
            "decisions.view_careplan",
            "decisions.change_careplan",
            "decisions.view_treatmentstart",
            "decisions.add_treatmentstart",
        }
    ),
    SECRETARY: frozenset(
        {
            "cases.view_patient",
            "cases.view_case",
            "cases.view_treatmentline",
            "cases.view_metastaticsite",
            "boards.view_board",
            "board_sessions.view_boardsession",
            "board_sessions.add_boardsession",
            "board_sessions.change_boardsession",
            "board_sessions.view_agendaitem",
            "board_sessions.add_agendaitem",
            "board_sessions.change_agendaitem",
            "board_sessions.delete_agendaitem",
            "board_sessions.view_participant",
            "board_sessions.add_participant",
            "board_sessions.change_participant",
            "board_sessions.delete_participant",
            "dossiers.view_exportjob",
            "dossiers.add_exportjob",
            # The meeting's secretary records decisions; a coordinator validates them.
            "decisions.view_decision",
            "decisions.record_decision",
            "decisions.view_careplan",
            "decisions.view_treatmentstart",
        }
    ),
    ADMINISTRATOR: frozenset(
        {
            "boards.view_board",
            "boards.add_board",
            "boards.change_board",
            "boards.delete_board",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_centre",
            "accounts.add_centre",
            "accounts.change_centre",
            "auth.view_group",
            "audit.view_accesslog",
        }
    ),
}


def _permissions(names: frozenset[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.select_related("content_type").filter(
        codename__in=[codename for _, codename in wanted]
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def sync_role_permissions(**kwargs) -> None:
    """Give each role group exactly its permissions (idempotent)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    # Several checks ask per request; like ModelBackend's _perm_cache, remember the answer on
    # the user object (a fresh one each request). assign_role() forgets it.
    if not hasattr(user, "_role_cache"):
        user._role_cache = _role_from_groups(user)
    return user._role_cache


def _role_from_groups(user) -> str | None:
    names = {g.name for g in user.groups.all()}
    for role in (ADMINISTRATOR, SECRETARY, CLINICIAN):
        if role in names:
            return role
    return None


def assign_role(user, role: str) -> None:
    """Put the user in exactly one role group; administrators get admin access."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.groups.set([Group.objects.get(name=role)])
    user.__dict__.pop("_role_cache", None)
    user.__dict__.pop("_perm_cache", None)
    user.__dict__.pop("_group_perm_cache", None)
    user.is_staff = role == ADMINISTRATOR
    user.save(update_fields=["is_staff"])
