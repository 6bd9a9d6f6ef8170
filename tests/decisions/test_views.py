"""The decision pages: recording through the form, validation, 409 on a validated fiche,
identity masking, access log, no caching."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from decisions import actions
from decisions.models import Decision
from tests.board_sessions.factories import BoardSessionFactory
from tests.decisions.helpers import concordant, held_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(held, **overrides):
    data = {
        "outcome": "proposal",
        "options": ["everolimus"],
        "patient_informed_before": "unknown",
        "participants": [str(p.pk) for p in held.participants],
    }
    data.update(overrides)
    return data


def test_the_secretary_records_a_decision_through_the_form(held, secretary):
    client = _client(secretary)
    url = reverse("decisions:record", args=[held.item.pk])
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    content = page.content.decode()
    assert "Évérolimus" in content and "éligible" in content
    response = client.post(url, _form(held))
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/decisions/{decision.pk}/"
    )
    assert AccessLog.objects.filter(action="record_decision", case_id=held.item.case_id).exists()


def test_errors_land_next_to_their_field_and_nothing_is_saved(held, secretary):
    client = _client(secretary)
    url = reverse("decisions:record", args=[held.item.pk])
    response = client.post(url, _form(held, options=["sunitinib"]))
    assert response.status_code == 400
    assert "justification est obligatoire" in response.content.decode()
    response = client.post(url, _form(held, options=["prrt_lutathera"]))
    assert response.status_code == 400
    response = client.post(url, _form(held, trial_proposed="on", trial_nct="pas-un-nct"))
    assert response.status_code == 400 and "NCT" in response.content.decode()
    response = client.post(url, _form(held, free_proposal="x" * 5000, options=[]))
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_lutathera_checklist_in_the_form(held, secretary):
    client = _client(secretary)
    url = reverse("decisions:record", args=[held.prrt_item.pk])
    page = client.get(url).content.decode()
    assert "Proposition de la RCP nationale RENATEN" in page
    assert "cette RCP est régionale" in page
    form = client.get(url).context["form"]
    keys = {c.key: i for i, c in enumerate(form.conditions)}
    data = _form(held, options=["prrt_lutathera"], refer_to_national="on")
    data[f"cond-{keys['prrt_lutathera:patient_informed']}-met"] = "on"
    data[f"cond-{keys['prrt_lutathera:fdg_pet']}-met"] = "on"
    response = client.post(url, data)
    assert response.status_code == 400
    data[f"cond-{keys['prrt_lutathera:national_rcp']}-explanation"] = "Adressé (fictif)"
    assert client.post(url, data).status_code == 302
    decision = Decision.objects.get()
    assert decision.refer_to_national and decision.concordance == "in"


def test_validated_fiche_cannot_be_edited(held, secretary, coordinator):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    coord = _client(coordinator)
    assert coord.post(reverse("decisions:validate", args=[decision.pk])).status_code == 302
    assert AccessLog.objects.filter(action="validate_decision").exists()
    assert coord.post(reverse("decisions:validate", args=[decision.pk])).status_code == 409
    client = _client(secretary)
    # The form now redirects to the fiche; a forged POST changes nothing.
    url = reverse("decisions:record", args=[held.item.pk])
    assert client.get(url).status_code == 302
    client.post(url, _form(held, options=["sunitinib"], justification="x"))
    decision.refresh_from_db()
    assert decision.option_codes == ["everolimus"] and decision.status == "validated"
    # A correction makes version 2.
    response = client.post(reverse("decisions:correct", args=[decision.pk]), {"reason": "Erreur"})
    assert response.status_code == 302
    assert held.item.decisions.get(version=2).status == "draft"
    assert (
        client.post(reverse("decisions:correct", args=[decision.pk]), {"reason": "x"}).status_code
        == 409
    )


def test_a_non_coordinator_cannot_validate(held, secretary, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    for user in (secretary, clinician):
        assert (
            _client(user).post(reverse("decisions:validate", args=[decision.pk])).status_code == 403
        )
    decision.refresh_from_db()
    assert decision.status == "draft"


def test_the_meeting_secretary_of_another_centre_sees_case_numbers_only(
    centre, other_centre, coordinator, clinician
):
    """Organiser: centre B; the case: centre A. B's secretary records but never sees A's
    patient nor prints A's fiche."""
    organiser = UserFactory(centre=other_centre, role="secretary")
    held = held_session(centre=centre, coordinator=coordinator)
    held.session.organiser_centre = other_centre
    held.session.save()
    patient = held.item.case.patient
    client = _client(organiser)
    page = client.get(reverse("decisions:session", args=[held.session.pk])).content.decode()
    assert f"Dossier n° {held.item.case_id}" in page and patient.family_name not in page
    record = client.get(reverse("decisions:record", args=[held.item.pk])).content.decode()
    assert patient.family_name not in record
    decision = actions.save_decision(item=held.item, data=concordant(), by=organiser)
    detail = client.get(reverse("decisions:detail", args=[decision.pk]))
    assert detail.status_code == 200 and patient.family_name not in detail.content.decode()
    assert client.get(reverse("decisions:fiche_pdf", args=[decision.pk])).status_code == 404
    # The coordinator (centre B too) reads the patient: they sign the fiche.
    coord = _client(coordinator).get(reverse("decisions:detail", args=[decision.pk]))
    assert patient.family_name in coord.content.decode()


