"""The session cover flags a case registered while its checklist was incomplete (« inscrit
incomplet », with the secretary's reason and what was missing), as it flags late additions."""

from __future__ import annotations

import pytest

from board_sessions.actions import register_case
from cases.models import Case
from dossiers.render import render_session_pdf
from tests.dossiers.conftest import GENERATED_AT, cpc_case
from tests.dossiers.pdf_utils import page_texts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ready(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    case.refresh_from_db()
    return case


def test_the_cover_flags_incomplete_registrations_with_their_reason(
    board_session, centre, other_centre, secretary, clinician
):
    incomplete = _ready(cpc_case(centre, question="Question du dossier incomplet ?"))
    register_case(
        session=board_session,
        case=incomplete,
        by=secretary,
        incomplete_reason="Compte rendu anatomopathologique attendu (fictif)",
    )
    foreign = _ready(cpc_case(other_centre))
    register_case(
        session=board_session,
        case=foreign,
        by=UserFactory(centre=other_centre, role="secretary"),
        incomplete_reason="Motif confidentiel de l'autre centre",
    )

    cover = page_texts(render_session_pdf(board_session, centres=[centre]))[0]

    assert cover.count("inscrit incomplet") == 2
    # The reason and what was missing, for the cases the document includes...
    assert "inscrit incomplet — Compte rendu anatomopathologique attendu (fictif)" in cover
    missing = cover.split("Manquait à l'inscription : ", 1)[1].split(" Progression", 1)[0]
    assert "Compte rendu anatomopathologique" in missing.split(" ; ")
    # ...never for another centre's case, whose line shows the flag only.
    assert "Motif confidentiel" not in cover


def test_a_complete_registration_is_not_flagged_and_a_late_one_still_is(
    board_session, centre, secretary
):
    case = _ready(cpc_case(centre))
    board_session.agenda_items.create(case=case, position=1, added_late=True, added_by=secretary)

    pdf = render_session_pdf(board_session, centres=[centre], generated_at=GENERATED_AT)
    cover = page_texts(pdf)[0]

    assert "ajout tardif" in cover
    assert "inscrit incomplet" not in cover and "Manquait" not in cover
