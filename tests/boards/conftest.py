import pytest

from boards.models import Board


@pytest.fixture
def no_boards(db):
    """Start from an empty table (the seed is rolled back with the test)."""
    Board.history.all().delete()
    Board.objects.all().delete()


def make_board(**overrides) -> Board:
    values = {
        "name": "RCP fictive de test",
        "region": "Bretagne",
        "institution": "Hôpital fictif",
        "email": "rcp-fictive@example.org",
        "secretariat_phone": "02 99 00 00 00",
    }
    values.update(overrides)
    return Board.objects.create(**values)


@pytest.fixture
def board(db):
    return make_board()
