"""TENpath double reading: requested, received, concordant or discordant; a concluded review's
histology is the engine's; a discordant one raises an alert on the case and in the dossier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from attachments import actions
from attachments.models import Attachment, PathologyReview
from cases.evaluation import evaluate_case
from dossiers.context import build_case_dossier
from dossiers.render import case_queryset
from tests.attachments.factories import attach

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _request(case, by):
    return actions.request_review(
        case=case, requested_on=TODAY, reviewer_centre="TENpath fictif Lyon", by=by
    )


def test_a_request_records_what_is_being_double_read(case, clinician):
    review = _request(case, clinician)
    assert review.status == PathologyReview.Status.REQUESTED
    assert review.initial_histology == "atypical"


def test_a_discordant_review_needs_its_new_diagnosis_and_histology(case, clinician):
    review = _request(case, clinician)
    with pytest.raises(ValidationError) as refused:
        actions.record_review_result(
            review=review, status="discordant", received_on=TODAY, by=clinician
        )
    assert {"reviewed_histology", "new_diagnosis"} <= set(refused.value.error_dict)
    case.refresh_from_db()
    assert case.reviewed_histology == ""


def test_the_engine_reads_the_reviewed_histology_once_concluded(case, clinician):
    assert evaluate_case(case).facts["histology"] == "atypical"
    review = _request(case, clinician)
    report = attach(case, by=clinician, kind=Attachment.Kind.TENPATH_REPORT)
    actions.record_review_result(
        review=review,
        status="discordant",
        received_on=TODAY,
        reviewed_histology="typical",
        new_diagnosis="Carcinoïde typique (relecture fictive : 1 mitose / 2 mm², pas de nécrose).",
        report=report,
        by=clinician,
    )
    case.refresh_from_db()
    assert case.histology == "atypical"  # the centre's reading stays
    assert case.reviewed_histology == "typical"
    assert evaluate_case(case).facts["histology"] == "typical"
    record = case.history.first()
    assert record.history_user == clinician and record.reviewed_histology == "typical"


def test_a_discordant_review_alerts_on_the_case_page_and_in_the_dossier(
    clinician_client, case, clinician
):
    review = _request(case, clinician)
    actions.record_review_result(
        review=review,
        status="discordant",
        received_on=TODAY,
        reviewed_histology="typical",
        new_diagnosis="Nouveau diagnostic fictif",
        by=clinician,
    )
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="tenpath-alert"' in page and "Nouveau diagnostic fictif" in page
    dossier = build_case_dossier(case_queryset().get(pk=case.pk), generated_at=timezone.now())
    assert len(dossier.pathology_alerts) == 1
    assert "discordante" in dossier.pathology_alerts[0]
    assert "Nouveau diagnostic fictif" in dossier.pathology_alerts[0]


def test_a_concordant_review_raises_no_alert(clinician_client, case, clinician):
    review = _request(case, clinician)
    actions.record_review_result(
        review=review,
        status="concordant",
        received_on=TODAY,
        reviewed_histology="atypical",
        by=clinician,
    )
    page = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "tenpath-alert" not in page and "Concordante" in page


def test_the_pages_request_and_record_a_review(clinician_client, case):
    response = clinician_client.post(
        reverse("attachments:review_request", args=[case.pk]),
        {"requested_on": TODAY.isoformat(), "reviewer_centre": "TENpath fictif"},
    )
    assert response.status_code == 302
    review = PathologyReview.objects.get()
    url = reverse("attachments:review_result", args=[case.pk, review.pk])
    bad = clinician_client.post(url, {"status": "discordant", "received_on": TODAY.isoformat()})
    assert bad.status_code == 400
    assert "new_diagnosis" in bad.context["form"].errors
    ok = clinician_client.post(
        url,
        {
            "status": "discordant",
            "received_on": TODAY.isoformat(),
            "reviewed_histology": "typical",
            "new_diagnosis": "Diagnostic fictif",
        },
    )
    assert ok.status_code == 302
    review.refresh_from_db()
    assert review.status == "discordant"


def test_another_centres_review_is_404(client, case, clinician, other_clinician):
    review = _request(case, clinician)
    client.force_login(other_clinician)
    url = reverse("attachments:review_result", args=[case.pk, review.pk])
    assert client.get(url).status_code == 404
