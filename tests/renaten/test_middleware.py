"""The idle timeout counts idle time, and costs one session write a minute, not one a request."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renaten.middleware import REFRESHED_KEY

pytestmark = pytest.mark.django_db


def _session(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _age_session(client, *, seconds: int) -> None:
    """Pretend the last refresh happened `seconds` ago, with the expiry it set then."""
    row = _session(client)
    data = row.get_decoded()
    data[REFRESHED_KEY] = data.get(REFRESHED_KEY, int(timezone.now().timestamp())) - seconds
    row.session_data = Session.objects.encode(data)
    row.expire_date = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds)
    row.save()


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]
    return sum(1 for sql in writes if sql.lstrip().upper().startswith(("UPDATE", "INSERT")))


def test_a_request_after_a_minute_pushes_the_expiry_back(clinician_client):
    clinician_client.get(reverse("home"))
    _age_session(clinician_client, seconds=20 * 60)
    before = _session(clinician_client).expire_date
    assert _session_writes(clinician_client) == 1
    after = _session(clinician_client).expire_date
    assert after - before > dt.timedelta(minutes=19)
    assert after > timezone.now() + dt.timedelta(minutes=29)


def test_requests_within_a_minute_do_not_write_the_session(clinician_client):
    clinician_client.get(reverse("home"))
    assert _session_writes(clinician_client) == 0
    assert _session_writes(clinician_client) == 0


def test_a_session_idle_for_thirty_minutes_is_over(clinician_client):
    clinician_client.get(reverse("home"))
    _age_session(clinician_client, seconds=settings.SESSION_COOKIE_AGE + 1)
    response = clinician_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_get_no_session(client):
    client.get(reverse("login"))
    assert Session.objects.count() == 0
