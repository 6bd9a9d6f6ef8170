"""Fictional demo (load_demo step): one held session of the demo board with three validated
decisions — concordant, hors référentiel with its justification, Lutathera CPC with its
checklist — and a demo coordinator of the board (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_CENTRE, DEMO_PASSWORD
from accounts.models import Centre, User
from accounts.roles import CLINICIAN, assign_role
from board_sessions import actions as session_actions
from board_sessions.demo import DEMO_BOARD, DEMO_PARTICIPANTS
from board_sessions.models import BoardSession
from boards.models import Board
from cases.models import Case
from decisions import actions, rules
from decisions.actions import DecisionInput

HELD_PLACE = "Salle de staff fictive, pavillon B — séance tenue (démonstration)"
COORDINATOR = ("coordinateur", "Hélène", "Rivière-Démo", "Oncologie thoracique")


def _coordinator(centre: Centre, board: Board) -> User:
    username, first, last, specialty = COORDINATOR
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "centre": centre},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    user.specialty = specialty
    user.email = user.email or f"{username}@example.org"
    user.save()
    assign_role(user, CLINICIAN)
    board.coordinators.add(user)
    return user


def _first(options, predicate):
    return next((o for o in options if predicate(o)), None)


@transaction.atomic
def load() -> BoardSession | None:
    board = Board.objects.filter(name=DEMO_BOARD, is_active=True).first()
    centre = Centre.objects.filter(name=DEMO_CENTRE["name"]).first()
    secretary = User.objects.filter(username="secretaire").first()
    clinician = User.objects.filter(username="clinicien").first()
    if not (board and centre and secretary and clinician):
        return None
    coordinator = _coordinator(centre, board)
    if not clinician.email:
        clinician.email = "clinicien@example.org"
        clinician.save(update_fields=["email"])
    existing = BoardSession.objects.filter(board=board, place=HELD_PLACE).first()
    if existing is not None:
        return existing

    ready = list(
        Case.objects.filter(centre=centre, status=Case.Status.READY)
        .select_related("patient")
        .order_by("patient__ipp")
    )
    evaluated = [(case, actions.options_of(actions.freeze_evaluation(case))) for case in ready]
    cpc = next(
        (
            c
            for c, opts in evaluated
            if _first(opts, lambda o: o["code"] == "prrt_lutathera" and o["eligible"])
        ),
        None,
    )
    concordant = next(
        (c for c, opts in evaluated if c is not cpc and _first(opts, lambda o: o["eligible"])), None
    )
    out = next(
        (
            c
            for c, opts in evaluated
            if c not in (cpc, concordant) and _first(opts, lambda o: not o["eligible"])
        ),
        None,
    )
    chosen = [c for c in (concordant, out, cpc) if c is not None]
    if not chosen:
        return None

    start = timezone.localtime() - dt.timedelta(days=7)
    session = BoardSession.objects.create(
        board=board,
        organiser_centre=centre,
        starts_at=start.replace(hour=14, minute=0, second=0, microsecond=0),
        place=HELD_PLACE,
        notes="Séance fictive tenue (démonstration des décisions).",
        created_by=secretary,
    )
    for name, specialty, is_physician in DEMO_PARTICIPANTS:
        session_actions.add_participant(
            session=session, name=name, specialty=specialty, is_physician=is_physician, by=secretary
        )
    items = {
        case.pk: session_actions.register_case(session=session, case=case, by=secretary)
        for case in chosen
    }
    session_actions.lock_session(session=session, by=secretary)

    common = {
        "follow_up_physician": "Dr Martin-Démo (fictif)",
        "patient_informed_before": "yes",
        "patient_informed_on": session.starts_at.date() - dt.timedelta(days=10),
        "patient_information_plan": "Consultation d'annonce avec le médecin référent",
    }
    options = dict(evaluated)
    if concordant is not None:
        option = _first(options[concordant], lambda o: o["eligible"])
        actions.save_decision(
            item=items[concordant.pk],
            data=DecisionInput(outcome="proposal", option_codes=[option["code"]], **common),
            by=secretary,
        )
    if out is not None:
        option = _first(options[out], lambda o: not o["eligible"])
        actions.save_decision(
            item=items[out.pk],
            data=DecisionInput(
                outcome="proposal",
                option_codes=[option["code"]],
                justification="Choix argumenté en séance (démonstration fictive) : "
                "alternatives épuisées ou contre-indiquées.",
                **common,
            ),
            by=secretary,
        )
    if cpc is not None:
        option = _first(options[cpc], lambda o: o["code"] == "prrt_lutathera")
        answers = {
            c.key: (True, "")
            for c in rules.checklist([rules.option_snapshot(option)])
            if not c.key.endswith("national_rcp")
        }
        answers["prrt_lutathera:national_rcp"] = (
            False,
            "RCP régionale : dossier adressé à la RCP nationale RENATEN (démonstration).",
        )
        actions.save_decision(
            item=items[cpc.pk],
            data=DecisionInput(
                outcome="proposal",
                option_codes=["prrt_lutathera"],
                conditions=answers,
                refer_to_national=True,
                **common,
            ),
            by=secretary,
        )
    actions.validate_session(session=session, by=coordinator)
    return session
