"""Defences shown by tests: login throttling, idle timeout.

Headers, CSP and CSRF on every page and form: tests/security/test_headers.py and test_csrf.py."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_is_throttled_after_five_failures(clinician):
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": clinician.username, "password": "wrong"}
        )
    assert response.status_code == 429
    # Even the right password is refused while locked out.
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_the_lockout_page_gives_the_configured_limit_and_time(clinician, settings):
    for limit, cooloff, said in (
        (5, 1, "1\xa0heure"),
        (3, dt.timedelta(minutes=30), "30\xa0minutes"),
    ):
        settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME = limit, cooloff
        client = Client(REMOTE_ADDR=f"192.0.2.{20 + limit}")
        for _ in range(limit):
            response = client.post(
                reverse("login"), {"username": clinician.username, "password": "wrong"}
            )
        assert response.status_code == 429
        page = response.content.decode()
        assert f"Après {limit} échecs, la connexion est bloquée pendant {said}." in page


def test_four_failures_do_not_lock_out(clinician):
    client = Client(REMOTE_ADDR="192.0.2.11")
    for _ in range(4):
        client.post(reverse("login"), {"username": clinician.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_expired_session_goes_back_to_login(clinician_client):
    from django.contrib.sessions.backends.db import SessionStore

    key = clinician_client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(session_key=key)
    store.set_expiry(-1)
    store.save()
    response = clinician_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
