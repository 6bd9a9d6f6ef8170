"""Every view of a patient's case, every export request and every download writes one access
log row (who, what, when, from where) that the administrator finds through the log's filters.

Not logged, on purpose: the htmx re-evaluations of the guideline panel (they follow each change
of a form whose page view is logged), the case list (no single case), refused requests."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from board_sessions.models import AgendaItem
from dossiers.models import ExportJob
from tests.board_sessions.factories import BoardSessionFactory
from tests.cases.factories import metastatic_case
from tests.cases.helpers import form_data
from tests.dossiers.helpers import finished_case_export

pytestmark = pytest.mark.django_db

IP = "198.51.100.23"
A = AccessLog.Action


def _client(user) -> Client:
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT="Navigateur de test")
    client.force_login(user)
    return client


@pytest.fixture
def case(centre):
    return metastatic_case(centre=centre)


@pytest.fixture
def session(centre, secretary, case):
    session = BoardSessionFactory(organiser_centre=centre, created_by=secretary)
    AgendaItem.objects.create(session=session, case=case, position=1, added_by=secretary)
    return session


@pytest.fixture
def done_job(secretary, case):
    return finished_case_export(case, by=secretary)


def _only_row() -> AccessLog:
    rows = list(AccessLog.objects.all())
    assert len(rows) == 1, [(row.action, row.path) for row in rows]
    return rows[0]


CASE_VIEWS = [
    ("cases:detail", "clinician", A.VIEW_CASE),
    ("cases:detail", "secretary", A.VIEW_CASE),
    ("cases:edit", "clinician", A.EDIT_CASE),
    ("cases:history", "clinician", A.VIEW_HISTORY),
    ("cases:history", "secretary", A.VIEW_HISTORY),
    ("cases:evaluation_json", "clinician", A.EXPORT_JSON),
    ("cases:timeline_svg", "secretary", A.VIEW_CASE),
]


@pytest.mark.parametrize("url_name, role, action", CASE_VIEWS)
def test_each_view_of_a_case_writes_one_row(url_name, role, action, case, request):
    user = request.getfixturevalue(role)
    url = reverse(url_name, args=[case.pk])
    before = timezone.now()
    assert _client(user).get(url).status_code == 200
    row = _only_row()
    assert (row.action, row.user, row.username) == (action, user, user.username)
    assert (row.case_id, row.session_id, row.job_id) == (case.pk, None, None)
    assert row.centre_id == case.centre_id
    assert row.ip_address == IP
    assert row.path == url
    assert row.user_agent == "Navigateur de test"
    assert before <= row.at <= timezone.now()


def test_a_refused_ready_request_shows_the_case_page_and_logs_it(clinician, centre):
    incomplete = metastatic_case(centre=centre, histology="")
    response = _client(clinician).post(reverse("cases:mark_ready", args=[incomplete.pk]))
    assert response.status_code == 400
    assert _only_row().action == A.VIEW_CASE


def test_htmx_panel_evaluations_are_not_logged(clinician, case):
    client = _client(clinician)
    get = client.get(reverse("cases:panel", args=[case.pk]), HTTP_HX_REQUEST="true")
    assert get.status_code == 405  # the panel is POST only
    client.post(reverse("cases:panel", args=[case.pk]), form_data(case), HTTP_HX_REQUEST="true")
    client.post(reverse("cases:create_panel"), form_data(), HTTP_HX_REQUEST="true")
    assert not AccessLog.objects.exists()


def test_the_case_list_and_refused_requests_are_not_logged(clinician, other_clinician, case):
    assert _client(clinician).get(reverse("cases:list")).status_code == 200
    assert _client(other_clinician).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_case_export_request_writes_one_row(secretary, case):
    response = _client(secretary).post(reverse("dossiers:export_case", args=[case.pk]))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    row = _only_row()
    assert (row.action, row.user, row.case_id, row.job_id) == (
        A.EXPORT_CASE,
        secretary,
        case.pk,
        job.pk,
    )
    assert row.ip_address == IP


def test_a_session_export_request_writes_one_row(secretary, session):
    response = _client(secretary).post(reverse("dossiers:export_session", args=[session.pk]))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    row = _only_row()
    assert (row.action, row.user, row.session_id, row.job_id) == (
        A.EXPORT_SESSION,
        secretary,
        session.pk,
        job.pk,
    )
    assert row.case_id is None
    assert row.ip_address == IP


def test_a_download_writes_one_row(secretary, done_job):
    response = _client(secretary).get(reverse("dossiers:download", args=[done_job.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)  # read to the end: the client then closes the file
    row = _only_row()
    assert (row.action, row.user, row.case_id, row.job_id) == (
        A.DOWNLOAD,
        secretary,
        done_job.case_id,
        done_job.pk,
    )
    assert row.ip_address == IP


def test_the_administrator_finds_the_rows_through_the_filters(
    clinician, secretary, administrator, case, session, done_job
):
    _client(clinician).get(reverse("cases:detail", args=[case.pk]))
    _client(clinician).get(reverse("cases:history", args=[case.pk]))
    _client(secretary).post(reverse("dossiers:export_session", args=[session.pk]))
    b"".join(
        _client(secretary).get(reverse("dossiers:download", args=[done_job.pk])).streaming_content
    )
    Client(REMOTE_ADDR="203.0.113.5").get("/")  # anonymous: nothing logged
    assert AccessLog.objects.count() == 4
    admin = _client(administrator)

    def found(**filters) -> list[tuple[str, str]]:
        response = admin.get(reverse("audit:list"), filters)
        assert response.status_code == 200
        assert not response.context["form"].errors
        return [(row.username, row.action) for row in response.context["page"]]

    assert found(case_id=case.pk, action=A.VIEW_CASE) == [(clinician.username, "view_case")]
    assert found(username=clinician.username) == [
        (clinician.username, "view_history"),
        (clinician.username, "view_case"),
    ]
    assert found(session_id=session.pk) == [(secretary.username, "export_session")]
    assert found(job_id=done_job.pk) == [(secretary.username, "download")]
    assert len(found(ip_address=IP)) == 4
    assert found(ip_address="192.0.2.1") == []
    today = timezone.localdate().isoformat()
    assert len(found(since=today, until=today)) == 4

    page = admin.get(reverse("audit:list"), {"case_id": case.pk}).content.decode()
    assert clinician.username in page and IP in page
    assert case.patient.family_name not in page  # the log shows ids, never the patient


def test_the_filters_refuse_a_malformed_address(admin_client_role):
    response = admin_client_role.get(reverse("audit:list"), {"ip_address": "<script>"})
    assert response.status_code == 200
    assert response.context["form"].errors["ip_address"]
    assert "&lt;script&gt;" in response.content.decode()
