"""Fictional demo: one upcoming session of the Rhône-Alpes RENATEN board (idempotent).

The board itself is seeded by the boards app's migration from the référentiel; the session is
organised by the demo centre, with fictional participants making the quorum, so the demo
secretary can register the ready demo cases and export the session.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.demo import DEMO_CENTRE
from accounts.models import Centre
from board_sessions.models import BoardSession, Participant
from boards.models import Board
from boards.specialties import Specialty

DEMO_BOARD = "RCP de recours RENATEN Rhône-Alpes"
DEMO_PLACE = "Salle de staff fictive, pavillon B (démonstration)"
DEMO_PARTICIPANTS = (
    ("Dr Hélène Rivière-Démo", Specialty.THORACIC_ONCOLOGY, True),
    ("Dr Marc Lefort-Démo", Specialty.THORACIC_SURGERY, True),
    ("Dr Inès Morel-Démo", Specialty.PATHOLOGY, True),
    ("Dr Paul Garnier-Démo", Specialty.NUCLEAR_MEDICINE, True),
    ("Julie Fabre-Démo", Specialty.OTHER, False),
)


def _next_session_start() -> dt.datetime:
    """Next Thursday at 14:00, at least a week ahead: registrations are not late yet."""
    day = timezone.localdate() + dt.timedelta(days=7)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))


def load() -> BoardSession | None:
    board = Board.objects.filter(name=DEMO_BOARD, is_active=True).first()
    centre = Centre.objects.filter(name=DEMO_CENTRE["name"]).first()
    if board is None or centre is None:
        return None  # the board was renamed or removed by an administrator: nothing to attach
    session = BoardSession.objects.filter(
        board=board, organiser_centre=centre, place=DEMO_PLACE, starts_at__gte=timezone.now()
    ).first()
    if session is None:
        session = BoardSession.objects.create(
            board=board,
            organiser_centre=centre,
            starts_at=_next_session_start(),
            place=DEMO_PLACE,
            notes="Séance fictive de démonstration.",
        )
    for name, specialty, is_physician in DEMO_PARTICIPANTS:
        Participant.objects.get_or_create(
            session=session,
            name=name,
            defaults={"specialty": specialty, "is_physician": is_physician},
        )
    return session
