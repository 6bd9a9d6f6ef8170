"""The network's indicators for one board over a period: one function per chart, each running
exactly one query (a test counts them), returning a `Chart` the template draws as SVG, shows as
a table and the CSV/JSON exports write.

The period selects the sessions held (local date of `starts_at`) from `start` to `end`
inclusive; follow-up figures select the exams due in the period.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession
from board_sessions.quorum import MIN_PHYSICIAN_SPECIALTIES, quorum_for
from cases.choices import Treatment
from cases.models import Case
from decisions.models import Decision, TreatmentStart
from guidelines.engine import REGULATORY_LABELS, Regulatory
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


def _json_list(value) -> list:
    # A JSON column read through a subquery comes back as text on some backends.
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def _items(period: Period):
    return AgendaItem.objects.filter(
        session__board=period.board,
        session__starts_at__date__gte=period.start,
        session__starts_at__date__lte=period.end,
    )


# --- 1. activity -------------------------------------------------------------------------------


def activity(period: Period) -> Chart:
    """Cases registered, presented (sessions held and locked), late-registered."""
    validated = Q(decisions__status=Decision.Status.VALIDATED)
    counts = _items(period).aggregate(
        registered=Count("pk", distinct=True),
        held=Count("pk", filter=Q(session__status=BoardSession.Status.LOCKED), distinct=True),
        late=Count("pk", filter=Q(added_late=True), distinct=True),
        deferred=Count(
            "pk", filter=validated & Q(decisions__outcome=Decision.Outcome.DEFERRED), distinct=True
        ),
        not_discussed=Count(
            "pk",
            filter=validated & Q(decisions__outcome=Decision.Outcome.NOT_DISCUSSED),
            distinct=True,
        ),
    )
    registered, late = counts["registered"], counts["late"]
    deferred, not_discussed = counts["deferred"], counts["not_discussed"]
    presented = counts["held"] - deferred - not_discussed
    bars = [
        Bar("Inscrits", registered, str(registered)),
        Bar("Présentés", presented, str(presented)),
        Bar("Reportés", deferred, str(deferred)),
        Bar("Non discutés", not_discussed, str(not_discussed)),
        Bar("Inscrits tardivement", late, f"{late} ({percent_label(share(late, registered))})"),
    ]
    return Chart(
        key="activity",
        title="Dossiers inscrits, présentés, reportés, inscrits tardivement",
        bars=bars,
        header=("Indicateur", "Nombre", "Part des inscrits"),
        rows=[
            (bar.label, int(bar.value), percent_label(share(int(bar.value), registered)))
            for bar in bars
        ],
        figures={
            "registered": registered,
            "presented": presented,
            "deferred": deferred,
            "not_discussed": not_discussed,
            "late_registered": late,
            "late_share": share(late, registered),
        },
        note="Présenté : inscrit à une séance tenue (verrouillée), hors dossiers dont la fiche "
        "validée dit « reporté » ou « non discuté ». Tardif : inscrit après la date limite "
        "d'inscription de la séance.",
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
    decision = Decision.objects.filter(item=OuterRef("pk"), status=Decision.Status.VALIDATED)
    rows = (
        _items(period)
        .filter(session__status=BoardSession.Status.LOCKED)
        .annotate(
            decided_reached=Subquery(decision.values("quorum_reached")[:1]),
            decided_specialties=Subquery(decision.values("quorum_specialties")[:1]),
            decided_missing=Subquery(decision.values("quorum_missing")[:1]),
        )
        .values_list(
            "pk",
            "session__participants__specialty",
            "session__participants__is_physician",
            "decided_reached",
            "decided_specialties",
            "decided_missing",
        )
        .order_by("pk")
    )
    participants: dict[int, list[SimpleNamespace]] = defaultdict(list)
    decided: dict[int, tuple] = {}
    items: set[int] = set()
    for item_id, specialty, is_physician, d_reached, d_specialties, d_missing in rows:
        items.add(item_id)
        if d_reached is not None:
            decided[item_id] = (d_reached, _json_list(d_specialties), _json_list(d_missing))
        if specialty is not None:
            participants[item_id].append(
                SimpleNamespace(specialty=specialty, is_physician=is_physician)
            )
    session = SimpleNamespace(board=period.board)
    reached = 0
    missing: Counter[str] = Counter()
    for item_id in sorted(items):
        if item_id in decided:  # the quorum recorded with the decision, at that item
            ok, specialties, lacking = decided[item_id]
        else:  # no validated decision: the session's participants
            result = quorum_for(session, participants[item_id])
            ok, specialties, lacking = result.reached, result.specialties, result.missing_required
        if ok:
            reached += 1
        missing.update(lacking)
        if len(specialties) < MIN_PHYSICIAN_SPECIALTIES:
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
        "requises par la RCP (critères HAS) ; celui enregistré avec la fiche validée (présents "
        "au dossier), sinon celui des participants de la séance.",
        scale_max=1.0,
        empty=total == 0,
    )


# --- decisions ---------------------------------------------------------------------------------


def _validated(period: Period):
    return Decision.objects.filter(
        status=Decision.Status.VALIDATED,
        item__session__board=period.board,
        item__session__starts_at__date__gte=period.start,
        item__session__starts_at__date__lte=period.end,
    )


def presentation_to_validation(period: Period) -> Chart:
    """Days from the session to the coordinator's validation of the fiche: median and p90."""
    rows = (
        _validated(period)
        .values_list("case_id", "item__session__starts_at", "validated_at")
        .order_by("item__session__starts_at", "pk")
    )
    delays, table = [], []
    for case_id, starts_at, validated_at in rows:
        if validated_at is None:
            continue
        presented, validated = timezone.localdate(starts_at), timezone.localdate(validated_at)
        days = max((validated - presented).days, 0)
        delays.append(days)
        table.append((case_id, presented, validated, days))
    return _delay_chart(
        "presentation_to_validation",
        "Délai entre la présentation et la fiche RCP validée",
        delays,
        ("Dossier", "Présenté le", "Fiche validée le", "Jours"),
        table,
        "De la date de la séance à la validation (signature) de la fiche par le coordonnateur ; "
        "une fiche corrigée compte à la validation de sa version en vigueur.",
    )


