"""Case list: search, filters, pagination, and a query count that does not grow."""

import pytest
from django.urls import reverse

from cases.models import Case
from tests.cases.factories import CaseFactory, PatientFactory, TreatmentLineFactory, metastatic_case


def _make(centre, n):
    for index in range(n):
        case = CaseFactory(centre=centre) if index % 2 else metastatic_case(centre=centre)
        TreatmentLineFactory(case=case)


def _names(response):
    return [case.patient.family_name for case in response.context["page"].object_list]


def test_query_count_does_not_grow_with_the_number_of_cases(
    clinician_client, centre, django_assert_num_queries
):
    _make(centre, 5)
    url = reverse("cases:list")
    clinician_client.get(url)  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert clinician_client.get(url).status_code == 200
    _make(centre, 195)
    assert Case.objects.filter(centre=centre).count() == 200
    with django_assert_num_queries(len(few.captured_queries)):
        response = clinician_client.get(url)
    assert len(response.context["page"].object_list) == 25
    with django_assert_num_queries(len(few.captured_queries)):
        clinician_client.get(url, {"page": 8, "status": "draft"})


def test_search_by_name_and_ipp(clinician_client, centre):
    CaseFactory(
        centre=centre,
        patient=PatientFactory(centre=centre, family_name="DURAND-TEST", ipp="IPP-111"),
    )
    CaseFactory(
        centre=centre,
        patient=PatientFactory(centre=centre, family_name="LEGRAND-TEST", ipp="IPP-222"),
    )
    url = reverse("cases:list")
    assert _names(clinician_client.get(url, {"q": "durand"})) == ["DURAND-TEST"]
    assert _names(clinician_client.get(url, {"q": "IPP-222"})) == ["LEGRAND-TEST"]
    assert sorted(_names(clinician_client.get(url, {"q": "test"}))) == [
        "DURAND-TEST",
        "LEGRAND-TEST",
    ]
    assert _names(clinician_client.get(url, {"q": "inconnu"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "ready"}, {"READY-TEST"}),
        ({"histology": "atypical"}, {"META-TEST", "READY-TEST"}),
        ({"extent": "metastatic"}, {"META-TEST", "READY-TEST"}),
        ({"extent": "localized"}, {"LOCAL-TEST"}),
        ({"extent": "metastatic", "status": "draft"}, {"META-TEST"}),
        ({"status": "nonsense"}, {"META-TEST", "READY-TEST", "LOCAL-TEST"}),
    ],
)
def test_filters(clinician_client, centre, params, expected):
    metastatic_case(centre=centre, patient=PatientFactory(centre=centre, family_name="META-TEST"))
    metastatic_case(
        centre=centre,
        status=Case.Status.READY,
        patient=PatientFactory(centre=centre, family_name="READY-TEST"),
    )
    CaseFactory(centre=centre, patient=PatientFactory(centre=centre, family_name="LOCAL-TEST"))
    response = clinician_client.get(reverse("cases:list"), params)
    assert response.status_code == 200
    assert set(_names(response)) == expected


def test_pagination_keeps_the_filters(clinician_client, centre):
    for _ in range(30):
        CaseFactory(centre=centre)
    response = clinician_client.get(reverse("cases:list"), {"status": "draft"})
    page = response.context["page"]
    assert page.paginator.num_pages == 2 and len(page.object_list) == 25
    assert "status=draft&amp;page=2" in response.content.decode()
    second = clinician_client.get(reverse("cases:list"), {"status": "draft", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert clinician_client.get(reverse("cases:list"), {"page": "zz"}).status_code == 200


def test_htmx_gets_the_table_only(clinician_client, centre):
    CaseFactory(centre=centre)
    response = clinician_client.get(
        reverse("cases:list"), {"q": ""}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="case-table">')
    assert "<html" not in html


def test_each_row_counts_its_treatment_lines(clinician_client, centre):
    CaseFactory(centre=centre, patient=PatientFactory(centre=centre, family_name="ZERO"))
    two = CaseFactory(centre=centre, patient=PatientFactory(centre=centre, family_name="DEUX"))
    TreatmentLineFactory.create_batch(2, case=two)
    response = clinician_client.get(reverse("cases:list"))
    counts = {case.patient.family_name: case.line_count for case in response.context["page"]}
    assert counts == {"ZERO": 0, "DEUX": 2}
    assert "<td>2</td>" in response.content.decode()
