"""From the app's records to the exchange inputs (`interop.documents`, `interop.fhir`).

The only module of the app that reads models for the exports; the builders stay pure.
Identifiers come from the INTEROP_* settings (placeholders documented in renaten/settings.py).
"""

from __future__ import annotations

from django.conf import settings

from cases import choices
from cases.models import Case, Patient, TreatmentLine
from interop import codes
from interop.documents import Address, Identifier, Organisation, PatientIdentity, TumourDiagnosis
from interop.fhir import CaseRecord, ImagingResult, TreatmentLineData


def org_oid(*suffix) -> str:
    return ".".join([settings.INTEROP_ORG_OID, *(str(s) for s in suffix)])


def local_code_system() -> str:
    """The app's own codes (contract option codes, Ki-67, imaging keys) in FHIR."""
    return f"urn:oid:{org_oid(20)}"


def centre_ipp_root(centre) -> str:
    mapping = settings.INTEROP_CENTRE_IPP_OIDS
    return mapping.get(centre.finess) or mapping.get(str(centre.pk)) or org_oid(2, centre.pk)


def centre_organisation(centre) -> Organisation:
    """A centre with its FINESS (ANS: root 1.2.250.1.71.4.2.2, extension "1" + FINESS)."""
    if centre.finess:
        identifier = Identifier(codes.FINESS_OID, f"1{centre.finess}")
    else:
        identifier = Identifier(org_oid(6), str(centre.pk))
    return Organisation(
        name=centre.name, identifier=identifier, address=Address(city=centre.city or "")
    )


def patient_identity(patient: Patient) -> PatientIdentity:
    """INS only with a qualified identity (kept even if not, but never exported as such)."""
    ins = Identifier(settings.INTEROP_INS_OID, patient.ins) if patient.ins else None
    return PatientIdentity(
        family=patient.family_name,
        given=patient.given_names,
        sex=patient.sex,
        birth_date=patient.birth_date,
        ipp=Identifier(centre_ipp_root(patient.centre), patient.ipp),
        ins=ins,
        ins_qualified=patient.ins_status == Patient.InsStatus.QUALIFIED,
    )


def tumour_diagnosis(case: Case) -> TumourDiagnosis:
    """ICD-10 C34.9: the case form does not record the lobe, so the site stays unspecified."""
    morphology = codes.MORPHOLOGY.get(case.histology)
    label = case.get_histology_display() if case.histology else "Histologie non renseignée"
    return TumourDiagnosis(
        topography=codes.topography(codes.TOPOGRAPHY_UNSPECIFIED),
        morphology=morphology,
        morphology_text=label,
        t=case.tnm_t,
        n=case.tnm_n,
        m=case.tnm_m,
    )


IMAGING_FIELDS = ("sstr_imaging", "fdg_pet")


def _treatment_line(line: TreatmentLine) -> TreatmentLineData:
    outcome = line.get_best_response_display()
    if line.reason_stopped:
        outcome = f"{outcome} ; arrêt : {line.get_reason_stopped_display()}"
    return TreatmentLineData(
        code=line.treatment,
        label=line.get_treatment_display(),
        start=line.start_date,
        end=line.end_date,
        outcome=outcome,
    )


def case_record(case: Case, review=None) -> CaseRecord:
    imaging = tuple(
        ImagingResult(
            key=name,
            label=str(Case._meta.get_field(name).verbose_name),
            result=getattr(case, name),
            result_label=dict(choices.Imaging.choices)[getattr(case, name)],
            on=getattr(case, f"{name}_date"),
        )
        for name in IMAGING_FIELDS
        if getattr(case, name) in (choices.Imaging.POSITIVE, choices.Imaging.NEGATIVE)
    )
    return CaseRecord(
        case_id=case.pk,
        patient=patient_identity(case.patient),
        diagnosis=tumour_diagnosis(case),
        local_system=local_code_system(),
        ki67_percent=case.ki67_percent,
        mitoses_per_2mm2=case.mitoses_per_2mm2,
        imaging=imaging,
        treatment_lines=tuple(_treatment_line(line) for line in case.treatment_lines.all()),
        review=review,
    )
