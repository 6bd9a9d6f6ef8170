"""Every view of a patient's case, every export request and every download writes one access
log row (who, what, when, from where) that the administrator finds through the log's filters.
What was shown is a view (the case list, the session page, the edit form, a form shown again
after a refused save); a change is logged only when one was saved. The command-line exports log
the OS user with "CLI" as origin.

Not logged, on purpose: the htmx re-evaluations of the guideline panel (they follow each change
of a form whose page view is logged), refused requests."""

from __future__ import annotations

import getpass
import io
import stat

import pytest
from django.core.management import call_command
from django.db.models import F
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
    ("cases:edit", "clinician", A.VIEW_CASE),  # opening the form changes nothing
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


def test_refused_requests_are_not_logged(other_clinician, case):
    assert _client(other_clinician).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_each_showing_of_the_case_list_is_logged(clinician, case, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = _client(clinician).get(reverse("cases:list"), {"q": "x"}, **headers)
    assert response.status_code == 200
    row = _only_row()
    assert (row.action, row.user, row.case_id) == (A.VIEW_CASE_LIST, clinician, None)
    assert row.path == reverse("cases:list") + "?q=x"


def test_the_session_page_and_its_partials_are_logged(secretary, session):
    client = _client(secretary)
    assert client.get(reverse("board_sessions:detail", args=[session.pk])).status_code == 200
    row = _only_row()
    assert (row.action, row.user, row.session_id) == (A.VIEW_SESSION, secretary, session.pk)
    # A refused move re-shows the agenda: shown again, logged again.
    client.post(
        reverse("board_sessions:reorder", args=[session.pk]),
        {"item": "x", "direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert AccessLog.objects.filter(action=A.VIEW_SESSION).count() == 2


def test_a_saved_edit_is_a_change_a_refused_one_a_view(clinician, case):
    client = _client(clinician)
    url = reverse("cases:edit", args=[case.pk])
    refused = client.post(url, form_data(case, ki67_percent="abc"))
    assert refused.status_code == 400
    assert _only_row().action == A.VIEW_CASE
    AccessLog.objects.all().delete()
    saved = client.post(url, form_data(case, question="Question modifiée"))
    assert saved.status_code == 302
    assert _only_row().action == A.EDIT_CASE


def test_a_stale_save_shows_the_conflict_and_logs_a_view(clinician, case):
    client = _client(clinician)
    data = form_data(case, question="Ma version")
    # Someone else saved meanwhile.
    type(case).objects.filter(pk=case.pk).update(version=F("version") + 1)
    response = client.post(reverse("cases:edit", args=[case.pk]), data)
    assert response.status_code == 409
    assert _only_row().action == A.VIEW_CASE


def test_the_command_line_exports_log_the_os_user_with_cli_origin(case, session, tmp_path):
    out = io.StringIO()
    call_command("export_case", case.pk, stdout=out, stderr=out)
    call_command("export_dossier", case=case.pk, output=str(tmp_path / "d.pdf"), stdout=out)
    call_command(
        "export_session", session=session.pk, output=str(tmp_path / "s.pdf"), stdout=out, stderr=out
    )
    rows = list(AccessLog.objects.order_by("pk"))
    assert [(r.action, r.path) for r in rows] == [
        (A.EXPORT_JSON, "manage.py export_case"),
        (A.EXPORT_CASE, "manage.py export_dossier"),
        (A.EXPORT_SESSION, "manage.py export_session"),
    ]
    for row in rows:
        assert row.origin == AccessLog.Origin.CLI
        assert row.username == getpass.getuser() and row.user is None
        assert row.ip_address is None and row.centre_id == case.centre_id
    assert (rows[0].case_id, rows[1].case_id, rows[2].session_id) == (case.pk, case.pk, session.pk)


def test_the_log_page_shows_cli_as_the_origin(admin_client_role, case):
    call_command("export_case", case.pk, stdout=io.StringIO())
    response = admin_client_role.get(reverse("audit:list"), {"origin": "cli"})
    assert [row.origin for row in response.context["page"]] == ["cli"]
    assert "<td>CLI</td>" in response.content.decode()


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_files_written_with_o_are_readable_by_their_owner_only(case, session, tmp_path, umask):
    import os

    previous = os.umask(umask)
    try:
        targets = {
            "export_case": tmp_path / "c.json",
            "export_dossier": tmp_path / "d.pdf",
            "export_session": tmp_path / "s.pdf",
        }
        targets["export_dossier"].write_bytes(b"old")  # an existing world-readable file
        targets["export_dossier"].chmod(0o644)
        out = io.StringIO()
        call_command("export_case", case.pk, output=str(targets["export_case"]), stderr=out)
        call_command("export_dossier", case=case.pk, output=str(targets["export_dossier"]))
        call_command(
            "export_session", session=session.pk, output=str(targets["export_session"]), stderr=out
        )
    finally:
        os.umask(previous)
    for name, path in targets.items():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
        assert path.stat().st_size > 100, name


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
