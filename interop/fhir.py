"""A case as a FHIR R4 (R4B models) collection Bundle, mCODE-shaped where mCODE has the shape.

Resources: Patient (mCODE Cancer Patient), Condition (Primary Cancer Condition: ICD-10 C34.x,
ICD-O-3 morphology, TNM stage references), Observations (TNM categories with their LOINC
codes, Ki-67, mitotic count, functional imaging), MedicationStatement / Procedure per
treatment line, and — once the board has given its opinion — a Procedure for the
tumour-board review (NCIt C93304) and a CarePlan (intent "proposal") with the proposed
treatments as activities. mCODE (STU3) has no tumour-board profile: the review follows the
"Tumor Board Review" Procedure shape, the proposal the "Tumorkonferenz" CarePlan shape.

Every resource is built as a dict and validated by the fhir.resources R4B model: a value the
model refuses raises before anything is returned. Pure module: no Django import.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure

from interop import codes
from interop.documents import PatientIdentity, TumourDiagnosis

MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
GENDER = {"F": "female", "M": "male", "I": "unknown"}
TNM_CATEGORY = {
    "t": ("21905-5", "Primary tumor.clinical [Class] Cancer", "mcode-tnm-primary-tumor-category"),
    "n": (
        "21906-3",
        "Regional lymph nodes.clinical [Class] Cancer",
        "mcode-tnm-regional-nodes-category",
    ),
    "m": (
        "21907-1",
        "Distant metastases.clinical [Class] Cancer",
        "mcode-tnm-distant-metastases-category",
    ),
}


@dataclass(frozen=True)
class TreatmentLineData:
    code: str  # the contract's treatment code (cases.choices.Treatment)
    label: str
    start: date
    end: date | None = None
    outcome: str = ""  # French label of the best response / reason stopped


@dataclass(frozen=True)
class ImagingResult:
    key: str  # "sstr_imaging" | "fdg_pet"
    label: str  # "Imagerie des récepteurs de la somatostatine"
    result: str  # "positive" | "negative"
    result_label: str
    on: date | None = None


@dataclass(frozen=True)
class ProposalData:
    code: str  # contract option code, "" for a free-text proposal
    label: str
    regulatory_label: str = ""  # "CPC", "hors AMM" …


@dataclass(frozen=True)
class BoardReviewData:
    """The board's opinion on the case (from the validated fiche)."""

    board_name: str
    held_at: datetime
    quorum_reached: bool
    outcome_label: str  # "Proposition thérapeutique", "Dossier représenté" …
    proposals: tuple[ProposalData, ...]
    proposal_text: str
    concordance_label: str
    validated: bool
    fiche_version: int


@dataclass(frozen=True)
class CaseRecord:
    case_id: int
    patient: PatientIdentity
    diagnosis: TumourDiagnosis
    local_system: str  # URI of the app's local codes ("urn:oid:<ORG>.20")
    ki67_percent: Decimal | None = None
    mitoses_per_2mm2: Decimal | None = None
    imaging: tuple[ImagingResult, ...] = ()
    treatment_lines: tuple[TreatmentLineData, ...] = ()
    review: BoardReviewData | None = None
    recorded_on: date | None = None


def _is_procedure(option_code: str) -> bool:
    """Surgery, endoscopy, interventional radiology and surveillance are acts, not drugs."""
    return codes.treatment_type(option_code) in {
        codes.SURGERY,
        codes.INTERVENTIONAL_ENDOSCOPY,
        codes.INTERVENTIONAL_RADIOLOGY,
        codes.SURVEILLANCE_ONLY,
    } or option_code in ("bone_local_treatment", "clinical_trial")


class _Ids:
    """Stable urn:uuid ids: the same case exported twice gives the same resource ids."""

    def __init__(self, case_id: int, namespace: str):
        self.base = uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/case/{case_id}")

    def __call__(self, *parts) -> str:
        return str(uuid.uuid5(self.base, "/".join(str(p) for p in parts)))


def _identifier(identifier, use: str) -> dict:
    return {"use": use, "system": f"urn:oid:{identifier.root}", "value": identifier.extension}


