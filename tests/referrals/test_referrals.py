"""National RCP escalation: a centre's secretariat refers a case with its reason and the
regional opinion; the national board's secretaries see referred cases only, and register
them in a national session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from board_sessions.models import AgendaItem
from boards.models import Board
from cases.models import Case
from referrals import actions
from referrals.models import Referral
from tests.attachments.factories import attach
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.cases.factories import metastatic_case
from tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(db):
    return BoardFactory(name="RCP nationale fictive", level=Board.Level.NATIONAL)


@pytest.fixture
def national_secretary(national):
    centre = CentreFactory(name="Centre national fictif", region="Île-de-France")
    user = UserFactory(username="secr-nat", centre=centre, role="secretary")
    national.secretaries.add(user)
    return user


@pytest.fixture
def national_session(national, national_secretary):
    return BoardSessionFactory(
        board=national,
        organiser_centre=national_secretary.centre,
        starts_at=timezone.now() + dt.timedelta(days=15),
    )


@pytest.fixture
def referred(centre, national, secretary, clinician):
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    attach(case, by=clinician, title="CR anapath fictif")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DISCUSSED)  # the regional board's
    case.refresh_from_db()
    referral = actions.refer_case(
        case=case,
        to_board=national,
        reason="Éligibilité RIV à discuter",
        regional_opinion="Avis régional fictif : RIV à proposer",
        by=secretary,
    )
    return referral


def test_the_seeded_boards_include_the_national_rcp():
    board = Board.objects.get(level=Board.Level.NATIONAL)
    assert board.name == "RCP nationale RENATEN"
    assert board.is_active
    assert board.history.first().history_change_reason.startswith("Référentiel")


def test_a_referral_carries_the_reason_and_the_regional_opinion(referred, secretary):
    assert referred.status == Referral.Status.PENDING
    assert referred.from_board == referred.case.board
    assert referred.history.first().history_user == secretary


def test_only_the_cases_centre_secretariat_refers_and_only_to_a_national_board(
    centre, national, clinician, secretary, other_secretary
):
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    with pytest.raises(PermissionDenied):
        actions.refer_case(
            case=case, to_board=national, reason="x", regional_opinion="y", by=clinician
        )
    with pytest.raises(PermissionDenied):
        actions.refer_case(
            case=case, to_board=national, reason="x", regional_opinion="y", by=other_secretary
        )
    regional = BoardFactory(name="RCP régionale fictive")
    with pytest.raises(ValidationError):
        actions.refer_case(
            case=case, to_board=regional, reason="x", regional_opinion="y", by=secretary
        )
    with pytest.raises(ValidationError) as missing:
        actions.refer_case(
            case=case, to_board=national, reason=" ", regional_opinion="", by=secretary
        )
    assert {"reason", "regional_opinion"} <= set(missing.value.error_dict)
    assert not Referral.objects.exists()


def test_a_case_is_referred_once_while_open(referred, secretary):
    with pytest.raises(ValidationError, match="déjà adressé"):
        actions.refer_case(
            case=referred.case,
            to_board=referred.to_board,
            reason="x",
            regional_opinion="y",
            by=secretary,
        )


def test_the_national_secretary_sees_referred_cases_only(
    client, referred, centre, national_secretary, secretary, national
):
    not_referred = metastatic_case(centre=centre, status=Case.Status.READY)
    other_national = BoardFactory(name="Autre RCP nationale fictive", level="national")
    elsewhere = actions.refer_case(
        case=not_referred,
        to_board=other_national,
        reason="x",
        regional_opinion="y",
        by=secretary,
    )
    client.force_login(national_secretary)
    listing = client.get(reverse("referrals:list")).content.decode()
    assert f"Dossier n° {referred.case_id}" in listing
    assert f"Dossier n° {not_referred.pk}" not in listing
    page = client.get(reverse("referrals:detail", args=[referred.pk]))
    assert page.status_code == 200
    assert "Avis régional fictif : RIV à proposer" in page.content.decode()
    assert referred.case.patient.family_name in page.content.decode()
    # A referral to another national board, the case pages and the centre's download URL: 404.
    assert client.get(reverse("referrals:detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[referred.case_id])).status_code == 404
    document = referred.case.attachments.get()
    assert client.get(reverse("attachments:download", args=[document.pk])).status_code == 404
    # Through the referral, the attachment is served (and logged).
    response = client.get(reverse("referrals:attachment", args=[referred.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    b"".join(response.streaming_content)
    # An attachment of another case cannot be fetched through this referral.
    other_doc = attach(not_referred, by=UserFactory(centre=centre, role="clinician"))
    url = reverse("referrals:attachment", args=[referred.pk, other_doc.pk])
    assert client.get(url).status_code == 404


def test_a_withdrawn_referral_closes_the_case_to_the_national_board(
    client, referred, secretary, national_secretary
):
    actions.withdraw_referral(referral=referred, by=secretary)
    client.force_login(national_secretary)
    assert client.get(reverse("referrals:detail", args=[referred.pk])).status_code == 404


def test_the_national_secretary_registers_the_case_in_a_national_session(
    client, referred, national_secretary, national_session
):
    client.force_login(national_secretary)
    url = reverse("referrals:register", args=[referred.pk])
    # The SSTR PET report the record relies on is missing: the gate applies here too.
    refused = client.post(url, {"session": national_session.pk, "incomplete_reason": ""})
    assert refused.status_code == 400
    assert "Dossier incomplet" in refused.content.decode()
    assert not AgendaItem.objects.exists()
    response = client.post(
        url, {"session": national_session.pk, "incomplete_reason": "TEP envoyée par courrier"}
    )
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.status == Referral.Status.REGISTERED
    assert referred.session == national_session
    item = AgendaItem.objects.get(session=national_session)
    assert item.case == referred.case and item.added_by == national_secretary


def test_registration_refuses_a_regional_session_and_other_secretaries(
    client, referred, national_secretary, secretary, centre
):
    regional_session = BoardSessionFactory(
        board=referred.from_board or BoardFactory(name="RCP fictive B"),
        organiser_centre=centre,
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    client.force_login(national_secretary)
    response = client.post(
        reverse("referrals:register", args=[referred.pk]), {"session": regional_session.pk}
    )
    assert response.status_code == 400
    client.force_login(secretary)
    response = client.post(
        reverse("referrals:register", args=[referred.pk]), {"session": regional_session.pk}
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_the_referral_form_shows_errors_next_to_the_fields(secretary_client, centre, national):
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    url = reverse("referrals:create", args=[case.pk])
    response = secretary_client.post(url, {"to_board": national.pk, "reason": "", "x": "y"})
    assert response.status_code == 400
    assert {"reason", "regional_opinion"} <= set(response.context["form"].errors)
    response = secretary_client.post(
        url,
        {"to_board": national.pk, "reason": "Motif", "regional_opinion": "a" * 5001},
    )
    assert response.status_code == 400
    assert "regional_opinion" in response.context["form"].errors
    assert not Referral.objects.exists()
