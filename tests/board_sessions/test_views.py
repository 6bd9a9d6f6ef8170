import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board_sessions.actions import register_case
from board_sessions.models import AgendaItem, BoardSession, Participant
from cases.models import Case, Patient
from tests.board_sessions.factories import BoardSessionFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_list_splits_upcoming_and_past(secretary_client, board, centre):
    BoardSessionFactory(board=board, organiser_centre=centre, place="Salle à venir")
    BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=timezone.now() - dt.timedelta(days=30),
        place="Salle passée",
    )
    html = secretary_client.get(reverse("board_sessions:list")).content.decode()
    upcoming, past = html.split("Séances passées")
    assert "Salle à venir" in upcoming
    assert "Salle passée" in past


def test_create_session_through_the_form(secretary_client, secretary, board):
    starts = timezone.localtime() + dt.timedelta(days=7)
    response = secretary_client.post(
        reverse("board_sessions:create"),
        {
            "board": board.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Salle de staff fictive",
            "video_link": "",
            "registration_deadline": "",
            "notes": "",
        },
    )
    session = BoardSession.objects.get()
    assert response["Location"] == reverse("board_sessions:detail", args=[session.pk])
    assert session.organiser_centre == secretary.centre
    assert session.created_by == secretary


def test_edit_a_session_made_outside_the_app(secretary_client, board, centre):
    # Imported or benchmark sessions have no creator; editing them must still work.
    session = BoardSessionFactory(board=board, organiser_centre=centre, created_by=None)
    starts = timezone.localtime() + dt.timedelta(days=9)
    response = secretary_client.post(
        reverse("board_sessions:edit", args=[session.pk]),
        {
            "board": board.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Salle renommée",
            "video_link": "",
            "registration_deadline": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Salle renommée"


def test_create_session_shows_french_errors_and_saves_nothing(secretary_client, board):
    response = secretary_client.post(
        reverse("board_sessions:create"),
        {"board": board.pk, "starts_at": "pas une date", "place": "", "video_link": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une date et une heure valides." in html
    assert not BoardSession.objects.exists()

    starts = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = secretary_client.post(
        reverse("board_sessions:create"),
        {"board": board.pk, "starts_at": starts, "place": "", "video_link": ""},
    )
    assert "Indiquez un lieu ou un lien de visioconférence." in response.content.decode()
    assert not BoardSession.objects.exists()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    starts_at=st.text(max_size=30),
    video_link=st.text(max_size=60),
    place=st.text(max_size=250),
)
def test_bad_session_input_never_crashes_nor_half_saves(
    secretary_client, board, starts_at, video_link, place
):
    response = secretary_client.post(
        reverse("board_sessions:create"),
        {"board": board.pk, "starts_at": starts_at, "place": place, "video_link": video_link},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not BoardSession.objects.exists()
    BoardSession.objects.all().delete()


def test_detail_shows_quorum_agenda_and_hides_other_centres_identities(
    secretary_client, secretary, session, centre, other_centre, other_secretary, make_ready_case
):
    own = make_ready_case()
    Patient.objects.filter(pk=own.patient_id).update(family_name="PROPRE-FICTIF")
    foreign = make_ready_case(centre=other_centre)
    Patient.objects.filter(pk=foreign.patient_id).update(family_name="AUTRE-FICTIF")
    register_case(session=session, case=own, by=secretary)
    register_case(session=session, case=foreign, by=other_secretary)
    ParticipantFactory(session=session, specialty="pulmonology")

    html = secretary_client.get(
        reverse("board_sessions:detail", args=[session.pk])
    ).content.decode()
    assert "PROPRE-FICTIF" in html
    assert "AUTRE-FICTIF" not in html
    assert f"Dossier n° {foreign.pk} — Hôpital fictif d&#x27;ailleurs" in html
    assert "Quorum non atteint" in html
    assert "Chirurgie thoracique, Anatomopathologie" in html
    assert reverse("dossiers:export_session", args=[session.pk]) in html
    assert reverse("dossiers:export_case", args=[own.pk]) in html
    assert reverse("dossiers:export_case", args=[foreign.pk]) not in html


def test_register_case_full_page_post(secretary_client, session, ready_cases):
    response = secretary_client.post(
        reverse("board_sessions:register_case", args=[session.pk]), {"case": ready_cases[0].pk}
    )
    assert response["Location"] == reverse("board_sessions:detail", args=[session.pk])
    ready_cases[0].refresh_from_db()
    assert ready_cases[0].status == Case.Status.REGISTERED


def test_register_case_htmx_returns_the_agenda_and_the_exports_card(
    secretary_client, session, ready_cases
):
    response = secretary_client.post(
        reverse("board_sessions:register_case", args=[session.pk]),
        {"case": ready_cases[1].pk},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="agenda"')
    assert 'id="exports"' in html and 'hx-swap-oob="true"' in html
    assert ready_cases[1].question not in html  # the agenda shows identity, not the question
    assert str(ready_cases[1].patient) in html


def test_register_refuses_other_centres_and_non_ready_cases(
    secretary_client, session, centre, other_centre, make_ready_case
):
    draft = Case.objects.create(
        centre=centre,
        patient=make_ready_case().patient,
        reason="other",
        status="draft",
        referring_physician="Dr Fictif",
    )
    foreign = make_ready_case(centre=other_centre)
    for case in (draft, foreign):
        response = secretary_client.post(
            reverse("board_sessions:register_case", args=[session.pk]),
            {"case": case.pk},
            headers=HTMX,
        )
        assert "Ce dossier ne peut pas être inscrit." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_reorder_without_js_and_with_htmx(secretary_client, secretary, session, ready_cases):
    items = [register_case(session=session, case=c, by=secretary) for c in ready_cases]
    url = reverse("board_sessions:reorder", args=[session.pk])

    response = secretary_client.post(url, {"item": items[2].pk, "direction": "up"})
    assert response.status_code == 302
    response = secretary_client.post(url, {"item": items[2].pk, "direction": "up"}, headers=HTMX)
    assert response.status_code == 200
    order = list(session.agenda_items.order_by("position").values_list("pk", flat=True))
    assert order == [items[2].pk, items[0].pk, items[1].pk]

    bad = secretary_client.post(url, {"item": items[0].pk, "direction": "left"}, headers=HTMX)
    assert "Déplacement invalide." in bad.content.decode()


def test_unregister_own_case(secretary_client, secretary, session, ready_cases):
    item = register_case(session=session, case=ready_cases[0], by=secretary)
    url = reverse("board_sessions:unregister_case", args=[session.pk, item.pk])
    assert secretary_client.post(url).status_code == 302
    assert not AgendaItem.objects.exists()


def test_unregister_another_centres_case_is_404(
    secretary_client, session, other_centre, other_secretary, make_ready_case
):
    item = register_case(
        session=session, case=make_ready_case(centre=other_centre), by=other_secretary
    )
    url = reverse("board_sessions:unregister_case", args=[session.pk, item.pk])
    assert secretary_client.post(url).status_code == 404
    assert AgendaItem.objects.count() == 1


def test_participants_htmx(secretary_client, session):
    url = reverse("board_sessions:participant_add", args=[session.pk])
    for name, specialty in (
        ("Dr Un-Fictif", "pulmonology"),
        ("Dr Deux-Fictif", "thoracic_surgery"),
        ("Dr Trois-Fictif", "pathology"),
    ):
        response = secretary_client.post(
            url, {"name": name, "specialty": specialty, "is_physician": "on"}, headers=HTMX
        )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="participants"')
    assert "Quorum atteint" in html

    response = secretary_client.post(url, {"name": "", "specialty": "astrology"}, headers=HTMX)
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Participant.objects.count() == 3

    participant = Participant.objects.get(name="Dr Trois-Fictif")
    remove = reverse("board_sessions:participant_remove", args=[session.pk, participant.pk])
    html = secretary_client.post(remove, headers=HTMX).content.decode()
    assert "Quorum non atteint" in html


def test_only_the_organising_centre_manages_the_session(client, session, other_secretary):
    client.force_login(other_secretary)
    assert client.get(reverse("board_sessions:detail", args=[session.pk])).status_code == 200
    for name, kwargs in (
        ("edit", {}),
        ("reorder", {}),
        ("participant_add", {}),
        ("lock", {}),
    ):
        url = reverse(f"board_sessions:{name}", args=[session.pk])
        assert client.post(url, kwargs).status_code == 403


@pytest.mark.parametrize("role", ["clinician", "administrator"])
def test_sessions_are_for_secretaries(client, centre, session, role):
    from tests.factories import UserFactory

    client.force_login(UserFactory(centre=centre, role=role))
    assert client.get(reverse("board_sessions:list")).status_code == 403
    assert client.get(reverse("board_sessions:detail", args=[session.pk])).status_code == 403


def test_unknown_session_is_404(secretary_client):
    assert secretary_client.get(reverse("board_sessions:detail", args=[999999])).status_code == 404


def test_lock_view(secretary_client, secretary, board, centre, make_ready_case):
    session = BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    case = make_ready_case()
    register_case(session=session, case=case, by=secretary)
    response = secretary_client.post(reverse("board_sessions:lock", args=[session.pk]), follow=True)
    html = response.content.decode()
    assert "Séance verrouillée" in html
    assert reverse("board_sessions:reorder", args=[session.pk]) not in html
    case.refresh_from_db()
    assert case.status == Case.Status.DISCUSSED
    edit = secretary_client.get(reverse("board_sessions:edit", args=[session.pk]), follow=True)
    assert "plus aucune modification possible" in edit.content.decode()


def test_pages_carry_no_inline_script_or_style(secretary_client, secretary, session, ready_cases):
    register_case(session=session, case=ready_cases[0], by=secretary)
    html = secretary_client.get(
        reverse("board_sessions:detail", args=[session.pk])
    ).content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "hx-on" not in html
