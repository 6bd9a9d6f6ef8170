"""The shared Playwright harness itself: when it skips, and what it leaves behind."""

import os

import pytest

from tests import browser_support


def test_a_missing_chromium_is_named_in_the_skip_reason(monkeypatch):
    monkeypatch.setattr(browser_support, "CHROMIUM", "/nulle/part/chromium")
    reason = browser_support.skip_reason()
    assert reason.startswith("browser tests SKIPPED")
    assert "/nulle/part/chromium" in reason and "apt-get install chromium" in reason


def test_a_missing_playwright_is_named_in_the_skip_reason(monkeypatch):
    # Chromium present (this very file stands in for it), Playwright missing.
    monkeypatch.setattr(browser_support, "CHROMIUM", __file__)
    monkeypatch.setattr(browser_support, "HAVE_PLAYWRIGHT", False)
    assert "Playwright" in browser_support.skip_reason()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_async_unsafe_is_allowed_only_while_a_browser_runs(request):
    variable = browser_support.ASYNC_UNSAFE
    assert variable not in os.environ

    def gone_after_teardown():
        # Registered before the browser fixture, so it runs after that fixture's teardown.
        assert variable not in os.environ, f"{variable} leaked out of the browser fixture"

    request.addfinalizer(gone_after_teardown)
    request.getfixturevalue("browser")
    assert os.environ[variable] == "true"
