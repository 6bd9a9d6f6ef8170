"""The content-addressed store of rendered dossiers: reuse, re-render, retention, pre-render."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from django.utils import timezone

from cases.actions import add_treatment_line, mark_case_ready
from cases.models import Case
from dossiers import parts as store
from dossiers.actions import request_session_export
from dossiers.models import DossierPart, ExportJob
from dossiers.render import case_queryset, ensure_part, part_html
from dossiers.tasks import prerender_case, purge_parts
from guidelines.engine import ENGINE_VERSION, REFERENTIEL
from tests.dossiers.conftest import cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import page_texts, pdf_text

pytestmark = pytest.mark.django_db


def _ready(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    return case_queryset().get(pk=case.pk)


@pytest.fixture
def layouts(monkeypatch):
    """Count the WeasyPrint layouts (the costly step) while still rendering for real."""
    from dossiers import pdf

    real = pdf.render_document
    calls = []

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_document", counting)
    return calls


def test_same_html_reuses_the_stored_part_without_layout(centre, layouts):
    case = _ready(cpc_case(centre, question="Question stockée ?"))
    first = ensure_part(case)
    assert len(layouts) == 1
    again = ensure_part(case_queryset().get(pk=case.pk))
    assert again.pk == first.pk and len(layouts) == 1  # found by digest: no second layout
    assert first.digest == store.part_digest(part_html(case))
    assert (first.case_version, first.referentiel, first.engine_version) == (
        case.version,
        REFERENTIEL,
        ENGINE_VERSION,
    )
    assert first.template_version == store.template_version()
    assert first.pages == len(page_texts(first.path.read_bytes())) >= 1
    assert first.file == f"dossiers/parts/{first.digest[:2]}/{first.digest}.pdf"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    text = pdf_text(first.path.read_bytes())
    assert "Question stockée ?" in text
    assert "État du dossier au" in text  # dated by the case's state, not the print time


def test_a_changed_case_is_rendered_again(centre, clinician, layouts):
    case = _ready(cpc_case(centre))
    first = ensure_part(case)
    add_treatment_line(
        case=case,
        by=clinician,
        treatment="chemo_temozolomide",
        start_date=dt.date(2025, 7, 1),
    )
    second = ensure_part(case_queryset().get(pk=case.pk))
    assert second.digest != first.digest and len(layouts) == 2
    assert DossierPart.objects.filter(case=case).count() == 2  # the old one waits for retention


def test_a_new_template_or_stylesheet_version_means_a_new_digest(centre, monkeypatch):
    case = _ready(cpc_case(centre))
    html = part_html(case)
    before = store.part_digest(html)
    monkeypatch.setattr(store, "template_version", lambda: "another-layout")
    assert store.part_digest(html) != before


def test_a_part_whose_file_vanished_is_rendered_again(centre, layouts):
    case = _ready(cpc_case(centre))
    part = ensure_part(case)
    part.path.unlink()
    again = ensure_part(case_queryset().get(pk=case.pk))
    assert again.path.is_file() and len(layouts) == 2


def test_retention_purges_unused_parts_and_their_files(centre, settings):
    settings.DOSSIER_PART_RETENTION_DAYS = 30
    old = ensure_part(_ready(cpc_case(centre)))
    recent = ensure_part(_ready(cpc_case(centre)))
    DossierPart.objects.filter(pk=old.pk).update(
        last_used_at=timezone.now() - dt.timedelta(days=31)
    )
    assert purge_parts.apply().get() == 1
    assert not old.path.exists()
    assert list(DossierPart.objects.values_list("pk", flat=True)) == [recent.pk]
    assert recent.path.is_file()


def test_deleting_a_case_deletes_its_parts(centre):
    case = _ready(cpc_case(centre))
    part = ensure_part(case)
    case.delete()
    assert not part.path.exists()


def _session_with(board_session, centre, secretary, n):
    cases = []
    for index in range(n):
        case = _ready(cpc_case(centre, question=f"Question de séance {index} ?"))
        register_case(session=board_session, case=case, by=secretary)
        cases.append(case)
    return cases


def test_a_session_export_renders_only_the_missing_parts(
    board_session, centre, secretary, layouts, django_capture_on_commit_callbacks
):
    cases = _session_with(board_session, centre, secretary, 3)
    ensure_part(case_queryset().get(pk=cases[0].pk), session=board_session)
    ensure_part(case_queryset().get(pk=cases[2].pk), session=board_session)
    layouts.clear()

    with django_capture_on_commit_callbacks(execute=True):
        job = request_session_export(session=board_session, by=secretary)
    job.refresh_from_db()

    assert job.state == ExportJob.State.DONE, job.reason
    # The one missing case and the cover: two layouts, not four (the whole document's page
    # numbers are drawn onto the merged pages, not laid out).
    assert len(layouts) == 2
    assert [case_id for case_id, _ in job.parts] == [case.pk for case in cases]
    pages = page_texts(job.path.read_bytes())
    assert "Ordre du jour" in pages[0]
    for index in range(3):
        assert any(f"Question de séance {index} ?" in page for page in pages)

    # Everything stored now: a second export lays out the cover only.
    layouts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = request_session_export(session=board_session, by=secretary)
    second.refresh_from_db()
    assert second.state == ExportJob.State.DONE and len(layouts) == 1


def test_a_failed_part_fails_the_job_with_its_reason(
    board_session, centre, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    cases = _session_with(board_session, centre, secretary, 2)
    from dossiers import render

    real = render.render_job_part

    def second_breaks(job, case_id):
        if case_id == cases[1].pk:
            raise RuntimeError("layout exploded")
        return real(job, case_id)

    monkeypatch.setattr(render, "render_job_part", second_breaks)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_session_export(session=board_session, by=secretary)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert job.reason == (
        f"Le rendu du dossier n° {cases[1].pk} a échoué (RuntimeError) à la tentative 1."
    )
    assert job.file == ""


def test_marking_a_case_ready_schedules_its_render_ahead_on_commit(
    centre, clinician, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from renaten.celery import app

    settings.DOSSIER_PRERENDER = True
    settings.DOSSIER_PRERENDER_DELAY = 20
    app.conf.task_always_eager = False  # as with a broker (the conftest fixture restores it)
    sent = []
    monkeypatch.setattr(
        prerender_case, "apply_async", lambda args, **kwargs: sent.append((args, kwargs))
    )
    case = cpc_case(centre, fdg_pet_date=dt.date(2025, 1, 5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mark_case_ready(case=case, by=clinician)
    assert sent == []  # nothing before commit
    for callback in callbacks:
        callback()
    case.refresh_from_db()
    assert sent == [((case.pk, case.updated_at.timestamp()), {"countdown": 20})]


def test_a_draft_case_is_not_rendered_ahead(
    centre, clinician, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from renaten.celery import app

    settings.DOSSIER_PRERENDER = True
    app.conf.task_always_eager = False
    sent = []
    monkeypatch.setattr(prerender_case, "apply_async", lambda *a, **k: sent.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        cpc_case(centre)
    assert sent == []


def test_prerender_renders_the_latest_state_only(centre, layouts):
    case = _ready(cpc_case(centre))
    stale_stamp = case.updated_at.timestamp() - 5
    assert prerender_case.apply(args=[case.pk, stale_stamp]).get() == "superseded"
    assert layouts == []
    assert prerender_case.apply(args=[case.pk, case.updated_at.timestamp()]).get() == "rendered"
    assert DossierPart.objects.filter(case=case).count() == 1
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DRAFT)
    assert prerender_case.apply(args=[case.pk, case.updated_at.timestamp()]).get() == "skipped"
