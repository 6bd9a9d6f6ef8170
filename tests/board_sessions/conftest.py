import datetime as dt

import pytest
from django.utils import timezone

from boards.specialties import Specialty
from cases.models import Case
from tests.attachments.factories import complete_for_registration
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.cases.factories import CaseFactory


@pytest.fixture
def board(db):
    return BoardFactory(
        name="RCP RENATEN fictive Rhône-Alpes",
        required_specialties=[Specialty.THORACIC_SURGERY.value, Specialty.PATHOLOGY.value],
    )


@pytest.fixture
def session(board, centre):
    return BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() + dt.timedelta(days=10)
    )


def make_ready(centre, **kwargs) -> Case:
    """A ready case whose completeness checklist is complete (facts and documents)."""
    kwargs.setdefault("resected", True)
    case = CaseFactory(centre=centre, status=Case.Status.READY, **kwargs)
    complete_for_registration(case)
    return case


@pytest.fixture
def ready_cases(centre):
    return [make_ready(centre, question=f"Question fictive {n} ?") for n in range(3)]
