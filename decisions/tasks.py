"""The notification e-mail of a validated fiche: one task per recipient, ids only.

The body carries the case number and a link, never patient data. Each attempt is recorded on
the Notification row and in the access log; SMTP and connection errors are retried with backoff.
"""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from decisions.models import Notification

logger = logging.getLogger(__name__)

RETRIED = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


def message_for(notification: Notification) -> tuple[str, str]:
    decision = notification.decision
    link = settings.SITE_URL + reverse("decisions:detail", args=[decision.pk])
    subject = f"Avis RCP validé — dossier n° {decision.case_id}"
    body = (
        f"Bonjour,\n\nL'avis de la RCP pour le dossier n° {decision.case_id} "
        f"(version {decision.version}) a été validé.\n"
        f"Consultez la fiche RCP dans l'application (connexion requise) :\n{link}\n\n"
        "Ce message ne contient aucune donnée médicale. Merci de ne pas y répondre.\n"
    )
    return subject, body


@shared_task(
    bind=True,
    name="decisions.send_decision_email",
    autoretry_for=RETRIED,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.DECISION_EMAIL_MAX_RETRIES,
    acks_late=True,
    ignore_result=True,
)
def send_decision_email(self, notification_id: int) -> str:
    notification = (
        Notification.objects.select_related("decision").filter(pk=notification_id).first()
    )
    if notification is None:
        return "missing"
    if notification.state == Notification.State.SENT:
        return "already sent"  # a redelivered message sends nothing twice
    Notification.objects.filter(pk=notification_id).update(attempts=F("attempts") + 1)
    subject, body = message_for(notification)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient])
    except RETRIED as exc:
        kind = type(exc).__name__
        last = self.request.retries >= self.max_retries
        Notification.objects.filter(pk=notification_id).update(
            state=Notification.State.FAILED if last else Notification.State.QUEUED,
            error=f"{kind} (tentative {self.request.retries + 1})"[:200],
        )
        logger.warning("Decision e-mail %s: %s", notification_id, kind)
        if last:
            return Notification.State.FAILED
        raise
    Notification.objects.filter(pk=notification_id).update(
        state=Notification.State.SENT, sent_at=timezone.now(), error=""
    )
    AccessLog.objects.create(
        user=notification.user,
        username=(notification.user.get_username() if notification.user else "")[:150]
        or "courriel",
        action=AccessLog.Action.SEND_EMAIL,
        case_id=notification.decision.case_id,
        session_id=None,
        centre_id=getattr(notification.user, "centre_id", None),
        path=f"notification:{notification_id}",
    )
    return Notification.State.SENT
