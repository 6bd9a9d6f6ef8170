"""Access control: a case exists only for clinicians and secretaries of its centre."""

import pytest
from django.http import Http404
from django.urls import get_resolver, reverse

from cases.access import can_edit_case, cases_for_user, get_case_for_user
from cases.models import Case
from tests.cases.factories import MetastaticSiteFactory, TreatmentLineFactory, metastatic_case
from tests.cases.helpers import form_data
from tests.factories import UserFactory


@pytest.fixture
def case(centre):
    case = metastatic_case(centre=centre)
    TreatmentLineFactory(case=case)
    return case


# The methods each case URL answers; the walk below must cover every URL of the app.
METHODS = {
    "detail": ("get",),
    "edit": ("get", "post"),
    "panel": ("post",),
    "mark_ready": ("post",),
    "mark_draft": ("post",),
    "line_add": ("post",),
    "line_remove": ("post",),
    "site_add": ("post",),
    "site_remove": ("post",),
    "history": ("get",),
    "evaluation_json": ("get",),
    "timeline_svg": ("get",),
}


def _case_urls(case):
    """(method, url) for every case URL that names a case."""
    args = {
        "line_remove": [case.pk, case.treatment_lines.get().pk],
        "site_remove": [case.pk, case.metastatic_sites.get().pk],
    }
    return [
        (method, reverse(f"cases:{name}", args=args.get(name, [case.pk])))
        for name, methods in METHODS.items()
        for method in methods
    ]


def test_walk_covers_every_case_url():
    names = {
        p.name
        for p in get_resolver("cases.urls").url_patterns
        if "pk" in p.pattern.regex.groupindex
    }
    assert names == set(METHODS)


@pytest.mark.parametrize("intruder", ["other_clinician", "other_secretary", "administrator"])
@pytest.mark.parametrize("htmx", [False, True])
def test_another_centre_gets_404_on_every_case_url(client, request, case, intruder, htmx):
    client.force_login(request.getfixturevalue(intruder))
    headers = {"HX-Request": "true"} if htmx else {}
    data = form_data(case)
    for method, url in _case_urls(case):
        response = getattr(client, method)(
            url, data=data if method == "post" else None, headers=headers
        )
        assert response.status_code == 404, (method, url, response.status_code)
        assert b"FICTIF" not in response.content
    case.refresh_from_db()
    assert case.version == 1
    assert case.treatment_lines.count() == 1
    assert case.metastatic_sites.count() == 1


def test_another_centre_cannot_reach_a_case_through_the_list(client, other_clinician, case):
    client.force_login(other_clinician)
    response = client.get(reverse("cases:list"), {"q": case.patient.family_name})
    assert response.status_code == 200
    assert reverse("cases:detail", args=[case.pk]).encode() not in response.content
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("edit", "get"),
        ("edit", "post"),
        ("panel", "post"),
        ("mark_ready", "post"),
        ("mark_draft", "post"),
        ("line_add", "post"),
        ("line_remove", "post"),
        ("site_add", "post"),
        ("site_remove", "post"),
    ],
)
def test_secretary_of_the_centre_reads_but_never_edits(secretary_client, case, name, method):
    args = {
        "line_remove": [case.pk, case.treatment_lines.get().pk],
        "site_remove": [case.pk, case.metastatic_sites.get().pk],
    }.get(name, [case.pk])
    response = getattr(secretary_client, method)(reverse(f"cases:{name}", args=args), data={})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["detail", "history", "evaluation_json", "timeline_svg"])
def test_secretary_of_the_centre_reads_the_case(secretary_client, case, name):
    assert secretary_client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 200


def test_secretary_cannot_create(secretary_client):
    assert secretary_client.get(reverse("cases:create")).status_code == 403
    assert secretary_client.post(reverse("cases:create_panel"), {}).status_code == 403


def test_administrator_has_no_case_list(admin_client_role):
    assert admin_client_role.get(reverse("cases:list")).status_code == 403


def test_rows_of_another_case_are_404_even_for_the_right_centre(clinician_client, case, centre):
    other = metastatic_case(centre=centre)
    line = TreatmentLineFactory(case=other)
    site = MetastaticSiteFactory(case=other, site="bone")
    url = reverse("cases:line_remove", args=[case.pk, line.pk])
    assert clinician_client.post(url).status_code == 404
    url = reverse("cases:site_remove", args=[case.pk, site.pk])
    assert clinician_client.post(url).status_code == 404
    assert other.treatment_lines.count() == 1


def test_cases_for_user_is_scoped_by_centre(
    case, clinician, secretary, other_clinician, administrator
):
    assert list(cases_for_user(clinician)) == [case]
    assert list(cases_for_user(secretary)) == [case]
    assert list(cases_for_user(other_clinician)) == []
    assert list(cases_for_user(administrator)) == []


def test_user_without_centre_sees_nothing(db, case):
    user = UserFactory(centre=None, role="clinician")
    assert list(cases_for_user(user)) == []


def test_get_case_for_user(case, clinician, other_clinician, administrator):
    assert get_case_for_user(clinician, case.pk) == case
    assert get_case_for_user(clinician, str(case.pk), for_update=True) == case
    for user in (other_clinician, administrator):
        with pytest.raises(Http404):
            get_case_for_user(user, case.pk)
    with pytest.raises(Http404):
        get_case_for_user(clinician, "not-a-number")
    with pytest.raises(Http404):
        get_case_for_user(clinician, 999999)


@pytest.mark.parametrize(
    ("who", "status", "allowed"),
    [
        ("clinician", Case.Status.DRAFT, True),
        ("clinician", Case.Status.READY, True),
        ("clinician", Case.Status.REGISTERED, True),
        ("clinician", Case.Status.DISCUSSED, False),
        ("secretary", Case.Status.DRAFT, False),
        ("administrator", Case.Status.DRAFT, False),
        ("other_clinician", Case.Status.DRAFT, False),
    ],
)
def test_can_edit_case(request, case, who, status, allowed):
    case.status = status
    assert can_edit_case(request.getfixturevalue(who), case) is allowed


def test_discussed_case_is_read_only_in_the_browser(clinician_client, case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DISCUSSED)
    assert clinician_client.get(reverse("cases:edit", args=[case.pk])).status_code == 403
    page = clinician_client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert reverse("cases:edit", args=[case.pk]).encode() not in page.content
