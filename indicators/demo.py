"""Fictional demo (load_demo step): four held sessions of the demo board over the last year, so
that the indicators show something. The cases are the operated demo patients of
surveillance/demo.py.

Idempotent: nothing is added once the past sessions exist.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_CENTRE
from accounts.models import Centre, User
from board_sessions.models import AgendaItem, BoardSession, Participant
from boards.models import Board
from boards.specialties import Specialty
from cases.models import Case
from guidelines.engine import add_months
from surveillance.demo import DEMO_BOARD, PATIENTS

PAST_PLACE = "Salle de staff fictive, pavillon B (séance passée, démonstration)"
PARTICIPANTS = (
    ("Dr Hélène Rivière-Démo", Specialty.THORACIC_ONCOLOGY),
    ("Dr Marc Lefort-Démo", Specialty.THORACIC_SURGERY),
    ("Dr Inès Morel-Démo", Specialty.PATHOLOGY),
    ("Dr Paul Garnier-Démo", Specialty.NUCLEAR_MEDICINE),
)


def _session(board, centre, secretary, starts, members) -> BoardSession:
    session = BoardSession.objects.create(
        board=board,
        organiser_centre=centre,
        starts_at=starts,
        place=PAST_PLACE,
        notes="Séance passée fictive de démonstration.",
        created_by=secretary,
        status=BoardSession.Status.LOCKED,
        locked_at=starts + dt.timedelta(hours=2),
        locked_by=secretary,
    )
    for name, specialty in members:
        Participant.objects.create(session=session, name=name, specialty=specialty)
    return session


@transaction.atomic
def load() -> list[BoardSession]:
    board = Board.objects.filter(name=DEMO_BOARD).first()
    centre = Centre.objects.filter(name=DEMO_CENTRE["name"]).first()
    secretary = User.objects.filter(username="secretaire").first()
    clinician = User.objects.filter(username="clinicien").first()
    if not (board and centre and secretary and clinician):
        return []
    if BoardSession.objects.filter(board=board, place=PAST_PLACE).exists():
        return []
    ipps = [spec[0] for spec in PATIENTS]
    cases = list(
        Case.objects.filter(
            centre=centre, patient__ipp__in=ipps, status=Case.Status.READY
        ).order_by("patient__ipp")
    )
    if not cases:
        return []
    today = timezone.localdate()
    sessions = []
    for index in range(4):
        day = add_months(today, -3 * (index + 1))
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
        # The second session lacked the pathologist: no quorum.
        members = PARTICIPANTS if index != 1 else PARTICIPANTS[:2]
        session = _session(board, centre, secretary, starts, members)
        sessions.append(session)
        for position, case in enumerate(cases[index::4], start=1):
            AgendaItem.objects.create(
                session=session,
                case=case,
                position=position,
                added_by=secretary,
                added_late=position == 2,
            )
            # Ready 1 to 6 weeks before the session (the history the app would have written).
            ready = starts - dt.timedelta(days=7 * (position + index % 3))
            Case.history.filter(id=case.pk, status=Case.Status.READY).update(history_date=ready)
            Case.objects.filter(pk=case.pk).update(status=Case.Status.DISCUSSED)
    return sessions