def referentiel_concordance(period: Period) -> Chart:
    """Proposals "dans" / "hors référentiel", with the justifications of the latter."""
    rows = (
        _validated(period)
        .filter(outcome=Decision.Outcome.PROPOSAL)
        .values_list("case_id", "item__session__starts_at", "concordance", "justification")
        .order_by("item__session__starts_at", "pk")
    )
    inside = outside = 0
    table = []
    for case_id, starts_at, concordance, justification in rows:
        if concordance == Decision.Concordance.IN:
            inside += 1
        elif concordance == Decision.Concordance.OUT:
            outside += 1
            table.append((case_id, timezone.localdate(starts_at), justification))
    total = inside + outside
    return Chart(
        key="referentiel_concordance",
        title="Décisions dans et hors référentiel",
        bars=[
            Bar(
                "Dans le référentiel",
                share(inside, total) or 0,
                f"{inside} ({percent_label(share(inside, total))})",
            ),
            Bar(
                "Hors référentiel",
                share(outside, total) or 0,
                f"{outside} ({percent_label(share(outside, total))})",
            ),
        ],
        header=("Dossier (hors référentiel)", "Séance", "Justification"),
        rows=table,
        figures={
            "proposals": total,
            "in_referentiel": inside,
            "out_of_referentiel": outside,
            "in_share": share(inside, total),
            "justifications": [row[2] for row in table],
        },
        note="Fiches validées portant une proposition thérapeutique ; « dans le référentiel » : "
        "toutes les options retenues étaient éligibles dans l'évaluation figée avec la décision.",
        scale_max=1.0,
        empty=total == 0,
    )


CONDITIONAL_FLAGS = (Regulatory.COMPASSIONATE_CPC.value, Regulatory.OFF_LABEL.value)


def cpc_off_label(period: Period) -> Chart:
    """Proposals holding a CPC or hors-AMM option, by treatment."""
    rows = (
        _validated(period)
        .filter(outcome=Decision.Outcome.PROPOSAL)
        .values_list("chosen_options", flat=True)
        .order_by("pk")
    )
    counts: Counter[tuple[str, str]] = Counter()
    for options in rows:
        for option in _json_list(options):
            flag = option.get("regulatory")
            if flag in CONDITIONAL_FLAGS:
                counts[(option.get("label") or option.get("code", "?"), flag)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    labels = {flag: REGULATORY_LABELS[Regulatory(flag)] for flag in CONDITIONAL_FLAGS}
    return Chart(
        key="cpc_off_label",
        title="Décisions CPC et hors AMM, par traitement",
        bars=[
            Bar(f"{label} ({labels[flag]})", count, str(count)) for (label, flag), count in ordered
        ],
        header=("Traitement", "Statut réglementaire", "Décisions"),
        rows=[(label, labels[flag], count) for (label, flag), count in ordered],
        figures={
            "by_treatment": [
                {"treatment": label, "regulatory": flag, "decisions": count}
                for (label, flag), count in ordered
            ]
        },
        note="Options retenues dans les fiches validées dont le statut réglementaire est "
        "« cadre de prescription compassionnelle » ou « hors AMM ».",
        empty=not ordered,
    )


def treatment_concordance(period: Period) -> Chart:
    """Treatments started that follow the decision, and the reasons when they do not."""
    rows = (
        TreatmentStart.objects.filter(
            decision__item__session__board=period.board,
            decision__item__session__starts_at__date__gte=period.start,
            decision__item__session__starts_at__date__lte=period.end,
        )
        .values_list("case_id", "treatment", "concordant", "discordance_reason", "reason_details")
        .order_by("pk")
    )
    concordant = 0
    reasons: Counter[str] = Counter()
    table = []
    reason_labels = dict(TreatmentStart.DiscordanceReason.choices)
    treatments = dict(Treatment.choices)
    total = 0
    for case_id, treatment, is_concordant, reason, details in rows:
        total += 1
        if is_concordant:
            concordant += 1
            continue
        label = str(reason_labels.get(reason, "Non précisé"))
        reasons[label] += 1
        table.append((case_id, str(treatments.get(treatment, treatment)), label, details))
    bars = [
        Bar(
            "Conformes à l'avis",
            share(concordant, total) or 0,
            percent_label(share(concordant, total)),
        )
    ]
    bars += [
        Bar(f"Écart : {label}", count / total, str(count))
        for label, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Chart(
        key="treatment_concordance",
        title="Traitement mis en route conforme à la décision",
        bars=bars,
        header=("Dossier (écart)", "Traitement mis en route", "Motif", "Précisions"),
        rows=table,
        figures={
            "treatments_started": total,
            "concordant": concordant,
            "concordant_share": share(concordant, total),
            "reasons": dict(reasons),
        },
        note="Traitements mis en route après une décision de la période, comparés à la "
        "proposition de la fiche validée.",
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
    "presentation_to_validation": presentation_to_validation,
    "quorum": quorum,
    "referentiel_concordance": referentiel_concordance,
    "cpc_off_label": cpc_off_label,
    "treatment_concordance": treatment_concordance,
    "follow_up": follow_up,
}


def all_charts(period: Period) -> list[Chart]:
    return [build(period) for build in CHARTS.values()]
