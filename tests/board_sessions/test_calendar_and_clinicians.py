"""The clinician's view of sessions and the .ics invitation (no patient data in it)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from board_sessions import actions

pytestmark = pytest.mark.django_db


def test_the_invitation_has_date_place_and_link_and_no_patient(
    secretary_client, session, make_ready_case, secretary
):
    case = make_ready_case()
    case.patient.family_name = "PATIENT-SECRET-ICS"
    case.patient.save()
    actions.register_case(session=session, case=case, by=secretary)
    session.video_link = "https://visio.exemple.fr/rcp-fictive"
    session.save()
    response = secretary_client.get(reverse("board_sessions:ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "PATIENT-SECRET-ICS" not in body and case.patient.ipp not in body
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert str(event["location"]) == session.place
    assert str(event["url"]) == "https://visio.exemple.fr/rcp-fictive"
    assert str(event["uid"]).startswith(f"seance-rcp-{session.pk}@")


def test_a_clinician_sees_the_sessions_of_their_boards_and_their_centres_cases(
    client, session, make_ready_case, clinician, secretary
):
    case = make_ready_case(board=session.board)
    actions.register_case(session=session, case=case, by=secretary)
    client.force_login(clinician)
    response = client.get(reverse("board_sessions:clinician_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(session.board) in page
    assert f"dossier n° {case.pk}" in page
    assert reverse("board_sessions:ics", args=[session.pk]) in page
    assert client.get(reverse("board_sessions:ics", args=[session.pk])).status_code == 200


def test_a_clinician_of_an_unrelated_centre_does_not_see_the_session(
    client, session, other_clinician
):
    client.force_login(other_clinician)
    page = client.get(reverse("board_sessions:clinician_list")).content.decode()
    assert str(session.board) not in page
    assert client.get(reverse("board_sessions:ics", args=[session.pk])).status_code == 404
