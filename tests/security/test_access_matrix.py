"""Every URL of the apps × five users (clinician and secretary of centre A, the administrator,
clinician and secretary of centre B) and anonymous visitors, GET and POST, plain and htmx: the
rules of routes.py.

Each request runs in a transaction rolled back afterwards, so that a write allowed to one
variant does not change what the next one sees; a refused request must change nothing of
centre A's records and must not show A's patient."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from attachments.models import Attachment, PathologyReview
from board_sessions.models import AgendaItem, BoardSession, Participant, RegistrationRequest
from cases.models import Case, MetastaticSite, Patient, TreatmentLine
from decisions.models import CarePlan, Decision, TreatmentStart
from dossiers.models import ExportJob
from referrals.models import Referral
from surveillance.models import ExpectedExam, Surveillance, SurveillanceExam
from tests.security.conftest import (
    ADMIN,
    CLIN_A,
    CLIN_B,
    NAT_SECR,
    SECR_A,
    SECR_B,
    SECRET_IPP,
    SECRET_NAME,
    USERS,
    drain,
)
from tests.security.routes import OK, READ, ROUTES, app_routes, parameters, project_routes

pytestmark = pytest.mark.django_db

REFUSED_METHOD = frozenset({403, 404, 405})


def centre_a_state(world) -> dict:
    """Everything of centre A a request could change (export jobs: of every centre)."""
    centre = world.case.centre_id
    return {
        "patients": list(Patient.objects.filter(centre_id=centre).order_by("pk").values()),
        "cases": list(Case.objects.filter(centre_id=centre).order_by("pk").values()),
        "lines": list(TreatmentLine.objects.filter(case__centre_id=centre).order_by("pk").values()),
        "sites": list(
            MetastaticSite.objects.filter(case__centre_id=centre).order_by("pk").values()
        ),
        "sessions": list(
            BoardSession.objects.filter(organiser_centre_id=centre).order_by("pk").values()
        ),
        "agenda": list(AgendaItem.objects.filter(session=world.session).order_by("pk").values()),
        "participants": list(
            Participant.objects.filter(session=world.session).order_by("pk").values()
        ),
        "jobs": list(ExportJob.objects.order_by("pk").values()),
        "attachments": list(
            Attachment.objects.filter(case__centre_id=centre).order_by("pk").values()
        ),
        "reviews": list(
            PathologyReview.objects.filter(case__centre_id=centre).order_by("pk").values()
        ),
        "referrals": list(Referral.objects.order_by("pk").values()),
        "requests": list(RegistrationRequest.objects.order_by("pk").values()),
        "national_agenda": list(
            AgendaItem.objects.filter(session=world.national_session).order_by("pk").values()
        ),
        "surveillances": list(
            Surveillance.objects.filter(case__centre_id=centre).order_by("pk").values()
        ),
        "exams": list(
            SurveillanceExam.objects.filter(surveillance__case__centre_id=centre)
            .order_by("pk")
            .values()
        ),
        "expected": list(
            ExpectedExam.objects.filter(surveillance__case__centre_id=centre)
            .order_by("pk")
            .values()
        ),
        "decisions": list(Decision.objects.filter(case__centre_id=centre).order_by("pk").values()),
        "care_plans": list(CarePlan.objects.filter(case__centre_id=centre).order_by("pk").values()),
        "treatment_starts": list(
            TreatmentStart.objects.filter(case__centre_id=centre).order_by("pk").values()
        ),
    }


def send(client, method, url, route, world, *, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if method == "GET":
        return client.get(url, **headers)
    return client.post(url, **(route.payload(world) if route else {}), **headers)


def tried(client, url, route, world, who):
    """GET and POST, plain and htmx, each in a transaction rolled back afterwards:
    (method, where, response, centre A's state before, after) for each."""
    for method in ("GET", "POST"):
        for htmx in (False, True):
            where = f"{method} {url} as {who}{' (htmx)' if htmx else ''}"
            with transaction.atomic():
                before = centre_a_state(world)
                response = send(client, method, url, route, world, htmx=htmx)
                after = centre_a_state(world)
                transaction.set_rollback(True)
            drain(response)
            yield method, where, response, before, after


def shows_patient_a(response) -> bool:
    if response.streaming:
        return False
    content = response.content.decode("utf-8", "replace")
    return SECRET_NAME in content or SECRET_IPP in content


def test_every_url_is_classified():
    found = set(app_routes())
    unclassified = sorted(found - set(ROUTES))
    stale = sorted(set(ROUTES) - found)
    assert not unclassified, (
        f"URL(s) without an access rule in tests/security/routes.py: {unclassified}"
    )
    assert not stale, f"rules for URL(s) that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_rules_name_the_url_parameters(name, world):
    route = ROUTES[name]
    assert set(route.kwargs(world)) == parameters(app_routes()[name])
    assert set(route.expect) == set(USERS)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access_matrix(name, user, world):
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    client = world.client(user)
    for method, where, response, before, after in tried(client, url, route, world, user):
        if method not in route.methods:
            expected = REFUSED_METHOD
            unchanged_and_hidden = True
        else:
            outcome = route.outcome(user, method)
            expected = route.ok_statuses if outcome in (OK, READ) else {outcome}
            unchanged_and_hidden = outcome != OK
        assert response.status_code in expected, f"{where}: {response.status_code}"
        # Signed in: never kept by a proxy or the browser, whatever the answer.
        assert response["Cache-Control"] == "private, no-store", where
        if unchanged_and_hidden:
            assert after == before, f"{where} changed centre A's records"
            assert not shows_patient_a(response), f"{where} shows centre A's patient"


@pytest.mark.parametrize("name", sorted(ROUTES) + sorted(project_routes()))
def test_anonymous_is_sent_to_login(name, world, client):
    route = ROUTES.get(name)
    url = reverse(name, kwargs=route.kwargs(world) if route else {})
    for _method, where, response, before, after in tried(client, url, route, world, "anonymous"):
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), where
        assert after == before, f"{where} changed centre A's records"
        assert not shows_patient_a(response), f"{where} shows centre A's patient"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_superuser_given_a_centre_is_refused_what_the_administrator_is(name, world):
    """Django gives a superuser every permission; here one is an administrator, whose
    permissions never open patient records, even with centre A set on the account."""
    from tests.factories import UserFactory

    superuser = UserFactory(centre=world.case.centre, is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    for method, where, response, before, after in tried(client, url, route, world, "superuser"):
        if method in route.methods and route.outcome(ADMIN, method) in (OK, READ):
            continue  # what the administrator may do (the admin's own pages)
        assert response.status_code in REFUSED_METHOD, f"{where}: {response.status_code}"
        assert after == before, f"{where} changed centre A's records"
        assert not shows_patient_a(response), f"{where} shows centre A's patient"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_right_user_really_is_served(name, world):
    """The positive side of the matrix: a refusal above is not a broken URL."""
    route = ROUTES[name]
    method = route.methods[-1]
    user = route.allowed_user(method)
    response = send(
        world.client(user),
        method,
        reverse(name, kwargs=route.kwargs(world)),
        route,
        world,
        htmx=False,
    )
    drain(response)
    assert response.status_code in route.ok_statuses


def test_a_secretary_of_another_centre_sees_the_session_but_not_centre_a_patients(world):
    response = world.client(SECR_B).get(reverse("board_sessions:detail", args=[world.session.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"n° {world.case.pk}" in content or str(world.case.pk) in content
    assert SECRET_NAME not in content and SECRET_IPP not in content


@pytest.mark.parametrize("user", [CLIN_A, SECR_A, CLIN_B, SECR_B, NAT_SECR])
def test_the_admin_site_is_closed_to_clinicians_and_secretaries(user, world):
    client = world.client(user)
    board = world.session.board
    change = reverse("admin:boards_board_change", args=[board.pk])
    for response in (
        client.get(reverse("admin:index")),
        client.get(change),
        client.post(change, {"name": "Piratée", "secretariat_phone": "01 02 03 04 05"}),
        client.get(reverse("admin:audit_accesslog_changelist")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    board.refresh_from_db()
    assert board.name != "Piratée"


def test_no_patient_data_is_reachable_through_the_admin():
    from django.contrib import admin

    exposed = {model._meta.app_label for model in admin.site._registry}
    assert not exposed & {"cases", "board_sessions", "dossiers", "attachments", "referrals"}
