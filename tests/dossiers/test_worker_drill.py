"""Session exports through real prefork workers (CI: PostgreSQL + Redis): the chord, a failed
part, and the kill-the-worker drill with no process left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cases.models import Case
from dossiers import parts as store
from dossiers.actions import request_session_export
from dossiers.models import DossierPart, ExportJob
from dossiers.render import case_queryset, part_html
from tests.dossiers.conftest import cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import page_texts
from tests.dossiers.worker_support import requires_real_worker, wait_for, workers  # noqa: F401

pytestmark = [*requires_real_worker, pytest.mark.django_db(transaction=True)]

# A killed worker's messages come back after this (seconds): short, for the drill.
VISIBILITY = 6


def _session_cases(board_session, centre, secretary, n: int) -> list[Case]:
    cases = []
    for index in range(n):
        case = cpc_case(centre, question=f"Question du tirage {index} ?")
        Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
        case.refresh_from_db()
        register_case(session=board_session, case=case, by=secretary)
        cases.append(case)
    return cases


def _finished(job: ExportJob, timeout: float) -> ExportJob:
    wait_for(lambda: ExportJob.objects.get(pk=job.pk).is_finished, timeout=timeout)
    job.refresh_from_db()
    return job


def test_the_chord_renders_each_part_then_merges(
    board_session,
    centre,
    secretary,
    workers,  # noqa: F811
):
    cases = _session_cases(board_session, centre, secretary, 2)
    workers.start(concurrency=2)

    job = request_session_export(session=board_session, by=secretary)  # autocommit: enqueued
    job = _finished(job, timeout=120)

    assert job.state == ExportJob.State.DONE, job.reason
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert [case_id for case_id, _ in job.parts] == [case.pk for case in cases]
    assert DossierPart.objects.filter(case__in=cases).count() == 2
    pages = page_texts(job.path.read_bytes())
    assert "Ordre du jour" in pages[0]
    assert sum("page 1 /" in page for page in pages) == 3  # the cover and two dossiers


def test_a_part_that_cannot_be_stored_fails_the_job_with_its_reason(
    board_session,
    centre,
    secretary,
    workers,  # noqa: F811
):
    cases = _session_cases(board_session, centre, secretary, 2)
    # The second part's file cannot be written (a directory stands in its place).
    case = case_queryset().get(pk=cases[1].pk)
    digest = store.part_digest(part_html(case, session=board_session))
    (Path(settings.MEDIA_ROOT) / store.relative_path(digest)).mkdir(parents=True)
    workers.start(concurrency=2)

    job = _finished(request_session_export(session=board_session, by=secretary), timeout=120)

    assert job.state == ExportJob.State.FAILED
    assert job.reason == (
        f"Le rendu du dossier n° {cases[1].pk} a échoué (IsADirectoryError) à la tentative 1."
    )
    assert job.file == ""


def test_drill_kill_the_worker_mid_render(
    board_session,
    centre,
    secretary,
    client,
    workers,  # noqa: F811
):
    _session_cases(board_session, centre, secretary, 6)
    options = {"DOSSIER_BROKER_VISIBILITY_TIMEOUT": VISIBILITY}
    first = workers.start(concurrency=2, **options)
    job = request_session_export(session=board_session, by=secretary)
    # Mid-render: the plan is made, some parts are rendered, others are being laid out or still
    # queued (early enough that the chord is far from its last part).
    assert wait_for(
        lambda: ExportJob.objects.filter(
            pk=job.pk, state=ExportJob.State.RUNNING, progress_done__gte=1, progress_done__lte=3
        ).exists(),
        timeout=90,
        step=0.05,
    ), ExportJob.objects.values("state", "progress_done", "reason").get(pk=job.pk)
    pool = workers.pool(first)
    assert pool  # its render processes

    workers.kill(first)

    # Its pool processes die with it (no orphan holding memory and a database connection).
    assert wait_for(lambda: not workers.left_behind(), timeout=15), workers.left_behind()
    job.refresh_from_db()
    assert job.state == ExportJob.State.RUNNING  # nobody knows yet

    second = workers.start(concurrency=2, **options)
    job = _finished(job, timeout=VISIBILITY + 120)

    assert job.state == ExportJob.State.DONE, job.reason
    pages = page_texts(job.path.read_bytes())
    assert sum("page 1 /" in page for page in pages) == 7  # the cover and the six dossiers
    client.force_login(secretary)
    page = client.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    assert "Terminé" in page and "Télécharger le PDF" in page

    workers.pool(second)
    workers.stop_all()
    assert workers.left_behind() == set()
