"""The administrator names the national board's secretaries, like its other contacts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from boards.models import Board
from tests.board_sessions.factories import BoardFactory
from tests.boards.test_admin import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_secretaries_of_the_national_board_only(admin_client_role, centre):
    national = Board.objects.get(level=Board.Level.NATIONAL)
    secretary = UserFactory(username="secr-nat-admin", centre=centre, role="secretary")
    clinician = UserFactory(username="clin-admin", centre=centre, role="clinician")
    url = reverse("admin:boards_board_change", args=[national.pk])
    form = admin_client_role.get(url).context["adminform"].form
    choices = set(form.fields["secretaries"].queryset)
    assert secretary in choices and clinician not in choices

    response = admin_client_role.post(url, form_data(national, secretaries=[secretary.pk]))
    assert response.status_code == 302
    assert list(national.secretaries.all()) == [secretary]

    regional = BoardFactory(name="RCP régionale fictive admin")
    url = reverse("admin:boards_board_change", args=[regional.pk])
    response = admin_client_role.post(url, form_data(regional, secretaries=[secretary.pk]))
    assert response.status_code == 200
    assert "Seule la RCP nationale" in response.content.decode()
    assert not regional.secretaries.exists()
