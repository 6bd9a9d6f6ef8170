"""Every page of the apps, as the user it serves: the security headers, a Content Security
Policy without inline script or eval, and HTML that needs neither (no inline script, style or
event-handler attribute). Downloads are never cached."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.security.conftest import drain
from tests.security.routes import ROUTES

pytestmark = pytest.mark.django_db

GET_ROUTES = sorted(name for name, route in ROUTES.items() if "GET" in route.methods)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";") if part.strip())


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", GET_ROUTES)
def test_every_page_is_served_with_the_defences(name, htmx, world):
    route = ROUTES[name]
    client = world.client(route.allowed_user("GET"))
    response = client.get(
        reverse(name, kwargs=route.kwargs(world)), **({"HTTP_HX_REQUEST": "true"} if htmx else {})
    )
    assert response.status_code in route.ok_statuses
    _assert_defences(response, name)


# The account pages are outside the apps' namespaces (ROUTES): the home page, signed in or not.
@pytest.mark.parametrize("name, fixture", [("home", "clinician_client"), ("login", "client")])
def test_account_pages_are_served_with_the_defences(name, fixture, request):
    response = request.getfixturevalue(fixture).get(reverse(name))
    assert response.status_code == 200
    _assert_defences(response, name)


def _assert_defences(response, name: str) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    if response.streaming:
        assert "no-store" in response["Cache-Control"]
        drain(response)
        return
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith('src="/static/'), f"inline <script> in {name}"
        assert ' style="' not in html, f"inline style attribute in {name}"
        assert not INLINE_HANDLER.search(html), f"inline event handler in {name}"
