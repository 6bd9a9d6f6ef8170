"""Dossiers rendered ahead: a ready or registered case that changes is re-rendered soon after.

Receivers on the case records (cases sits below dossiers, so dossiers listens rather than cases
calling up). On commit, each change schedules ``prerender_case`` after a delay with the case's
last-change time; only the task scheduled after the last change of a burst renders (debounce).
Only with a broker: inline (no worker), a save would wait for a PDF render.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from board_sessions.models import AgendaItem
from cases.models import Case, MetastaticSite, Patient, TreatmentLine

logger = logging.getLogger(__name__)


def _enabled() -> bool:
    from renaten.celery import app

    return settings.DOSSIER_PRERENDER and not app.conf.task_always_eager


def schedule_prerender(case_ids) -> None:
    """After the transaction commits, render these cases' dossiers ahead if they are ready."""
    if not _enabled():
        return
    case_ids = set(case_ids)
    if not case_ids:
        return

    def enqueue() -> None:
        from dossiers.tasks import PRERENDERED_STATUSES, prerender_case

        rows = Case.objects.filter(pk__in=case_ids, status__in=PRERENDERED_STATUSES).values_list(
            "pk", "updated_at"
        )
        for pk, updated_at in rows:
            try:
                prerender_case.apply_async(
                    (pk, updated_at.timestamp()), countdown=settings.DOSSIER_PRERENDER_DELAY
                )
            except Exception as exc:  # ahead of time only: never fail the user's save
                logger.warning("Pre-render of case %s not scheduled (%s)", pk, type(exc).__name__)

    transaction.on_commit(enqueue)


def _case_saved(sender, instance: Case, **kwargs) -> None:
    schedule_prerender([instance.pk])


def _child_changed(sender, instance, **kwargs) -> None:
    schedule_prerender([instance.case_id])


def _patient_saved(sender, instance: Patient, **kwargs) -> None:
    schedule_prerender(Case.objects.filter(patient=instance).values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(_case_saved, sender=Case, dispatch_uid="dossiers-prerender-case")
    for model in (TreatmentLine, MetastaticSite, AgendaItem):
        for signal in (post_save, post_delete):
            signal.connect(
                _child_changed, sender=model, dispatch_uid=f"dossiers-prerender-{model.__name__}"
            )
    post_save.connect(_patient_saved, sender=Patient, dispatch_uid="dossiers-prerender-patient")
