"""The issue's "done" journey in Chromium: the secretary records three decisions of a held
session (concordant, hors référentiel with its justification, Lutathera CPC with its
checklist), the coordinator validates, the fiche and the compte rendu download, the regional
Lutathera decision refers its case to the national RCP, whose secretary registers it, the
console e-mail backend prints the notifications, the clinician records the treatment started."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from attachments import demo as attachments_demo
from board_sessions import actions as session_actions
from board_sessions.demo import DEMO_BOARD, DEMO_PARTICIPANTS
from board_sessions.models import BoardSession
from boards.models import Board
from cases import demo as cases_demo
from cases.models import Case
from decisions.actions import freeze_evaluation, options_of
from decisions.models import Decision
from referrals.models import Referral
from tests.board_sessions.factories import BoardSessionFactory
from tests.dossiers.pdf_utils import page_texts, pdf_text
from tests.factories import CentreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick_cases(centre):
    """(concordant case, its eligible option), (case, an ineligible option), Lutathera case."""
    ready = Case.objects.filter(centre=centre, status=Case.Status.READY).order_by("patient__ipp")
    evaluated = [(case, options_of(freeze_evaluation(case))) for case in ready]
    cpc = next(c for c, opts in evaluated if any(
        o["code"] == "prrt_lutathera" and o["eligible"] for o in opts))  # fmt: skip
    rest = [(c, opts) for c, opts in evaluated if c != cpc]
    good = next((c, o) for c, opts in rest for o in opts if o["eligible"])
    bad = next((c, o) for c, opts in rest if c != good[0] for o in opts if not o["eligible"])
    return good, bad, cpc


def test_decision_journey(page, live_server, login, screenshot, csp_violations, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    accounts = accounts_demo.load()
    cases_demo.load()
    secretary, clinician = accounts.users["secretary"], accounts.users["clinician"]
    clinician.email = "clinicien@example.org"
    clinician.save()
    board = Board.objects.get(name=DEMO_BOARD)
    coordinator = UserFactory(
        username="coordo", centre=accounts.centre, role="clinician", email="coordo@example.org"
    )
    board.coordinators.add(coordinator)
    (good, good_option), (bad, bad_option), cpc = _pick_cases(accounts.centre)
    session = BoardSession.objects.create(
        board=board,
        organiser_centre=accounts.centre,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        place="Salle fictive",
        created_by=secretary,
    )
    for name, specialty, is_physician in DEMO_PARTICIPANTS:
        session_actions.add_participant(
            session=session, name=name, specialty=specialty, is_physician=is_physician, by=secretary
        )
    # The demo cases' fictional reports, so that the completeness gate lets them through.
    attachments_demo.load()
    items = [
        session_actions.register_case(session=session, case=case, by=secretary)
        for case in (good, bad, cpc)
    ]
    for case in (good, bad, cpc):
        case.created_by = clinician
        case.save()

    # The secretary records the three decisions.
    login(secretary, accounts_demo.DEMO_PASSWORD)
    page.click("text=Décisions RCP")
    page.click(f"a[href='/decisions/seance/{session.pk}/']")
    screenshot("decisions-01-session")

    page.goto(f"{live_server.url}/decisions/point/{items[0].pk}/")
    page.check(f"input[name=options][value={good_option['code']}]")
    page.fill("#id_follow_up_physician", "Dr Martin-Démo (fictif)")
    page.click("main button[type=submit].primary")
    page.wait_for_selector("text=Décision enregistrée")
    assert "Dans le référentiel" in page.inner_text("main")

    page.goto(f"{live_server.url}/decisions/point/{items[1].pk}/")
    page.check(f"input[name=options][value={bad_option['code']}]")
    # htmx: the concordance is computed live, before anything is saved.
    page.wait_for_selector("#concordance >> text=Hors référentiel")
    page.click("main button[type=submit].primary")
    page.wait_for_selector("text=justification est obligatoire")
    screenshot("decisions-02-justification-required")
    page.fill("#id_justification", "Alternatives épuisées (cas fictif).")
    page.click("main button[type=submit].primary")
    page.wait_for_selector("text=Décision enregistrée")
    assert "Hors référentiel" in page.inner_text("main")

    page.goto(f"{live_server.url}/decisions/point/{items[2].pk}/")
    page.check("input[name=options][value=prrt_lutathera]")
    page.wait_for_selector("#concordance >> text=Dans le référentiel")
    assert "cette RCP est régionale" in page.inner_text("#conditions")
    conditions = page.locator("#conditions .condition-row")
    for index in range(conditions.count()):
        row = conditions.nth(index)
        text = row.inner_text()
        if "RCP nationale" in text:
            row.locator("input[type=text]").fill("Adressé à la RCP nationale RENATEN (fictif).")
        elif "Lutathera" in text:
            row.locator("input[type=checkbox]").check()
    page.check("#id_refer_to_national")
    screenshot("decisions-03-lutathera-checklist")
    page.click("main button[type=submit].primary")
    page.wait_for_selector("text=Décision enregistrée")
    page.click("text=Se déconnecter")

    # The coordinator validates the session.
    login(coordinator)
    page.goto(f"{live_server.url}/decisions/seance/{session.pk}/")
    page.click("text=Valider toutes les décisions de la séance")
    page.wait_for_selector("text=Décisions de la séance validées")
    screenshot("decisions-04-validated")
    assert set(Decision.objects.values_list("status", flat=True)) == {"validated"}
    with page.expect_download() as report:
        page.click("text=Télécharger le compte rendu")
    report_pages = page_texts(report.value.path().read_bytes())
    assert "Compte rendu de séance" in report_pages[0]
    lutathera = Decision.objects.get(item=items[2])
    page.goto(f"{live_server.url}/decisions/{lutathera.pk}/")
    with page.expect_download() as fiche:
        page.click("text=Télécharger la fiche RCP")
    text = pdf_text(fiche.value.path().read_bytes())
    assert "Lutathera" in text and "Proposition de la RCP nationale RENATEN" in text
    assert "Quorum atteint" in text and "Version 1" in text
    page.click("text=Se déconnecter")

    # The validated regional decision refers its case to the national RCP RENATEN …
    login(secretary, accounts_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/decisions/{lutathera.pk}/")
    page.click("text=Adresser à la RCP nationale RENATEN")
    national = Board.objects.get(level=Board.Level.NATIONAL)
    page.select_option("#id_to_board", value=str(national.pk))
    page.fill("#id_reason", "Lutathera sous CPC : proposition de la RCP nationale (fictif).")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Dossier adressé à la RCP nationale RENATEN.")
    page.click("text=Se déconnecter")
    referral = Referral.objects.get()
    assert (referral.decision_id, referral.from_board_id) == (lutathera.pk, board.pk)
    # … whose secretary registers it in a national session.
    national_secretary = UserFactory(
        username="secr-nationale",
        centre=CentreFactory(name="Centre national fictif", region="Île-de-France"),
        role="secretary",
    )
    national_secretary.set_password(accounts_demo.DEMO_PASSWORD)
    national_secretary.save()
    national.secretaries.add(national_secretary)
    national_session = BoardSessionFactory(
        board=national,
        organiser_centre=national_secretary.centre,
        starts_at=timezone.now() + dt.timedelta(days=20),
        place="Visioconférence nationale fictive",
    )
    login(national_secretary, accounts_demo.DEMO_PASSWORD)
    page.click("text=Recours national")
    page.click(f"text=Dossier n° {cpc.pk}")
    page.select_option("#id_session", value=str(national_session.pk))
    page.click("form[action$='/inscrire/'] button[type=submit]")
    page.wait_for_selector("text=Dossier inscrit à la séance nationale.")
    screenshot("decisions-05-national-registration")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REGISTERED
    page.click("text=Se déconnecter")

    # The console backend printed one notification per fiche, without patient data.
    printed = capsys.readouterr().out
    for case in (good, bad, cpc):
        assert f"dossier n° {case.pk}" in printed or f"dossier n=C2=B0_{case.pk}" in printed
        assert case.patient.family_name not in printed

    # The clinician records the treatment started and sees the concordance.
    login(clinician, accounts_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cas/{good.pk}/")
    assert "Décisions RCP" in page.inner_text("main")
    page.click("text=Décisions, PPS et traitement mis en route")
    page.select_option("#id_treatment", value=good_option["code"])
    page.fill("#id_start_date", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.click("#start-title ~ form button[type=submit]")
    page.wait_for_selector("text=conforme à l'avis de la RCP")
    screenshot("decisions-06-treatment-started")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot("decisions-07-case-390px")
    assert csp_violations == []
