import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import role_of

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    first = User.objects.count()
    call_command("load_demo")
    assert User.objects.count() == first
    out = capsys.readouterr().out
    assert "rcp-demo-2026" in out
    demo_users = User.objects.filter(username__in=["clinicien", "secretaire", "admin"])
    roles = {role_of(u) for u in demo_users}
    assert roles == {"clinician", "secretary", "administrator"}
    assert User.objects.get(username="clinicien").check_password("rcp-demo-2026")
