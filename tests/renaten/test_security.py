"""Defences shown by tests: headers, CSP, CSRF, login throttling, idle timeout."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(clinician_client):
    response = clinician_client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_content_security_policy_forbids_inline_scripts_and_eval(clinician_client):
    policy = clinician_client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_pages_carry_no_inline_script(clinician_client):
    html = clinician_client.get(reverse("home")).content.decode()
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), "inline <script> found"


def test_csrf_is_enforced_on_post(clinician):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    assert client.post(reverse("logout")).status_code == 403
    # htmx requests are no exception.
    assert client.post(reverse("logout"), HTTP_HX_REQUEST="true").status_code == 403


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


def test_four_failures_do_not_lock_out(clinician):
    client = Client(REMOTE_ADDR="192.0.2.11")
    for _ in range(4):
        client.post(reverse("login"), {"username": clinician.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_idle_session_times_out_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # IdleTimeoutMiddleware (tests/renaten/test_middleware.py) pushes the expiry back.
    assert "renaten.middleware.IdleTimeoutMiddleware" in settings.MIDDLEWARE


def test_expired_session_goes_back_to_login(clinician_client):
    from django.contrib.sessions.backends.db import SessionStore

    key = clinician_client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(session_key=key)
    store.set_expiry(-1)
    store.save()
    response = clinician_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
