"""The issue's browser journey in Chromium: a clinician opens the recall list, records an exam
with a suspicion and sees the prompt for SSTR imaging; an administrator opens the indicators and
downloads a CSV."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession, Participant
from surveillance.actions import start_surveillance
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.surveillance.helpers import operated_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_data(centre, clinician):
    board = BoardFactory(name="RCP fictive du parcours")
    case = operated_case("ac", surgery_date=dt.date(2021, 2, 1), centre=centre, board=board)
    case.patient.family_name = "PARCOURS-TEST"
    case.patient.save()
    start_surveillance(case=case, by=clinician)
    session = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=timezone.now() - dt.timedelta(days=30),
        status=BoardSession.Status.LOCKED,
    )
    for name, specialty in (
        ("Dr A", "pulmonology"),
        ("Dr B", "thoracic_surgery"),
        ("Dr C", "pathology"),
    ):
        Participant.objects.create(session=session, name=name, specialty=specialty)
    AgendaItem.objects.create(session=session, case=case, position=1)
    return {"board": board, "case": case}


def test_recall_suspicion_prompt_and_indicator_csv(
    page, live_server, login, screenshot, csp_violations, clinician, administrator, journey_data
):
    case = journey_data["case"]
    login(clinician)
    page.click("nav >> text=Surveillance")
    page.wait_for_selector("h1:has-text('Rappels de surveillance')")
    overdue = page.locator("#en-retard + .table-wrap tbody tr", has_text="PARCOURS-TEST").first
    assert "jours" in overdue.inner_text()
    screenshot("surveillance-01-recall-list")
    overdue.locator("text=Ouvrir la surveillance").click()
    page.wait_for_url(f"**/surveillance/dossier/{case.pk}/")

    page.fill("#id_performed_on", (timezone.localdate() - dt.timedelta(days=2)).isoformat())
    page.select_option("#id_kind", "ct_early_arterial")
    page.select_option("#id_result", "suspicion")
    page.fill("#id_comment", "Nodule hépatique de 9 mm (fictif).")
    page.click("#saisie button.primary")
    page.wait_for_selector("#resultat.prompt")
    prompt = page.inner_text("#resultat")
    assert "Suspicion de récidive : le référentiel demande" in prompt
    assert "Imagerie des récepteurs à la somatostatine" in prompt and "Imagerie dédiée" in prompt
    assert "en cas de suspicion de récidive" in prompt
    screenshot("surveillance-02-suspicion-prompt")
    # The prompt's button pre-selects the SSTR imaging in the form.
    page.click("#resultat a:has-text('Imagerie des récepteurs')")
    assert page.input_value("#id_kind") == "sstr_imaging"

    # At 390 px, nothing overflows the page (tables scroll inside their box).
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width
    screenshot("surveillance-03-mobile")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(administrator)
    page.click("nav >> text=Indicateurs")
    page.select_option("#id_board", str(journey_data["board"].pk))
    page.click("form.filters button.primary")
    page.wait_for_selector("#indicateur-quorum svg")
    assert "100 %" in page.inner_text("#indicateur-quorum")
    screenshot("indicators-01-dashboard")
    with page.expect_download() as download_info:
        page.click("#indicateur-quorum a:has-text('Télécharger en CSV')")
    download = download_info.value
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[:2] == ["Indicateur;Dossiers;Part", "Quorum atteint;1;100 %"]
    assert csp_violations == []
