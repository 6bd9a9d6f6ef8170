"""One place that turns a record into the bytes of an export (views and commands share it)."""

from __future__ import annotations

from cases.models import Case
from interop import adapters
from interop.fhir import build_case_bundle, to_json


def case_fhir_json(case: Case) -> str:
    case = (
        Case.objects.select_related("patient__centre", "centre")
        .prefetch_related("treatment_lines")
        .get(pk=case.pk)
    )
    return to_json(build_case_bundle(adapters.case_record(case)))
