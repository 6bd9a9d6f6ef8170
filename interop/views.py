"""Downloads of the exchange documents. Thin views: the access helpers fetch the object for
this user (404 otherwise); every download is written to the access log."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from audit.log import record_access
from audit.models import AccessLog
from cases.access import get_case_for_user
from interop import exports


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def case_fhir(request, pk):
    """The case as a FHIR R4 collection Bundle (with the board's opinion when validated)."""
    case = get_case_for_user(request.user, pk)
    text = exports.case_fhir_json(case)
    record_access(request, AccessLog.Action.EXPORT_FHIR, case=case)
    return _attachment(text, "application/fhir+json; charset=utf-8", f"dossier-{case.pk}-fhir.json")
