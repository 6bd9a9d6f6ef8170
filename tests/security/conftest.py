"""Centre A's objects, reachable by every URL of the apps, and the five users who try them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from attachments.actions import request_review
from attachments.models import Attachment, PathologyReview
from board_sessions.models import AgendaItem, BoardSession, Participant, RegistrationRequest
from cases.models import Case, MetastaticSite, TreatmentLine
from decisions import actions as decision_actions
from decisions.models import CarePlan, Decision
from dossiers.models import ExportJob
from referrals.actions import refer_case
from referrals.models import Referral
from surveillance.actions import record_exam, start_surveillance
from surveillance.models import Surveillance, SurveillanceExam
from tests.attachments.factories import attach
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory, ParticipantFactory
from tests.cases.factories import CaseFactory, TreatmentLineFactory, metastatic_case
from tests.decisions.helpers import concordant, held_session
from tests.dossiers.helpers import finished_case_export
from tests.factories import CentreFactory, UserFactory

# Who tries each URL. "A" owns every object; "B" is another centre. NAT_SECR is a secretary of
# a third centre who is a secretary of the national board, to which A's case is referred: it
# sees that referral (and only referred cases), otherwise it is any other centre's secretary.
CLIN_A, SECR_A, ADMIN, CLIN_B, SECR_B = "clin_a", "secr_a", "admin", "clin_b", "secr_b"
NAT_SECR = "nat_secr"
USERS = (CLIN_A, SECR_A, ADMIN, CLIN_B, SECR_B, NAT_SECR)

# Centre A's patient: these strings must never reach a user of another centre.
SECRET_NAME = "CONFIDENTIEL-ZORGLUB"
SECRET_IPP = "IPP-SECRET-7731"


def drain(response) -> None:
    """Read a streamed file to its end, so the test client closes it. (Calling close() on a
    response fires request_finished, which drops the connection of the test transaction.)"""
    if response.streaming:
        b"".join(response.streaming_content)


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
    attachment: Attachment
    review: PathologyReview
    referral: Referral
    national_session: BoardSession
    registration_request: RegistrationRequest
    surveillance: Surveillance
    exam: SurveillanceExam
    # A held session of another board, coordinated by centre B's clinician: a draft decision
    # (its item, to record and validate), a validated one (to correct, print, draft a PPS from)
    # and a draft PPS.
    held_session: BoardSession
    draft_item: AgendaItem
    draft: Decision
    validated: Decision
    care_plan: CarePlan

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
    job = finished_case_export(case, by=secretary)
    attachment = attach(case, by=clinician)
    review = request_review(
        case=case, requested_on=timezone.localdate(), reviewer_centre="TENpath fictif", by=clinician
    )
    national = BoardFactory(name="RCP nationale fictive", level="national")
    third_centre = CentreFactory(name="Centre fictif national", region="Île-de-France")
    national_secretary = UserFactory(username="secr-nat", centre=third_centre, role="secretary")
    national.secretaries.add(national_secretary)
    national_session = BoardSessionFactory(
        board=national,
        organiser_centre=third_centre,
        created_by=national_secretary,
        starts_at=timezone.now() + dt.timedelta(days=20),
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    referral = refer_case(
        case=case,
        to_board=national,
        reason="Motif fictif",
        regional_opinion="Avis régional fictif",
        by=secretary,
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REGISTERED)
    case.refresh_from_db()
    registration_request = RegistrationRequest.objects.create(
        session=session, case=ready_case, requested_by=clinician
    )
    # The same patient's earlier operated atypical carcinoid, under surveillance.
    operated = CaseFactory(
        centre=centre,
        patient=case.patient,
        board=board,
        resected=True,
        histology="atypical",
        surgery_date=dt.date(2018, 2, 1),
    )
    surveillance = start_surveillance(case=operated, by=clinician)
    exam = record_exam(
        surveillance=surveillance,
        by=clinician,
        performed_on=dt.date(2019, 6, 1),
        kind="ct_early_arterial",
        result="recurrence",
        report=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 fictif\n%%EOF\n"),
    )
    held = held_session(
        centre=centre, coordinator=other_clinician, board=BoardFactory(name="RCP fictive tenue")
    )
    draft = decision_actions.save_decision(item=held.item, data=concordant(), by=secretary)
    validated = decision_actions.save_decision(
        item=held.prrt_item,
        data=concordant(
            option_codes=["ssa_antitumour"],
            conditions={"ssa_antitumour:rcp_validation": (True, "")},
        ),
        by=secretary,
    )
    validated = decision_actions.validate_decision(decision=validated, by=other_clinician)
    care_plan = decision_actions.save_care_plan(
        decision=validated,
        by=clinician,
        treatment_plan="ASM (fictif)",
        calendar=[],
        referent_physician="Dr Référent-Fictif",
        patient_text="Texte fictif.",
    )
    return World(
        users={
            CLIN_A: clinician,
            SECR_A: secretary,
            ADMIN: administrator,
            CLIN_B: other_clinician,
            SECR_B: other_secretary,
            NAT_SECR: national_secretary,
        },
        case=case,
        ready_case=ready_case,
        line=line,
        site=site,
        session=session,
        item=item,
        participant=participant,
        job=job,
        attachment=attachment,
        review=review,
        referral=referral,
        national_session=national_session,
        registration_request=registration_request,
        surveillance=surveillance,
        exam=exam,
        held_session=held.session,
        draft_item=held.item,
        draft=draft,
        validated=validated,
        care_plan=care_plan,
    )
