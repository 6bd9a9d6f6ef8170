"""The one Playwright harness, registered from tests/conftest.py as a pytest plugin.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium, installed by .ci/run with
apt), never a downloaded browser. Tests marked `browser` are skipped, with the reason printed in
the summary (pytest runs with -ra) and in the report header, when Chromium or Playwright is
missing.

Each test gets its own Playwright: its sync API keeps an asyncio loop "running" in the test
thread for as long as it is started, so Django's async-safety check would refuse every ORM call
made by later tests. DJANGO_ALLOW_ASYNC_UNSAFE is set only while a browser runs and removed
afterwards, so no subprocess started by another test (check --deploy) inherits it.

On SQLite the live server answers one request at a time (see SerialLiveServer); the seeded
RENATEN boards are restored before each browser test (seeded_boards, in tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def skip_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return (
            f"browser tests SKIPPED: Debian's Chromium not found at {CHROMIUM} "
            "(apt-get install chromium; .ci/run installs it)"
        )
    if not HAVE_PLAYWRIGHT:
        return "browser tests SKIPPED: Playwright for Python is not installed (make install)"
    return None


def pytest_report_header(config):
    reason = skip_reason()
    return reason or f"browser tests: Playwright with {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Said once more at the very end, where a reader of `make test` looks.
    reason = skip_reason()
    if reason is None:
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in getattr(report, "keywords", {})
    ]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} {reason}", yellow=True, bold=True)


class SerialLiveServer(WSGIServer):
    """One request at a time. On in-memory SQLite every server thread shares the test's single
    connection, and two overlapping requests (htmx fires several) break its transactions."""

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() already installed the overrides in the serving thread.
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    # Session-wide and before any test: pytest-django starts its live server once, lazily.
    from django.conf import settings

    database = settings.DATABASES["default"]
    previous = LiveServerThread.server_class
    if database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        LiveServerThread.server_class = SerialLiveServer
    yield
    LiveServerThread.server_class = previous


LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    """Chromium for one test; the async-unsafe switch lives exactly as long as Playwright."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            try:
                yield chromium
            finally:
                # While Playwright's loop runs, Django keeps separate connections (one per
                # asyncio context): close them now, or they leak once the loop stops (and
                # PostgreSQL refuses to drop the test database).
                connections.close_all()
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser, seeded_boards):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def csp_violations(page):
    """Console messages reporting a Content Security Policy violation (expected: none)."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


@pytest.fixture
def screenshot(page):
    """Save a key screen under test-artifacts/screenshots/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    """Log `user` in through the login form (password: tests.factories.TEST_PASSWORD)."""
    from tests.factories import TEST_PASSWORD

    def do(user, password: str = TEST_PASSWORD):
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do
