"""Follow-up plans (L7–L9) and their calendar dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidelines.engine import FactsError, add_months, follow_up_dates, follow_up_plan
from guidelines.engine.follow_up import calendar

from .helpers import METASTATIC, OPERATED, case

CT_PLAN = follow_up_plan(case(OPERATED, histology="atypical"))
N0_PLAN = follow_up_plan(case(OPERATED, histology="typical", nodal_status="N0"))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(dt.date(2024, 10, 31), 4, dt.date(2025, 2, 28), id="31 Oct + 4 -> 28 Feb"),
        pytest.param(dt.date(2023, 10, 31), 4, dt.date(2024, 2, 29), id="leap year -> 29 Feb"),
        pytest.param(dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29), id="31 Jan + 1"),
        pytest.param(dt.date(2024, 8, 31), 1, dt.date(2024, 9, 30), id="31 Aug + 1 -> 30 Sep"),
        pytest.param(dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15), id="year change"),
        pytest.param(dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), id="29 Feb + 1 year"),
        pytest.param(dt.date(2024, 5, 10), 0, dt.date(2024, 5, 10), id="zero months"),
        pytest.param(dt.date(2024, 10, 31), 124, dt.date(2035, 2, 28), id="past 10 years"),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.integers(min_value=0, max_value=240),
)
def test_add_months_properties(start, months):
    result = add_months(start, months)
    assert (result.year - start.year) * 12 + result.month - start.month == months
    assert result.day <= start.day
    assert result.day == start.day or result.month != (result + dt.timedelta(days=1)).month


def test_ct_plan_dates_at_4_months_then_yearly():
    # L9: "Durée de surveillance CT et CA : plus de 10 ans" — the calendar reaches past 10 years.
    dates = follow_up_dates(CT_PLAN, dt.date(2024, 10, 31))
    assert [d["month"] for d in dates] == [4, 16, 28, 40, 52, 64, 76, 88, 100, 112, 124]
    assert dates == calendar(CT_PLAN, dt.date(2024, 10, 31))
    assert dates[-1]["date"] > dt.date(2034, 10, 31)
    assert dates[0]["date"] == dt.date(2025, 2, 28)
    assert dates[1]["date"] == dt.date(2026, 2, 28)
    assert "TDM" in dates[0]["exams"][0]


def test_longer_horizon_goes_past_ten_years():
    dates = follow_up_dates(CT_PLAN, dt.datetime(2024, 3, 15, 9, 30), horizon_years=11)
    assert dates[-1] == {"month": 124, "date": dt.date(2034, 7, 15), "exams": CT_PLAN["exams"]}


def test_tc_n0_plan_has_no_fixed_schedule():
    assert N0_PLAN["code"] == "follow_up_optional_low_irradiation"
    assert follow_up_dates(N0_PLAN, dt.date(2024, 1, 1)) == []
    assert follow_up_dates(None, dt.date(2024, 1, 1)) == []


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(case(OPERATED, histology="typical"), id="nodes unknown"),
        pytest.param(
            {"histology": "typical", "disease_extent": "localized", "surgery_done": False},
            id="not operated",
        ),
        pytest.param(case(METASTATIC, surgery_done=True), id="metastatic"),
    ],
)
def test_no_plan(facts):
    assert follow_up_plan(facts) is None


def test_plan_never_uses_pet():
    for plan in (CT_PLAN, N0_PLAN):
        assert not any("TEP" in exam for exam in plan["exams"])
        assert plan["duration_years_min"] == 10


def test_follow_up_plan_validates():
    with pytest.raises(FactsError):
        follow_up_plan({"histology": "typical"})


def test_bad_arguments():
    with pytest.raises(TypeError):
        follow_up_dates(CT_PLAN, "2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        follow_up_dates(CT_PLAN, dt.date(2024, 1, 1), horizon_years=-1)