def _patient(record: CaseRecord, pid: str) -> Patient:
    person = record.patient
    ids = person.identifiers
    return Patient.model_validate(
        {
            "resourceType": "Patient",
            "id": pid,
            "meta": {"profile": [MCODE + "mcode-cancer-patient"]},
            "identifier": [
                _identifier(ident, "official" if ident is person.ins else "usual") for ident in ids
            ],
            "name": [{"use": "official", "family": person.family, "given": person.given.split()}],
            "gender": GENDER[person.sex],
            "birthDate": person.birth_date.isoformat(),
        }
    )


def _tnm_observations(
    record: CaseRecord, ids: _Ids, subject: dict, focus: dict
) -> list[Observation]:
    dx = record.diagnosis
    found = []
    for key, (loinc, display, profile) in TNM_CATEGORY.items():
        value = getattr(dx, key)
        if not value:
            continue
        found.append(
            Observation.model_validate(
                {
                    "resourceType": "Observation",
                    "id": ids("tnm", key),
                    "meta": {"profile": [MCODE + profile]},
                    "status": "final",
                    "category": [_obs_category("survey")],
                    "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]},
                    "subject": subject,
                    "focus": [focus],
                    "method": {"text": f"TNM UICC {dx.tnm_edition}e édition"},
                    "valueCodeableConcept": {
                        "coding": [
                            {
                                "system": f"urn:oid:{codes.TNM_UICC}",
                                "version": dx.tnm_edition,
                                "code": value,
                            }
                        ],
                        "text": value,
                    },
                }
            )
        )
    return found


def _obs_category(code: str) -> dict:
    return {"coding": [{"system": OBS_CATEGORY, "code": code}]}


def _quantity_obs(record, ids, subject, key, text, value, unit) -> Observation:
    return Observation.model_validate(
        {
            "resourceType": "Observation",
            "id": ids("obs", key),
            "status": "final",
            "category": [_obs_category("laboratory")],
            "code": {"coding": [{"system": record.local_system, "code": key}], "text": text},
            "subject": subject,
            "valueQuantity": {"value": float(value), "unit": unit},
        }
    )


def _imaging_obs(record, ids, subject, result: ImagingResult) -> Observation:
    data = {
        "resourceType": "Observation",
        "id": ids("imaging", result.key),
        "status": "final",
        "category": [_obs_category("imaging")],
        "code": {
            "coding": [{"system": record.local_system, "code": result.key}],
            "text": result.label,
        },
        "subject": subject,
        "valueCodeableConcept": {
            "coding": [{"system": record.local_system, "code": result.result}],
            "text": result.result_label,
        },
    }
    if result.on:
        data["effectiveDateTime"] = result.on.isoformat()
    return Observation.model_validate(data)


def _condition(record, ids, subject, stage_refs) -> Condition:
    dx = record.diagnosis
    data = {
        "resourceType": "Condition",
        "id": ids("condition"),
        "meta": {"profile": [MCODE + "mcode-primary-cancer-condition"]},
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
        "verificationStatus": {"coding": [{"system": CONDITION_VERIFICATION, "code": "confirmed"}]},
        "code": {
            "coding": [
                {"system": ICD10, "code": dx.topography.code, "display": dx.topography.display}
            ],
            "text": dx.morphology_text,
        },
        "bodySite": [{"text": dx.topography.display}],
        "subject": subject,
    }
    if dx.morphology is not None:
        data["extension"] = [
            {
                "url": MCODE + "mcode-histology-morphology-behavior",
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": ICDO3,
                            "code": dx.morphology.code,
                            "display": dx.morphology.display,
                        }
                    ],
                    "text": dx.morphology_text,
                },
            }
        ]
    if dx.diagnosis_date:
        data["onsetDateTime"] = dx.diagnosis_date.isoformat()
    if stage_refs:
        data["stage"] = [
            {
                "summary": {
                    "text": " ".join(getattr(dx, k) for k in ("t", "n", "m") if getattr(dx, k))
                },
                "assessment": stage_refs,
            }
        ]
    return Condition.model_validate(data)


