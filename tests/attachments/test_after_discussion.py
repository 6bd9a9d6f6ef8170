"""Documents after the meeting: a discussed case still receives documents and TENpath results
from its centre's clinicians; the documents a board discussed the case with are kept, those
added since its latest discussion may be deleted (with their tombstone)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from attachments.access import can_remove, last_discussed_at
from attachments.models import Attachment, PathologyReview
from board_sessions.actions import lock_session, register_case
from cases.models import Case
from tests.attachments.factories import attach, blank_pdf
from tests.board_sessions.factories import BoardSessionFactory

pytestmark = pytest.mark.django_db


def _held_session(centre):
    return BoardSessionFactory(
        organiser_centre=centre, starts_at=timezone.now() - dt.timedelta(hours=2)
    )


@pytest.fixture
def discussed(case, centre, clinician, secretary):
    """The case, with a pathology report, registered and discussed at a locked session."""
    before = attach(case, by=clinician, title="CR anapath vu en RCP")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    session = _held_session(centre)
    register_case(session=session, case=case, by=secretary, incomplete_reason="Fictif")
    session = lock_session(session=session, by=secretary)
    case.refresh_from_db()
    assert case.status == Case.Status.DISCUSSED
    return {"case": case, "before": before, "session": session}


def _upload(client, case, title):
    return client.post(
        reverse("attachments:upload", args=[case.pk]),
        {
            "kind": "pathology_report",
            "document_date": timezone.localdate().isoformat(),
            "title": title,
            "file": _pdf("cr-post-op.pdf"),
        },
    )


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, blank_pdf(), content_type="application/pdf")


def test_a_clinician_adds_a_document_to_a_discussed_case(clinician_client, discussed, clinician):
    case = discussed["case"]
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("attachments:upload", args=[case.pk]) in page
    assert clinician_client.get(reverse("attachments:upload", args=[case.pk])).status_code == 200

    response = _upload(clinician_client, case, "CR anapath opératoire (après la RCP)")
    assert response.status_code == 302
    after = Attachment.objects.get(title="CR anapath opératoire (après la RCP)")
    assert after.case == case and after.added_by == clinician
    assert after.history.get().history_user == clinician
    assert after.added_at > discussed["session"].locked_at
    case.refresh_from_db()
    assert case.status == Case.Status.DISCUSSED


def test_the_documents_the_board_discussed_are_kept_later_ones_may_go(
    clinician_client, discussed, clinician, django_capture_on_commit_callbacks
):
    case, before = discussed["case"], discussed["before"]
    _upload(clinician_client, case, "Mauvais fichier joint après la RCP")
    after = Attachment.objects.get(title="Mauvais fichier joint après la RCP")

    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("attachments:remove", args=[after.pk]) in page
    assert reverse("attachments:remove", args=[before.pk]) not in page

    response = clinician_client.post(reverse("attachments:remove", args=[before.pk]), follow=True)
    assert "faisait partie du dossier discuté en RCP" in response.content.decode()
    assert Attachment.objects.filter(pk=before.pk).exists() and before.path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = clinician_client.post(reverse("attachments:remove", args=[after.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=after.pk).exists() and not after.path.exists()
    tombstone = Attachment.history.get(history_type="-")
    assert tombstone.title == "Mauvais fichier joint après la RCP"
    assert tombstone.history_user == clinician


def test_a_document_added_after_one_discussion_is_kept_after_the_next(
    discussed, clinician, centre, secretary
):
    """E.g. discussed by its regional board, then by the national RCP with a new report."""
    case = discussed["case"]
    between = attach(case, by=clinician, title="TEP de suivi avant la RCP nationale")
    assert can_remove(clinician, between)
    second = _held_session(centre)
    second.agenda_items.create(case=case, position=1, added_by=secretary)
    lock_session(session=second, by=secretary)
    second.refresh_from_db()
    assert last_discussed_at(case) == second.locked_at
    assert not can_remove(clinician, between)


def test_tenpath_review_requested_and_recorded_after_the_meeting(
    clinician_client, discussed, clinician
):
    case = discussed["case"]
    today = timezone.localdate().isoformat()
    response = clinician_client.post(
        reverse("attachments:review_request", args=[case.pk]),
        {"requested_on": today, "reviewer_centre": "TENpath fictif Lyon"},
    )
    assert response.status_code == 302
    review = PathologyReview.objects.get(case=case)
    response = clinician_client.post(
        reverse("attachments:review_result", args=[case.pk, review.pk]),
        {
            "status": "discordant",
            "received_on": today,
            "reviewed_histology": "typical",
            "new_diagnosis": "Carcinoïde typique (relecture fictive tardive).",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.reviewed_histology == "typical" and case.status == Case.Status.DISCUSSED
    assert case.history.first().history_user == clinician
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Relecture TENpath discordante" in page


def test_secretaries_and_other_centres_still_cannot_add(
    client, discussed, secretary, other_clinician
):
    case = discussed["case"]
    client.force_login(secretary)
    assert _upload(client, case, "x").status_code == 403
    client.force_login(other_clinician)
    assert _upload(client, case, "x").status_code == 404
    assert Attachment.objects.count() == 1
