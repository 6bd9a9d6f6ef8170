"""The FHIR R4 bundle: parses with the fhir.resources R4B models and carries the codes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from fhir.resources.R4B.bundle import Bundle

from audit.models import AccessLog
from cases.models import Case, Patient, TreatmentLine
from interop.exports import case_fhir_json
from interop.fhir import build_case_bundle, to_json
from tests.interop.samples import case_record


def resources(bundle_json: str) -> dict[str, list[dict]]:
    bundle = Bundle.model_validate_json(bundle_json)  # the R4B models accept it
    found: dict[str, list[dict]] = {}
    for entry in json.loads(bundle_json)["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    assert len(bundle.entry) == sum(len(v) for v in found.values())
    return found


def codings(resource, path="code"):
    return [(c["system"], c["code"]) for c in resource[path].get("coding", [])]


def test_bundle_has_every_resource_kind_and_the_codes():
    found = resources(to_json(build_case_bundle(case_record())))
    assert set(found) == {
        "Patient", "Condition", "Observation", "Procedure", "MedicationStatement", "CarePlan"
    }  # fmt: skip
    condition = found["Condition"][0]
    assert ("http://hl7.org/fhir/sid/icd-10", "C34.9") in codings(condition)
    morphology = condition["extension"][0]["valueCodeableConcept"]["coding"][0]
    assert morphology["code"] == "8249/3"
    assert len(condition["stage"][0]["assessment"]) == 3
    loinc = {c for o in found["Observation"] for s, c in codings(o) if s == "http://loinc.org"}
    assert loinc == {"21905-5", "21906-3", "21907-1"}
    local = {c for o in found["Observation"] for s, c in codings(o) if s != "http://loinc.org"}
    assert {"ki67-index", "mitotic-count", "sstr_imaging"} <= local


def test_board_review_procedure_and_proposal_care_plan():
    found = resources(to_json(build_case_bundle(case_record())))
    review = [
        p
        for p in found["Procedure"]
        if ("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C93304") in codings(p)
    ]
    assert len(review) == 1  # fmt: skip
    plan = found["CarePlan"][0]
    assert plan["intent"] == "proposal" and plan["status"] == "active"
    descriptions = [a["detail"]["description"] for a in plan["activity"]]
    assert descriptions[0] == "RIV Lutathera® (177Lu-DOTATATE) — CPC"
    assert [a["detail"]["kind"] for a in plan["activity"]] == ["MedicationRequest"] * 2


def test_treatment_lines_as_procedure_or_medication_statement():
    found = resources(to_json(build_case_bundle(case_record(review=False))))
    assert "CarePlan" not in found
    assert found["MedicationStatement"][0]["medicationCodeableConcept"]["text"] == (
        "ASM à visée antitumorale"
    )
    assert found["MedicationStatement"][0]["status"] == "active"
    assert found["Procedure"][0]["code"]["text"] == "Lobectomie avec curage médiastinal"


def test_same_case_same_ids():
    assert to_json(build_case_bundle(case_record())) == to_json(build_case_bundle(case_record()))


# -- from the database ------------------------------------------------------------------------


@pytest.fixture
def case(centre):
    patient = Patient.objects.create(
        centre=centre,
        family_name="FICTIF-FHIR",
        given_names="Alex",
        birth_date=dt.date(1970, 1, 2),
        sex="M",
        ipp="IPP-FHIR-1",
        ins="1700175123456",
        ins_status=Patient.InsStatus.VALIDATED,
    )
    case = Case.objects.create(
        centre=centre,
        patient=patient,
        referring_physician="Dr Fictif",
        reason="new_diagnosis",
        histology="typical",
        ki67_percent=Decimal("1.5"),
        tnm_t="T1a",
        tnm_n="N0",
        tnm_m="M0",
        sstr_imaging="positive",
    )
    TreatmentLine.objects.create(case=case, treatment="everolimus", start_date=dt.date(2025, 1, 1))
    return case


@pytest.mark.django_db
def test_case_export_from_the_database(case):
    found = resources(case_fhir_json(case))
    patient = found["Patient"][0]
    # Not qualified: the IPP only, with the centre's OID.
    assert [i["value"] for i in patient["identifier"]] == ["IPP-FHIR-1"]
    assert patient["identifier"][0]["system"].startswith("urn:oid:1.2.250.1.999.1.2.")
    condition = found["Condition"][0]
    assert condition["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "8240/3"


@pytest.mark.django_db
def test_qualified_identity_exports_the_ins(case):
    Patient.objects.filter(pk=case.patient_id).update(
        ins="170017512345659", ins_status=Patient.InsStatus.QUALIFIED
    )
    case.refresh_from_db()
    patient = resources(case_fhir_json(case))["Patient"][0]
    assert [i["value"] for i in patient["identifier"]] == ["170017512345659", "IPP-FHIR-1"]


@pytest.mark.django_db
def test_download_is_logged_and_another_centre_gets_404(
    case, clinician_client, client, other_clinician
):
    response = clinician_client.get(f"/echanges/dossier/{case.pk}/fhir.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    resources(response.content.decode())
    assert (
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT_FHIR, case_id=case.pk).count() == 1
    )
    client.force_login(other_clinician)
    assert client.get(f"/echanges/dossier/{case.pk}/fhir.json").status_code == 404


@pytest.mark.django_db
def test_export_fhir_command(case, tmp_path):
    target = tmp_path / "case.json"
    call_command("export_fhir", "--case", str(case.pk), "-o", str(target))
    resources(target.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_export_fhir_command_unknown_case():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="introuvable"):
        call_command("export_fhir", "--case", "999999")


@pytest.mark.django_db
def test_every_demo_case_exports_a_bundle_that_parses():
    call_command("load_demo", verbosity=0)
    demo = list(Case.objects.all())
    assert demo
    for case in demo:
        found = resources(case_fhir_json(case))
        assert found["Condition"][0]["code"]["coding"][0]["code"].startswith("C34")
