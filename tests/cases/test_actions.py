"""Writes on cases: atomic, history recorded, refusals leave nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases import actions
from cases.models import Case, Patient, TreatmentLine
from tests.cases.factories import CaseFactory, PatientFactory, TreatmentLineFactory, metastatic_case

PATIENT = {
    "family_name": "ACTION-TEST",
    "given_names": "Sacha",
    "birth_date": dt.date(1970, 1, 1),
    "sex": "M",
    "ipp": "ACT-1",
    "ins": "",
    "ins_status": "",
}
CASE = {"referring_physician": "Dr Fictif", "reason": "new_diagnosis", "histology": "typical"}


def test_create_case_is_atomic(centre, clinician):
    with pytest.raises(ValidationError):
        actions.create_case(
            centre=centre,
            patient_fields=PATIENT,
            case_fields={**CASE, "tnm_m": "M1a", "disease_extent": "localized"},
            by=clinician,
        )
    assert Patient.objects.count() == 0 and Case.objects.count() == 0


def test_create_case_records_history(centre, clinician):
    case = actions.create_case(
        centre=centre, patient_fields=PATIENT, case_fields=CASE, by=clinician
    )
    assert case.history.get().history_user == clinician
    assert case.created_by == clinician


def test_changing_the_ipp_to_another_patients_is_refused(centre, clinician):
    PatientFactory(centre=centre, ipp="TAKEN")
    case = CaseFactory(centre=centre)
    with pytest.raises(ValidationError) as refused:
        actions.update_case(
            case=case,
            patient_fields={"ipp": "TAKEN"},
            case_fields={},
            expected_version=1,
            by=clinician,
        )
    assert "ipp" in refused.value.message_dict
    case.refresh_from_db()
    assert case.version == 1


def test_patient_unchanged_is_not_saved_again(centre, clinician):
    case = CaseFactory(centre=centre)
    actions.update_case(
        case=case,
        patient_fields={"given_names": case.patient.given_names},
        case_fields={"question": "Autre ?"},
        expected_version=1,
        by=clinician,
    )
    assert case.patient.history.count() == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda case, by: actions.add_treatment_line(
            case=case, by=by, treatment="everolimus", start_date=dt.date(2024, 1, 1)
        ),
        lambda case, by: actions.add_metastatic_site(case=case, by=by, site="bone"),
        lambda case, by: actions.remove_treatment_line(line=TreatmentLineFactory(case=case), by=by),
        lambda case, by: actions.update_case(
            case=case, patient_fields={}, case_fields={"question": "?"}, expected_version=1, by=by
        ),
    ],
)
def test_a_discussed_case_is_frozen(centre, clinician, write):
    case = metastatic_case(centre=centre, status=Case.Status.DISCUSSED)
    lines = TreatmentLine.objects.count()
    with pytest.raises(ValidationError, match="discuté"):
        write(case, clinician)
    case.refresh_from_db()
    assert case.version == 1
    assert TreatmentLine.objects.count() <= lines + 1  # only the factory's row, if any


def test_mark_ready_only_from_draft(centre, clinician):
    case = metastatic_case(centre=centre, status=Case.Status.REGISTERED)
    with pytest.raises(ValidationError, match="Seul un brouillon"):
        actions.mark_case_ready(case=case, by=clinician)
    with pytest.raises(ValidationError, match="Seul un dossier prêt"):
        actions.mark_case_draft(case=case, by=clinician)


def test_mark_ready_refusal_lists_problems(centre, clinician):
    case = CaseFactory(centre=centre, disease_extent="", tnm_m="", question="")
    with pytest.raises(actions.CaseNotReady) as refused:
        actions.mark_case_ready(case=case, by=clinician)
    assert refused.value.problems == [
        "Extension de la maladie",
        "Question posée à la RCP",
    ]


def test_a_registered_case_stays_editable_while_complete(centre, clinician):
    case = metastatic_case(centre=centre, status=Case.Status.REGISTERED)
    result = actions.update_case(
        case=case,
        patient_fields={},
        case_fields={"ki67_percent": 9},
        expected_version=1,
        by=clinician,
    )
    assert result.case.status == Case.Status.REGISTERED and not result.demoted


def test_row_changes_touch_the_case_without_a_case_history_entry(centre, clinician):
    case = metastatic_case(centre=centre)
    before = Case.objects.get(pk=case.pk).updated_at
    actions.add_metastatic_site(case=case, by=clinician, site="bone")
    after = Case.objects.get(pk=case.pk)
    assert after.updated_at >= before
    assert case.history.count() == 1
    with pytest.raises(ValidationError):
        actions.add_metastatic_site(case=case, by=clinician, site="bone")
