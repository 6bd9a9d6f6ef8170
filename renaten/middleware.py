"""Idle timeout without a database write on every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

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
