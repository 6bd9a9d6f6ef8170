"""Every write on surveillance records: keyword-only, atomic, history recorded (`by`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.evaluation import evaluate_case
from cases.models import Case
from surveillance.models import (
    ExamKind,
    ExamResult,
    ExpectedExam,
    Surveillance,
    SurveillanceExam,
)
from surveillance.schedule import ExpectedSpec, chosen_calendar, plan_calendar

# What a recurrence case takes over from the operated case: the pathology and the surgery are
# facts of the same tumour; the extent and the question are for the clinician to state anew.
RECURRENCE_COPIED_FIELDS = (
    "board",
    "referring_physician",
    "histology",
    "histology_source",
    "ki67_percent",
    "mitoses_per_2mm2",
    "necrosis",
    "surgery_done",
    "surgery_date",
    "surgery_type",
    "resection_status",
    "nodal_status",
    "comorbidities",
    "who_performance_status",
)


def _save(instance, by, **kwargs) -> None:
    instance._history_user = by
    instance.save(**kwargs)


def engine_plan(case: Case) -> tuple[dict[str, Any] | None, str]:
    """(the engine's follow-up plan for the case as recorded now, engine version)."""
    evaluation = evaluate_case(case)
    if not evaluation.result:
        return None, ""
    return evaluation.result.get("follow_up"), evaluation.result.get("engine_version", "")


def why_no_surveillance(case: Case, plan: dict[str, Any] | None) -> str | None:
    """Why surveillance cannot start for this case (None when it can)."""
    if case.surgery_done is not True or not case.surgery_date:
        return _(
            "La surveillance part de la date de la chirurgie : dossier non opéré ou date absente."
        )
    if not plan:
        return _(
            "Le moteur ne donne pas de plan de surveillance pour ce dossier (hors référentiel "
            "— à discuter en RCP)."
        )
    return None


def expected_specs(surveillance: Surveillance) -> list[ExpectedSpec]:
    """The calendar the surveillance should have, from its stored engine plan."""
    plan = surveillance.plan
    if plan.get("systematic"):
        return plan_calendar(plan, surveillance.surgery_date)
    if surveillance.chosen_exam and surveillance.chosen_interval_months:
        return chosen_calendar(
            plan,
            surveillance.surgery_date,
            exam_label=ExamKind(surveillance.chosen_exam).label,
            interval_months=surveillance.chosen_interval_months,
        )
    return []


def _sync_expected(surveillance: Surveillance) -> None:
    """Make the stored calendar match the plan; exams already answered are kept as they are."""
    wanted = {spec.month: spec for spec in expected_specs(surveillance)}
    existing = {row.month: row for row in surveillance.expected_exams.all()}
    for month, row in existing.items():
        if month not in wanted and row.fulfilled_by_id is None:
            row.delete()
    for month, spec in wanted.items():
        row = existing.get(month)
        if row is None:
            ExpectedExam.objects.create(
                surveillance=surveillance, month=month, due_date=spec.due_date, exams=spec.exams
            )
        elif row.fulfilled_by_id is None and (row.due_date, row.exams) != (
            spec.due_date,
            spec.exams,
        ):
            row.due_date, row.exams = spec.due_date, spec.exams
            row.save(update_fields=["due_date", "exams"])


@transaction.atomic
def start_surveillance(*, case: Case, by) -> Surveillance:
    """Open the surveillance of an operated case from the engine's plan."""
    existing = Surveillance.objects.filter(case=case).first()
    if existing is not None:
        return existing
    plan, version = engine_plan(case)
    problem = why_no_surveillance(case, plan)
    if problem:
        raise ValidationError(problem)
    surveillance = Surveillance(
        case=case,
        plan_code=plan["code"],
        plan=plan,
        engine_version=version,
        surgery_date=case.surgery_date,
        started_by=by,
    )
    _save(surveillance, by)
    _sync_expected(surveillance)
    return surveillance


@transaction.atomic
def refresh_calendar(*, surveillance: Surveillance, by) -> Surveillance:
    """Re-read the engine's plan and the surgery date of the case and re-date the calendar."""
    case = surveillance.case
    plan, version = engine_plan(case)
    problem = why_no_surveillance(case, plan)
    if problem:
        raise ValidationError(problem)
    surveillance.plan, surveillance.plan_code = plan, plan["code"]
    surveillance.engine_version, surveillance.surgery_date = version, case.surgery_date
    if plan.get("systematic"):
        surveillance.chosen_exam, surveillance.chosen_interval_months = "", None
    _save(surveillance, by)
    _sync_expected(surveillance)
    return surveillance


@transaction.atomic
def choose_surveillance(
    *, surveillance: Surveillance, exam: str, interval_months: int | None, by
) -> Surveillance:
    """CT N0: the clinician decides on surveillance (or stops it with no exam chosen)."""
    if surveillance.systematic:
        raise ValidationError(_("Le calendrier de ce dossier est celui du référentiel."))
    plan_exams = surveillance.plan.get("exams", [])
    if exam and (exam not in ExamKind.values or ExamKind(exam).label not in plan_exams):
        raise ValidationError({"chosen_exam": _("Examen non prévu par le référentiel.")})
    if exam and not interval_months:
        raise ValidationError({"chosen_interval_months": _("Indiquez le rythme choisi.")})
    surveillance.chosen_exam = exam or ""
    surveillance.chosen_interval_months = interval_months if exam else None
    surveillance.full_clean()
    _save(surveillance, by)
    _sync_expected(surveillance)
    return surveillance


@transaction.atomic
def record_exam(
    *,
    surveillance: Surveillance,
    by,
    performed_on: dt.date,
    kind: str,
    result: str,
    comment: str = "",
    report=None,
    expected: ExpectedExam | None = None,
) -> SurveillanceExam:
    """Record an exam done; it answers `expected` (an unanswered exam of this calendar)."""
    if expected is not None and (
        expected.surveillance_id != surveillance.pk or expected.fulfilled_by_id is not None
    ):
        raise ValidationError({"expected": _("Cet examen prévu n'est plus en attente.")})
    if performed_on and performed_on < surveillance.surgery_date:
        raise ValidationError({"performed_on": _("L'examen ne peut pas précéder la chirurgie.")})
    exam = SurveillanceExam(
        surveillance=surveillance,
        performed_on=performed_on,
        kind=kind,
        result=result,
        comment=comment,
        recorded_by=by,
    )
    if report:
        exam.report = report
    exam.full_clean()
    _save(exam, by)
    if expected is not None:
        updated = ExpectedExam.objects.filter(pk=expected.pk, fulfilled_by__isnull=True).update(
            fulfilled_by=exam
        )
        if not updated:  # answered by someone else meanwhile: nothing half-saved
            raise ValidationError({"expected": _("Cet examen prévu n'est plus en attente.")})
    return exam


@transaction.atomic
def set_follow_up_status(
    *, surveillance: Surveillance, status: str, on: dt.date | None, reason: str, by
) -> Surveillance:
    """ "Suivi ailleurs" / "perdu de vue" (date and reason required), or back to "en cours"."""
    errors = {}
    if status != Surveillance.Status.ACTIVE:
        if not on:
            errors["status_date"] = _("Indiquez la date.")
        if not reason.strip():
            errors["status_reason"] = _("Indiquez le motif.")
    if errors:
        raise ValidationError(errors)
    surveillance.status = status
    surveillance.status_date = on if status != Surveillance.Status.ACTIVE else None
    surveillance.status_reason = reason.strip() if status != Surveillance.Status.ACTIVE else ""
    surveillance.full_clean()
    _save(surveillance, by)
    return surveillance


def recurrence_case_fields(exam: SurveillanceExam) -> dict[str, Any]:
    """What the new case takes from the operated one and from the exam."""
    case = exam.surveillance.case
    fields = {name: getattr(case, name) for name in RECURRENCE_COPIED_FIELDS}
    fields["reason"] = Case.Reason.RECURRENCE
    summary = _(
        "Récidive constatée à l'examen de surveillance du %(date)s (%(kind)s), "
        "dossier initial n° %(case)s."
    ) % {
        "date": exam.performed_on.strftime("%d/%m/%Y"),
        "kind": exam.get_kind_display(),
        "case": case.pk,
    }
    if exam.comment:
        summary += "\n" + exam.comment
    fields["clinical_summary"] = summary[:5000]
    fields["question"] = _("Quelle prise en charge proposer pour cette récidive ?")
    return fields


@transaction.atomic
def open_recurrence_case(*, exam: SurveillanceExam, by) -> Case:
    """A new draft case for the board, pre-filled from the record; the exam points to it."""
    if exam.result != ExamResult.RECURRENCE:
        raise ValidationError(_("Seule une récidive ouvre un nouveau dossier."))
    if exam.follow_up_case_id:
        return exam.follow_up_case
    source = exam.surveillance.case
    case = Case(
        centre=source.centre,
        patient=source.patient,
        created_by=by,  # a new case is a draft (its status then changes in cases.actions)
        **recurrence_case_fields(exam),
    )
    case.full_clean()
    _save(case, by)
    exam.follow_up_case = case
    _save(exam, by, update_fields=["follow_up_case"])
    return case
