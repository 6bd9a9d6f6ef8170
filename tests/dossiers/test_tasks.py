"""The background render: ids in messages, every ending recorded, retries, same file."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from dossiers import jobs
from dossiers.actions import request_case_export, request_session_export
from dossiers.models import ExportJob
from dossiers.tasks import render_export
from tests.dossiers.conftest import cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import page_texts, pdf_text

pytestmark = pytest.mark.django_db

MAX_ATTEMPTS = settings.DOSSIER_RENDER_MAX_RETRIES + 1


def _export(case, user, capture) -> ExportJob:
    with capture(execute=True):
        job = request_case_export(case=case, by=user)
    job.refresh_from_db()
    return job


def _case_job(case, user, **fields) -> ExportJob:
    """A case export job as the request makes it, in whatever state the test needs."""
    return ExportJob.objects.create(
        kind="case", case=case, centre=user.centre, requested_by=user, **fields
    )


def _silent_past_the_stale_delay(*jobs: ExportJob) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=settings.DOSSIER_JOB_STALE_AFTER + 1)
    ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(updated_at=long_ago)


def test_case_export_renders_on_commit_to_a_private_file(
    make_ready_case, secretary, django_capture_on_commit_callbacks
):
    ready_case = make_ready_case(question="Question du dossier exporté ?")
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)

    assert job.state == ExportJob.State.DONE
    assert job.attempts == 1
    assert job.progress_percent == 100
    assert job.reason == ""
    assert job.file == f"dossiers/{secretary.centre_id}/{job.pk}/dossier-rcp-{ready_case.pk}.pdf"
    assert job.file == job.relative_path
    assert job.path.is_relative_to(settings.MEDIA_ROOT)
    text = pdf_text(job.path.read_bytes())
    assert "Question du dossier exporté ?" in text
    assert str(ready_case.patient) not in job.file


def test_nothing_is_enqueued_before_commit_and_the_message_is_the_id_only(
    ready_case, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(render_export, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = request_case_export(case=ready_case, by=secretary)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [((job.pk,), {})]


def test_a_failed_render_ends_failed_with_its_reason(
    ready_case, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    def explode(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("dossiers.pdf.render_document", explode)
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)

    assert job.state == ExportJob.State.FAILED
    assert "Le rendu du PDF a échoué (RuntimeError)" in job.reason
    assert job.attempts == 1
    assert job.finished_at is not None
    assert job.file == ""


def test_time_limit_ends_failed_not_running(ready_case, secretary, monkeypatch):
    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("dossiers.pdf.render_document", too_slow)
    job = _case_job(ready_case, secretary)
    render_export.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert "temps maximal" in job.reason


def test_transient_errors_are_retried_then_fail_with_the_attempt_count(
    ready_case, secretary, monkeypatch
):
    calls = []

    def database_gone(*args, **kwargs):
        calls.append(1)
        raise OperationalError("server closed the connection")

    monkeypatch.setattr("dossiers.pdf.render_document", database_gone)
    job = _case_job(ready_case, secretary)
    render_export.apply(args=[job.pk])
    job.refresh_from_db()
    assert len(calls) == MAX_ATTEMPTS
    assert job.attempts == MAX_ATTEMPTS
    assert job.state == ExportJob.State.FAILED
    assert f"après {MAX_ATTEMPTS} tentatives" in job.reason


def test_a_transient_error_then_success_is_done(ready_case, secretary, monkeypatch):
    from dossiers import pdf

    real = pdf.render_document
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return real(*args, **kwargs)

    monkeypatch.setattr("dossiers.pdf.render_document", flaky)
    job = _case_job(ready_case, secretary)
    render_export.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE
    assert job.attempts == 2
    assert job.reason == ""


def test_rerunning_a_job_rewrites_the_same_file_with_the_same_bytes(
    ready_case, secretary, django_capture_on_commit_callbacks
):
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)
    first = job.path.read_bytes()
    # The worker died after writing the file, before marking the job done: redelivered.
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING)

    render_export.apply(args=[job.pk])
    job.refresh_from_db()

    assert job.state == ExportJob.State.DONE
    assert job.attempts == 2
    assert job.path.read_bytes() == first
    assert sorted(p.name for p in job.path.parent.iterdir()) == [job.path.name]


def _render_must_not_run(monkeypatch):
    def render(*args, **kwargs):
        raise AssertionError("rendered")

    monkeypatch.setattr("dossiers.render.plan_export", render)
    monkeypatch.setattr("dossiers.render.merge_export", render)


def test_a_redelivered_message_of_a_done_job_does_nothing(
    ready_case, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)
    before = ExportJob.objects.values().get(pk=job.pk)
    _render_must_not_run(monkeypatch)

    assert render_export.apply(args=[job.pk]).get() == "skipped"

    assert ExportJob.objects.values().get(pk=job.pk) == before  # still done, same attempt count


def test_a_failed_job_is_not_revived_either(ready_case, secretary, monkeypatch):
    job = _case_job(
        ready_case, secretary, state=ExportJob.State.FAILED, reason="Motif fictif", attempts=1
    )
    _render_must_not_run(monkeypatch)
    assert render_export.apply(args=[job.pk]).get() == "skipped"
    job.refresh_from_db()
    assert (job.state, job.reason, job.attempts) == (ExportJob.State.FAILED, "Motif fictif", 1)


def test_a_job_redelivered_past_the_attempt_cap_fails_without_rendering(
    ready_case, secretary, monkeypatch
):
    # Each attempt killed its worker (acks_late + reject on worker lost: redelivered each time).
    job = _case_job(ready_case, secretary, state=ExportJob.State.RUNNING, attempts=MAX_ATTEMPTS)
    _render_must_not_run(monkeypatch)

    assert render_export.apply(args=[job.pk]).get() == "skipped"

    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert job.attempts == MAX_ATTEMPTS
    assert job.reason == (
        f"Rendu abandonné : nombre maximal de tentatives atteint ({MAX_ATTEMPTS})."
    )
    assert job.finished_at is not None


def test_the_last_allowed_attempt_still_renders(ready_case, secretary):
    job = _case_job(ready_case, secretary, state=ExportJob.State.RUNNING, attempts=MAX_ATTEMPTS - 1)
    assert render_export.apply(args=[job.pk]).get() == ExportJob.State.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts) == (ExportJob.State.DONE, MAX_ATTEMPTS)


def test_broker_down_marks_the_job_failed(
    ready_case, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise BrokerError("connection refused")

    monkeypatch.setattr(render_export, "delay", broker_down)
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)
    assert job.state == ExportJob.State.FAILED
    assert "indisponible" in job.reason


def test_a_job_whose_worker_died_is_not_left_running(ready_case, secretary):
    job = _case_job(ready_case, secretary)
    jobs.start(job.pk)
    job.refresh_from_db()
    assert jobs.expire_if_stale(job).state == ExportJob.State.RUNNING

    _silent_past_the_stale_delay(job)
    job.refresh_from_db()
    job = jobs.expire_if_stale(job)
    assert job.state == ExportJob.State.FAILED
    assert "interrompu" in job.reason


def test_missing_job_is_a_no_op():
    assert render_export.apply(args=[987654]).get() == "missing"


def test_session_export_progress_and_merge(
    board_session, make_ready_case, secretary, django_capture_on_commit_callbacks, monkeypatch
):
    cases = []
    for n in range(3):
        case = make_ready_case(build=cpc_case, documents=False, question=f"Question numéro {n} ?")
        register_case(session=board_session, case=case, by=secretary)
        cases.append(case)
    seen = []
    real_part_done = jobs.part_done

    def spy(job_id):
        real_part_done(job_id)
        seen.append(ExportJob.objects.values_list("progress_done", "progress_total").get(pk=job_id))

    monkeypatch.setattr(jobs, "part_done", spy)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_session_export(session=board_session, by=secretary)
    job.refresh_from_db()

    assert job.state == ExportJob.State.DONE
    assert seen == [(1, 3), (2, 3), (3, 3)]
    pages = page_texts(job.path.read_bytes())
    assert "Ordre du jour de la séance" in pages[0]
    starts = [i for i, page in enumerate(pages) if "page 1 /" in page]
    assert len(starts) == 4  # the cover, then each of the 3 dossiers
    for n, start in enumerate(starts[1:]):
        assert f"Question numéro {n} ?" in pages[start]
    assert job.download_name == f"seance-rcp-{board_session.pk}.pdf"


def test_deleting_a_job_removes_its_pdf(ready_case, secretary, django_capture_on_commit_callbacks):
    job = _export(ready_case, secretary, django_capture_on_commit_callbacks)
    folder = job.path.parent
    assert folder.is_dir()
    job.delete()
    assert not folder.exists()


def test_the_sweep_ends_only_jobs_silent_past_the_stale_delay(ready_case, secretary):
    from dossiers.tasks import sweep_stale_jobs

    def running() -> ExportJob:
        return _case_job(ready_case, secretary, state=ExportJob.State.RUNNING, attempts=1)

    lost, alive = running(), running()
    queued = _case_job(ready_case, secretary)
    _silent_past_the_stale_delay(lost, queued)

    assert sweep_stale_jobs.apply().get() == 1

    states = dict(ExportJob.objects.values_list("pk", "state"))
    assert states == {
        lost.pk: ExportJob.State.FAILED,
        alive.pk: ExportJob.State.RUNNING,
        queued.pk: ExportJob.State.QUEUED,
    }
    lost.refresh_from_db()
    assert "interrompu" in lost.reason and lost.finished_at is not None


def test_a_starting_worker_sweeps_the_jobs_its_predecessor_left(ready_case, secretary):
    from celery.signals import worker_ready

    job = _case_job(ready_case, secretary, state=ExportJob.State.RUNNING)
    _silent_past_the_stale_delay(job)
    worker_ready.send(sender=None)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED


def test_the_session_page_shows_a_dead_job_as_failed(
    board_session, ready_case, secretary, secretary_client
):
    job = ExportJob.objects.create(
        kind="session",
        session=board_session,
        centre=secretary.centre,
        requested_by=secretary,
        state=ExportJob.State.RUNNING,
    )
    _silent_past_the_stale_delay(job)
    page = secretary_client.get(f"/seances/{board_session.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert "Échec" in page and "En cours" not in page


def test_a_lost_message_comes_back_soon_after_the_render_limit_not_after_an_hour():
    from renaten.celery import app

    options = app.conf.broker_transport_options
    longest_hold = settings.DOSSIER_RENDER_TIME_LIMIT + settings.DOSSIER_RENDER_RETRY_BACKOFF_MAX
    assert longest_hold < options["visibility_timeout"] < 3600
    assert options["unacked_restore_interval"] <= 10
    # A job is swept only after its lost message had every chance to come back.
    assert options["visibility_timeout"] < settings.DOSSIER_JOB_STALE_AFTER


def test_every_periodic_task_exists():
    from renaten.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"dossiers.sweep_stale_jobs", "dossiers.purge_parts"} <= scheduled
    assert scheduled <= set(app.tasks)
