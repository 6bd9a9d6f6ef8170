"""The exports of real decisions (decisions app): CDA against the ANS kit, round trip with the
PDF fiche, downloads in the access log, the commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from pypdf import PdfReader

from audit.models import AccessLog
from decisions import actions as decision_actions
from decisions.render import render_fiche_pdf
from interop import exports
from interop.roundtrip import cda_facts, mismatches
from tests.decisions.helpers import concordant, hors_referentiel, lutathera
from tests.interop import kit

pytestmark = pytest.mark.django_db


def _decide(held, secretary, coordinator, kind):
    if kind == "concordant":
        item, data = held.item, concordant()
    elif kind == "hors_referentiel":
        item, data = held.item, hors_referentiel()
    elif kind == "cpc_lutathera":
        item, data = held.prrt_item, lutathera()
    else:  # no quorum: the two non-required physicians only
        present = [p.pk for p in held.participants[:1] + held.participants[3:]]
        item, data = held.item, concordant(participant_ids=present)
    decision = decision_actions.save_decision(item=item, data=data, by=secretary)
    return decision_actions.validate_decision(decision=decision, by=coordinator)


KINDS = ("concordant", "hors_referentiel", "cpc_lutathera", "no_quorum")


@pytest.mark.parametrize("kind", KINDS)
def test_frcp_of_a_validated_decision_passes_the_ans_checks(
    held, secretary, coordinator, tmp_path, kind
):
    decision = _decide(held, secretary, coordinator, kind)
    assert decision.quorum_reached is (kind != "no_quorum")
    path = tmp_path / f"{kind}.xml"
    path.write_bytes(exports.frcp_xml(decision))
    assert kit.layers(path, "FRCP") == {"xsd": [], "volet": [], "generic": []}


@pytest.mark.parametrize("kind", ("concordant", "cpc_lutathera", "no_quorum"))
def test_round_trip_cda_and_pdf_fiche_agree(held, secretary, coordinator, kind):
    decision = _decide(held, secretary, coordinator, kind)
    facts = cda_facts(etree.fromstring(exports.frcp_xml(decision)))
    pdf = PdfReader(io.BytesIO(render_fiche_pdf(decision)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert facts.participants and (facts.proposals or kind == "no_quorum")
    assert mismatches(facts, text) == []


def test_a_draft_fiche_is_not_exported(held, secretary):
    draft = decision_actions.save_decision(item=held.item, data=concordant(), by=secretary)
    with pytest.raises(exports.NotExportable):
        exports.frcp_xml(draft)


def _issued_plan(decision, clinician):
    plan = decision_actions.save_care_plan(
        decision=decision,
        by=clinician,
        treatment_plan="Évérolimus (fictif)",
        calendar=[{"date": "2026-12-01", "label": "Début du traitement (fictif)"}],
        referent_physician="Dr Référent-Fictif",
        patient_text="Texte fictif pour le patient.",
    )
    return decision_actions.issue_care_plan(plan=plan, by=clinician)


def test_pps_of_an_issued_plan_passes_the_ans_checks(
    held, secretary, coordinator, clinician, tmp_path
):
    plan = _issued_plan(_decide(held, secretary, coordinator, "concordant"), clinician)
    path = tmp_path / "pps.xml"
    path.write_bytes(exports.pps_xml(plan))
    assert kit.layers(path, "PPS") == {"xsd": [], "volet": [], "generic": []}


def test_downloads_are_logged(held, secretary, coordinator, clinician, client):
    decision = _decide(held, secretary, coordinator, "cpc_lutathera")
    plan = _issued_plan(decision, clinician)
    client.force_login(clinician)
    for url, kind in (
        (f"/echanges/decision/{decision.pk}/fiche-rcp.xml", "application/xml"),
        (f"/echanges/decision/{decision.pk}/fhir.json", "application/fhir+json"),
        (f"/echanges/pps/{plan.pk}/pps.xml", "application/xml"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(kind)
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    actions = list(
        AccessLog.objects.filter(case_id=decision.case_id).values_list("action", flat=True)
    )
    assert actions.count("export_cda") == 2 and actions.count("export_fhir") == 1


def test_decision_page_offers_the_cda_and_fhir_downloads(
    held, secretary, coordinator, clinician, client
):
    decision = _decide(held, secretary, coordinator, "concordant")
    client.force_login(clinician)
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert f"/echanges/decision/{decision.pk}/fiche-rcp.xml" in page
    assert f"/echanges/decision/{decision.pk}/fhir.json" in page


def test_case_fhir_carries_the_validated_opinion(held, secretary, coordinator):
    decision = _decide(held, secretary, coordinator, "cpc_lutathera")
    text = exports.case_fhir_json(decision.case)
    assert '"intent":"proposal"' in text.replace(" ", "").replace("\n", "")
    assert "C93304" in text and "prrt_lutathera" in text


def test_export_cda_command(held, secretary, coordinator, clinician, tmp_path):
    decision = _decide(held, secretary, coordinator, "concordant")
    _issued_plan(decision, clinician)
    fiche, pps = tmp_path / "fiche.xml", tmp_path / "pps.xml"
    call_command("export_cda", "--item", str(decision.item_id), "--volet", "FRCP", "-o", str(fiche))
    call_command("export_cda", "--item", str(decision.item_id), "--volet", "PPS", "-o", str(pps))
    assert etree.parse(str(fiche)).getroot().find("{urn:hl7-org:v3}code").get("code") == "34794-8"
    assert etree.parse(str(pps)).getroot().find("{urn:hl7-org:v3}code").get("code") == "18776-5"
    with pytest.raises(CommandError, match="Aucune fiche"):
        call_command("export_cda", "--item", "999999", "-o", str(tmp_path / "x.xml"))


def test_every_validated_demo_decision_exports_a_conformant_frcp(tmp_path):
    from decisions.models import Decision

    call_command("load_demo", verbosity=0)
    validated = list(Decision.objects.filter(status=Decision.Status.VALIDATED))
    assert len(validated) >= 3  # concordant, hors référentiel, Lutathera CPC
    for decision in validated:
        path = tmp_path / f"demo-{decision.pk}.xml"
        path.write_bytes(exports.frcp_xml(decision))
        assert kit.layers(path, "FRCP") == {"xsd": [], "volet": [], "generic": []}, decision.pk
