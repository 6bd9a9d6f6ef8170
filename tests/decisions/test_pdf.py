"""The fiche RCP, the session compte rendu and the PPS, read back with pypdf."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from decisions import actions
from decisions.documents import DocumentError, fiche_data
from decisions.render import render_fiche_pdf, render_pps_pdf, render_session_report
from tests.decisions.helpers import concordant, hors_referentiel, lutathera
from tests.dossiers.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


def test_fiche_pdf_reads_back(held, secretary, coordinator):
    decision = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    draft_text = pdf_text(render_fiche_pdf(decision))
    assert "PROJET — fiche non validée" in draft_text
    decision = actions.validate_decision(decision=decision, by=coordinator)
    text = pdf_text(render_fiche_pdf(decision))
    patient = decision.case.patient
    assert patient.family_name.upper() in text and patient.ipp in text
    for name, _specialty in (("Dr Onco-Fictif", 0), ("Dr Anapath-Fictif", 0)):
        assert name in text
    assert "Anatomopathologie" in text and "Chirurgie thoracique" in text
    assert "Quorum atteint" in text
    assert "Lutathera" in text and "Cadre de prescription compassionnelle" in text
    assert "Dans le référentiel" in text
    assert "Proposition de la RCP nationale RENATEN" in text and "Non remplie" in text
    assert "Adressé à la RCP nationale (fictif)." in text
    assert "À présenter en RCP nationale RENATEN" in text
    assert "Version 1" in text and "Validée par Hélène Coordo-Fictive" in text
    assert "T7" in text and decision.engine_version in text
    assert "PROJET" not in text


def test_hors_referentiel_without_quorum_and_version_2(held, secretary, coordinator):
    two = [p.pk for p in held.participants[:2]]
    v1 = actions.save_decision(
        item=held.item, data=hors_referentiel(participant_ids=two), by=secretary
    )
    actions.validate_decision(decision=v1, by=coordinator)
    text = pdf_text(render_fiche_pdf(v1))
    assert "Hors référentiel" in text and "Justification fictive argumentée" in text
    assert "Quorum non atteint" in text and "Le dossier doit être représenté" in text
    v2 = actions.correct_decision(decision=v1, reason="Quorum recompté (fictif)", by=secretary)
    v2 = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=v2, by=coordinator)
    text = pdf_text(render_fiche_pdf(v2))
    assert "Version 2" in text and "corrige la version 1" in text
    assert "Quorum recompté (fictif)" in text and "Dans le référentiel" in text


def test_only_a_qualified_ins_is_printed(held, secretary):
    patient = held.item.case.patient
    patient.ins, patient.ins_status = "1840499123456", "validated"
    patient.save()
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    assert "1840499123456" not in pdf_text(render_fiche_pdf(decision))
    assert fiche_data(decision).patient_ins == ""


def test_fiche_data_refuses_an_incomplete_fiche(held, secretary):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    decision.__class__.objects.filter(pk=decision.pk).update(participants=[])
    with pytest.raises(DocumentError, match="participants"):
        fiche_data(decision).validate()


def test_session_report_bundles_the_fiches_after_a_cover(held, secretary, coordinator):
    actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    actions.validate_session(session=held.session, by=coordinator)
    text = pdf_text(render_session_report(held.session, readable=lambda item: True))
    assert "Compte rendu de séance" in text and "validées le" in text
    assert text.count("Fiche RCP — avis") == 2
    assert text.index("Compte rendu de séance") < text.index("Fiche RCP — avis")
    masked = pdf_text(render_session_report(held.session, readable=lambda item: False))
    assert "fiche non incluse" in masked and "Fiche RCP — avis" not in masked


def test_downloads_are_logged_and_never_cached(held, secretary, coordinator, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    client = Client()
    client.force_login(clinician)
    response = client.get(reverse("decisions:fiche_pdf", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert AccessLog.objects.filter(action="export_fiche", case_id=decision.case_id).exists()
    client.force_login(secretary)
    report = client.get(reverse("decisions:session_report", args=[held.session.pk]))
    assert report.status_code == 200
    assert AccessLog.objects.filter(action="export_report", session_id=held.session.pk).exists()


def test_pps_pdf(held, secretary, coordinator, clinician):
    decision = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    plan = actions.save_care_plan(
        decision=decision,
        by=clinician,
        treatment_plan="RIV Lutathera, 4 cures (fictif)",
        calendar=[{"date": "2027-01-15", "label": "Lutathera® — cure 1/4"}],
        referent_physician="Dr Référent-Fictif",
        patient_text="Texte en langage courant (fictif).",
        gp_transmission="agreed",
    )
    text = pdf_text(render_pps_pdf(plan))
    assert "PROJET — PPS non émis" in text and "15 janvier 2027" in text
    actions.issue_care_plan(plan=plan, by=clinician)
    text = pdf_text(render_pps_pdf(plan))
    assert "Programme personnalisé de soins" in text and "PROJET" not in text
    assert "Dr Référent-Fictif" in text and "accepte la transmission" in text
