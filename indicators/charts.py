"""The network's indicators for one board over a period: one function per chart, each running
exactly one query (a test counts them), returning a `Chart` the template draws as SVG, shows as
a table and the CSV/JSON exports write.

The period selects the sessions held (local date of `starts_at`) from `start` to `end`
inclusive; follow-up figures select the exams due in the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession
from board_sessions.quorum import quorum_for
from cases.models import Case
from indicators.stats import days_label, median, p90, percent_label, share
from surveillance.models import ExpectedExam, Surveillance, SurveillanceExam
from surveillance.schedule import ON_TIME_TOLERANCE_DAYS, ON_TIME_TOLERANCE_LABEL


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length shows
    display: str  # what is written beside it


@dataclass
class Chart:
    key: str
    title: str
    bars: list[Bar]
    header: tuple[str, ...]
    rows: list[tuple]
    figures: dict[str, Any]
    note: str = ""
    scale_max: float | None = None  # e.g. 1.0 for shares; else the largest bar
    empty: bool = field(default=False)


@dataclass(frozen=True)
class Period:
    board: Any  # boards.Board
    start: dt.date
    end: dt.date
    today: dt.date

    @property
    def as_of(self) -> dt.date:
        """Figures about lateness are read at the end of the period, or today if earlier."""
        return min(self.end, self.today)


def _items(period: Period):
    return AgendaItem.objects.filter(
        session__board=period.board,
        session__starts_at__date__gte=period.start,
        session__starts_at__date__lte=period.end,
    )


# --- 1. activity -------------------------------------------------------------------------------


def activity(period: Period) -> Chart:
    """Cases registered, presented (sessions held and locked), late-registered."""
    counts = _items(period).aggregate(
        registered=Count("pk"),
        presented=Count("pk", filter=Q(session__status=BoardSession.Status.LOCKED)),
        late=Count("pk", filter=Q(added_late=True)),
    )
    registered, presented, late = counts["registered"], counts["presented"], counts["late"]
    bars = [
        Bar("Inscrits", registered, str(registered)),
        Bar("Présentés (séance tenue)", presented, str(presented)),
        Bar("Inscrits tardivement", late, f"{late} ({percent_label(share(late, registered))})"),
    ]
    return Chart(
        key="activity",
        title="Dossiers inscrits, présentés, inscrits tardivement",
        bars=bars,
        header=("Indicateur", "Nombre", "Part des inscrits"),
        rows=[
            ("Inscrits", registered, percent_label(share(registered, registered))),
            ("Présentés (séance tenue)", presented, percent_label(share(presented, registered))),
            ("Inscrits tardivement", late, percent_label(share(late, registered))),
        ],
        figures={
            "registered": registered,
            "presented": presented,
            "late_registered": late,
            "late_share": share(late, registered),
        },
        note="Présenté : inscrit à une séance verrouillée après la réunion. Tardif : inscrit "
        "après la date limite d'inscription de la séance.",
        empty=registered == 0,
    )


# --- 2. delays ---------------------------------------------------------------------------------


def _ready_at():
    """When the case was first marked ready (its history), for each agenda item."""
    history = Case.history.model.objects.filter(
        id=OuterRef("case_id"), status=Case.Status.READY
    ).order_by("history_date")
    return Subquery(history.values("history_date")[:1])


def ready_to_presentation(period: Period) -> Chart:
    """Days from "ready" to the session that presented the case: median and p90."""
    rows = (
        _items(period)
        .filter(session__status=BoardSession.Status.LOCKED)
        .annotate(ready_at=_ready_at())
        .values_list("case_id", "ready_at", "session__starts_at")
        .order_by("session__starts_at", "pk")
    )
    delays = []
    table = []
    for case_id, ready_at, starts_at in rows:
        if ready_at is None:
            continue
        days = (timezone.localdate(starts_at) - timezone.localdate(ready_at)).days
        delays.append(max(days, 0))
        table.append((case_id, timezone.localdate(ready_at), timezone.localdate(starts_at), days))
    return _delay_chart(
        "ready_to_presentation",
        "Délai entre « prêt » et la présentation en séance",
        delays,
        ("Dossier", "Prêt le", "Présenté le", "Jours"),
        table,
        "Du premier passage du dossier à l'état « prêt » (historique) à la date de la séance "
        "verrouillée qui l'a présenté.",
    )


def _delay_chart(key, title, delays, header, table, note) -> Chart:
    mid, high = median(delays), p90(delays)
    return Chart(
        key=key,
        title=title,
        bars=[
            Bar("Médiane", mid or 0, days_label(mid)),
            Bar("90e centile", high or 0, days_label(high)),
        ],
        header=header,
        rows=table,
        figures={"count": len(delays), "median_days": mid, "p90_days": high},
        note=note + " 90e centile : méthode du rang le plus proche.",
        empty=not delays,
    )


# --- 3. quorum ---------------------------------------------------------------------------------


def quorum(period: Period) -> Chart:
    """Share of agenda items discussed with the quorum, and the specialties that were missing.

    The quorum of an item is that of its session's participants (board_sessions.quorum): at
    least three physicians of different specialties, including the board's required ones.
    """
    rows = (
        _items(period)
        .filter(session__status=BoardSession.Status.LOCKED)
        .values_list(
            "pk",
            "session_id",
            "session__participants__specialty",
            "session__participants__is_physician",
        )
        .order_by("pk")
    )
    participants: dict[int, list[SimpleNamespace]] = defaultdict(list)
    items: dict[int, int] = {}
    for item_id, session_id, specialty, is_physician in rows:
        items[item_id] = session_id
        if specialty is not None:
            participants[item_id].append(
                SimpleNamespace(specialty=specialty, is_physician=is_physician)
            )
    session = SimpleNamespace(board=period.board)
    reached = 0
    missing: Counter[str] = Counter()
    for item_id in items:
        result = quorum_for(session, participants[item_id])
        if result.reached:
            reached += 1
        missing.update(result.missing_required)
        if len(result.specialties) < 3:
            missing["Moins de 3 spécialités médicales"] += 1
    total = len(items)
    bars = [Bar("Quorum atteint", share(reached, total) or 0, percent_label(share(reached, total)))]
    bars += [
        Bar(f"Manque : {label}", count / total, str(count))
        for label, count in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Chart(
        key="quorum",
        title="Quorum atteint et spécialités manquantes",
        bars=bars,
        header=("Indicateur", "Dossiers", "Part"),
        rows=[("Quorum atteint", reached, percent_label(share(reached, total)))]
        + [
            (f"Manque : {label}", count, percent_label(share(count, total)))
            for label, count in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        figures={
            "items": total,
            "quorum_reached": reached,
            "share": share(reached, total),
            "missing": dict(missing),
        },
        note="Quorum : au moins 3 médecins de spécialités différentes, dont les spécialités "
        "requises par la RCP (critères HAS).",
        scale_max=1.0,
        empty=total == 0,
    )


# --- follow-up ---------------------------------------------------------------------------------


def follow_up(period: Period) -> Chart:
    """Surveillance of the board's patients: exams due in the period done on time; patients
    with an exam overdue at the end of the period."""
    as_of = period.as_of
    latest = SurveillanceExam.objects.filter(
        surveillance=OuterRef("surveillance"), performed_on__lte=as_of
    ).order_by("-performed_on")
    rows = (
        ExpectedExam.objects.filter(
            surveillance__case__board=period.board, due_date__lte=period.end
        )
        .annotate(last_exam=Subquery(latest.values("performed_on")[:1]))
        .values_list(
            "surveillance_id",
            "surveillance__status",
            "due_date",
            "fulfilled_by__performed_on",
            "last_exam",
        )
    )
    due = on_time = 0
    overdue_patients: set[int] = set()
    followed: set[int] = set()
    for surveillance_id, status, due_date, performed_on, last_exam in rows:
        active = status == Surveillance.Status.ACTIVE
        if active:
            followed.add(surveillance_id)
        window_closed = due_date + dt.timedelta(days=ON_TIME_TOLERANCE_DAYS) <= as_of
        if period.start <= due_date and window_closed:
            due += 1
            if performed_on and performed_on <= due_date + dt.timedelta(
                days=ON_TIME_TOLERANCE_DAYS
            ):
                on_time += 1
        # Still to do (as in the recall list): unanswered, and no later exam was done.
        still_due = last_exam is None or due_date > last_exam
        if active and performed_on is None and due_date < as_of and still_due:
            overdue_patients.add(surveillance_id)
    overdue = len(overdue_patients)
    return Chart(
        key="follow_up",
        title="Surveillance : examens faits à temps, patients en retard",
        bars=[
            Bar(
                "Examens faits à temps",
                share(on_time, due) or 0,
                percent_label(share(on_time, due)),
            ),
            Bar(
                "Patients en retard",
                share(overdue, len(followed)) or 0,
                f"{overdue} / {len(followed)}",
            ),
        ],
        header=("Indicateur", "Nombre", "Sur", "Part"),
        rows=[
            ("Examens faits à temps", on_time, due, percent_label(share(on_time, due))),
            (
                "Patients en retard",
                overdue,
                len(followed),
                percent_label(share(overdue, len(followed))),
            ),
        ],
        figures={
            "exams_due": due,
            "exams_on_time": on_time,
            "on_time_share": share(on_time, due),
            "patients_followed": len(followed),
            "patients_overdue": overdue,
        },
        note=f"Examens prévus dans la période dont le délai est échu ; {ON_TIME_TOLERANCE_LABEL}. "
        "Patients en suivi en cours avec un examen prévu non fait à la fin de la période.",
        scale_max=1.0,
        empty=due == 0 and not followed,
    )


CHARTS = {
    "activity": activity,
    "ready_to_presentation": ready_to_presentation,
    "quorum": quorum,
    "follow_up": follow_up,
}


def all_charts(period: Period) -> list[Chart]:
    return [build(period) for build in CHARTS.values()]
