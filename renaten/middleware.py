"""Idle timeout, health check, the database-outage page and private caching."""

from __future__ import annotations

import logging
import sys
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"

REFRESHED_KEY = "_idle_refreshed_at"


class IdleTimeoutMiddleware:
    """Push a signed-in session's expiry back at most once a minute.

    SESSION_SAVE_EVERY_REQUEST would do the same with an UPDATE per request, which the live
    panel (one request per pause in typing) turns into most of the database writes. Marking the
    session modified once per SESSION_REFRESH_SECONDS makes SessionMiddleware save it with a new
    expiry: the timeout counts idle time, to within that interval.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return self.get_response(request)


def _database_errors() -> tuple[type[BaseException], ...]:
    from django.db import InterfaceError, OperationalError

    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:  # raised unwrapped by the pool on some paths
        import psycopg

        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(errors)


DATABASE_DOWN = "_renaten_database_down"


def _flag_database_errors(sender, request=None, **kwargs) -> None:
    """Remember that the request failed because the database did not answer.

    Django turns an exception into a 500 at whichever layer it is raised (a middleware that
    reads the session, the view...), so the outer middleware cannot catch it: it sees the 500
    response and this mark, sent with got_request_exception while the exception is handled.
    """
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, _database_errors()):
        setattr(request, DATABASE_DOWN, True)


got_request_exception.connect(_flag_database_errors, dispatch_uid="renaten.database_down")


def service_unavailable() -> HttpResponse:
    """The French 503 page: rendered without the database (no context processor, no user)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "private, no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A request that failed because the database is down (restart, failover) gets a 503 page
    saying to try again in a moment, not a 500 or a traceback. The connection pool checks
    connections before handing them out, so the next requests succeed once it is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, DATABASE_DOWN, False):
            logger.warning("Database unavailable: answered 503 to %s", request.method)
            return service_unavailable()
        return response


class HealthCheckMiddleware:
    """GET /healthz before host validation and the HTTPS redirect: the container's
    healthcheck calls http://127.0.0.1:8000/healthz from inside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            from renaten.health import healthz

            return healthz(request)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Every response to a signed-in user is `Cache-Control: private, no-store`: pages show
    patient data, and neither a shared proxy nor the browser's disk may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            signed_in = request.user.is_authenticated
        except _database_errors():
            signed_in = True  # unknown: the safe answer
        if signed_in:
            response["Cache-Control"] = "private, no-store"
        return response
