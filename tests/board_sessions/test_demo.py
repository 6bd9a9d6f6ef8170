import pytest

from accounts import demo as accounts_demo
from board_sessions import demo
from board_sessions.models import BoardSession, Participant
from board_sessions.quorum import quorum_for

pytestmark = pytest.mark.django_db


def test_demo_session_is_upcoming_quorate_and_idempotent():
    accounts_demo.load()
    first = demo.load()
    second = demo.load()

    assert first is not None
    assert first == second
    assert BoardSession.objects.count() == 1
    assert Participant.objects.count() == len(demo.DEMO_PARTICIPANTS)
    assert first.board.name == demo.DEMO_BOARD
    assert first.organiser_centre.name == accounts_demo.DEMO_CENTRE["name"]
    assert first.starts_at > first.registration_closes_at
    assert quorum_for(first).reached


def test_demo_session_needs_the_seeded_board():
    from boards.models import Board

    accounts_demo.load()
    Board.objects.filter(name=demo.DEMO_BOARD).update(is_active=False)
    assert demo.load() is None
    assert not BoardSession.objects.exists()
