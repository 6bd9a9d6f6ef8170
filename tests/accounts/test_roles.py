import pytest
from django.contrib.auth.models import Group

from accounts.roles import (
    ADMINISTRATOR,
    CLINICIAN,
    ROLE_PERMISSIONS,
    SECRETARY,
    assign_role,
    role_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _perms(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.parametrize("role", [CLINICIAN, SECRETARY, ADMINISTRATOR])
def test_each_role_group_has_exactly_its_listed_permissions(role):
    assert _perms(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


def test_every_listed_permission_exists():
    granted = set().union(*(_perms(g) for g in Group.objects.filter(name__in=ROLE_PERMISSIONS)))
    assert granted == set().union(*ROLE_PERMISSIONS.values())


def test_clinician_can_edit_cases_but_not_manage_sessions_or_boards():
    user = UserFactory(role=CLINICIAN)
    assert user.has_perm("cases.change_case")
    assert not user.has_perm("board_sessions.add_boardsession")
    assert not user.has_perm("boards.change_board")
    assert not user.is_staff


def test_secretary_sees_cases_but_cannot_edit_them():
    user = UserFactory(role=SECRETARY)
    assert user.has_perm("cases.view_case")
    assert not user.has_perm("cases.change_case")
    assert user.has_perm("board_sessions.add_boardsession")
    assert user.has_perm("dossiers.add_exportjob")


def test_administrator_keeps_boards_and_users_but_not_patient_records():
    user = UserFactory(role=ADMINISTRATOR)
    assert user.is_staff
    assert user.has_perm("boards.change_board")
    assert user.has_perm("accounts.change_user")
    assert not user.has_perm("cases.view_case")


def test_role_of():
    assert role_of(UserFactory(role=SECRETARY)) == SECRETARY
    assert role_of(UserFactory()) is None


def test_role_of_asks_the_database_once_per_user_object(django_assert_num_queries):
    user = UserFactory(role=CLINICIAN)
    user = type(user).objects.get(pk=user.pk)  # as a request would load it
    with django_assert_num_queries(1):
        assert role_of(user) == CLINICIAN
        assert role_of(user) == CLINICIAN


def test_assign_role_forgets_the_remembered_role_and_permissions():
    user = UserFactory(role=CLINICIAN)
    assert role_of(user) == CLINICIAN
    assert user.has_perm("cases.change_case")
    assign_role(user, SECRETARY)
    assert role_of(user) == SECRETARY
    assert not user.has_perm("cases.change_case")


def test_role_and_permissions_are_read_with_one_query(django_assert_num_queries):
    # Access asks permissions, the header names the role: one query serves both per request.
    user = UserFactory(role=SECRETARY)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("board_sessions.change_boardsession")
        assert not user.has_perm("cases.change_case")
        assert role_of(user) == SECRETARY


def test_a_users_own_permissions_count_as_with_djangos_backend():
    from django.contrib.auth.models import Permission

    user = UserFactory(role=SECRETARY)
    user.user_permissions.add(Permission.objects.get(codename="add_case"))
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("cases.add_case")  # granted to the user, not to the group
    assert user.has_perm("cases.view_case")  # from the group
    assert role_of(user) == SECRETARY


def test_an_inactive_user_has_no_permission():
    user = UserFactory(role=CLINICIAN, is_active=False)
    assert not user.has_perm("cases.view_case")