def test_a_coordinator_sees_only_their_boards_sessions(held, coordinator, centre):
    elsewhere = BoardSessionFactory(organiser_centre=centre)
    client = _client(coordinator)
    assert client.get(reverse("decisions:session", args=[held.session.pk])).status_code == 200
    assert client.get(reverse("decisions:session", args=[elsewhere.pk])).status_code == 404


def test_the_case_page_shows_the_decision_history(held, secretary, coordinator, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    page = _client(clinician).get(reverse("cases:detail", args=[held.item.case_id]))
    content = page.content.decode()
    assert (
        "Décisions RCP" in content and "Évérolimus" in content and "Dans le référentiel" in content
    )


def test_treatment_start_form_asks_for_a_reason_when_it_differs(
    held, secretary, coordinator, clinician
):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    client = _client(clinician)
    url = reverse("decisions:treatment_start", args=[held.item.case_id])
    response = client.post(url, {"treatment": "sunitinib", "start_date": "2026-01-05"})
    assert response.status_code == 400 and "motif de l" in response.content.decode()
    response = client.post(url, {"treatment": "everolimus", "start_date": "2026-01-05"})
    assert response.status_code == 302
    page = client.get(reverse("decisions:case", args=[held.item.case_id])).content.decode()
    assert "conforme à l&#x27;avis" in page or "conforme à l'avis" in page
    assert AccessLog.objects.filter(action="record_treatment").exists()


def test_pps_drafted_from_the_decision_with_the_texts_calendar(
    held, secretary, coordinator, clinician
):
    from tests.decisions.helpers import lutathera

    decision = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    client = _client(clinician)
    url = reverse("decisions:care_plan_edit", args=[decision.pk])
    form = client.get(url).context["form"]
    calendar = form.initial["calendar_text"]
    assert calendar.count("Lutathera® — cure") == 4 and "6 semaines" in calendar
    data = {
        "treatment_plan": form.initial["treatment_plan"],
        "referent_physician": "Dr Référent-Fictif",
        "patient_text": form.initial["patient_text"],
        "gp_transmission": "agreed",
        "calendar_text": "32/13/2027 : faux",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Ligne 1" in response.content.decode()
    data["calendar_text"] = calendar
    assert client.post(url, data).status_code == 302
    plan = decision.case.care_plans.get()
    assert len(plan.calendar) == 5
    assert client.post(reverse("decisions:care_plan_issue", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "issued"


def test_every_decision_page_is_in_the_access_log(held, secretary, coordinator, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    AccessLog.objects.all().delete()
    pages = [
        (secretary, reverse("decisions:session", args=[held.session.pk]), "session"),
        (secretary, reverse("decisions:record", args=[held.prrt_item.pk]), "case"),
        (coordinator, reverse("decisions:detail", args=[decision.pk]), "case"),
        (clinician, reverse("decisions:case", args=[held.item.case_id]), "case"),
        (clinician, reverse("decisions:care_plan_edit", args=[decision.pk]), "case"),
    ]
    for user, url, scope in pages:
        assert _client(user).get(url).status_code == 200, url
        row = AccessLog.objects.get(path=url)
        assert row.action == "view_decision" and row.username == user.username
        assert (row.session_id if scope == "session" else row.case_id) is not None


def test_a_new_pps_version_starts_from_the_issued_one(held, secretary, coordinator, clinician):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    plan = actions.save_care_plan(
        decision=decision,
        by=clinician,
        treatment_plan="Plan émis (fictif)",
        calendar=[{"date": "", "label": "Consultation"}],
        referent_physician="Dr Référent-Fictif",
        patient_text="Texte fictif.",
    )
    actions.issue_care_plan(plan=plan, by=clinician)
    form = (
        _client(clinician)
        .get(reverse("decisions:care_plan_edit", args=[decision.pk]))
        .context["form"]
    )
    assert form.initial["treatment_plan"] == "Plan émis (fictif)"
    assert form.initial["calendar_text"] == "à fixer : Consultation"


def test_htmx_preview_of_the_concordance_saves_nothing(held, secretary):
    client = _client(secretary)
    url = reverse("decisions:record", args=[held.prrt_item.pk]) + "?apercu=1"
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(url, _form(held, options=["everolimus", "sunitinib"]), **htmx)
    content = response.content.decode()
    assert response.status_code == 200 and 'id="concordance"' in content
    assert "Hors référentiel" in content and "<form" not in content
    response = client.post(url, _form(held, options=["prrt_lutathera"]), **htmx)
    content = response.content.decode()
    assert "Dans le référentiel" in content and "Proposition de la RCP nationale" in content
    assert "cette RCP est régionale" in content
    assert not Decision.objects.exists()
