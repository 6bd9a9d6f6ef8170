"""One place that turns a record into the bytes of an export (views and commands share it)."""

from __future__ import annotations

from cases.models import Case
from decisions.documents import fiche_data, pps_data
from decisions.models import CarePlan, Decision
from interop import adapters
from interop.cda import build_frcp, build_pps, to_bytes
from interop.documents import DocumentError
from interop.fhir import build_case_bundle, to_json


class NotExportable(Exception):
    """The record exists but cannot be exported as asked (the message says why, in French)."""


def latest_validated_decision(case: Case) -> Decision | None:
    return (
        Decision.objects.filter(case=case, status=Decision.Status.VALIDATED)
        .order_by("-validated_at", "-pk")
        .first()
    )


def case_fhir_json(case: Case, decision: Decision | None = None) -> str:
    """The case as a FHIR bundle; the board's opinion from `decision` (validated), by default
    the case's latest validated fiche."""
    case = (
        Case.objects.select_related("patient__centre", "centre")
        .prefetch_related("treatment_lines")
        .get(pk=case.pk)
    )
    decision = decision or latest_validated_decision(case)
    review = None
    if decision is not None and decision.status == Decision.Status.VALIDATED:
        review = adapters.review_data(fiche_data(decision))
    return to_json(build_case_bundle(adapters.case_record(case, review=review)))


def frcp_xml(decision: Decision) -> bytes:
    if decision.status != Decision.Status.VALIDATED:
        raise NotExportable("Seule une fiche RCP validée s'exporte en CDA.")
    fiche = fiche_data(decision)
    case = Case.objects.select_related("patient__centre", "centre").get(pk=decision.case_id)
    try:
        document = adapters.frcp_document(fiche, case, validator=decision.validated_by)
    except DocumentError as error:
        raise NotExportable(f"Fiche RCP non exportable : {error}") from error
    return to_bytes(build_frcp(document))


def pps_xml(plan: CarePlan) -> bytes:
    """A draft PPS is exported as such (document status "en cours", title "projet")."""
    data = pps_data(plan)
    case = Case.objects.select_related("patient__centre", "centre").get(pk=plan.case_id)
    try:
        document = adapters.pps_document(data, case, issuer=plan.issued_by)
    except DocumentError as error:
        raise NotExportable(f"PPS non exportable : {error}") from error
    return to_bytes(build_pps(document))


def item_frcp(item_id: int) -> tuple[Decision, bytes]:
    decision = (
        Decision.objects.filter(item_id=item_id, status=Decision.Status.VALIDATED)
        .order_by("-version")
        .first()
    )
    if decision is None:
        raise NotExportable(f"Aucune fiche RCP validée pour l'inscription n° {item_id}.")
    return decision, frcp_xml(decision)


def item_pps(item_id: int) -> tuple[CarePlan, bytes]:
    """The issued PPS of the item's decisions; a draft only when none was issued."""
    plans = CarePlan.objects.filter(decision__item_id=item_id).order_by("-version")
    plan = (
        plans.filter(status=CarePlan.Status.ISSUED).first()
        or plans.filter(status=CarePlan.Status.DRAFT).first()
    )
    if plan is None:
        raise NotExportable(f"Aucun PPS pour l'inscription n° {item_id}.")
    return plan, pps_xml(plan)
