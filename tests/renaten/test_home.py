"""Each role lands on something useful (issue 14, item 11)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.board_sessions.factories import AgendaItemFactory, BoardSessionFactory
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_clinician_sees_drafts_ready_cases_and_next_sessions(clinician_client, centre):
    draft = CaseFactory(centre=centre, patient__family_name="BROUILLON-FICTIF")
    ready = CaseFactory(centre=centre, status="ready", patient__family_name="PRET-FICTIF")
    CaseFactory(patient__family_name="AUTRE-CENTRE")  # another centre: never shown
    session = BoardSessionFactory()
    html = clinician_client.get(reverse("home")).content.decode()
    assert "BROUILLON-FICTIF" in html and reverse("cases:detail", args=[draft.pk]) in html
    assert "PRET-FICTIF" in html and reverse("cases:detail", args=[ready.pk]) in html
    assert "AUTRE-CENTRE" not in html
    assert str(session.board) in html
    assert timezone.localtime(session.registration_closes_at).strftime("%d/%m/%Y") in html


def test_secretary_sees_next_sessions_with_quorum_and_registered_cases(secretary_client, centre):
    session = BoardSessionFactory(organiser_centre=centre)
    AgendaItemFactory(session=session, case=CaseFactory(centre=centre, status="registered"))
    response = secretary_client.get(reverse("home"))
    html = response.content.decode()
    assert reverse("board_sessions:detail", args=[session.pk]) in html
    assert "non atteint" in html
    assert response.context["session_rows"][0]["session"].case_count == 1


def test_administrator_sees_recent_access(admin_client_role, administrator):
    AccessLog.objects.create(user=administrator, username="clin-fictif", action="view_case")
    html = admin_client_role.get(reverse("home")).content.decode()
    assert "Activité récente du journal d'accès" in html and "clin-fictif" in html
