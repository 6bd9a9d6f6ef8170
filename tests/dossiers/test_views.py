"""Export pages: who may export, poll and download, and nothing served publicly."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve, reverse

from audit.models import AccessLog
from cases.models import Case
from dossiers.models import ExportJob
from tests.cases.factories import CaseFactory
from tests.dossiers.helpers import register_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _export_case(client, case, capture):
    with capture(execute=True):
        return client.post(reverse("dossiers:export_case", args=[case.pk]))


def test_export_case_then_status_then_download(
    secretary_client, secretary, ready_case, django_capture_on_commit_callbacks
):
    response = _export_case(secretary_client, ready_case, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:job", args=[job.pk])

    page = secretary_client.get(response["Location"])
    assert page.status_code == 200
    assert "Télécharger le PDF" in page.content.decode()

    download = secretary_client.get(reverse("dossiers:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert f"dossier-rcp-{ready_case.pk}.pdf" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    actions = list(AccessLog.objects.order_by("pk").values_list("action", "case_id", "job_id"))
    assert actions == [
        (AccessLog.Action.EXPORT_CASE, ready_case.pk, job.pk),
        (AccessLog.Action.DOWNLOAD, ready_case.pk, job.pk),
    ]


def test_htmx_polls_while_queued_and_stops_when_done(secretary_client, secretary, ready_case):
    job = ExportJob.objects.create(
        kind="case", case=ready_case, centre=secretary.centre, requested_by=secretary
    )
    url = reverse("dossiers:job", args=[job.pk])

    queued = secretary_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in queued
    assert "<html" not in queued
    assert "En attente" in queued

    ExportJob.objects.filter(pk=job.pk).update(state="running", progress_done=0)
    assert (
        'hx-trigger="every 1s"'
        in secretary_client.get(url, headers={"HX-Request": "true"}).content.decode()
    )

    ExportJob.objects.filter(pk=job.pk).update(state="failed", reason="Motif de l'échec fictif")
    failed = secretary_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in failed
    assert "Motif de l&#x27;échec fictif" in failed

    full = secretary_client.get(url).content.decode()
    assert "<html" in full
    assert 'http-equiv="refresh"' not in full  # finished: the no-JS refresh stops too


def test_job_pages_link_back_to_their_case_or_session(
    secretary_client, secretary, ready_case, board_session
):
    case_job = ExportJob.objects.create(
        kind="case", case=ready_case, centre=secretary.centre, requested_by=secretary
    )
    session_job = ExportJob.objects.create(
        kind="session", session=board_session, centre=secretary.centre, requested_by=secretary
    )
    page = secretary_client.get(reverse("dossiers:job", args=[case_job.pk])).content.decode()
    assert f'href="{reverse("cases:detail", args=[ready_case.pk])}">← Retour au dossier' in page
    page = secretary_client.get(reverse("dossiers:job", args=[session_job.pk])).content.decode()
    assert (
        f'href="{reverse("board_sessions:detail", args=[board_session.pk])}">← Retour à la séance'
        in page
    )


def test_session_progress_is_shown_as_k_of_n(secretary_client, secretary, board_session):
    job = ExportJob.objects.create(
        kind="session",
        session=board_session,
        centre=secretary.centre,
        requested_by=secretary,
        state="running",
        progress_done=2,
        progress_total=5,
    )
    html = secretary_client.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    assert "2 / 5 dossiers rendus" in html
    assert 'value="40"' in html
    assert 'http-equiv="refresh"' in html  # without JavaScript the page refreshes itself


def test_unfinished_job_has_nothing_to_download(secretary_client, secretary, ready_case):
    job = ExportJob.objects.create(
        kind="case", case=ready_case, centre=secretary.centre, requested_by=secretary
    )
    assert secretary_client.get(reverse("dossiers:download", args=[job.pk])).status_code == 404


def test_another_centre_gets_404_for_jobs_downloads_and_cases(
    client, secretary_client, other_secretary, ready_case, django_capture_on_commit_callbacks
):
    _export_case(secretary_client, ready_case, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    client.force_login(other_secretary)
    assert client.get(reverse("dossiers:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("dossiers:download", args=[job.pk])).status_code == 404
    assert client.post(reverse("dossiers:export_case", args=[ready_case.pk])).status_code == 404
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize("role", ["clinician", "administrator"])
def test_other_roles_cannot_export_or_download(
    client, centre, role, secretary, ready_case, django_capture_on_commit_callbacks
):
    job = ExportJob.objects.create(
        kind="case", case=ready_case, centre=centre, requested_by=secretary, state="done"
    )
    client.force_login(UserFactory(centre=centre, role=role))
    assert client.post(reverse("dossiers:export_case", args=[ready_case.pk])).status_code == 403
    assert client.get(reverse("dossiers:job", args=[job.pk])).status_code == 403
    assert client.get(reverse("dossiers:download", args=[job.pk])).status_code == 403


def test_export_is_post_only(secretary_client, ready_case):
    assert (
        secretary_client.get(reverse("dossiers:export_case", args=[ready_case.pk])).status_code
        == 405
    )


def test_session_export_from_the_page(
    secretary_client, secretary, board_session, ready_case, django_capture_on_commit_callbacks
):
    register_case(session=board_session, case=ready_case, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(
            reverse("dossiers:export_session", args=[board_session.pk])
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("dossiers:job", args=[job.pk])
    assert job.state == "done"
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT_SESSION, session_id=board_session.pk
    ).exists()


def test_session_export_without_own_cases_is_refused_clearly(
    secretary_client, board_session, other_centre
):
    foreign = CaseFactory(centre=other_centre, status=Case.Status.READY)
    register_case(
        session=board_session,
        case=foreign,
        by=UserFactory(centre=other_centre, role="secretary"),
    )
    response = secretary_client.post(
        reverse("dossiers:export_session", args=[board_session.pk]), follow=True
    )
    assert "Aucun dossier de votre centre" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_generated_files_have_no_public_url(settings):
    assert not getattr(settings, "MEDIA_URL", "").strip("/")
    for path in ("/media/dossiers/1/1/dossier-rcp-1.pdf", "/dossiers/1/1/dossier-rcp-1.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)


def test_secretary_exports_a_dossier_from_the_case_page(secretary_client, secretary):
    case = CaseFactory(centre=secretary.centre)
    page = secretary_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("dossiers:export_case", args=[case.pk]) in page


def test_clinician_sees_no_export_button(clinician_client, clinician):
    case = CaseFactory(centre=clinician.centre)
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("dossiers:export_case", args=[case.pk]) not in page


def test_an_export_older_than_the_case_says_so(
    secretary_client, ready_case, django_capture_on_commit_callbacks
):
    response = _export_case(secretary_client, ready_case, django_capture_on_commit_callbacks)
    assert (
        "modifié depuis cet export"
        not in secretary_client.get(response["Location"]).content.decode()
    )
    ready_case.comorbidities = "Modifié après l'export (fictif)"
    ready_case.save()
    page = secretary_client.get(response["Location"]).content.decode()
    assert "Dossier modifié depuis cet export" in page
    assert "Télécharger le PDF" in page  # still offered, with the hint


def test_session_page_marks_exports_older_than_its_cases(
    secretary_client, secretary, board_session, ready_case, django_capture_on_commit_callbacks
):
    register_case(session=board_session, case=ready_case, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(reverse("dossiers:export_session", args=[board_session.pk]))
    url = reverse("board_sessions:detail", args=[board_session.pk])
    assert "modifié depuis cet export" not in secretary_client.get(url).content.decode()
    Case.objects.filter(pk=ready_case.pk).update(comorbidities="Changé (fictif)")
    ready_case.refresh_from_db()
    ready_case.save()  # bumps updated_at
    assert "dossier modifié depuis cet export" in secretary_client.get(url).content.decode()


def test_the_session_page_lists_the_centres_exports_through_its_hook(
    client, secretary_client, secretary, other_secretary, board_session
):
    from board_sessions.extensions import page_sections
    from dossiers.hooks import session_exports_section

    assert session_exports_section in page_sections()  # registered by dossiers' AppConfig
    ExportJob.objects.create(
        kind="session", session=board_session, centre=secretary.centre, requested_by=secretary
    )
    url = reverse("board_sessions:detail", args=[board_session.pk])
    html = secretary_client.get(url).content.decode()
    assert 'id="exports"' in html and "Exports récents" in html
    assert 'hx-swap-oob="true"' not in html  # the full page carries it in place
    # Another centre's secretary sees the session (shared by the network), not its exports.
    client.force_login(other_secretary)
    html = client.get(url).content.decode()
    assert 'id="exports"' in html and "Exports récents" not in html
