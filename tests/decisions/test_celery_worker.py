"""The validation e-mail through a real Celery worker and the Redis broker (runs in CI)."""

import os
import time

import pytest
from django.core import mail

from decisions import actions
from decisions.models import Notification
from renaten.celery import app
from tests.decisions.helpers import concordant

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="CELERY_BROKER_URL is not set: the real-worker test runs in CI against Redis",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_notification_it_receives_by_id(held, secretary, coordinator, clinician):
    from celery.contrib.testing.worker import start_worker

    assert not app.conf.task_always_eager
    clinician.email = "clin@example.org"
    clinician.save()
    case = held.item.case
    case.created_by = clinician
    case.save()
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        actions.validate_decision(decision=decision, by=coordinator)  # enqueued on commit
        notification = Notification.objects.get()
        for _ in range(300):
            notification.refresh_from_db()
            if notification.state == Notification.State.SENT:
                break
            time.sleep(0.1)
    assert notification.state == Notification.State.SENT
    assert [m.to for m in mail.outbox] == [["clin@example.org"]]
