"""An administrator manages accounts and assigns roles, but cannot grant what no role has."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change_data(user, **overrides) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "centre": str(user.centre_id),
        "specialty": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("target", ["self", "clinician"])
def test_an_administrator_cannot_make_anyone_superuser(admin_client_role, administrator, target):
    user = administrator if target == "self" else UserFactory(role="clinician")
    every_permission = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    response = admin_client_role.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _change_data(user, is_superuser="on", user_permissions=every_permission),
    )
    assert response.status_code == 302  # the rest of the form is saved
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.user_permissions.exists()


def test_the_administrator_still_assigns_roles(admin_client_role):
    from django.contrib.auth.models import Group

    user = UserFactory(role="clinician")
    secretary = Group.objects.get(name="secretary")
    response = admin_client_role.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _change_data(user, groups=[str(secretary.pk)]),
    )
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == ["secretary"]


def test_a_superuser_keeps_every_field(admin_client, django_user_model):
    from accounts.admin import UserAdmin

    superuser = django_user_model.objects.get(is_superuser=True)
    request = type("Request", (), {"user": superuser})()
    model_admin = UserAdmin(django_user_model, None)
    assert "is_superuser" not in model_admin.get_readonly_fields(request)
