import datetime as dt

import pytest
from django.utils import timezone

from boards.specialties import Specialty
from cases.models import Case, Patient, TreatmentLine
from tests.board_sessions.factories import BoardSessionFactory, ParticipantFactory
from tests.cases.factories import TreatmentLineFactory, metastatic_case

GENERATED_AT = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30))
QUALIFIED_INS = "1610475123456" + f"{97 - 1610475123456 % 97:02d}"


@pytest.fixture
def board_session(board, centre):
    session = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=timezone.make_aware(dt.datetime(2026, 3, 12, 14, 0)),
    )
    for name, specialty in (
        ("Dr Alpha-Fictif", Specialty.PULMONOLOGY),
        ("Dr Beta-Fictif", Specialty.THORACIC_SURGERY),
        ("Dr Gamma-Fictif", Specialty.PATHOLOGY),
    ):
        ParticipantFactory(session=session, name=name, specialty=specialty)
    return session


def cpc_case(centre, **kwargs) -> Case:
    """Metastatic CA progressing after SSA and everolimus: Lutathera is a CPC option."""
    case = metastatic_case(centre=centre, fdg_pet="negative", **kwargs)
    TreatmentLineFactory(
        case=case,
        treatment="ssa_antitumour",
        start_date=dt.date(2023, 1, 10),
        end_date=dt.date(2024, 2, 1),
        best_response=TreatmentLine.BestResponse.STABLE,
        reason_stopped=TreatmentLine.ReasonStopped.PROGRESSION,
    )
    TreatmentLineFactory(
        case=case,
        treatment="everolimus",
        start_date=dt.date(2024, 2, 15),
        end_date=dt.date(2025, 6, 1),
        best_response=TreatmentLine.BestResponse.STABLE,
        reason_stopped=TreatmentLine.ReasonStopped.PROGRESSION,
    )
    return case


@pytest.fixture
def case_with_cpc(centre):
    case = cpc_case(centre, question="Faut-il proposer une RIV par Lutathera ?")
    Patient.objects.filter(pk=case.patient_id).update(
        family_name="FICTIVE-ROSSIGNOL",
        given_names="Camille",
        ins=QUALIFIED_INS,
        ins_status=Patient.InsStatus.QUALIFIED,
    )
    case.refresh_from_db()
    return case
