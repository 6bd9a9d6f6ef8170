"""Post-operative follow-up (L7–L9): the plan in months from surgery, and calendar dates."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .codes import FOLLOW_UP_LABELS, FollowUpCode
from .model import FollowUpFinding
from .text import Item

DURATION_YEARS_MIN = 10  # "plus de 10 ans"
_CT_FIRST_MONTH, _CT_INTERVAL = 4, 12
# Months 4, 16, 28 ... up to the first exam past 10 years, to show "more than 10 years".
_CT_SCHEDULE = tuple(range(_CT_FIRST_MONTH, DURATION_YEARS_MIN * 12 + _CT_INTERVAL, _CT_INTERVAL))

_PLANS: dict[FollowUpCode, dict[str, Any]] = {
    FollowUpCode.OPTIONAL_LOW_IRRADIATION: {
        "exams": ["Échographie abdominale", "IRM hépatique"],
        "schedule_months": [],
        "first_month": None,
        "interval_months": None,
        "systematic": False,
        "notes": [
            "Pas de consensus pour une surveillance systématique ; si elle est décidée, "
            "privilégier les examens non ou peu irradiants, sur une période longue (> 10 ans).",
            "Pas de calendrier fixé par le référentiel.",
            "Pas d'imagerie TEP pour la surveillance.",
        ],
        "on_suspected_recurrence": [],
    },
    FollowUpCode.CT_4M_THEN_YEARLY: {
        "exams": ["TDM thoraco-abdominale avec injection et acquisitions vasculaires précoces"],
        "schedule_months": list(_CT_SCHEDULE),
        "first_month": _CT_FIRST_MONTH,
        "interval_months": _CT_INTERVAL,
        "systematic": True,
        "notes": [
            "À 4 mois puis annuellement, à espacer progressivement (espacement non chiffré par "
            "le référentiel : décision clinique).",
            "Pas d'imagerie TEP pour la surveillance.",
        ],
        "on_suspected_recurrence": [
            "Imagerie des récepteurs à la somatostatine",
            "Imagerie dédiée",
        ],
    },
}


def build_plan(code: FollowUpCode, rule_id: str) -> dict[str, Any]:
    template = _PLANS[code]
    plan: dict[str, Any] = {"code": code.value, "label": FOLLOW_UP_LABELS[code]}
    for key, value in template.items():
        plan[key] = list(value) if isinstance(value, list) else value
    plan["duration_years_min"] = DURATION_YEARS_MIN
    plan["rules"] = ["L7", rule_id]
    return plan


def plan_from_findings(
    findings: list[tuple[str, FollowUpFinding]],
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(plan or None, unmet) from the follow-up findings of L7–L9."""
    plan = None
    unmet: list[Item] = []
    for rule_id, finding in findings:
        if finding.code is not None and plan is None:
            plan = build_plan(finding.code, rule_id)
        unmet.extend(finding.unmet)
    return plan, [item.as_json() for item in dict.fromkeys(unmet)]


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamping the day to the end of the target month."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    last = _calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def calendar(plan: Mapping[str, Any] | None, surgery_date: dt.date) -> list[dict[str, Any]]:
    """THE follow-up calendar: every scheduled exam of `plan`, dated from `surgery_date`.

    The one function behind the JSON, the case page, the PDF and (later) reminders. It covers
    the plan's whole schedule, which reaches past 10 years ("plus de 10 ans", L7/L9): the last
    date is the first exam after the tenth anniversary. A plan without a fixed schedule (CT N0,
    L8) gives no dates: the text sets none. Each entry: {"month", "date", "exams"}.
    """
    if isinstance(surgery_date, dt.datetime):
        surgery_date = surgery_date.date()
    if not isinstance(surgery_date, dt.date):
        raise TypeError("surgery_date must be a datetime.date")
    if not plan:
        return []
    exams = list(plan.get("exams") or ())
    return [
        {"month": month, "date": add_months(surgery_date, month), "exams": list(exams)}
        for month in plan.get("schedule_months") or ()
    ]


def follow_up_dates(
    plan: Mapping[str, Any] | None, surgery_date: dt.date, horizon_years: int | None = None
) -> list[dict[str, Any]]:
    """The calendar (see `calendar`), optionally cut at `horizon_years` after surgery."""
    if horizon_years is not None and (
        isinstance(horizon_years, bool) or not isinstance(horizon_years, int) or horizon_years < 0
    ):
        raise ValueError("horizon_years must be a non-negative integer")
    dates = calendar(plan, surgery_date)
    if horizon_years is None:
        return dates
    return [entry for entry in dates if entry["month"] <= horizon_years * 12]
