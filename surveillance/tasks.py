"""Weekly digest: each centre's clinicians get a link to their recall list when something is
due or overdue. Tasks take ids only; the e-mail holds no patient data, only the link."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Centre, User
from accounts.roles import CLINICIAN
from surveillance.models import DigestSend
from surveillance.recall import DEFAULT_DAYS, recall_list

logger = logging.getLogger(__name__)

DIGEST_SUBJECT = "RENATEN RCP — examens de surveillance à prévoir"
DIGEST_BODY = (
    "Bonjour,\n\n"
    "Des examens de surveillance sont à prévoir ou en retard pour des patients de votre "
    "centre. La liste est accessible après connexion :\n\n{url}\n\n"
    "Ce message ne contient aucune donnée de patient.\n"
)


def iso_week(day) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@shared_task(name="surveillance.send_weekly_digests")
def send_weekly_digests() -> int:
    """Fan out: one task per centre that has surveillances (so workers share the work)."""
    centre_ids = list(
        Centre.objects.filter(cases__surveillance__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    for centre_id in centre_ids:
        send_centre_digest.delay(centre_id)
    return len(centre_ids)


def digest_recipients(centre_id: int) -> list[str]:
    users = User.objects.filter(
        centre_id=centre_id, is_active=True, groups__name=CLINICIAN
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@shared_task(
    name="surveillance.send_centre_digest",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_centre_digest(centre_id: int) -> int:
    """Send this week's digest to the centre's clinicians; 0 when nothing to say or sent."""
    today = timezone.localdate()
    recall = recall_list(centre_id=centre_id, today=today, days=DEFAULT_DAYS)
    if not recall.rows():
        return 0
    recipients = digest_recipients(centre_id)
    if not recipients:
        return 0
    week = iso_week(today)
    try:
        with transaction.atomic():
            DigestSend.objects.create(centre_id=centre_id, week=week, recipients=len(recipients))
            url = settings.SITE_URL.rstrip("/") + reverse("surveillance:recall")
            body = DIGEST_BODY.format(url=url)
            # One message per clinician: no list of colleagues' addresses in the header.
            send_mass_mail(tuple((DIGEST_SUBJECT, body, None, [to]) for to in recipients))
    except IntegrityError:
        logger.info("digest already sent: centre %s week %s", centre_id, week)
        return 0
    logger.info("digest sent: centre %s, %s recipient(s)", centre_id, len(recipients))
    return len(recipients)
