"""Recording, validating and correcting decisions; PPS; loop closure; notifications."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AccessLog
from decisions import actions
from decisions.models import CarePlan, Decision, DecisionLocked, Notification, SessionValidation
from tests.decisions.helpers import concordant, hors_referentiel, lutathera
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_concordant_decision_freezes_the_evaluation_and_the_quorum(held, secretary):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    assert decision.version == 1 and decision.status == Decision.Status.DRAFT
    assert decision.concordance == "in" and decision.justification == ""
    assert decision.option_codes == ["everolimus"]
    assert decision.chosen_options[0]["regulatory"] == "amm"
    assert decision.evaluation["engine_version"] == decision.engine_version
    assert decision.referentiel.startswith("Référentiel")
    assert {o["code"] for o in decision.evaluation["options"]} >= {"everolimus", "sunitinib"}
    assert len(decision.participants) == 5  # every participant by default
    assert decision.quorum_reached and not decision.to_represent


def test_hors_referentiel_requires_a_justification(held, secretary):
    with pytest.raises(ValidationError) as refused:
        actions.save_decision(item=held.item, data=hors_referentiel(justification=""), by=secretary)
    assert "justification" in refused.value.message_dict
    assert not Decision.objects.exists()
    decision = actions.save_decision(item=held.item, data=hors_referentiel(), by=secretary)
    assert decision.concordance == "out"


def test_a_free_proposal_alone_is_hors_referentiel(held, secretary):
    data = hors_referentiel(option_codes=[], free_proposal="Radiothérapie stéréotaxique (fictif)")
    assert actions.save_decision(item=held.item, data=data, by=secretary).concordance == "out"


def test_an_option_not_in_the_frozen_evaluation_is_refused(held, secretary):
    with pytest.raises(ValidationError) as refused:
        actions.save_decision(
            item=held.item, data=concordant(option_codes=["made_up"]), by=secretary
        )
    assert "options" in refused.value.message_dict


def test_lutathera_conditions_must_be_ticked_or_explained(held, secretary):
    data = lutathera(conditions={"prrt_lutathera:patient_informed": (True, "")})
    with pytest.raises(ValidationError) as refused:
        actions.save_decision(item=held.prrt_item, data=data, by=secretary)
    messages = refused.value.message_dict["conditions"]
    assert len(messages) == 2 and "Proposition de la RCP nationale RENATEN" in messages[0]
    decision = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    assert decision.concordance == "in" and decision.refer_to_national
    assert [c["met"] for c in decision.conditions] == [True, False, True]


def test_without_quorum_the_decision_is_recorded_and_the_case_flagged(held, secretary):
    two = [held.participants[0].pk, held.participants[1].pk]
    decision = actions.save_decision(
        item=held.item, data=concordant(participant_ids=two), by=secretary
    )
    assert not decision.quorum_reached and decision.to_represent
    assert "Anatomopathologie" in decision.quorum_missing


def test_deferred_needs_a_reason_and_no_proposal(held, secretary):
    with pytest.raises(ValidationError) as refused:
        actions.save_decision(item=held.item, data=concordant(outcome="deferred"), by=secretary)
    assert set(refused.value.message_dict) == {"options", "deferral_reason"}
    decision = actions.save_decision(
        item=held.item,
        data=concordant(outcome="deferred", option_codes=[], deferral_reason="missing_exam"),
        by=secretary,
    )
    assert decision.concordance == "na" and decision.to_represent


def test_a_trial_needs_its_nct_id(held, secretary):
    with pytest.raises(ValidationError) as refused:
        actions.save_decision(item=held.item, data=concordant(trial_proposed=True), by=secretary)
    assert "trial_nct" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.save_decision(
            item=held.item, data=concordant(trial_proposed=True, trial_nct="NCT12"), by=secretary
        )


def test_not_before_the_meeting(held, secretary):
    held.session.starts_at = timezone.now() + dt.timedelta(days=1)
    held.session.save()
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        actions.save_decision(item=held.item, data=concordant(), by=secretary)


def test_who_records_and_who_validates(held, secretary, coordinator, clinician, other_secretary):
    with pytest.raises(PermissionDenied):
        actions.save_decision(item=held.item, data=concordant(), by=clinician)
    with pytest.raises(PermissionDenied):
        actions.save_decision(item=held.item, data=concordant(), by=other_secretary)
    decision = actions.save_decision(item=held.item, data=concordant(), by=coordinator)
    with pytest.raises(PermissionDenied):
        actions.validate_decision(decision=decision, by=secretary)
    with pytest.raises(PermissionDenied):
        actions.validate_decision(decision=decision, by=clinician)
    actions.validate_decision(decision=decision, by=coordinator)


def test_validated_is_immutable_and_a_correction_makes_version_2(held, secretary, coordinator):
    v1 = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=v1, by=coordinator)
    with pytest.raises(DecisionLocked):
        actions.save_decision(item=held.item, data=hors_referentiel(), by=secretary)
    v1.refresh_from_db()
    v1.justification = "changée en douce"
    with pytest.raises(DecisionLocked):
        v1.save()
    with pytest.raises(ValidationError):
        actions.correct_decision(decision=v1, reason="  ", by=secretary)
    v2 = actions.correct_decision(decision=v1, reason="Erreur de saisie (fictif)", by=secretary)
    assert (v2.version, v2.status, v2.supersedes_id) == (2, Decision.Status.DRAFT, v1.pk)
    assert v2.evaluation == Decision.objects.get(pk=v1.pk).evaluation
    assert actions.current_decision(held.item) == v2
    v2 = actions.save_decision(item=held.item, data=hors_referentiel(), by=secretary)
    assert v2.version == 2
    actions.validate_decision(decision=v2, by=coordinator)
    v1.refresh_from_db()
    assert v1.status == Decision.Status.SUPERSEDED
    assert [d.version for d in held.item.decisions.order_by("version")] == [1, 2]


def test_validation_notifies_the_case_clinicians_on_commit(
    held, secretary, coordinator, clinician, django_capture_on_commit_callbacks
):
    clinician.email = "clin@example.org"
    clinician.save()
    case = held.item.case
    case.created_by = clinician
    case.referring_physician = "Dr Exemple-Fictif"
    case.save()
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        actions.validate_decision(decision=decision, by=coordinator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clin@example.org"]
    assert f"dossier n° {case.pk}" in message.subject
    body = message.body
    assert case.patient.family_name not in body and case.patient.ipp not in body
    assert f"/decisions/{decision.pk}/" in body
    notification = Notification.objects.get()
    assert notification.state == Notification.State.SENT and notification.attempts == 1
    assert AccessLog.objects.filter(action="send_email", case_id=case.pk).count() == 1


def test_a_failed_send_is_recorded_and_retried(held, secretary, coordinator, clinician, settings):
    from decisions.tasks import send_decision_email

    clinician.email = "clin@example.org"
    clinician.save()
    held.item.case.created_by = clinician
    held.item.case.save()
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    notification = Notification.objects.get()
    settings.EMAIL_BACKEND = "tests.decisions.failing_backend.EmailBackend"
    result = send_decision_email.apply(args=[notification.pk])
    notification.refresh_from_db()
    assert notification.attempts >= 2 and notification.state == Notification.State.FAILED
    assert "SMTP" in notification.error and result.result == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notification.pk).update(state="queued")
    assert send_decision_email.apply(args=[notification.pk]).result == "sent"
    assert send_decision_email.apply(args=[notification.pk]).result == "already sent"


def test_session_validation_needs_every_item_to_have_an_outcome(held, secretary, coordinator):
    actions.save_decision(item=held.item, data=concordant(), by=secretary)
    with pytest.raises(ValidationError, match="aucune issue"):
        actions.validate_session(session=held.session, by=coordinator)
    actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    with pytest.raises(PermissionDenied):
        actions.validate_session(session=held.session, by=secretary)
    actions.validate_session(session=held.session, by=coordinator)
    assert SessionValidation.objects.filter(session=held.session).exists()
    assert set(Decision.objects.values_list("status", flat=True)) == {"validated"}


def _validated(held, secretary, coordinator, data=None, item=None):
    decision = actions.save_decision(
        item=item or held.item, data=data or concordant(), by=secretary
    )
    return actions.validate_decision(decision=decision, by=coordinator)


def test_treatment_start_compared_with_the_decision(held, secretary, coordinator, clinician):
    _validated(held, secretary, coordinator)
    case = held.item.case
    same = actions.record_treatment_start(
        case=case, treatment="everolimus", start_date=dt.date(2026, 1, 5), by=clinician
    )
    assert same.concordant
    with pytest.raises(ValidationError) as refused:
        actions.record_treatment_start(
            case=case, treatment="sunitinib", start_date=dt.date(2026, 1, 5), by=clinician
        )
    assert "discordance_reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_treatment_start(
            case=case,
            treatment="sunitinib",
            start_date=dt.date(2026, 1, 5),
            discordance_reason="other",
            by=clinician,
        )
    assert "reason_details" in refused.value.message_dict
    other = actions.record_treatment_start(
        case=case,
        treatment="sunitinib",
        start_date=dt.date(2026, 1, 5),
        discordance_reason="patient_choice",
        by=clinician,
    )
    assert not other.concordant and other.discordance_reason == "patient_choice"


def test_treatment_start_needs_a_validated_decision_and_a_clinician_of_the_centre(
    held, secretary, coordinator, clinician, other_clinician
):
    case = held.item.case
    with pytest.raises(ValidationError, match="Aucune proposition"):
        actions.record_treatment_start(
            case=case, treatment="everolimus", start_date=dt.date(2026, 1, 5), by=clinician
        )
    with pytest.raises(PermissionDenied):
        actions.record_treatment_start(
            case=case, treatment="everolimus", start_date=dt.date(2026, 1, 5), by=other_clinician
        )


PPS = {
    "treatment_plan": "RIV Lutathera (fictif)",
    "calendar": [{"date": "2027-01-15", "label": "Cure 1"}],
    "referent_physician": "Dr Référent-Fictif",
    "patient_text": "Texte fictif pour le patient.",
}


def test_pps_versions(held, secretary, coordinator, clinician):
    decision = _validated(held, secretary, coordinator, data=lutathera(), item=held.prrt_item)
    plan = actions.save_care_plan(decision=decision, by=clinician, **PPS)
    same = actions.save_care_plan(decision=decision, by=clinician, **{**PPS, "treatment_plan": "x"})
    assert same.pk == plan.pk and same.version == 1
    actions.issue_care_plan(plan=plan, by=clinician)
    with pytest.raises(ValidationError):
        actions.issue_care_plan(plan=plan, by=clinician)
    v2 = actions.save_care_plan(decision=decision, by=clinician, **PPS)
    assert v2.version == 2 and v2.status == CarePlan.Status.DRAFT
    actions.issue_care_plan(plan=v2, by=clinician)
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUPERSEDED


def test_pps_only_from_a_validated_decision_by_a_clinician(held, secretary, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    with pytest.raises(ValidationError):
        actions.save_care_plan(decision=decision, by=clinician, **PPS)
    with pytest.raises(PermissionDenied):
        actions.save_care_plan(decision=decision, by=secretary, **PPS)


def test_recipients_include_the_referring_physician_account(held, centre, secretary, coordinator):
    referring = UserFactory(centre=centre, role="clinician", email="ref@example.org")
    referring.first_name, referring.last_name = "Jean", "Référent-Fictif"
    referring.save()
    case = held.item.case
    case.referring_physician = "Dr Jean Référent-Fictif"
    case.save()
    assert [email for email, _ in actions._recipients(case)] == ["ref@example.org"]


def test_not_discussed_is_an_outcome_and_the_case_comes_back(held, secretary):
    decision = actions.save_decision(
        item=held.item, data=concordant(outcome="not_discussed", option_codes=[]), by=secretary
    )
    assert decision.concordance == "na" and decision.to_represent
    assert decision.chosen_options == [] and decision.deferral_reason == ""
