"""Server-side validation: French messages next to the fields, nothing half-saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.forms import CASE_FIELDS, CaseForm, PatientForm, TreatmentLineForm
from cases.models import Case, Patient, TreatmentLine, ins_key_is_valid
from tests.cases.helpers import form_data

TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
VALID_INS_15 = "1640699123456" + f"{97 - 1640699123456 % 97:02d}"


@pytest.mark.parametrize(
    ("fields", "patient", "field", "message"),
    [
        ({"ki67_percent": "101"}, {}, "ki67_percent", "inférieure ou égale à 100"),
        ({"ki67_percent": "-1"}, {}, "ki67_percent", "supérieure ou égale à 0"),
        ({"ki67_percent": "abc"}, {}, "ki67_percent", "Saisissez un nombre"),
        ({"mitoses_per_2mm2": "-3"}, {}, "mitoses_per_2mm2", "supérieure ou égale à 0"),
        ({"surgery_date": TOMORROW}, {}, "surgery_date", "ne peut pas être dans le futur"),
        (
            {"sstr_imaging": "positive", "sstr_imaging_date": TOMORROW},
            {},
            "sstr_imaging_date",
            "futur",
        ),
        ({"progression_imaging_2_date": TOMORROW}, {}, "progression_imaging_2_date", "futur"),
        ({}, {"birth_date": TOMORROW}, "birth_date", "futur"),
        (
            {
                "progression_imaging_1_date": "2025-06-01",
                "progression_imaging_2_date": "2025-01-01",
            },
            {},
            "progression_imaging_2_date",
            "postérieure à l'imagerie de référence",
        ),
        ({"tnm_m": "M1a", "disease_extent": "localized"}, {}, "tnm_m", "M1 suppose"),
        (
            {"tnm_m": "M1c", "disease_extent": "locally_advanced_inoperable"},
            {},
            "tnm_m",
            "M1 suppose",
        ),
        ({"tnm_m": "M0", "disease_extent": "metastatic"}, {}, "tnm_m", "ne peut pas être M0"),
        ({"clinical_trial_nct": "NCT123"}, {}, "clinical_trial_nct", "NCT suivi de 8 chiffres"),
        ({"clinical_trial_nct": "ABC12345678"}, {}, "clinical_trial_nct", "NCT"),
        (
            {"surgery_done": "false", "surgery_type": "lobectomy"},
            {},
            "surgery_type",
            "Incompatible",
        ),
        (
            {"fdg_pet": "not_done", "fdg_pet_date": "2025-01-01"},
            {},
            "fdg_pet_date",
            "examen réalisé",
        ),
        ({"who_performance_status": "7"}, {}, "who_performance_status", "Sélectionnez un choix"),
        ({"histology": "small_cell"}, {}, "histology", "Sélectionnez un choix valide"),
        ({"planned_procedures": ["teleportation"]}, {}, "planned_procedures", "choix valide"),
        ({"contraindications": ["magic"]}, {}, "contraindications", "choix valide"),
        ({"reason": ""}, {}, "reason", "obligatoire"),
        ({"referring_physician": "  "}, {}, "referring_physician", "obligatoire"),
        ({}, {"ins": "12345", "ins_status": "qualified"}, "ins", "INS invalide"),
        ({}, {"ins": "3640699123456", "ins_status": "qualified"}, "ins", "INS invalide"),
        ({}, {"ins": "164069912345601", "ins_status": "qualified"}, "ins", "clé de contrôle"),
        ({}, {"ins": VALID_INS_15, "ins_status": ""}, "ins_status", "statut"),
        ({}, {"ins": "", "ins_status": "qualified"}, "ins", "identité qualifiée"),
        ({}, {"family_name": ""}, "family_name", "obligatoire"),
        ({}, {"ipp": ""}, "ipp", "obligatoire"),
    ],
)
def test_create_refuses_bad_input_with_a_message_next_to_the_field(
    clinician_client, fields, patient, field, message
):
    response = clinician_client.post(reverse("cases:create"), form_data(patient=patient, **fields))
    assert response.status_code == 400
    form_name = "patient_form" if field in patient or field in PatientForm.base_fields else "form"
    errors = response.context[form_name].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    # Shown in the page, next to the field (inside its .field-error block).
    html = response.content.decode()
    assert "field-error" in html
    assert Case.objects.count() == 0
    assert Patient.objects.count() == 0


def test_valid_ins_key_is_accepted():
    assert ins_key_is_valid(VALID_INS_15)
    assert ins_key_is_valid("1640699123456")  # 13 digits: no key to check
    assert not ins_key_is_valid("164069912345601")


def test_a_draft_may_be_incomplete(clinician_client):
    data = form_data(
        histology="",
        histology_source="",
        ki67_percent="",
        tnm_t="",
        tnm_n="",
        tnm_m="",
        disease_extent="",
        carcinoid_syndrome="",
        question="",
    )
    response = clinician_client.post(reverse("cases:create"), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == Case.Status.DRAFT
    assert case.histology == ""
    assert case.ki67_percent is None


def test_nct_is_normalised(clinician_client):
    response = clinician_client.post(
        reverse("cases:create"), form_data(clinical_trial_nct=" nct04665739 ")
    )
    assert response.status_code == 302
    assert Case.objects.get().clinical_trial_nct == "NCT04665739"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_date": "2025-03-01", "end_date": "2025-01-01"}, "end_date", "postérieure"),
        ({"start_date": TOMORROW}, "start_date", "futur"),
        ({"start_date": "2025-01-01", "end_date": TOMORROW}, "end_date", "futur"),
        ({"start_date": "2025-01-01", "reason_stopped": "progression"}, "end_date", "date de fin"),
        ({"start_date": ""}, "start_date", "obligatoire"),
        ({"start_date": "2025-01-01", "treatment": "homeopathy"}, "treatment", "choix valide"),
    ],
)
def test_treatment_line_form_validation(db, data, field, message):
    payload = {"treatment": "everolimus", "best_response": "stable", **data}
    form = TreatmentLineForm({f"line-{k}": v for k, v in payload.items()})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_end_date_may_equal_start_date(db):
    form = TreatmentLineForm(
        {
            "line-treatment": "liver_embolization",
            "line-start_date": "2025-01-01",
            "line-end_date": "2025-01-01",
            "line-best_response": "not_evaluated",
            "line-reason_stopped": "completed",
        }
    )
    assert form.is_valid(), form.errors


def test_nullable_booleans_are_yes_no_unknown(db):
    form = CaseForm()
    html = str(form["surgery_done"])
    assert "Inconnu" in html and "Oui" in html and "Non" in html
    bound = CaseForm(form_data(surgery_done="unknown", necrosis="true", cushing_syndrome="false"))
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["surgery_done"] is None
    assert bound.cleaned_data["necrosis"] is True
    assert bound.cleaned_data["cushing_syndrome"] is False


def test_every_case_field_is_in_the_form():
    assert set(CASE_FIELDS) <= set(CaseForm.base_fields)


def test_form_choices_have_a_french_blank(db):
    form = CaseForm()
    assert form.fields["histology"].choices[0] == ("", "Non renseigné")
    assert form.fields["surgery_date"].widget.attrs["max"] == timezone.localdate().isoformat()


FIELDS = sorted(
    {f"patient-{name}" for name in PatientForm.base_fields} | set(CASE_FIELDS) | {"version"}
)
junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "101", "1e309", "NaN", "2999-01-01", "0000-00-00", "true", "M1a"]),
    st.integers().map(str),
    st.lists(st.text(max_size=10), max_size=3),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.sampled_from(FIELDS), junk, max_size=12))
def test_bad_input_never_crashes_and_never_half_saves(clinician_client, overrides):
    data = form_data()
    data.update(overrides)
    patients, cases = Patient.objects.count(), Case.objects.count()
    response = clinician_client.post(reverse("cases:create"), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert (Patient.objects.count(), Case.objects.count()) == (patients, cases)
    else:
        assert Case.objects.count() == cases + 1
    panel = clinician_client.post(
        reverse("cases:create_panel"), data, headers={"HX-Request": "true"}
    )
    assert panel.status_code == 200
    assert TreatmentLine.objects.count() == 0


def test_labels_read_alike_and_empty_choices_say_non_renseigne(db):
    from cases.forms import CaseForm, MetastaticSiteForm, PatientForm, TreatmentLineForm

    for form in (PatientForm(), CaseForm(), TreatmentLineForm(), MetastaticSiteForm()):
        for name, field in form.fields.items():
            label = str(field.label or "")
            if name == "version":
                continue
            assert label[:1].isupper() and not label.rstrip().endswith((":", ".")), label
        assert "---------" not in form.as_div()


def test_sections_that_do_not_apply_are_folded(db):
    from cases.forms import CaseForm
    from tests.cases.factories import CaseFactory

    def folds(case):
        return {
            s["legend"]: s["fold"]["open"] for s in CaseForm(instance=case).sections() if s["fold"]
        }

    localised = folds(CaseFactory(disease_extent="localized", surgery_done=False))
    assert localised == {"Chirurgie": False, "Maladie métastatique": False}
    operated = folds(CaseFactory(disease_extent="metastatic", surgery_done=True))
    assert operated == {"Chirurgie": True, "Maladie métastatique": True}
    unknown = folds(CaseFactory(disease_extent="", surgery_done=None))
    assert unknown == {"Chirurgie": False, "Maladie métastatique": True}


def test_contradictory_syndrome_facts_are_a_form_error_on_both_fields():
    """Issue 12, class 1: a crisis with "no syndrome" is refused next to both fields."""
    from django.core.exceptions import ValidationError

    from cases.models import Case

    case = Case(carcinoid_syndrome="none", carcinoid_crisis=True)
    try:
        case.clean()
    except ValidationError as error:
        assert {"carcinoid_crisis", "carcinoid_syndrome"} <= set(error.message_dict)
    else:  # pragma: no cover - the assertion message is the point
        raise AssertionError("contradiction accepted")


def test_m1_with_a_localised_extent_is_an_error_on_both_fields():
    from django.core.exceptions import ValidationError

    from cases.models import Case

    case = Case(tnm_m="M1a", disease_extent="localized")
    try:
        case.clean()
    except ValidationError as error:
        assert {"tnm_m", "disease_extent"} <= set(error.message_dict)
    else:  # pragma: no cover
        raise AssertionError("contradiction accepted")
