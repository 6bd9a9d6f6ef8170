"""CSRF on every POST: each URL of the apps (and the account and admin forms), posted by a user
the URL serves, with and without HX-Request, is refused without the token and served with it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.conftest import drain
from tests.security.routes import ROUTES

pytestmark = pytest.mark.django_db


def _client_with_token(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("home"))  # the page sets the CSRF cookie, as a browser would get it
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


def _post(client, url, route, world, **headers):
    with transaction.atomic():
        response = client.post(url, **route.payload(world), **headers)
        transaction.set_rollback(True)
    drain(response)
    return response


def _is_csrf_refusal(response) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_post_needs_the_csrf_token(name, htmx, world):
    route = ROUTES[name]
    user = route.allowed_user("POST") if "POST" in route.methods else route.allowed_user("GET")
    client, token = _client_with_token(world.users[user])
    url = reverse(name, kwargs=route.kwargs(world))
    hx = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    refused = _post(client, url, route, world, **hx)
    assert _is_csrf_refusal(refused), f"POST {url} without a token: {refused.status_code}"
    forged = _post(client, url, route, world, HTTP_X_CSRFTOKEN="x" * 32, **hx)
    assert _is_csrf_refusal(forged), f"POST {url} with a forged token: {forged.status_code}"

    if "POST" in route.methods:
        # The same request with the token (as htmx sends it, in a header) gets through.
        served = _post(client, url, route, world, HTTP_X_CSRFTOKEN=token, **hx)
        assert served.status_code in route.ok_statuses, f"POST {url} with the token"


@pytest.mark.parametrize(
    "url_name, fixture",
    [
        ("logout", "clinician"),
        ("login", None),
        ("admin:boards_board_add", "administrator"),
        ("admin:logout", "administrator"),
    ],
)
def test_account_and_admin_forms_need_the_token_too(url_name, fixture, request):
    client = Client(enforce_csrf_checks=True)
    if fixture:
        client.force_login(request.getfixturevalue(fixture))
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(reverse(url_name), {"username": "x", "password": "y"}, **headers)
        assert _is_csrf_refusal(response), url_name


def test_the_csrf_cookie_is_out_of_scripts_reach(clinician_client):
    # htmx sends the token from the page (base.html's hx-headers); no script reads the cookie.
    clinician_client.get(reverse("home"))
    assert clinician_client.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True
