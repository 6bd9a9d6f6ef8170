"""Downloads of the exchange documents. Thin views: the access helpers fetch the object for
this user (404 otherwise); every download is written to the access log; never cached."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import require_perm
from audit.log import record_access
from audit.models import AccessLog
from cases.access import get_case_for_user
from decisions.access import (
    get_care_plan_for_user,
    get_case_for_decisions,
    get_decision_for_user,
    get_readable_decision,
)
from interop import exports

# As for the fiche and PPS PDFs (decisions.views): clinicians and secretaries.


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xml(data: bytes, filename: str) -> HttpResponse:
    return _attachment(data, "application/xml; charset=utf-8", filename)


def _fhir(text: str, filename: str) -> HttpResponse:
    return _attachment(text, "application/fhir+json; charset=utf-8", filename)


@never_cache
@require_GET
def case_fhir(request, pk):
    """The case as a FHIR R4 collection Bundle (with its latest validated fiche)."""
    case = get_case_for_user(request.user, pk)
    text = exports.case_fhir_json(case)
    record_access(request, AccessLog.Action.EXPORT_FHIR, case=case)
    return _fhir(text, f"dossier-{case.pk}-fhir.json")


@never_cache
@require_GET
@require_perm("cases.view_case")
def decision_frcp(request, pk):
    """The validated fiche RCP as a CDA R2 N3 FRCP document (whoever may print the fiche)."""
    decision = get_readable_decision(request.user, pk)
    try:
        data = exports.frcp_xml(decision)
    except exports.NotExportable as refusal:
        raise Http404(str(refusal)) from refusal
    record_access(
        request, AccessLog.Action.EXPORT_CDA, case=decision.case, session=decision.item.session
    )
    return _xml(data, f"fiche-rcp-dossier-{decision.case_id}-v{decision.version}.xml")


@never_cache
@require_GET
@require_perm("cases.view_case")
def decision_fhir(request, pk):
    """The case's FHIR bundle with this fiche as the board's opinion: the case's centre only
    (the bundle carries the whole record, not just the fiche)."""
    decision = get_decision_for_user(request.user, pk)
    case = get_case_for_decisions(request.user, decision.case_id)
    if decision.status != decision.Status.VALIDATED:
        raise Http404("Seule une fiche RCP validée s'exporte.")
    text = exports.case_fhir_json(case, decision)
    record_access(request, AccessLog.Action.EXPORT_FHIR, case=case, session=decision.item.session)
    return _fhir(text, f"dossier-{case.pk}-fiche-v{decision.version}-fhir.json")


@never_cache
@require_GET
@require_perm("cases.view_case")
def care_plan_pps(request, pk):
    """The PPS as a CDA R2 N3 CANCER-PPS document (a draft says so in its status)."""
    plan = get_care_plan_for_user(request.user, pk)
    try:
        data = exports.pps_xml(plan)
    except exports.NotExportable as refusal:
        raise Http404(str(refusal)) from refusal
    record_access(request, AccessLog.Action.EXPORT_CDA, case=plan.case)
    return _xml(data, f"pps-dossier-{plan.case_id}-v{plan.version}.xml")
