"""From the engine's follow-up plan to dated expected exams (pure: no database).

The plan (exams, first month, interval, minimum duration) is the engine's, read from the
evaluation of the case; this module never states an interval of its own. The dates come from
the engine's one calendar function (`guidelines.engine.follow_up_calendar`), which reaches
past ten years by itself.

CT N0: the text fixes no calendar ("pas de consensus pour une surveillance systématique"); if
the clinician decides on surveillance, the calendar follows the exam and rhythm *they* chose,
for the plan's minimum duration ("sur une période longue (> 10 ans)"), and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from guidelines.engine import add_months, follow_up_calendar

# How late an exam may be done and still count as "on time" for the indicators. The text sets
# no tolerance: this is the app's reading, shown wherever the figure is.
ON_TIME_TOLERANCE_DAYS = 30
ON_TIME_TOLERANCE_LABEL = (
    "à l'heure : réalisé au plus tard 30 jours après la date prévue (tolérance choisie par "
    "l'application ; le référentiel n'en fixe pas)"
)


@dataclass(frozen=True)
class ExpectedSpec:
    month: int
    due_date: dt.date
    exams: str


def plan_calendar(plan: Mapping[str, Any] | None, surgery_date: dt.date) -> list[ExpectedSpec]:
    """The systematic calendar of an engine plan (empty when the plan fixes none)."""
    if not plan or not plan.get("systematic"):
        return []
    rows = follow_up_calendar(plan, surgery_date)
    return [ExpectedSpec(row["month"], row["date"], " ; ".join(row["exams"])[:300]) for row in rows]


def chosen_calendar(
    plan: Mapping[str, Any] | None,
    surgery_date: dt.date,
    *,
    exam_label: str,
    interval_months: int,
) -> list[ExpectedSpec]:
    """The clinician-chosen calendar of a non-systematic plan (CT N0), over the plan's duration.

    The exam must be one the plan names (the text: "échographie abdominale / IRM hépatique").
    """
    if not plan or plan.get("systematic") or not interval_months:
        return []
    if exam_label not in plan.get("exams", []):
        raise ValueError(f"{exam_label!r} is not an exam of the plan")
    # Up to the first exam strictly past the minimum duration, as the engine's calendar does.
    minimum = int(plan.get("duration_years_min") or 10) * 12
    last = (minimum // interval_months + 1) * interval_months
    return [
        ExpectedSpec(month, add_months(surgery_date, month), exam_label)
        for month in range(interval_months, last + 1, interval_months)
    ]


def lateness_days(due_date: dt.date, today: dt.date) -> int:
    return max((today - due_date).days, 0)


def done_on_time(due_date: dt.date, performed_on: dt.date | None) -> bool:
    return performed_on is not None and performed_on <= due_date + dt.timedelta(
        days=ON_TIME_TOLERANCE_DAYS
    )


def stale_since(
    last_exam: dt.date | None, surgery_date: dt.date, interval_months: int | None
) -> dt.date | None:
    """The date after which a patient has gone longer than their interval without an exam
    (counted from the last exam, or from surgery when none); None without an interval."""
    if not interval_months:
        return None
    return add_months(last_exam or surgery_date, interval_months)
