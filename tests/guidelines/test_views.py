import json

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelines import engine

pytestmark = pytest.mark.django_db

URL = "/api/guidelines/evaluate"


def _post(client, payload):
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json")


def test_url_is_the_contract_one():
    assert reverse("guidelines:evaluate_api") == URL


def test_evaluates_valid_facts(clinician_client):
    response = _post(clinician_client, {"histology": "typical", "disease_extent": "metastatic"})
    assert response.status_code == 200
    data = response.json()
    assert data["setting"] == "metastatic"
    assert data["engine_version"] == engine.ENGINE_VERSION
    assert any(a["code"] == "rcp_renaten_required" for a in data["alerts"])


def test_bad_facts_answer_400_with_field_errors(secretary_client):
    response = _post(secretary_client, {"histology": "x", "ki67_percent": -3, "colour": "red"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"histology", "ki67_percent", "disease_extent", "colour"} <= set(errors)


@pytest.mark.parametrize("body", [b"{oops", b"", b"\xff\xfe", b"[]", b'"text"'])
def test_malformed_bodies_answer_400(clinician_client, body):
    response = _post(clinician_client, body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_oversized_body_is_refused(clinician_client):
    response = _post(clinician_client, b'{"histology": "' + b"a" * 70_000 + b'"}')
    assert response.status_code == 413


def test_get_is_not_allowed(clinician_client):
    assert clinician_client.get(URL).status_code == 405


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.text(max_size=30),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=200),
            st.lists(st.text(max_size=20), max_size=5),
        ),
        max_size=8,
    )
)
def test_hostile_payloads_never_crash(clinician_client, payload):
    response = _post(clinician_client, payload)
    assert response.status_code in (200, 400)


def test_referentiel_page_lists_every_rule_with_its_citation(clinician_client):
    response = clinician_client.get(reverse("guidelines:referentiel"))
    assert response.status_code == 200
    html = response.content.decode()
    for rule in engine.RULES:
        assert f'id="rule-{rule.id}"' in html
        assert escape(rule.title) in html
    assert "Hors AMM" in html
    assert escape(engine.REFERENTIEL) in html
    # The CPC condition for Lutathera is shown with its status.
    assert "compassionnelle" in html


def test_contradictory_facts_answer_400_naming_both_fields(clinician_client):
    facts = {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": False,
        "surgical_contraindication": False,
        "metastatic_sites": ["liver"],
    }
    response = _post(clinician_client, facts)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"disease_extent", "metastatic_sites"} <= set(errors)
