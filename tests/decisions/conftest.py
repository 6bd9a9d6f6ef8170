import pytest

from tests.decisions.helpers import held_session
from tests.factories import UserFactory


@pytest.fixture
def coordinator(other_centre):
    """A board coordinator working in another centre than the cases'."""
    user = UserFactory(
        username="coord", centre=other_centre, role="clinician", email="coord@example.org"
    )
    user.first_name, user.last_name = "Hélène", "Coordo-Fictive"
    user.save()
    return user


@pytest.fixture
def held(centre, coordinator, secretary):
    return held_session(centre=centre, coordinator=coordinator, with_secretary=secretary)
