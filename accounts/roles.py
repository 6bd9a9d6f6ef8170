"""The three roles, as groups with exactly these permissions.

The groups are created by a migration; their permissions are re-synchronised after every
migrate, because later apps add the models the permissions refer to.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, F, Value

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
            "attachments.view_attachment",
            "attachments.add_attachment",
            "attachments.delete_attachment",
            "attachments.view_pathologyreview",
            "attachments.add_pathologyreview",
            "attachments.change_pathologyreview",
            "board_sessions.view_registrationrequest",
            "board_sessions.add_registrationrequest",
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
            "attachments.view_attachment",
            "attachments.view_pathologyreview",
            "board_sessions.view_registrationrequest",
            "board_sessions.change_registrationrequest",
            "referrals.view_referral",
            "referrals.add_referral",
            "referrals.change_referral",
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
            # The Ki-67 threshold of the guideline engine (issue 12, class 9).
            "guidelines.view_proliferationthreshold",
            "guidelines.add_proliferationthreshold",
            "guidelines.change_proliferationthreshold",
        }
    ),
}


def _permissions(names: frozenset[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.select_related("content_type").filter(
        codename__in=[codename for _, codename in wanted]
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


# The apps whose permissions open patient records: only the clinician and secretary roles hold
# them, never the administrator, and never a superuser by Django's blanket rule.
PATIENT_DATA_APPS = frozenset(
    {
        "cases",
        "attachments",
        "board_sessions",
        "dossiers",
        "decisions",
        "referrals",
        "surveillance",
        "interop",
        "indicators",
    }
)


def withheld_from_superusers(perm: str) -> bool:
    app_label = perm.partition(".")[0]
    return app_label in PATIENT_DATA_APPS and perm not in ROLE_PERMISSIONS[ADMINISTRATOR]


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
        load_role_and_permissions(user)
    return user._role_cache


def load_role_and_permissions(user) -> None:
    """The user's role and permissions, with one query, remembered on the user object.

    Access is decided by permissions (`user.has_perm`); the role only names the user's menus
    and labels. Both come from the user's groups, so one query reads both: the groups with
    their permissions, plus the user's own permissions (ModelBackend's two sources). The
    result fills ModelBackend's own cache (`_perm_cache`); superusers are left to it.
    """
    groups = Group.objects.filter(user=user).annotate(
        role_group=F("name"),
        perm_app=F("permissions__content_type__app_label"),
        perm_code=F("permissions__codename"),
    )
    own = Permission.objects.filter(user=user).annotate(
        role_group=Value("", output_field=CharField()),
        perm_app=F("content_type__app_label"),
        perm_code=F("codename"),
    )
    rows = list(
        groups.order_by()
        .values_list("role_group", "perm_app", "perm_code")
        .union(own.order_by().values_list("role_group", "perm_app", "perm_code"), all=True)
    )
    names = {group for group, _, _ in rows}
    user._role_cache = next(
        (role for role in (ADMINISTRATOR, SECRETARY, CLINICIAN) if role in names), None
    )
    if not user.is_superuser:
        user._perm_cache = {f"{app}.{code}" for _, app, code in rows if code}


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
