"""Fictional demo (load_demo step): four held sessions of the demo board over the last year,
with decisions validated by the demo coordinator and the treatments started, so that every
indicator shows something. The cases are the operated demo patients of surveillance/demo.py.

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
from cases.actions import transition
from cases.choices import Treatment
from cases.models import Case
from decisions import actions as decisions
from decisions.actions import DecisionInput
from decisions.models import Decision
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


def _decide(item, index, position, secretary, coordinator, clinician) -> None:
    """A proposal in the référentiel (or, for one item, a deferral or a hors-référentiel
    choice), validated a few days after the session, then the treatment started."""
    evaluation = decisions.freeze_evaluation(item.case) or {}
    options = decisions.options_of(evaluation)
    eligible = [o for o in options if o["eligible"] and o["code"] in Treatment.values]
    ineligible = [o for o in options if not o["eligible"] and o["code"] in Treatment.values]
    if index == 0 and position == 2:
        data = DecisionInput(outcome="deferred", deferral_reason="missing_exam")
    elif index == 2 and ineligible:
        data = DecisionInput(
            outcome="proposal",
            option_codes=[ineligible[0]["code"]],
            justification="Choix argumenté en séance (démonstration fictive).",
        )
    elif eligible:
        data = DecisionInput(outcome="proposal", option_codes=[eligible[0]["code"]])
    else:
        data = DecisionInput(
            outcome="proposal",
            free_proposal="Surveillance (fictif).",
            justification="Aucune option du référentiel (démonstration).",
        )
    decision = decisions.save_decision(item=item, data=data, by=secretary)
    decision = decisions.validate_decision(decision=decision, by=coordinator)
    # As if signed a few days after the meeting (the demo is loaded today).
    Decision.objects.filter(pk=decision.pk).update(
        validated_at=item.session.starts_at + dt.timedelta(days=2 + 3 * position + index)
    )
    if data.outcome != "proposal" or not data.option_codes:
        return
    chosen = data.option_codes[0]
    others = [code for code in Treatment.values if code != chosen]
    discordant = index == 1 and position == 1
    decisions.record_treatment_start(
        case=item.case,
        treatment=others[0] if discordant else chosen,
        start_date=min(item.session.starts_at.date() + dt.timedelta(days=21), timezone.localdate()),
        discordance_reason="patient_choice" if discordant else "",
        by=clinician,
    )


@transaction.atomic
def load() -> list[BoardSession]:
    board = Board.objects.filter(name=DEMO_BOARD).first()
    centre = Centre.objects.filter(name=DEMO_CENTRE["name"]).first()
    secretary = User.objects.filter(username="secretaire").first()
    clinician = User.objects.filter(username="clinicien").first()
    coordinator = board.coordinators.first() if board else None
    if not (board and centre and secretary and clinician and coordinator):
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
            item = AgendaItem.objects.create(
                session=session,
                case=case,
                position=position,
                added_by=secretary,
                added_late=position == 2,
            )
            # Registered, then discussed when the session was locked: through the action, then
            # the history backdated to what the app would have written (created a day before it
            # was ready, ready 1 to 6 weeks before the session and registered then, discussed
            # at the lock).
            transition(case=case, to=Case.Status.REGISTERED, by=secretary)
            transition(case=case, to=Case.Status.DISCUSSED, by=secretary)
            ready = starts - dt.timedelta(days=7 * (position + index % 3))
            history = Case.history.filter(id=case.pk)
            history.filter(status=Case.Status.DRAFT).update(
                history_date=ready - dt.timedelta(days=1)
            )
            history.filter(status__in=(Case.Status.READY, Case.Status.REGISTERED)).update(
                history_date=ready
            )
            history.filter(status=Case.Status.DISCUSSED).update(history_date=session.locked_at)
            _decide(item, index, position, secretary, coordinator, clinician)
    return sessions
