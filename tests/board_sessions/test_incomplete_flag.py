"""« inscrit incomplet » on the pages that list a session's cases, like « ajouté tardivement »."""

from __future__ import annotations

import pytest
from django.urls import reverse

from board_sessions.actions import register_case
from cases.models import Case
from tests.board_sessions.factories import BoardSessionFactory
from tests.cases.factories import metastatic_case

pytestmark = pytest.mark.django_db


def test_the_clinicians_session_list_flags_an_incomplete_registration(
    clinician_client, centre, secretary
):
    session = BoardSessionFactory(organiser_centre=centre)
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    register_case(
        session=session, case=case, by=secretary, incomplete_reason="TEP attendue (fictif)"
    )
    page = clinician_client.get(reverse("board_sessions:clinician_list")).content.decode()
    assert "inscrit incomplet" in page and "TEP attendue (fictif)" in page
