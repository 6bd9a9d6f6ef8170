"""In Chromium: the administrator changes a board's secretariat phone in the admin; the
clinician sees it on a case referred to that board, and the next dossier PDF prints it."""

import pytest
from django.urls import reverse

from boards.models import Board
from dossiers.render import render_case_pdf
from tests.cases.factories import CaseFactory
from tests.dossiers.pdf_utils import pdf_text
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOARD = "RCP de recours RENATEN Rhône-Alpes"
OLD_PHONE = "04 72 11 00 94"
NEW_PHONE = "04 78 86 41 37"


def test_admin_edits_a_board_contact_seen_on_the_case_page_and_in_the_dossier(
    page, live_server, login, screenshot, csp_violations, administrator, clinician
):
    board = Board.objects.get(name=BOARD)
    assert board.secretariat_phone == OLD_PHONE
    case = CaseFactory(centre=clinician.centre, board=board)

    # The administrator, in Django's admin.
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", administrator.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content h1")
    page.goto(f"{live_server.url}{reverse('admin:boards_board_changelist')}")
    page.get_by_role("link", name=BOARD, exact=True).click()
    page.fill("#id_secretariat_phone", "04.78.86.41.37")
    screenshot("admin-01-board-change-form")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    board.refresh_from_db()
    assert board.secretariat_phone == NEW_PHONE  # typed with dots, stored in the display format

    # The clinician, on the case referred to that board.
    page.context.clear_cookies()
    login(clinician)
    page.goto(f"{live_server.url}/cas/{case.pk}/")
    contact = page.inner_text(".board-contact")
    assert NEW_PHONE in contact and OLD_PHONE not in contact
    assert page.get_attribute(".board-contact a[href^='tel:']", "href") == "tel:+33478864137"
    screenshot("admin-02-case-page-new-phone")
    assert csp_violations == []

    # The next dossier of that case prints the new contact.
    text = pdf_text(render_case_pdf(case))
    assert NEW_PHONE in text
    assert OLD_PHONE not in text
