import pytest

from boards.models import Board


@pytest.fixture
def no_boards(db):
    """Start from an empty table (the seed is rolled back with the test)."""
    Board.history.all().delete()
    Board.objects.all().delete()
