"""Login forms: an over-long identifier is a field error, never a database error."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
@pytest.mark.parametrize("length", [151, 256, 100_000])
def test_an_over_long_identifier_is_refused_next_to_the_field(url_name, length):
    response = Client().post(reverse(url_name), {"username": "x" * length, "password": "y"})
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert "150" in errors[0]
    assert not AccessAttempt.objects.exists()  # nothing reached django-axes' tables


def test_a_normal_login_still_works(clinician):
    response = Client().post(
        reverse("login"), {"username": clinician.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_failures_of_real_identifiers_are_still_counted(clinician):
    client = Client(REMOTE_ADDR="192.0.2.40")
    client.post(reverse("login"), {"username": clinician.username, "password": "mauvais"})
    assert AccessAttempt.objects.get().failures_since_start == 1
