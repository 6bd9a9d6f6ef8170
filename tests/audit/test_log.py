import pytest
from django.test import RequestFactory
from django.urls import reverse

from audit.log import record_access
from audit.models import AccessLog

pytestmark = pytest.mark.django_db


def _request(user, ip="10.1.2.3", path="/cas/7/"):
    request = RequestFactory().get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT="Navigateur test")
    request.user = user
    return request


def test_record_access_stores_who_what_when_where_but_no_patient_data(clinician):
    row = record_access(_request(clinician), AccessLog.Action.VIEW_CASE)
    assert row.username == clinician.username
    assert row.action == "view_case"
    assert row.ip_address == "10.1.2.3"
    assert row.at is not None
    assert row.centre_id == clinician.centre_id
    field_names = {f.name for f in AccessLog._meta.get_fields()}
    assert not field_names & {"patient", "family_name", "ipp", "ins"}


def test_a_forged_address_is_not_stored(clinician):
    row = record_access(_request(clinician, ip="<script>"), AccessLog.Action.DOWNLOAD)
    assert row.ip_address is None


def test_forwarded_for_is_ignored_without_a_trusted_proxy(clinician):
    request = _request(clinician)
    request.META["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    assert record_access(request, AccessLog.Action.DOWNLOAD).ip_address == "10.1.2.3"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # The client sends "spoofed"; the one trusted proxy appends the address it saw.
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # Fewer entries than proxies: the header is not the chain we expect, keep the peer.
        (2, "198.51.100.7", "10.1.2.3"),
        (1, "", "10.1.2.3"),
    ],
)
def test_forwarded_for_is_read_from_the_right_behind_trusted_proxies(
    clinician, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = _request(clinician)
    request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    assert record_access(request, AccessLog.Action.DOWNLOAD).ip_address == expected


def test_administrator_queries_the_log(admin_client_role, clinician):
    record_access(_request(clinician), AccessLog.Action.VIEW_CASE)
    record_access(_request(clinician), AccessLog.Action.DOWNLOAD)
    response = admin_client_role.get(reverse("audit:list"), {"action": "download"})
    assert response.status_code == 200
    page = response.context["page"]
    assert [row.action for row in page] == ["download"]


def test_page_links_keep_the_filters(admin_client_role, clinician):
    AccessLog.objects.bulk_create(
        AccessLog(username=clinician.username, action=AccessLog.Action.DOWNLOAD, path="/x/")
        for _ in range(51)
    )
    query = "action=download&username=clin&tag=a&tag=b"  # a repeated key survives too
    response = admin_client_role.get(f"{reverse('audit:list')}?{query}&page=1")
    assert len(response.context["page"]) == 50
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=2"' in response.content.decode()
    page_two = admin_client_role.get(f"{reverse('audit:list')}?{query}&page=2")
    assert [row.action for row in page_two.context["page"]] == ["download"]
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=1"' in page_two.content.decode()


def test_filters_refuse_an_inverted_date_range(admin_client_role):
    response = admin_client_role.get(
        reverse("audit:list"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()


@pytest.mark.parametrize("fixture", ["clinician_client", "secretary_client"])
def test_only_administrators_read_the_log(request, fixture):
    client = request.getfixturevalue(fixture)
    assert client.get(reverse("audit:list")).status_code == 403


def test_the_log_is_read_only_in_the_admin(admin_client_role, clinician):
    row = record_access(_request(clinician), AccessLog.Action.VIEW_CASE)
    change = reverse("admin:audit_accesslog_change", args=[row.pk])
    assert admin_client_role.post(change, {"username": "x"}).status_code in (302, 403)
    row.refresh_from_db()
    assert row.username == clinician.username
    assert admin_client_role.get(reverse("admin:audit_accesslog_add")).status_code == 403
