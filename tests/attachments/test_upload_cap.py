"""How much of a too-large upload is read (attachments/uploads.py), through the whole middleware
stack with the CSRF check on, as in production (the CSRF middleware parses the body first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.urls import reverse

from attachments.models import Attachment
from attachments.uploads import BODY_MARGIN, DRAIN_ALLOWANCE, proxy_body_limit

pytestmark = pytest.mark.django_db

CAP = 100 * 1024


class CountingPayload(FakePayload):
    """wsgi.input that counts what the application reads of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1, /):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1, /):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


@pytest.fixture
def csrf_client(clinician, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    assert client.get(reverse("attachments:upload", args=[case.pk])).status_code == 200
    return client


def _post(client, case, file_size: int):
    # The fields come first, as the form's template writes them (CSRF token first of all).
    body = encode_multipart(
        BOUNDARY,
        {
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
            "kind": "pathology_report",
            "document_date": "2025-06-01",
            "title": "Compte rendu trop gros (fictif)",
            "file": SimpleUploadedFile(
                "gros.pdf", b"%PDF-1.4\n" + b"0" * file_size, content_type="application/pdf"
            ),
        },
    )
    payload = CountingPayload(body)
    url = reverse("attachments:upload", args=[case.pk])
    response = client.generic(
        "POST", url, body, content_type=MULTIPART_CONTENT, **{"wsgi.input": payload}
    )
    return response, payload, len(body)


def _stored() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _refused(response):
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    assert not Attachment.objects.exists() and not _stored()


def test_a_body_far_over_the_cap_stops_being_read_at_once(csrf_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = CAP
    response, payload, length = _post(csrf_client, case, 5 * 2**20)
    _refused(response)  # the CSRF token before the file was read: the page, not a 403
    assert length > proxy_body_limit()
    # The fields and at most a read chunk or two: nothing like the 5 MiB announced.
    assert payload.bytes_read < 3 * 64 * 1024 < length


def test_a_body_a_little_over_is_read_to_its_end_and_discarded(csrf_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = CAP
    response, payload, length = _post(csrf_client, case, CAP + BODY_MARGIN + 200 * 1024)
    _refused(response)
    assert CAP + BODY_MARGIN < length <= proxy_body_limit()
    assert payload.bytes_read == length  # the connection stays clean for the next request


def test_a_file_over_the_cap_within_the_margin_is_cut_at_the_cap(csrf_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = CAP
    response, payload, length = _post(csrf_client, case, CAP + 1024)
    _refused(response)
    assert length <= CAP + BODY_MARGIN
    assert payload.bytes_read == length


def test_a_file_under_the_cap_is_accepted_with_the_csrf_check_on(csrf_client, case, settings):
    from tests.attachments.factories import blank_pdf

    body = {
        "csrfmiddlewaretoken": csrf_client.cookies[settings.CSRF_COOKIE_NAME].value,
        "kind": "pathology_report",
        "document_date": "2025-06-01",
        "title": "Compte rendu fictif",
        "file": SimpleUploadedFile("cr.pdf", blank_pdf(), content_type="application/pdf"),
    }
    response = csrf_client.post(reverse("attachments:upload", args=[case.pk]), body)
    assert response.status_code == 302
    assert Attachment.objects.count() == 1


def test_the_documented_proxy_limit_lets_through_only_what_is_read_to_its_end():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", readme).group(1))
    assert settings.ATTACHMENT_MAX_BYTES < megabytes * 2**20 <= proxy_body_limit()
    assert proxy_body_limit() == settings.ATTACHMENT_MAX_BYTES + BODY_MARGIN + DRAIN_ALLOWANCE
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text(encoding="utf-8")
    assert f"client_max_body_size {megabytes}m" in compose
