"""The recall list of a centre: exams due soon, exams overdue, patients without an exam for
longer than their interval. One queryset per list; only active surveillances are recalled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery

from surveillance.models import ExpectedExam, Surveillance, SurveillanceExam
from surveillance.schedule import lateness_days, stale_since

DUE, OVERDUE, STALE = "due", "overdue", "stale"
CATEGORY_LABELS = {
    DUE: "À prévoir",
    OVERDUE: "En retard",
    STALE: "Sans examen depuis plus que l'intervalle",
}
DEFAULT_DAYS = 60


@dataclass(frozen=True)
class RecallRow:
    category: str
    surveillance_id: int
    case_id: int
    ipp: str
    family_name: str
    given_names: str
    board: str
    exams: str
    due_date: dt.date | None
    late_days: int
    last_exam: dt.date | None

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]


@dataclass
class RecallList:
    today: dt.date
    days: int
    due: list[RecallRow] = field(default_factory=list)
    overdue: list[RecallRow] = field(default_factory=list)
    stale: list[RecallRow] = field(default_factory=list)

    def rows(self) -> list[RecallRow]:
        return [*self.overdue, *self.stale, *self.due]


def active_surveillances(centre_id: int, *, board_id=None, plan_code=None) -> QuerySet:
    queryset = Surveillance.objects.filter(
        case__centre_id=centre_id, status=Surveillance.Status.ACTIVE
    )
    if board_id:
        queryset = queryset.filter(case__board_id=board_id)
    if plan_code:
        queryset = queryset.filter(plan_code=plan_code)
    return queryset


def last_exam_date():
    """The date of the surveillance's latest recorded exam (a subquery on ExpectedExam rows)."""
    latest = SurveillanceExam.objects.filter(surveillance=OuterRef("surveillance")).order_by(
        "-performed_on"
    )
    return Subquery(latest.values("performed_on")[:1])


def pending_exams(centre_id: int, **filters) -> QuerySet:
    """Expected exams still to do: not answered, and not older than the latest exam recorded
    (an exam skipped before a later one is missed, no longer to be done)."""
    return (
        ExpectedExam.objects.filter(
            surveillance__in=active_surveillances(centre_id, **filters), fulfilled_by__isnull=True
        )
        .annotate(last_exam=last_exam_date())
        .filter(Q(last_exam__isnull=True) | Q(due_date__gt=F("last_exam")))
        .select_related("surveillance__case__patient", "surveillance__case__board")
    )


def _exam_row(category: str, row: ExpectedExam, today: dt.date) -> RecallRow:
    case = row.surveillance.case
    return RecallRow(
        category=category,
        surveillance_id=row.surveillance_id,
        case_id=case.pk,
        ipp=case.patient.ipp,
        family_name=case.patient.family_name,
        given_names=case.patient.given_names,
        board=str(case.board or ""),
        exams=row.exams,
        due_date=row.due_date,
        late_days=lateness_days(row.due_date, today),
        last_exam=None,
    )


def recall_list(
    *,
    centre_id: int,
    today: dt.date,
    days: int = DEFAULT_DAYS,
    categories: tuple[str, ...] = (DUE, OVERDUE, STALE),
    board_id: int | None = None,
    plan_code: str | None = None,
) -> RecallList:
    filters = {"board_id": board_id, "plan_code": plan_code}
    result = RecallList(today=today, days=days)
    if DUE in categories:
        horizon = today + dt.timedelta(days=days)
        rows = pending_exams(centre_id, **filters).filter(
            due_date__gte=today, due_date__lte=horizon
        )
        result.due = [_exam_row(DUE, row, today) for row in rows.order_by("due_date", "pk")]
    if OVERDUE in categories:
        rows = pending_exams(centre_id, **filters).filter(due_date__lt=today)
        result.overdue = [_exam_row(OVERDUE, row, today) for row in rows.order_by("due_date", "pk")]
    if STALE in categories:
        result.stale = stale_rows(centre_id, today, **filters)
    return result


def stale_rows(centre_id: int, today: dt.date, **filters) -> list[RecallRow]:
    """Active surveillances whose last exam (or surgery) is older than their interval."""
    queryset = (
        active_surveillances(centre_id, **filters)
        .annotate(last_exam=Max("exams__performed_on"))
        .select_related("case__patient", "case__board")
        .order_by("pk")
    )
    rows = []
    for surveillance in queryset:
        since = stale_since(
            surveillance.last_exam, surveillance.surgery_date, surveillance.interval_months
        )
        if since is None or since >= today:
            continue
        case = surveillance.case
        rows.append(
            RecallRow(
                category=STALE,
                surveillance_id=surveillance.pk,
                case_id=case.pk,
                ipp=case.patient.ipp,
                family_name=case.patient.family_name,
                given_names=case.patient.given_names,
                board=str(case.board or ""),
                exams="",
                due_date=since,
                late_days=lateness_days(since, today),
                last_exam=surveillance.last_exam,
            )
        )
    rows.sort(key=lambda row: (-row.late_days, row.surveillance_id))
    return rows


CSV_HEADER = (
    "Catégorie",
    "Dossier",
    "IPP",
    "Nom",
    "Prénoms",
    "RCP",
    "Examen(s)",
    "Date prévue",
    "Retard (jours)",
    "Dernier examen",
)


def csv_rows(recall: RecallList) -> list[tuple]:
    def day(value):
        return value.isoformat() if value else ""

    return [
        (
            row.category_label,
            row.case_id,
            row.ipp,
            row.family_name,
            row.given_names,
            row.board,
            row.exams,
            day(row.due_date),
            row.late_days,
            day(row.last_exam),
        )
        for row in recall.rows()
    ]


def csv_safe(row) -> list:
    """A text cell starting with = + - @ (or a tab / carriage return) is a formula to a
    spreadsheet: prefix it with a quote so that it stays text."""
    return [
        f"'{value}"
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        else value
        for value in row
    ]
