"""The issue's "done" scenario in Chromium: a secretary builds a session from the demo data,
registers three ready cases, sees the quorum, exports the session PDF and downloads it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import demo as accounts_demo
from attachments import demo as attachments_demo
from cases import demo as cases_demo
from cases.models import Case
from tests.dossiers.pdf_utils import page_texts

# The harness (page, login, screenshot, csp_violations) is the plugin tests/browser_support.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_builds_a_session_and_downloads_its_pdf(
    page, live_server, login, screenshot, csp_violations
):
    accounts = accounts_demo.load()
    cases_demo.load()
    attachments_demo.load()  # the reports each ready case's checklist asks for
    secretary = accounts.users["secretary"]
    ready = list(
        Case.objects.filter(centre=accounts.centre, status=Case.Status.READY).order_by("pk")[:3]
    )
    assert len(ready) == 3

    login(secretary, accounts_demo.DEMO_PASSWORD)

    # Create the session.
    page.click("text=Séances RCP")
    page.click("text=Nouvelle séance")
    page.select_option("#id_board", label="RCP de recours RENATEN Rhône-Alpes")
    starts = timezone.localtime() + dt.timedelta(days=8)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Salle de staff fictive")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Séance créée.")

    # Register three ready cases (htmx swaps the agenda in place).
    for n, case in enumerate(ready, start=1):
        page.select_option("#id_case", value=str(case.pk))
        page.click("#agenda button[type=submit].primary")
        expect(page.locator("#agenda tbody tr")).to_have_count(n)
        expect(page.locator("#agenda tbody")).to_contain_text(str(case.patient))

    # The quorum, from participants added through the htmx form.
    assert "Quorum non atteint" in page.inner_text("#participants")
    for name, specialty in (
        ("Dr Un-Fictif", "pulmonology"),
        ("Dr Deux-Fictif", "thoracic_surgery"),
        ("Dr Trois-Fictif", "pathology"),
    ):
        page.fill("#id_name", name)
        page.select_option("#id_specialty", value=specialty)
        page.click("#participants button[type=submit].primary")
        page.wait_for_selector(f"#participants >> text={name}")
    page.wait_for_selector("#participants >> text=Quorum atteint")
    screenshot("dossiers-01-session")

    # Export: the job page shows the progress, then the download link.
    page.click("text=Exporter la séance en PDF")
    page.wait_for_selector("text=3 / 3 dossiers rendus")
    screenshot("dossiers-02-export")
    with page.expect_download() as download_info:
        page.click("text=Télécharger le PDF")
    pdf = download_info.value.path().read_bytes()

    pages = page_texts(pdf)
    assert "Ordre du jour de la séance" in pages[0]
    for case in ready:
        assert str(case.patient) in pages[0]
    assert sum("page 1 /" in text for text in pages) == 4  # cover + three dossiers
    assert csp_violations == []
