"""A held session of a board with a cross-centre coordinator, and cases for each kind of
decision. Every name is fictional."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession, Participant
from boards.models import Board
from boards.specialties import Specialty
from cases.models import Case, TreatmentLine
from decisions.actions import DecisionInput
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory, ParticipantFactory
from tests.cases.factories import TreatmentLineFactory, metastatic_case

QUORUM = (
    ("Dr Onco-Fictif", Specialty.THORACIC_ONCOLOGY),
    ("Dr Chir-Fictif", Specialty.THORACIC_SURGERY),
    ("Dr Anapath-Fictif", Specialty.PATHOLOGY),
    ("Dr Nucléaire-Fictif", Specialty.NUCLEAR_MEDICINE),
)


def prrt_case(**kwargs) -> Case:
    """Metastatic CA, SSTR+, FDG−, progressing after everolimus: Lutathera (CPC) eligible."""
    case = metastatic_case(fdg_pet="negative", fdg_pet_date=dt.date(2025, 7, 25), **kwargs)
    TreatmentLineFactory(
        case=case,
        treatment="everolimus",
        start_date=dt.date(2024, 2, 1),
        end_date=dt.date(2025, 6, 1),
        best_response=TreatmentLine.BestResponse.PROGRESSION,
        reason_stopped=TreatmentLine.ReasonStopped.PROGRESSION,
    )
    return case


@dataclass
class Held:
    board: Board
    session: BoardSession
    participants: list[Participant]
    item: AgendaItem  # metastatic case without prior treatment (everolimus eligible)
    prrt_item: AgendaItem  # Lutathera CPC eligible


def held_session(*, centre, coordinator=None, board=None, with_secretary=None) -> Held:
    board = board or BoardFactory(
        name="RCP fictive des décisions",
        required_specialties=[Specialty.THORACIC_SURGERY.value, Specialty.PATHOLOGY.value],
    )
    if coordinator is not None:
        board.coordinators.add(coordinator)
    session = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        created_by=with_secretary,
    )
    participants = [
        ParticipantFactory(session=session, name=name, specialty=specialty)
        for name, specialty in QUORUM
    ]
    participants.append(
        ParticipantFactory(
            session=session,
            name="Secrétaire-Fictive",
            specialty=Specialty.OTHER,
            is_physician=False,
        )
    )
    item = AgendaItem.objects.create(
        session=session, case=metastatic_case(centre=centre), position=1, added_by=with_secretary
    )
    prrt_item = AgendaItem.objects.create(
        session=session, case=prrt_case(centre=centre), position=2, added_by=with_secretary
    )
    Case.objects.filter(pk__in=[item.case_id, prrt_item.case_id]).update(
        status=Case.Status.DISCUSSED
    )
    return Held(board, session, participants, item, prrt_item)


def concordant(**overrides) -> DecisionInput:
    data = {
        "outcome": "proposal",
        "option_codes": ["everolimus"],
        "follow_up_physician": "Dr Suivi-Fictif",
    }
    data.update(overrides)
    return DecisionInput(**data)


def hors_referentiel(**overrides) -> DecisionInput:
    data = {
        "outcome": "proposal",
        "option_codes": ["sunitinib"],
        "justification": "Justification fictive argumentée en séance.",
    }
    data.update(overrides)
    return DecisionInput(**data)


def lutathera(**overrides) -> DecisionInput:
    data = {
        "outcome": "proposal",
        "option_codes": ["prrt_lutathera"],
        "conditions": {
            "prrt_lutathera:patient_informed": (True, ""),
            "prrt_lutathera:national_rcp": (False, "Adressé à la RCP nationale (fictif)."),
            "prrt_lutathera:fdg_pet": (True, ""),
        },
        "refer_to_national": True,
    }
    data.update(overrides)
    return DecisionInput(**data)
