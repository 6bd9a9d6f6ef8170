"""A small hand-written data set for one board (fictional), read at a fixed date."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from board_sessions.models import AgendaItem, BoardSession, Participant
from cases.models import Case
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


@pytest.fixture
def dataset(centre):
    """Board "RCP fictive des indicateurs" (requires thoracic surgery and pathology):
    - S1 held 2026-02-10, locked, quorum (pneumology, thoracic surgery, pathology): 3 items,
      ready 5, 10 and 12 days before; one registered late;
    - S2 held 2026-02-24, locked, no quorum (pathology only as a non-physician): 2 items,
      ready 20 and 40 days before; one registered late;
    - S3 planned 2026-03-10 (not held): 1 item;
    - S4 held 2025-12-01 (outside the period): 1 item.
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
