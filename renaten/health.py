"""GET /healthz: does this instance reach its database and its broker?

No authentication and nothing about patients: docker-compose and load balancers call it.
200 when both answer, 503 otherwise, with one word per dependency.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2


def database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("healthz: database unavailable (%s)", type(error).__name__)
        return False


def broker_ok() -> bool | None:
    """None when tasks run inline (no broker configured)."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(
                url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
            )
            try:
                return bool(client.ping())
            finally:
                client.close()
        from kombu import Connection

        with Connection(url, connect_timeout=TIMEOUT_SECONDS) as connection:
            connection.ensure_connection(max_retries=1)
        return True
    except Exception as error:  # any failure to reach it is "down"
        logger.warning("healthz: broker unavailable (%s)", type(error).__name__)
        return False


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    database, broker = database_ok(), broker_ok()
    healthy = database and broker is not False
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "unavailable",
        "broker": {None: "inline", True: "ok", False: "unavailable"}[broker],
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
