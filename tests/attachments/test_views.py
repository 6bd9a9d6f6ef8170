"""Uploading, listing, downloading and removing attachments through the pages."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.models import Attachment
from audit.models import AccessLog
from tests.attachments import corpus
from tests.attachments.factories import attach, blank_pdf, png_bytes

pytestmark = pytest.mark.django_db


def _post(client, case, data: bytes, name: str, content_type="application/pdf", **fields):
    payload = {
        "kind": fields.get("kind", "pathology_report"),
        "document_date": fields.get("document_date", "2025-06-01"),
        "title": fields.get("title", "Compte rendu fictif"),
        "file": SimpleUploadedFile(name, data, content_type=content_type),
    }
    return client.post(reverse("attachments:upload", args=[case.pk]), payload)


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_clinician_attaches_a_pdf_stored_privately_under_the_centre(clinician_client, case):
    response = _post(clinician_client, case, blank_pdf(2), "../../CR anapath.pdf")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.case == case
    assert attachment.original_name == "CR anapath.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.pages == 2
    assert attachment.file.startswith(f"attachments/{case.centre_id}/{case.pk}/")
    assert ".." not in attachment.file and "anapath" not in attachment.file
    assert stat.S_IMODE(attachment.path.stat().st_mode) == 0o600
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Compte rendu fictif" in page
    assert attachment.added_by.last_name in page


def test_an_image_is_accepted_by_its_content_whatever_its_name(clinician_client, case):
    response = _post(
        clinician_client, case, png_bytes(), "tep.pdf", "application/pdf", kind="sstr_pet_report"
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "tep.png"


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("rapport.pdf", corpus.HTML_AS_PDF, "application/pdf"),
        ("image.svg", corpus.SVG, "image/svg+xml"),
        ("rapport.pdf", corpus.pdf_with_javascript(), "application/pdf"),
        ("rapport.pdf", corpus.pdf_with_open_action("/Launch", F="cmd.exe"), "application/pdf"),
        ("polyglotte.pdf", corpus.html_then_pdf_polyglot(), "application/pdf"),
        ("bombe.png", corpus.png_bomb(), "image/png"),
        ("../../../../etc/cron.d/x.pdf", corpus.HTML_AS_PDF, "application/pdf"),
    ],
)
def test_hostile_uploads_are_refused_next_to_the_field_and_leave_nothing(
    clinician_client, case, name, data, content_type
):
    response = _post(clinician_client, case, data, name, content_type)
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Attachment.objects.exists()
    assert not _files()


def test_oversize_uploads_are_refused(clinician_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    response = _post(clinician_client, case, blank_pdf() + b"%" * 4096, "gros.pdf")
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    assert not Attachment.objects.exists() and not _files()


def test_a_body_far_over_the_cap_is_refused_before_it_is_parsed(clinician_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = _post(clinician_client, case, b"%PDF-" + b"0" * 200_000, "enorme.pdf")
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    assert not _files()


def test_a_bad_date_or_missing_title_is_shown_next_to_the_field(clinician_client, case):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = _post(clinician_client, case, blank_pdf(), "cr.pdf", document_date=future, title="")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "document_date" in errors and "title" in errors
    assert not Attachment.objects.exists() and not _files()


def test_download_is_an_attachment_never_sniffed_never_cached_and_logged(
    secretary_client, case, clinician
):
    attachment = attach(case, by=clinician, data=corpus.png_with_html_tail(), name="x.html")
    response = secretary_client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="x.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == attachment.path.read_bytes()
    log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD_ATTACHMENT)
    assert log.case_id == case.pk and log.username == "secr"


def test_another_centre_gets_404_and_a_secretary_cannot_upload(
    client, case, clinician, other_clinician, other_secretary, secretary
):
    attachment = attach(case, by=clinician)
    for user in (other_clinician, other_secretary):
        client.force_login(user)
        assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
        assert client.post(reverse("attachments:remove", args=[attachment.pk])).status_code == 404
        assert _post(client, case, blank_pdf(), "cr.pdf").status_code == 404
    client.force_login(secretary)
    assert _post(client, case, blank_pdf(), "cr.pdf").status_code == 403
    assert client.post(reverse("attachments:remove", args=[attachment.pk])).status_code == 403
    assert Attachment.objects.count() == 1


def test_removing_keeps_a_tombstone_and_removes_the_file(
    clinician_client, case, clinician, django_capture_on_commit_callbacks
):
    attachment = attach(case, by=clinician, title="CR à retirer")
    path = attachment.path
    with django_capture_on_commit_callbacks(execute=True):
        response = clinician_client.post(reverse("attachments:remove", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not path.exists()
    tombstone = Attachment.history.get(history_type="-")
    assert tombstone.title == "CR à retirer" and tombstone.history_user == clinician
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Documents supprimés" in page and "CR à retirer" in page


def test_a_discussed_case_keeps_its_documents(clinician_client, case, clinician):
    # Documents may still be added after the meeting (test_after_discussion.py); those the
    # board may have read are never deleted.
    attachment = attach(case, by=clinician)
    type(case).objects.filter(pk=case.pk).update(status="discussed")
    response = clinician_client.post(reverse("attachments:remove", args=[attachment.pk]))
    assert response.status_code == 302
    assert _post(clinician_client, case, blank_pdf(), "cr.pdf").status_code == 302
    assert Attachment.objects.count() == 2
    assert Attachment.objects.filter(pk=attachment.pk).exists()
