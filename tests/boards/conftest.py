import importlib

import pytest
from django.apps import apps

from boards.models import Board

SEED = importlib.import_module("boards.migrations.0003_seed_renaten_boards")


@pytest.fixture
def seeded_boards(db):
    """The référentiel's boards, as the data migration creates them.

    Re-run (idempotent) because a transactional test elsewhere may have flushed the tables.
    """
    SEED.seed(apps, None)
    return {
        board.region: board
        for board in Board.objects.filter(region__in=["Rhône-Alpes", "Auvergne"])
    }


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
