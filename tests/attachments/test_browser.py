"""The issue's journey in Chromium: a clinician attaches a pathology report PDF and a PET report
image, sees the checklist turn complete and requests registration; the secretary accepts and
exports the session with the attachments; a discordant TENpath review shows its alert; the
case is referred to the national RCP, whose secretary registers it in a national session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import demo as accounts_demo
from attachments.demo import text_pdf
from board_sessions import demo as sessions_demo
from board_sessions.models import AgendaItem
from boards.models import Board
from cases.models import Case
from referrals.models import Referral
from tests.attachments.factories import png_bytes
from tests.board_sessions.factories import BoardSessionFactory
from tests.cases.factories import metastatic_case
from tests.dossiers.pdf_utils import page_texts
from tests.factories import CentreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = accounts_demo.DEMO_PASSWORD


def _logout(page):
    page.click("text=Se déconnecter")
    page.wait_for_url("**/connexion/**")


def test_before_the_meeting_journey(page, live_server, login, screenshot, csp_violations):
    accounts = accounts_demo.load()
    clinician, secretary = accounts.users["clinician"], accounts.users["secretary"]
    session = sessions_demo.load()
    case = metastatic_case(
        centre=accounts.centre,
        board=session.board,
        status=Case.Status.READY,
        created_by=clinician,
    )
    national = Board.objects.get(level=Board.Level.NATIONAL)
    national_centre = CentreFactory(name="Centre national fictif", region="Île-de-France")
    national_secretary = UserFactory(
        username="secr-nationale", centre=national_centre, role="secretary"
    )
    national_secretary.set_password(PASSWORD)
    national_secretary.save()
    national.secretaries.add(national_secretary)
    national_session = BoardSessionFactory(
        board=national,
        organiser_centre=national_centre,
        starts_at=timezone.now() + dt.timedelta(days=20),
        place="Visioconférence nationale fictive",
    )

    # 1. The clinician attaches the pathology report (PDF) and the PET report (image).
    login(clinician, PASSWORD)
    page.goto(f"{live_server.url}/cas/{case.pk}/")
    expect(page.locator("#checklist")).to_contain_text("incomplet")
    for kind, title, name, mime, data in (
        (
            "pathology_report",
            "CR anatomopathologique fictif",
            "anapath.pdf",
            "application/pdf",
            text_pdf(["Compte rendu anatomopathologique FICTIF-ANAPATH"]),
        ),
        (
            "sstr_pet_report",
            "TEP DOTATOC fictive",
            "tep.png",
            "image/png",
            png_bytes(size=(300, 200)),
        ),
    ):
        page.click("text=Joindre un document")
        page.select_option("#id_kind", value=kind)
        page.fill("#id_document_date", "2025-06-01")
        page.fill("#id_title", title)
        page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": data}])
        page.click("main button[type=submit]")
        page.wait_for_selector("text=Document joint au dossier.")
        expect(page.locator("#attachments")).to_contain_text(title)
    expect(page.locator("#checklist h2")).to_contain_text("complet")
    expect(page.locator("#checklist .missing")).to_have_count(0)
    screenshot("attachments-01-checklist-complete")

    # 2. The clinician requests registration in the session.
    page.click("text=Mes séances")
    section = page.locator(f"#session-{session.pk}")
    section.locator("select[name=case]").select_option(value=str(case.pk))
    section.locator("button[type=submit]").click()
    page.wait_for_selector("text=Demande d'inscription envoyée")
    _logout(page)

    # 3. The secretary accepts it and exports the session with the attachments.
    login(secretary, PASSWORD)
    page.goto(f"{live_server.url}/seances/{session.pk}/")
    expect(page.locator("#requests")).to_be_visible()
    page.click("#agenda form[action$='/accepter/'] button")
    expect(page.locator("#agenda tbody")).to_contain_text(str(case.patient))
    assert AgendaItem.objects.filter(session=session, case=case, incomplete_reason="").exists()
    page.check("input[name=include_attachments]")
    page.click("text=Exporter la séance en PDF")
    page.wait_for_selector("text=Télécharger le PDF")
    with page.expect_download() as download_info:
        page.click("text=Télécharger le PDF")
    texts = page_texts(download_info.value.path().read_bytes())
    assert any("FICTIF-ANAPATH" in text for text in texts)
    # The PET image, appended as a page of its own: no text layer, only the document's number.
    assert re.fullmatch(r"\s*page \d+ / \d+\s*", texts[-1]), texts[-1]
    _logout(page)

    # 4. A discordant TENpath review: the alert on the case.
    login(clinician, PASSWORD)
    page.goto(f"{live_server.url}/cas/{case.pk}/")
    page.click("text=Demander une relecture TENpath")
    page.fill("#id_requested_on", timezone.localdate().isoformat())
    page.fill("#id_reviewer_centre", "TENpath fictif Lyon")
    page.click("main button[type=submit]")
    page.click("text=Saisir le résultat")
    page.select_option("#id_status", value="discordant")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.select_option("#id_reviewed_histology", value="typical")
    page.fill("#id_new_diagnosis", "Carcinoïde typique à la relecture (fictif)")
    page.click("main button[type=submit]")
    expect(page.locator("#tenpath-alert")).to_contain_text("Carcinoïde typique à la relecture")
    screenshot("attachments-02-tenpath-alert")
    _logout(page)

    # 5. The case is referred to the national RCP (by its centre's secretariat) …
    login(secretary, PASSWORD)
    page.goto(f"{live_server.url}/cas/{case.pk}/")
    page.click("text=Adresser à la RCP nationale")
    page.fill("#id_reason", "Proposition de RIV à discuter (fictif)")
    page.fill("#id_regional_opinion", "Avis régional fictif : éligible sous réserve")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Dossier adressé à la RCP nationale RENATEN.")
    _logout(page)

    # … whose secretary sees it and registers it in a national session.
    login(national_secretary, PASSWORD)
    page.click("text=Recours national")
    page.click(f"text=Dossier n° {case.pk}")
    expect(page.locator("main")).to_contain_text("Avis régional fictif : éligible sous réserve")
    page.select_option("#id_session", value=str(national_session.pk))
    page.click("form[action$='/inscrire/'] button[type=submit]")
    page.wait_for_selector("text=Dossier inscrit à la séance nationale.")
    screenshot("attachments-03-national-registration")
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.REGISTERED
    assert AgendaItem.objects.filter(session=national_session, case=case).exists()
    # She exports the national session: the referred case's dossier, though of another centre.
    page.goto(f"{live_server.url}/seances/{national_session.pk}/")
    expect(page.locator("#exports")).to_contain_text("dossiers adressés à la RCP nationale")
    page.click("text=Exporter la séance en PDF")
    page.wait_for_selector("text=Télécharger le PDF")
    with page.expect_download() as download_info:
        page.click("text=Télécharger le PDF")
    text = " ".join(page_texts(download_info.value.path().read_bytes()))
    assert case.patient.family_name.lower() in text.lower()
    assert csp_violations == []
