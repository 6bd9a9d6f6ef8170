import datetime as dt

import pytest
from django.utils import timezone

from tests.board_sessions.factories import BoardSessionFactory


@pytest.fixture
def session(board, centre):
    return BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() + dt.timedelta(days=10)
    )


@pytest.fixture
def ready_cases(make_ready_case):
    return [make_ready_case(question=f"Question fictive {n} ?") for n in range(3)]
