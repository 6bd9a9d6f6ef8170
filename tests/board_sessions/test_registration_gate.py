"""A case with missing items is registered only with the secretary's recorded reason; the
clinician's request is accepted (or declined) by the secretariat of the case's centre."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from board_sessions import actions
from board_sessions.models import AgendaItem, RegistrationRequest
from cases.models import Case
from tests.attachments.factories import attach
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def incomplete(centre):
    # Facts complete, no pathology report attached.
    return CaseFactory(centre=centre, resected=True, status=Case.Status.READY)


def test_an_incomplete_case_is_refused_without_a_reason(session, incomplete, secretary):
    with pytest.raises(actions.IncompleteCase) as refused:
        actions.register_case(session=session, case=incomplete, by=secretary)
    assert "Compte rendu anatomopathologique" in refused.value.messages[0]
    assert not AgendaItem.objects.exists()
    incomplete.refresh_from_db()
    assert incomplete.status == Case.Status.READY


def test_with_a_reason_it_is_registered_and_the_reason_and_gaps_recorded(
    session, incomplete, secretary
):
    item = actions.register_case(
        session=session, case=incomplete, by=secretary, incomplete_reason="CR promis pour lundi"
    )
    assert item.incomplete_reason == "CR promis pour lundi"
    assert item.missing_at_registration == ["Compte rendu anatomopathologique"]
    assert item.history.first().history_user == secretary


def test_a_complete_case_records_no_reason(session, make_ready_case, secretary):
    item = actions.register_case(
        session=session, case=make_ready_case(), by=secretary, incomplete_reason="inutile"
    )
    assert item.incomplete_reason == "" and item.missing_at_registration == []


def test_the_page_shows_the_gap_next_to_the_form_and_accepts_a_reason(
    secretary_client, session, incomplete
):
    url = reverse("board_sessions:register_case", args=[session.pk])
    response = secretary_client.post(url, {"case": incomplete.pk})
    assert response.status_code == 200
    assert "Dossier incomplet" in response.content.decode()
    assert not AgendaItem.objects.exists()
    response = secretary_client.post(
        url, {"case": incomplete.pk, "incomplete_reason": "Relecture en cours"}
    )
    assert AgendaItem.objects.get().incomplete_reason == "Relecture en cours"
    page = secretary_client.get(reverse("board_sessions:detail", args=[session.pk]))
    assert "inscrit incomplet" in page.content.decode()


def test_late_registration_is_still_flagged(session, make_ready_case, secretary):
    session.registration_deadline = timezone.now() - dt.timedelta(hours=1)
    session.save()
    item = actions.register_case(session=session, case=make_ready_case(), by=secretary)
    assert item.added_late


def test_request_then_accept(session, make_ready_case, clinician, secretary, client):
    case = make_ready_case()
    client.force_login(clinician)
    response = client.post(
        reverse("board_sessions:request_registration", args=[session.pk]), {"case": case.pk}
    )
    assert response.status_code == 302
    request = RegistrationRequest.objects.get()
    assert request.status == "pending" and request.requested_by == clinician
    # Asking twice is refused clearly.
    again = client.post(
        reverse("board_sessions:request_registration", args=[session.pk]), {"case": case.pk}
    )
    assert again.status_code == 400 and "déjà en attente" in again.content.decode()

    client.force_login(secretary)
    page = client.get(reverse("board_sessions:detail", args=[session.pk])).content.decode()
    assert "Demandes d'inscription des cliniciens" in page
    client.post(reverse("board_sessions:request_accept", args=[session.pk, request.pk]))
    request.refresh_from_db()
    assert request.status == "accepted" and request.decided_by == secretary
    assert AgendaItem.objects.filter(session=session, case=case).exists()
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


def test_decline_needs_a_reason_and_the_clinician_sees_it(
    session, make_ready_case, clinician, secretary
):
    case = make_ready_case()
    request = actions.request_registration(session=session, case=case, by=clinician)
    with pytest.raises(ValidationError):
        actions.decline_request(request=request, by=secretary, reason=" ")
    actions.decline_request(request=request, by=secretary, reason="Séance complète")
    request.refresh_from_db()
    assert request.status == "declined" and request.decline_reason == "Séance complète"


def test_only_a_ready_case_of_ones_centre_can_be_requested(
    session, centre, other_centre, clinician, make_ready_case
):
    with pytest.raises(ValidationError, match="prêt"):
        actions.request_registration(session=session, case=CaseFactory(centre=centre), by=clinician)
    with pytest.raises(ValidationError, match="votre centre"):
        actions.request_registration(
            session=session, case=make_ready_case(centre=other_centre), by=clinician
        )


def test_another_centres_secretary_cannot_answer_a_request(
    client, session, make_ready_case, clinician, other_secretary
):
    request = actions.request_registration(session=session, case=make_ready_case(), by=clinician)
    client.force_login(other_secretary)
    response = client.post(reverse("board_sessions:request_accept", args=[session.pk, request.pk]))
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_an_attached_report_completes_the_case_for_registration(
    session, incomplete, clinician, secretary
):
    attach(incomplete, by=clinician)
    item = actions.register_case(session=session, case=incomplete, by=secretary)
    assert item.incomplete_reason == ""
