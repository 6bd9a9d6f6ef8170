"""The session status page: signed-in users only, tiny, never cached."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user", ["clinician", "secretary", "administrator"])
def test_every_role_sees_who_is_signed_in(client, request, user, django_assert_num_queries):
    account = request.getfixturevalue(user)
    client.force_login(account)
    client.get(reverse("session_status"))  # the first request saves the session
    # The session and the user (with the centre), nothing else: the bench's floor.
    with django_assert_num_queries(2):
        response = client.get(reverse("session_status"))
    assert response.status_code == 200
    assert f"Connecté en tant que {account.username}" in response.content.decode()


def test_post_is_refused(clinician_client):
    assert clinician_client.post(reverse("session_status")).status_code == 405
