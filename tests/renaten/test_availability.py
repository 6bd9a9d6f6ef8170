"""/healthz, the 503 page when the database is down, and private caching of signed-in pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _database_down():
    return mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    )


def test_healthz_answers_200_without_signing_in(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "inline"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_is_answered_before_host_checks_and_the_https_redirect(settings):
    settings.CELERY_BROKER_URL = ""
    settings.ALLOWED_HOSTS = ["rcp.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="127.0.0.1:8000").get("/healthz")
    assert response.status_code == 200


def test_healthz_answers_503_when_the_database_is_down(client, settings):
    settings.CELERY_BROKER_URL = ""
    with _database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("debug", [False, True])
def test_a_database_outage_is_a_french_503_page_not_a_traceback(clinician, settings, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    with _database_down():
        response = client.get(reverse("cases:list"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["Retry-After"] == "10"
    # Back: the same client is served again, nothing to restart.
    assert client.get(reverse("cases:list")).status_code == 200


def test_other_server_errors_stay_500(clinician):
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    with mock.patch("cases.views.render", side_effect=ValueError("boom")):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 500


def test_signed_in_pages_are_private_and_never_stored(clinician, administrator):
    for user, url in ((clinician, reverse("home")), (administrator, reverse("admin:index"))):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store", url


def test_the_healthcheck_is_not_a_signed_in_page(clinician_client, settings):
    settings.CELERY_BROKER_URL = ""
    assert clinician_client.get("/healthz")["Cache-Control"] == "no-store"
