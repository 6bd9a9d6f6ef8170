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


@pytest.fixture(autouse=True)
def _inline_tasks(request):
    """Tasks run inline here even when CI sets a broker; the real worker has its own test."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from renaten.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
