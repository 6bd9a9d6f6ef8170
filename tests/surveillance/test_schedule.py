"""Calendars from the engine's plan, dated from given surgery dates (fixed: no clock read)."""

import datetime as dt
import itertools

import pytest

from guidelines.engine import follow_up_plan
from surveillance.actions import choose_surveillance, engine_plan, start_surveillance
from surveillance.models import ExamKind
from surveillance.schedule import chosen_calendar, done_on_time, plan_calendar, stale_since
from tests.guidelines.engine.helpers import OPERATED, case
from tests.surveillance.helpers import operated_case

pytestmark = pytest.mark.django_db

CT_PLAN = follow_up_plan(case(OPERATED, histology="atypical"))
N0_PLAN = follow_up_plan(case(OPERATED, histology="typical", nodal_status="N0"))


def test_ct_plan_calendar_runs_past_ten_years_at_the_engines_interval():
    # « CT N+ et CA : TDM … à 4 mois puis annuellement … Durée de surveillance CT et CA :
    # plus de 10 ans »
    rows = plan_calendar(CT_PLAN, dt.date(2020, 1, 15))
    months = [row.month for row in rows]
    first, step = CT_PLAN["first_month"], CT_PLAN["interval_months"]
    assert months[0] == first
    assert all(b - a == step for a, b in itertools.pairwise(months))
    assert months[-1] > CT_PLAN["duration_years_min"] * 12  # beyond 10 years
    assert rows[0].due_date == dt.date(2020, 5, 15)
    assert rows[-1].due_date > dt.date(2030, 1, 15)
    assert all(row.exams == " ; ".join(CT_PLAN["exams"]) for row in rows)
    assert not any("TEP" in row.exams for row in rows)


def test_month_end_surgery_dates_clamp_like_the_engine():
    rows = plan_calendar(CT_PLAN, dt.date(2021, 10, 31))
    assert rows[0].due_date == dt.date(2022, 2, 28)


def test_tc_n0_plan_has_no_calendar_of_its_own():
    # « CT N0 : pas de consensus pour une surveillance systématique »
    assert plan_calendar(N0_PLAN, dt.date(2020, 1, 15)) == []


def test_tc_n0_chosen_calendar_uses_the_plans_exams_over_more_than_ten_years():
    rows = chosen_calendar(
        N0_PLAN, dt.date(2020, 1, 15), exam_label="IRM hépatique", interval_months=24
    )
    assert [row.month for row in rows] == [24, 48, 72, 96, 120, 144]
    assert rows[-1].due_date == dt.date(2032, 1, 15)  # past 10 years, « > 10 ans »
    assert {row.exams for row in rows} == {"IRM hépatique"}
    with pytest.raises(ValueError):
        chosen_calendar(N0_PLAN, dt.date(2020, 1, 15), exam_label="TEP FDG", interval_months=12)


def test_every_exam_the_engine_names_is_a_recordable_kind():
    labels = set(ExamKind.labels)
    for plan in (CT_PLAN, N0_PLAN):
        assert set(plan["exams"]) <= labels
        assert set(plan["on_suspected_recurrence"]) <= labels
    assert not any("TEP" in label for label in labels)


@pytest.mark.parametrize(
    "kind, systematic",
    [("tc_n_plus", True), ("ac", True), ("tc_n0", False)],
)
def test_start_surveillance_stores_the_engine_calendar(kind, systematic, clinician):
    the_case = operated_case(kind, surgery_date=dt.date(2015, 6, 30))
    plan, _version = engine_plan(the_case)
    surveillance = start_surveillance(case=the_case, by=clinician)
    expected = list(surveillance.expected_exams.order_by("month"))
    assert surveillance.plan == plan and surveillance.systematic is systematic
    if systematic:
        assert [e.month for e in expected] == [
            r.month for r in plan_calendar(plan, the_case.surgery_date)
        ]
        assert expected[0].due_date == dt.date(2015, 10, 30)
        assert expected[-1].due_date > dt.date(2025, 6, 30)
        assert surveillance.interval_months == plan["interval_months"]
    else:
        assert expected == []
        choose_surveillance(
            surveillance=surveillance,
            exam=ExamKind.ABDOMINAL_ULTRASOUND,
            interval_months=12,
            by=clinician,
        )
        rows = list(surveillance.expected_exams.order_by("month"))
        assert len(rows) == 11 and rows[-1].month == 132
        assert rows[0].exams == "Échographie abdominale"


def test_on_time_and_stale_rules():
    due = dt.date(2024, 3, 1)
    assert done_on_time(due, dt.date(2024, 3, 31))
    assert not done_on_time(due, dt.date(2024, 4, 1))
    assert not done_on_time(due, None)
    assert stale_since(None, dt.date(2020, 1, 15), 12) == dt.date(2021, 1, 15)
    assert stale_since(dt.date(2023, 2, 1), dt.date(2020, 1, 15), 12) == dt.date(2024, 2, 1)
    assert stale_since(None, dt.date(2020, 1, 15), None) is None
