"""POST payloads for the case form, built like a browser would send them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases.forms import CASE_FIELDS, PATIENT_FIELDS
from cases.models import Case

PATIENT = {
    "family_name": "NOUVEAU-TEST",
    "given_names": "Camille",
    "birth_date": "1962-05-17",
    "sex": "F",
    "ipp": "TEST-NEW-1",
    "ins": "",
    "ins_status": "",
}

METASTATIC_CA = {
    "referring_physician": "Dr Fictif",
    "reason": "progression",
    "question": "Quelle ligne proposer ?",
    "histology": "atypical",
    "histology_source": "biopsy",
    "ki67_percent": "12",
    "tnm_t": "T2a",
    "tnm_n": "N1",
    "tnm_m": "M1b",
    "disease_extent": "metastatic",
    "carcinoid_syndrome": "none",
}


def _encode(value) -> str | list[str]:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def form_data(case: Case | None = None, *, patient=None, **fields) -> dict:
    """The whole form: from `case` when given (edit), else a new metastatic CA; then overrides."""
    data: dict = {}
    if case is not None:
        for name in PATIENT_FIELDS:
            data[f"patient-{name}"] = _encode(getattr(case.patient, name))
        for name in CASE_FIELDS:
            data[name] = _encode(getattr(case, name))
        data["version"] = str(case.version)
    else:
        data.update({f"patient-{k}": v for k, v in PATIENT.items()})
        data.update(METASTATIC_CA)
    for key, value in (patient or {}).items():
        data[f"patient-{key}"] = _encode(value)
    for key, value in fields.items():
        data[key] = _encode(value)
    # Like a browser: unchecked checkboxes and empty multi-selects are not sent.
    return {k: v for k, v in data.items() if v != []}
