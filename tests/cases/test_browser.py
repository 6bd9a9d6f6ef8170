"""The issue's "done when", in Chromium: a metastatic CA built from scratch in the browser."""

import re

import pytest

from cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PANEL = "#guideline-panel"
PRRT_ELIGIBLE = f"{PANEL} article.option-eligible[data-code=prrt_lutathera]"
PRRT_INELIGIBLE = f"{PANEL} article[data-code=prrt_lutathera]:not(.option-eligible)"
# Not eligible: pending ("à compléter") or excluded and folded (<details>), so maybe hidden.


def _select(page, name, value):
    page.select_option(f"#case-form [name={name}]", value)


def test_clinician_builds_a_metastatic_ca_case_in_the_browser(
    page, live_server, login, screenshot, csp_violations, clinician
):
    login(clinician)
    page.goto(f"{live_server.url}/cas/nouveau/")

    page.fill("#id_patient-family_name", "NAVIGATEUR-TEST")
    page.fill("#id_patient-given_names", "Alix")
    page.fill("#id_patient-birth_date", "1960-02-03")
    page.select_option("#id_patient-sex", "F")
    page.fill("#id_patient-ipp", "NAV-0001")
    page.fill("#id_referring_physician", "Dr Fictif")
    _select(page, "reason", "progression")
    page.fill("#id_question", "Quelle ligne après évérolimus ?")
    _select(page, "histology", "atypical")
    _select(page, "histology_source", "biopsy")
    page.fill("#id_ki67_percent", "12")
    _select(page, "tnm_t", "T2a")
    _select(page, "tnm_n", "N1")
    _select(page, "tnm_m", "M1b")
    _select(page, "disease_extent", "metastatic")
    _select(page, "carcinoid_syndrome", "none")
    _select(page, "fdg_pet", "negative")
    page.fill("#id_fdg_pet_date", "2025-05-02")

    # The panel follows the unsaved form.
    page.wait_for_selector(PRRT_INELIGIBLE, state="attached")  # may be folded
    assert "Maladie métastatique" in page.inner_text(PANEL)
    screenshot("cases-01-create-panel")
    page.click("#case-form button.primary")
    page.wait_for_url("**/modifier/")
    pk = int(re.search(r"/cas/(\d+)/modifier/", page.url).group(1))

    # Inline rows through htmx: the page is not reloaded.
    page.select_option("#id_site-site", "liver")
    page.click("#metastatic-sites button:has-text('Ajouter le site')")
    page.wait_for_selector("#metastatic-sites li:has-text('Foie')")
    lines = (
        ("ssa_antitumour", "2023-01-10", "2023-12-20"),
        ("everolimus", "2024-01-05", "2025-03-01"),
    )
    for count, (treatment, start, end) in enumerate(lines, start=1):
        page.select_option("#id_line-treatment", treatment)
        page.fill("#id_line-start_date", start)
        page.fill("#id_line-end_date", end)
        page.select_option("#id_line-best_response", "stable")
        page.select_option("#id_line-reason_stopped", "progression")
        page.click("#treatment-lines button:has-text('Ajouter la ligne')")
        page.wait_for_function(
            "n => document.querySelectorAll('#treatment-lines tbody tr').length === n",
            arg=count,
        )

    # Setting the slope and the SSTR imaging makes PRRT eligible, live.
    page.wait_for_selector(PRRT_INELIGIBLE, state="attached")  # may be folded
    _select(page, "progression", "slow")
    page.fill("#id_progression_imaging_1_date", "2024-09-01")
    page.fill("#id_progression_imaging_2_date", "2025-03-01")
    _select(page, "sstr_imaging", "positive")
    page.fill("#id_sstr_imaging_date", "2025-04-01")
    page.wait_for_selector(PRRT_ELIGIBLE)
    screenshot("cases-02-edit-panel-prrt")

    page.click("#case-form button.primary")
    page.wait_for_url(f"**/cas/{pk}/")
    page.click("button:has-text('Marquer prêt pour la RCP')")
    page.wait_for_selector("h1 .status-ready")
    screenshot("cases-03-ready")
    assert page.locator(".timeline g.line").count() == 2

    assert csp_violations == []
    case = Case.objects.get(pk=pk)
    assert case.patient.ipp == "NAV-0001"
    assert case.status == Case.Status.READY
    assert case.treatment_lines.count() == 2
    assert list(case.metastatic_sites.values_list("site", flat=True)) == ["liver"]
