import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_and_home_in_chromium(page, live_server, login, screenshot, clinician):
    page.goto(f"{live_server.url}/")
    # Anonymous: sent to the login page.
    assert "/connexion/" in page.url
    screenshot("00-login")
    login(clinician)
    assert page.locator("h1").inner_text() == "Bienvenue"
    # htmx came from our own static files and initialised under the strict CSP.
    assert page.evaluate("typeof window.htmx") == "object"
    screenshot("01-home-clinician")
