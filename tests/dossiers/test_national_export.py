"""The national board's secretary exports a national session: the cases referred to her board,
as the referral pages show them, and nothing else (board_sessions.scope, referrals.access)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from board_sessions.scope import export_scope
from boards.models import Board
from cases.models import Case
from dossiers.actions import request_session_export
from dossiers.models import ExportJob
from referrals import actions as referral_actions
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.dossiers.conftest import cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import pdf_text
from tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db

REFERRED_NAME = "ADRESSEE-NATIONALE-FICTIVE"
DIRECT_NAME = "DIRECTE-AUTRE-CENTRE-FICTIVE"


def _named(case: Case, family_name: str) -> Case:
    case.patient.family_name = family_name
    case.patient.save()
    return case


@pytest.fixture
def national(db):
    return BoardFactory(name="RCP nationale fictive d'export", level=Board.Level.NATIONAL)


@pytest.fixture
def national_centre(db):
    return CentreFactory(name="Centre fictif de la RCP nationale", region="Île-de-France")


@pytest.fixture
def nat(national, national_centre):
    user = UserFactory(username="secr-nat-export", centre=national_centre, role="secretary")
    national.secretaries.add(user)
    return user


@pytest.fixture
def colleague(national_centre):
    """A secretary of the same centre who is not a secretary of the national board."""
    return UserFactory(username="secr-collegue", centre=national_centre, role="secretary")


@pytest.fixture
def national_session(national, national_centre):
    return BoardSessionFactory(
        board=national,
        organiser_centre=national_centre,
        starts_at=timezone.now() + dt.timedelta(days=20),
    )


@pytest.fixture
def world(centre, secretary, other_centre, other_secretary, national, nat, national_session):
    """Centre A's case referred and registered by the national secretariat; centre B's case
    registered on the same national session by its own secretariat, without a referral."""
    referred = _named(cpc_case(centre, status=Case.Status.READY), REFERRED_NAME)
    referral = referral_actions.refer_case(
        case=referred,
        to_board=national,
        reason="Éligibilité RIV (fictif)",
        regional_opinion="Avis régional fictif",
        by=secretary,
    )
    referral_actions.register_referral(
        referral=referral,
        session=national_session,
        by=nat,
        incomplete_reason="Relecture TENpath en attente (fictif)",
    )
    direct = _named(cpc_case(other_centre, status=Case.Status.READY), DIRECT_NAME)
    register_case(session=national_session, case=direct, by=other_secretary)
    return {"referred": referred, "direct": direct, "referral": referral}


def _export(client, session, capture):
    with capture(execute=True):
        return client.post(reverse("dossiers:export_session", args=[session.pk]))


def _download_text(client, job) -> str:
    response = client.get(reverse("dossiers:download", args=[job.pk]))
    assert response.status_code == 200
    return pdf_text(b"".join(response.streaming_content))


def test_the_scope_is_the_referred_cases_on_a_national_session_only(
    world, nat, colleague, national_session, centre, secretary
):
    referred, direct = world["referred"], world["direct"]
    scope = export_scope(nat, national_session)
    assert scope.case_ids == (referred.pk,)
    assert scope.granted == {referred.pk} and scope.crosses_centres
    assert scope.labels == ("dossiers adressés à la RCP nationale",)
    assert export_scope(colleague, national_session).case_ids == ()
    # Her grant is the national board's: a regional session holding the same case opens nothing.
    regional = BoardSessionFactory(board=BoardFactory(), organiser_centre=centre)
    regional.agenda_items.create(case=referred, position=1, added_by=secretary)
    assert export_scope(nat, regional).case_ids == ()
    assert direct.pk not in export_scope(nat, national_session).case_ids


def test_the_national_secretary_exports_the_referred_dossier_and_nothing_else(
    client, world, nat, national_session, django_capture_on_commit_callbacks
):
    client.force_login(nat)
    page = client.get(reverse("board_sessions:detail", args=[national_session.pk]))
    assert "Exporter la séance en PDF" in page.content.decode()
    assert "dossiers adressés à la RCP nationale" in page.content.decode()

    response = _export(client, national_session, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("dossiers:job", args=[job.pk])
    assert job.crosses_centres and job.centre == nat.centre
    assert job.state == ExportJob.State.DONE
    assert [case_id for case_id, _digest in job.parts] == [world["referred"].pk]
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert client.get(reverse("dossiers:job", args=[job.pk])).status_code == 200

    text = _download_text(client, job)
    # The referred case's dossier, with the identity the referral page shows her.
    assert REFERRED_NAME in text
    assert world["referred"].patient.given_names in text
    # Centre B's case, not referred: listed on the cover by number and centre only.
    assert DIRECT_NAME not in text
    assert f"Dossier n° {world['direct'].pk}" in text
    assert "présenté par un autre centre" in text
    assert "dossiers adressés à la RCP nationale" in text
    assert AccessLog.objects.filter(
        action=AccessLog.Action.DOWNLOAD, job_id=job.pk, username=nat.username
    ).exists()
    # The session page lists her export.
    page = client.get(reverse("board_sessions:detail", args=[national_session.pk]))
    assert reverse("dossiers:job", args=[job.pk]) in page.content.decode()


def test_her_export_is_hers_not_her_centres(
    client, world, nat, colleague, national_session, django_capture_on_commit_callbacks
):
    client.force_login(nat)
    _export(client, national_session, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    client.force_login(colleague)
    assert client.get(reverse("dossiers:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("dossiers:download", args=[job.pk])).status_code == 404
    page = client.get(reverse("board_sessions:detail", args=[national_session.pk]))
    assert reverse("dossiers:job", args=[job.pk]) not in page.content.decode()
    assert "Aucun dossier de votre centre à l'ordre du jour." in page.content.decode()
    with pytest.raises(ValidationError, match="Aucun dossier de votre centre"):
        request_session_export(session=national_session, by=colleague)


def test_a_regional_secretary_of_another_centre_gets_nothing_of_it(
    client, world, nat, other_secretary, national_session, django_capture_on_commit_callbacks
):
    client.force_login(nat)
    _export(client, national_session, django_capture_on_commit_callbacks)
    nat_job = ExportJob.objects.get()

    # Centre B's secretary: her own case only, never the referred one.
    client.force_login(other_secretary)
    assert client.get(reverse("dossiers:job", args=[nat_job.pk])).status_code == 404
    assert client.get(reverse("dossiers:download", args=[nat_job.pk])).status_code == 404
    _export(client, national_session, django_capture_on_commit_callbacks)
    job = ExportJob.objects.exclude(pk=nat_job.pk).get()
    assert not job.crosses_centres
    assert [case_id for case_id, _digest in job.parts] == [world["direct"].pk]
    text = _download_text(client, job)
    assert DIRECT_NAME in text and REFERRED_NAME not in text

    # A secretary of a centre with no case on it: refused, no job.
    stranger = UserFactory(
        username="secr-sans-dossier",
        centre=CentreFactory(name="Centre fictif sans dossier"),
        role="secretary",
    )
    with pytest.raises(ValidationError):
        request_session_export(session=national_session, by=stranger)
    assert ExportJob.objects.count() == 2


def test_leaving_the_national_board_closes_her_export(
    client, world, nat, national, national_session, django_capture_on_commit_callbacks
):
    client.force_login(nat)
    _export(client, national_session, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    national.secretaries.remove(nat)
    assert client.get(reverse("dossiers:download", args=[job.pk])).status_code == 404
    with pytest.raises(ValidationError):
        request_session_export(session=national_session, by=nat)


def test_a_render_after_the_grant_is_gone_leaves_the_case_out(
    world, nat, national, national_session
):
    from dossiers.render import run_export

    job = request_session_export(session=national_session, by=nat)
    national.secretaries.remove(nat)
    run_export(ExportJob.objects.get(pk=job.pk))
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE
    text = pdf_text(job.path.read_bytes())
    assert REFERRED_NAME not in text and DIRECT_NAME not in text
