"""Two people editing the same case: the second save is refused, their input kept."""

import pytest
from django.test import Client
from django.urls import reverse

from cases import actions
from cases.models import Case
from tests.cases.factories import metastatic_case
from tests.cases.helpers import form_data
from tests.factories import UserFactory


@pytest.fixture
def case(centre):
    return metastatic_case(centre=centre)


@pytest.fixture
def second_clinician(centre):
    return UserFactory(
        username="clin2", first_name="Camille", last_name="Seconde", centre=centre, role="clinician"
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_save_from_the_same_version_is_refused(clinician, second_clinician, case):
    first, second = _client(clinician), _client(second_clinician)
    url = reverse("cases:edit", args=[case.pk])
    # Both open the form at version 1.
    mine = form_data(case, question="Question de la première clinicienne")
    theirs = form_data(case, question="Question de la seconde", ki67_percent="20")
    assert mine["version"] == theirs["version"] == "1"

    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)

    assert response.status_code == 409
    html = response.content.decode()
    full_name = clinician.get_full_name()
    assert f"Ce dossier a été modifié par {full_name} à" in html
    assert "pendant votre saisie" in html
    # The second user's input is kept in the form...
    assert "Question de la seconde" in html
    assert 'value="20"' in html
    # ...with what was saved meanwhile shown next to the field,
    assert "Version enregistrée entre-temps" in html
    assert "Question de la première clinicienne" in html
    # and nothing of theirs overwrote the first save.
    case.refresh_from_db()
    assert case.question == "Question de la première clinicienne"
    assert float(case.ki67_percent) == 8
    assert case.version == 2
    # The re-rendered form now carries the current version: saving again is deliberate.
    assert response.context["version_value"] == 2
    theirs["version"] = "2"
    assert second.post(url, theirs).status_code == 302
    case.refresh_from_db()
    assert case.question == "Question de la seconde" and case.version == 3


def _conflict(first_client, second_client, case, **first_change):
    """The first saves `first_change`; the second then saves the unchanged version-1 form."""
    url = reverse("cases:edit", args=[case.pk])
    stale = form_data(case)
    assert first_client.post(url, form_data(case, **first_change)).status_code == 302
    response = second_client.post(url, stale)
    assert response.status_code == 409
    return response


@pytest.mark.parametrize(
    ("name", "saved", "shown"),
    [("symptomatic", False, "Non"), ("who_performance_status", 0, "0")],
)
def test_a_change_between_no_or_zero_and_unknown_is_flagged(
    clinician, second_clinician, case, name, saved, shown
):
    assert getattr(case, name) is None  # the stale form says "unknown"
    response = _conflict(_client(clinician), _client(second_clinician), case, **{name: saved})
    assert response.context["conflict_fields"] == {name: shown}
    assert f"Version enregistrée entre-temps : <strong>{shown}</strong>" in (
        response.content.decode()
    )


def test_a_list_field_meanwhile_is_shown_with_its_french_labels(clinician, second_clinician, case):
    response = _conflict(
        _client(clinician),
        _client(second_clinician),
        case,
        planned_procedures=["prrt", "liver_surgery"],
    )
    shown = "RIV (Lutathera®), Chirurgie hépatique"
    assert response.context["conflict_fields"] == {"planned_procedures": shown}
    html = response.content.decode()
    assert f"<strong>{shown}</strong>" in html
    assert "[&#x27;prrt&#x27;" not in html


def test_a_status_change_meanwhile_also_refuses_the_stale_form(clinician_client, case, clinician):
    stale = form_data(case, question="Saisie commencée avant")
    actions.mark_case_ready(case=case, by=clinician)
    response = clinician_client.post(reverse("cases:edit", args=[case.pk]), stale)
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.question != "Saisie commencée avant"
    assert case.status == Case.Status.READY


def test_update_case_claims_the_version_atomically(case, clinician):
    values = {"question": "Q1"}
    actions.update_case(
        case=case, patient_fields={}, case_fields=values, expected_version=1, by=clinician
    )
    with pytest.raises(actions.CaseConflict) as conflict:
        actions.update_case(
            case=case,
            patient_fields={},
            case_fields={"question": "Q2"},
            expected_version=1,
            by=clinician,
        )
    assert conflict.value.current.version == 2
    assert clinician.username in conflict.value.message or clinician.get_full_name() in (
        conflict.value.message
    )
    case.refresh_from_db()
    assert case.question == "Q1" and case.version == 2


def test_refused_validation_does_not_consume_the_version(case, clinician):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.update_case(
            case=case,
            patient_fields={},
            case_fields={"tnm_m": "M0"},  # contradicts the metastatic extent
            expected_version=1,
            by=clinician,
        )
    case.refresh_from_db()
    assert case.version == 1 and case.tnm_m == "M1b"


def test_missing_version_is_a_conflict(case, clinician_client):
    data = form_data(case)
    del data["version"]
    response = clinician_client.post(reverse("cases:edit", args=[case.pk]), data)
    assert response.status_code == 409
