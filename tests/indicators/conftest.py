"""A small hand-written data set for one board (fictional), read at a fixed date."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from board_sessions.models import AgendaItem, BoardSession, Participant
from cases.models import Case
from decisions.models import Decision, TreatmentStart
from indicators.charts import Period
from surveillance.models import ExpectedExam, Surveillance, SurveillanceExam
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.cases.factories import CaseFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 1)
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def at(day: dt.date, hour=14) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def _participants(session, specialties, *, non_physicians=()):
    for index, specialty in enumerate(specialties):
        Participant.objects.create(session=session, name=f"Dr Fictif {index}", specialty=specialty)
    for specialty in non_physicians:
        Participant.objects.create(
            session=session, name="Interne fictif", specialty=specialty, is_physician=False
        )


def _item(session, centre, board, position, *, ready_on, late=False):
    case = CaseFactory(centre=centre, board=board, status=Case.Status.READY)
    # The case became "ready" on `ready_on` (its only history record says so).
    Case.history.filter(id=case.pk).update(history_date=at(ready_on, 9))
    return AgendaItem.objects.create(session=session, case=case, position=position, added_late=late)


SSA = {"code": "ssa_antitumour", "label": "ASM antitumoraux (fictif)", "regulatory": "off_label"}
PRRT = {"code": "prrt_lutathera", "label": "Lutathera (fictif)", "regulatory": "compassionate_cpc"}
FULL = ["Pneumologie", "Chirurgie thoracique", "Anatomopathologie"]


def _decision(item, by, *, outcome="proposal", status="validated", validated_after=None, **fields):
    starts = item.session.starts_at
    return Decision.objects.create(
        item=item,
        case=item.case,
        outcome=outcome,
        status=status,
        recorded_by=by,
        validated_by=by if status == "validated" else None,
        validated_at=starts + dt.timedelta(days=validated_after) if validated_after else None,
        **fields,
    )


def _started(decision, by, treatment, concordant, reason=""):
    return TreatmentStart.objects.create(
        case=decision.case,
        decision=decision,
        treatment=treatment,
        start_date=dt.date(2026, 3, 1),
        concordant=concordant,
        discordance_reason=reason,
        recorded_by=by,
    )


@pytest.fixture
def dataset(centre, clinician):
    """Board "RCP fictive des indicateurs" (requires thoracic surgery and pathology):
    - S1 held 2026-02-10, locked, quorum (pneumology, thoracic surgery, pathology): 3 items,
      ready 5, 10 and 12 days before; one registered late;
    - S2 held 2026-02-24, locked, no quorum (pathology only as a non-physician): 2 items,
      ready 20 and 40 days before; one registered late;
    - S3 planned 2026-03-10 (not held): 1 item;
    - S4 held 2025-12-01 (outside the period): 1 item.
    Decisions: S1's items validated (SSA hors AMM in the référentiel; Lutathera CPC hors
    référentiel with its justification; deferred), S2's first validated (Lutathera CPC, quorum
    recorded as not reached at the item), S2's second still a draft. Treatments started: SSA and
    Lutathera as decided, everolimus instead of Lutathera (the patient's choice).
    Surveillance of the board's patients (as of 2026-06-30, the end of the period):
    - X active: due 02-01 done 02-10 (on time), due 03-01 done 04-15 (late), due 05-01 not done;
    - Y active: due 05-01 done 05-01 (on time), due 06-20 not done (window still open);
    - Z lost to follow-up: due 02-15 not done."""
    board = BoardFactory(name="RCP fictive des indicateurs")
    s1 = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=at(dt.date(2026, 2, 10)),
        status=BoardSession.Status.LOCKED,
    )
    s2 = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=at(dt.date(2026, 2, 24)),
        status=BoardSession.Status.LOCKED,
    )
    s3 = BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=at(dt.date(2026, 3, 10))
    )
    s4 = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=at(dt.date(2025, 12, 1)),
        status=BoardSession.Status.LOCKED,
    )
    _participants(s1, ["pulmonology", "thoracic_surgery", "pathology"])
    _participants(s2, ["pulmonology", "thoracic_surgery"], non_physicians=["pathology"])
    items = [
        _item(s1, centre, board, 1, ready_on=dt.date(2026, 2, 5)),
        _item(s1, centre, board, 2, ready_on=dt.date(2026, 1, 31)),
        _item(s1, centre, board, 3, ready_on=dt.date(2026, 1, 29), late=True),
        _item(s2, centre, board, 1, ready_on=dt.date(2026, 2, 4)),
        _item(s2, centre, board, 2, ready_on=dt.date(2026, 1, 15), late=True),
        _item(s3, centre, board, 1, ready_on=dt.date(2026, 3, 1)),
        _item(s4, centre, board, 1, ready_on=dt.date(2025, 11, 1)),
    ]

    # Decisions (validated unless said): delays to validation 3, 10, 1 and 7 days.
    one = _decision(
        items[0],
        clinician,
        validated_after=3,
        concordance="in",
        chosen_options=[SSA],
        quorum_reached=True,
        quorum_specialties=FULL,
    )
    two = _decision(
        items[1],
        clinician,
        validated_after=10,
        concordance="out",
        justification="Patient très âgé, préférence exprimée (fictif).",
        chosen_options=[PRRT],
        quorum_reached=True,
        quorum_specialties=FULL,
    )
    _decision(
        items[2],
        clinician,
        validated_after=1,
        outcome="deferred",
        deferral_reason="missing_exam",
        concordance="na",
        quorum_reached=True,
        quorum_specialties=FULL,
    )
    four = _decision(
        items[3],
        clinician,
        validated_after=7,
        concordance="in",
        chosen_options=[PRRT],
        quorum_reached=False,
        quorum_specialties=FULL[:2],
        quorum_missing=["Anatomopathologie"],
    )
    _decision(items[4], clinician, status="draft", concordance="in", chosen_options=[SSA])
    _started(one, clinician, "ssa_antitumour", True)
    _started(two, clinician, "everolimus", False, "patient_choice")
    _started(four, clinician, "prrt_lutathera", True)

    def surveillance(status, rows):
        case = CaseFactory(
            centre=centre, board=board, resected=True, surgery_date=dt.date(2020, 1, 1)
        )
        plan = {"code": "follow_up_ct_4m_then_yearly", "systematic": True, "interval_months": 12}
        record = Surveillance.objects.create(
            case=case,
            plan_code=plan["code"],
            plan=plan,
            surgery_date=case.surgery_date,
            status=status,
        )
        for month, (due, done) in enumerate(rows, start=1):
            exam = None
            if done:
                exam = SurveillanceExam.objects.create(
                    surveillance=record,
                    performed_on=done,
                    kind="ct_early_arterial",
                    result="no_recurrence",
                )
            ExpectedExam.objects.create(
                surveillance=record, month=month, due_date=due, exams="TDM", fulfilled_by=exam
            )
        return record

    d = dt.date
    surveillance(
        "active",
        [(d(2026, 2, 1), d(2026, 2, 10)), (d(2026, 3, 1), d(2026, 4, 15)), (d(2026, 5, 1), None)],
    )
    surveillance("active", [(d(2026, 5, 1), d(2026, 5, 1)), (d(2026, 6, 20), None)])
    surveillance("lost", [(d(2026, 2, 15), None)])
    return {"board": board, "items": items, "period": Period(board, START, END, TODAY)}
