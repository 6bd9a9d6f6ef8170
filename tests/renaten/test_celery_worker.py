"""A real Celery worker, in-process, against the Redis broker: runs in CI."""

import os

import pytest

from renaten.celery import app, ping

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="CELERY_BROKER_URL is not set: the real-worker test runs in CI against Redis",
    ),
]


def test_real_worker_round_trips_a_task_through_redis():
    from celery.contrib.testing.worker import start_worker

    assert app.conf.broker_url.startswith("redis://")
    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay(41)
        assert result.get(timeout=30) == 42
