from importlib import import_module

import pytest
from django.apps import apps

from boards.models import Board
from cases.models import Case
from tests.attachments.factories import complete_for_registration
from tests.board_sessions.factories import BoardFactory
from tests.cases.factories import localised_case
from tests.factories import CentreFactory, UserFactory

# The Playwright harness (fixtures browser, page, screenshot, login, csp_violations).
pytest_plugins = ["tests.browser_support"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The suite creates many users; a real password hash for each only slows it down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _inline_tasks(request):
    """Tasks run inline even when CI sets a broker (as `make run` does); tests marked
    `celery_worker` use the real worker instead."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from renaten.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    # Generated files of one test never leak into another, nor into the dev folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_prerender(settings):
    # Rendering dossiers ahead on every save would slow every test that saves a ready case;
    # the tests of the feature turn it back on.
    settings.DOSSIER_PRERENDER = False


@pytest.fixture
def seeded_boards(db):
    """The RENATEN boards the data migration seeds, by region, as in a deployed database.

    Run again (it is idempotent): a transactional test (any browser test, on a live server)
    flushes the tables, migration-seeded rows included.
    """
    import_module("boards.migrations.0003_seed_renaten_boards").seed(apps, None)
    import_module("boards.migrations.0006_national_board_secretaries").seed_national_board(
        apps, None
    )
    return {
        board.region: board
        for board in Board.objects.filter(region__in=["Rhône-Alpes", "Auvergne"])
    }


@pytest.fixture
def centre(db):
    return CentreFactory(name="CHU fictif de test", region="Auvergne-Rhône-Alpes")


@pytest.fixture
def other_centre(db):
    return CentreFactory(name="Hôpital fictif d'ailleurs", region="Bretagne")


@pytest.fixture
def clinician(centre):
    return UserFactory(username="clin", centre=centre, role="clinician")


@pytest.fixture
def secretary(centre):
    return UserFactory(username="secr", centre=centre, role="secretary")


@pytest.fixture
def administrator(centre):
    return UserFactory(username="adm", centre=centre, role="administrator")


@pytest.fixture
def other_clinician(other_centre):
    return UserFactory(username="clin-ailleurs", centre=other_centre, role="clinician")


@pytest.fixture
def other_secretary(other_centre):
    return UserFactory(username="secr-ailleurs", centre=other_centre, role="secretary")


@pytest.fixture
def board(db):
    """The board of the suite's sessions and cases. Its required specialties (thoracic surgery,
    pathology) are BoardFactory's; a test needing another board builds it with BoardFactory."""
    return BoardFactory(name="RCP RENATEN fictive Rhône-Alpes", secretariat_phone="04 72 11 00 94")


@pytest.fixture
def make_ready_case(centre):
    """Builds ready cases: by default an operated localised carcinoid of `centre` whose
    registration checklist is complete (facts and documents), so a session may register it.

    Keyword overrides go to the builder (CaseFactory's fields and traits, `centre=`...);
    `build` is another builder taking them (e.g. the dossiers' `cpc_case`), `documents=False`
    leaves out the documents the checklist asks for."""

    def make(*, build=localised_case, documents=True, **overrides) -> Case:
        overrides.setdefault("centre", centre)
        case = build(status=Case.Status.READY, **overrides)
        if documents:
            complete_for_registration(case)
        return case

    return make


@pytest.fixture
def ready_case(make_ready_case):
    return make_ready_case()


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def clinician_client(client, clinician):
    return _logged_in(client, clinician)


@pytest.fixture
def secretary_client(client, secretary):
    return _logged_in(client, secretary)


@pytest.fixture
def admin_client_role(client, administrator):
    return _logged_in(client, administrator)
