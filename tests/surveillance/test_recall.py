"""The recall list on known data, with a fixed `today`."""

import datetime as dt

import pytest
from django.core.management import call_command

from surveillance.actions import record_exam, set_follow_up_status, start_surveillance
from surveillance.recall import DUE, OVERDUE, csv_rows, recall_list
from tests.board_sessions.factories import BoardFactory
from tests.surveillance.helpers import operated_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def calendars(centre, clinician):
    """Three AC patients of the centre, surgery dates chosen so that on TODAY:
    - A (surgery 2025-11-20): first CT at month 4 due 2026-03-20 → due within 60 days;
    - B (surgery 2025-09-15): month-4 CT due 2026-01-15 not done → overdue by 45 days;
    - C (surgery 2020-01-15): exams at months 4, 16, 28, 40 done 5 days late (last 2023-05-20),
      then none → 2024-05-15 and 2025-05-15 overdue, no exam for more than 12 months."""
    board = BoardFactory(name="RCP fictive des rappels")
    a = start_surveillance(
        case=operated_case("ac", surgery_date=dt.date(2025, 11, 20), centre=centre, board=board),
        by=clinician,
    )
    b = start_surveillance(
        case=operated_case("ac", surgery_date=dt.date(2025, 9, 15), centre=centre), by=clinician
    )
    c = start_surveillance(
        case=operated_case("tc_n_plus", surgery_date=dt.date(2020, 1, 15), centre=centre),
        by=clinician,
    )
    for expected in c.expected_exams.filter(due_date__lte=dt.date(2024, 1, 15)):
        record_exam(
            surveillance=c,
            by=clinician,
            performed_on=expected.due_date + dt.timedelta(days=5),
            kind="ct_early_arterial",
            result="no_recurrence",
            expected=expected,
        )
    return {"a": a, "b": b, "c": c, "board": board}


def test_due_overdue_and_stale_lists(calendars, centre):
    result = recall_list(centre_id=centre.pk, today=TODAY, days=60)
    assert [(r.surveillance_id, r.due_date) for r in result.due] == [
        (calendars["a"].pk, dt.date(2026, 3, 20))
    ]
    overdue = [(r.surveillance_id, r.due_date, r.late_days) for r in result.overdue]
    assert overdue == [
        (calendars["c"].pk, dt.date(2024, 5, 15), 655),
        (calendars["c"].pk, dt.date(2025, 5, 15), 290),
        (calendars["b"].pk, dt.date(2026, 1, 15), 45),
    ]
    # C: last exam 2023-05-20 + 12 months < TODAY. B: surgery 2025-09-15 + 12 months > TODAY.
    assert [(r.surveillance_id, r.last_exam, r.due_date, r.late_days) for r in result.stale] == [
        (calendars["c"].pk, dt.date(2023, 5, 20), dt.date(2024, 5, 20), 650)
    ]


def test_filters_and_horizon(calendars, centre):
    assert recall_list(centre_id=centre.pk, today=TODAY, days=10).due == []
    only = recall_list(
        centre_id=centre.pk, today=TODAY, categories=(OVERDUE,), board_id=calendars["board"].pk
    )
    assert only.overdue == [] and only.due == [] and only.stale == []
    by_board = recall_list(centre_id=centre.pk, today=TODAY, board_id=calendars["board"].pk)
    assert [r.category for r in by_board.rows()] == [DUE]


def test_patients_followed_elsewhere_or_lost_are_not_recalled(calendars, centre, clinician):
    set_follow_up_status(
        surveillance=calendars["c"],
        status="lost",
        on=dt.date(2025, 6, 1),
        reason="Ne répond plus aux convocations",
        by=clinician,
    )
    set_follow_up_status(
        surveillance=calendars["b"],
        status="elsewhere",
        on=dt.date(2025, 12, 1),
        reason="Suivi au CHU fictif voisin",
        by=clinician,
    )
    result = recall_list(centre_id=centre.pk, today=TODAY)
    assert result.overdue == [] and result.stale == []
    assert [r.surveillance_id for r in result.due] == [calendars["a"].pk]


def test_another_centres_patients_never_appear(calendars, other_centre):
    assert recall_list(centre_id=other_centre.pk, today=TODAY).rows() == []


def test_csv_rows(calendars, centre):
    rows = csv_rows(recall_list(centre_id=centre.pk, today=TODAY))
    assert [row[0] for row in rows] == [
        "En retard",
        "En retard",
        "En retard",
        "Sans examen depuis plus que l'intervalle",
        "À prévoir",
    ]
    assert rows[0][7:9] == ("2024-05-15", 655)


def test_follow_up_due_command_csv_and_table(calendars, centre, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    call_command("follow_up_due", "--centre", str(centre.pk), "--days", "60", "--format", "csv")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Catégorie;Dossier;IPP;Nom")
    assert len(out) == 6 and out[-1].startswith("À prévoir;")
    assert ";2026-03-20;0;" in out[-1]
    call_command("follow_up_due", "--centre", str(centre.pk), "--days", "60")
    table = capsys.readouterr().out
    assert "5 ligne(s)." in table and "En retard" in table


def test_follow_up_due_command_refuses_unknown_centre():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("follow_up_due", "--centre", "999999")


def test_an_exam_skipped_before_a_later_one_is_missed_not_overdue(calendars, centre, clinician):
    b = calendars["b"]
    later = b.expected_exams.order_by("month")[1]  # month 16, due 2027-01-15
    record_exam(
        surveillance=b,
        by=clinician,
        performed_on=dt.date(2026, 2, 20),
        kind="ct_early_arterial",
        result="no_recurrence",
    )
    result = recall_list(centre_id=centre.pk, today=TODAY)
    assert b.pk not in [row.surveillance_id for row in result.overdue]
    assert later.fulfilled_by_id is None


def test_csv_cells_never_become_spreadsheet_formulas():
    from surveillance.recall import csv_safe

    assert csv_safe(["=HYPERLINK(1)", "+1", "-2", "@x", "ok", 3]) == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@x",
        "ok",
        3,
    ]
