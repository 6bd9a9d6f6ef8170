"""Centre A's objects, reachable by every URL of the apps, and the five users who try them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession, Participant
from cases.models import Case, MetastaticSite, TreatmentLine
from dossiers.models import ExportJob
from dossiers.render import job_relative_path
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory, ParticipantFactory
from tests.cases.factories import CaseFactory, TreatmentLineFactory, metastatic_case

# Who tries each URL. "A" owns every object; "B" is another centre.
CLIN_A, SECR_A, ADMIN, CLIN_B, SECR_B = "clin_a", "secr_a", "admin", "clin_b", "secr_b"
USERS = (CLIN_A, SECR_A, ADMIN, CLIN_B, SECR_B)

# Centre A's patient: these strings must never reach a user of another centre.
SECRET_NAME = "CONFIDENTIEL-ZORGLUB"
SECRET_IPP = "IPP-SECRET-7731"
MINIMAL_PDF = b"%PDF-1.4\n% dossier fictif pour les tests\n%%EOF\n"


def drain(response) -> None:
    """Read a streamed file to its end, so the test client closes it. (Calling close() on a
    response fires request_finished, which drops the connection of the test transaction.)"""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Five users per test; a real password hash for each only slows the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict
    case: Case
    ready_case: Case
    line: TreatmentLine
    site: MetastaticSite
    session: BoardSession
    item: AgendaItem
    participant: Participant
    job: ExportJob

    def client(self, label: str, **defaults) -> Client:
        client = Client(**defaults)
        client.force_login(self.users[label])
        return client


@pytest.fixture
def world(clinician, secretary, administrator, other_clinician, other_secretary) -> World:
    centre = clinician.centre
    board = BoardFactory(name="RCP fictive de la matrice")
    case = metastatic_case(centre=centre, board=board)
    case.patient.family_name = SECRET_NAME
    case.patient.ipp = SECRET_IPP
    case.patient.save()
    line = TreatmentLineFactory(case=case)
    site = case.metastatic_sites.get()
    ready_case = CaseFactory(centre=centre, metastatic=True, status=Case.Status.READY)
    session = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        created_by=secretary,
        starts_at=timezone.now() + dt.timedelta(days=10),
    )
    item = AgendaItem.objects.create(session=session, case=case, position=1, added_by=secretary)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REGISTERED)
    case.refresh_from_db()
    participant = ParticipantFactory(session=session)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CASE,
        case=case,
        centre=centre,
        requested_by=secretary,
        state=ExportJob.State.DONE,
        progress_done=1,
        progress_total=1,
        finished_at=timezone.now(),
    )
    job.file = job_relative_path(job)
    job.save(update_fields=["file"])
    path = Path(settings.MEDIA_ROOT) / job.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MINIMAL_PDF)
    return World(
        users={
            CLIN_A: clinician,
            SECR_A: secretary,
            ADMIN: administrator,
            CLIN_B: other_clinician,
            SECR_B: other_secretary,
        },
        case=case,
        ready_case=ready_case,
        line=line,
        site=site,
        session=session,
        item=item,
        participant=participant,
        job=job,
    )