def _treatment(record, ids, subject, condition_ref, index, line: TreatmentLineData):
    period = {"start": line.start.isoformat()}
    if line.end:
        period["end"] = line.end.isoformat()
    concept = {
        "coding": [{"system": record.local_system, "code": line.code, "display": line.label}],
        "text": line.label,
    }
    note = [{"text": line.outcome}] if line.outcome else []
    if _is_procedure(line.code):
        return Procedure.model_validate(
            {
                "resourceType": "Procedure",
                "id": ids("line", index),
                "status": "completed"
                if line.end or line.code != "watchful_waiting"
                else "in-progress",
                "code": concept,
                "subject": subject,
                "performedPeriod": period,
                "reasonReference": [condition_ref],
                "note": note or None,
            }
        )
    return MedicationStatement.model_validate(
        {
            "resourceType": "MedicationStatement",
            "id": ids("line", index),
            "status": "completed" if line.end else "active",
            "medicationCodeableConcept": concept,
            "subject": subject,
            "effectivePeriod": period,
            "reasonReference": [condition_ref],
            "note": note or None,
        }
    )


def _review(record, ids, subject, condition_ref, review: BoardReviewData):
    procedure = Procedure.model_validate(
        {
            "resourceType": "Procedure",
            "id": ids("board-review", review.fiche_version),
            "status": "completed",
            "category": {
                "coding": [
                    {"system": SNOMED, "code": "103693007", "display": "Diagnostic procedure"}
                ]
            },
            "code": {
                "coding": [{"system": NCIT, "code": "C93304", "display": "Tumor Board Review"}],
                "text": f"RCP — {review.board_name}",
            },
            "subject": subject,
            "performedDateTime": review.held_at.isoformat(),
            "reasonReference": [condition_ref],
            "outcome": {"text": review.outcome_label},
            "note": [{"text": "Quorum atteint" if review.quorum_reached else "Quorum non atteint"}],
        }
    )
    activities = []
    for proposal in review.proposals:
        kind = "ServiceRequest" if _is_procedure(proposal.code) else "MedicationRequest"
        description = proposal.label
        if proposal.regulatory_label:
            description = f"{proposal.label} — {proposal.regulatory_label}"
        coding = []
        if proposal.code:
            coding = [
                {"system": record.local_system, "code": proposal.code, "display": proposal.label}
            ]
        activities.append(
            {
                "detail": {
                    "kind": kind,
                    "code": {"coding": coding or None, "text": proposal.label},
                    "status": "not-started",
                    "description": description,
                }
            }
        )
    plan = CarePlan.model_validate(
        {
            "resourceType": "CarePlan",
            "id": ids("care-plan", review.fiche_version),
            "status": "active" if review.validated else "draft",
            "intent": "proposal",
            "title": f"Proposition de la RCP {review.board_name}",
            "description": review.proposal_text or review.outcome_label,
            "subject": subject,
            "created": review.held_at.isoformat(),
            "addresses": [condition_ref],
            "supportingInfo": [{"reference": f"urn:uuid:{procedure.id}"}],
            "activity": activities or None,
            "note": [{"text": f"Concordance au référentiel : {review.concordance_label}"}],
        }
    )
    return procedure, plan


def build_case_bundle(record: CaseRecord) -> Bundle:
    ids = _Ids(record.case_id, record.local_system)
    patient = _patient(record, ids("patient"))
    subject = {"reference": f"urn:uuid:{patient.id}"}
    resources: list = [patient]
    condition_ref = {"reference": f"urn:uuid:{ids('condition')}"}
    tnm = _tnm_observations(record, ids, subject, condition_ref)
    condition = _condition(record, ids, subject, [{"reference": f"urn:uuid:{o.id}"} for o in tnm])
    resources += [condition, *tnm]
    if record.ki67_percent is not None:
        resources.append(
            _quantity_obs(
                record, ids, subject, "ki67-index", "Index Ki-67", record.ki67_percent, "%"
            )
        )
    if record.mitoses_per_2mm2 is not None:
        resources.append(
            _quantity_obs(
                record,
                ids,
                subject,
                "mitotic-count",
                "Compte mitotique (mitoses / 2 mm²)",
                record.mitoses_per_2mm2,
                "/2 mm2",
            )
        )
    resources += [_imaging_obs(record, ids, subject, r) for r in record.imaging]
    resources += [
        _treatment(record, ids, subject, condition_ref, i, line)
        for i, line in enumerate(record.treatment_lines, start=1)
    ]
    if record.review is not None:
        resources += list(_review(record, ids, subject, condition_ref, record.review))
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": ids("bundle"),
            "type": "collection",
            "entry": [
                {"fullUrl": f"urn:uuid:{resource.id}", "resource": resource}
                for resource in resources
            ],
        }
    )


def to_json(bundle: Bundle) -> str:
    return bundle.model_dump_json(exclude_none=True, indent=1)
