"""Surveillance pages: the recall list of the user's centre and the surveillance of one case.

Thin views: access helpers fetch *for this user* (404 otherwise), actions write, every showing
of patient data is in the access log, and no page is cached.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.log import record_access
from audit.models import AccessLog
from cases.access import get_case_for_user
from guidelines.engine import RULES_BY_ID
from renaten.forms import attach_errors
from surveillance import actions
from surveillance.access import (
    can_read_recall,
    can_record,
    get_exam_for_user,
    get_surveillance_for_user,
)
from surveillance.forms import ChoiceForm, ExamForm, RecallFilterForm, StatusForm
from surveillance.ics import expected_exams_ics
from surveillance.models import ExamKind, ExamResult, Surveillance
from surveillance.recall import (
    CATEGORY_LABELS,
    CSV_HEADER,
    DEFAULT_DAYS,
    csv_rows,
    csv_safe,
    recall_list,
)
from surveillance.schedule import ON_TIME_TOLERANCE_LABEL, done_on_time

PAGE = "surveillance/case.html"


def suspicion_quote() -> tuple[str, str]:
    """(the text's sentence on suspected recurrence, the rule id), verbatim from the engine."""
    rule = RULES_BY_ID["L9"]
    sentence = next(s for s in re.split(r"(?<=\.)\s+", rule.excerpt) if "suspicion" in s)
    return sentence, rule.id


def _recall_filters(request):
    form = RecallFilterForm(request.GET or None)
    filters = {"days": DEFAULT_DAYS, "categories": tuple(CATEGORY_LABELS), "board_id": None}
    filters["plan_code"] = None
    if form.is_valid():
        data = form.cleaned_data
        filters["days"] = data["days"] or DEFAULT_DAYS
        if data["category"]:
            filters["categories"] = (data["category"],)
        filters["board_id"] = data["board"].pk if data["board"] else None
        filters["plan_code"] = data["plan"] or None
    return form, filters


@never_cache
@require_GET
def recall(request):
    if not can_read_recall(request.user):
        raise PermissionDenied
    form, filters = _recall_filters(request)
    today = timezone.localdate()
    result = recall_list(centre_id=request.user.centre_id, today=today, **filters)
    record_access(request, AccessLog.Action.VIEW_RECALL)
    return render(
        request,
        "surveillance/recall.html",
        {"form": form, "recall": result, "querystring": request.GET.urlencode()},
    )


@never_cache
@require_GET
def recall_csv(request):
    if not can_read_recall(request.user):
        raise PermissionDenied
    _form, filters = _recall_filters(request)
    today = timezone.localdate()
    result = recall_list(centre_id=request.user.centre_id, today=today, **filters)
    record_access(request, AccessLog.Action.EXPORT_RECALL)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rappels-{today:%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so that spreadsheet software reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_safe(row) for row in csv_rows(result))
    return response


def _page(
    request,
    case,
    surveillance,
    *,
    status=200,
    exam_form=None,
    status_form=None,
    choice_form=None,
    problem=None,
):
    record_access(request, AccessLog.Action.VIEW_SURVEILLANCE, case=case)
    editable = can_record(request.user, case)
    context = {
        "case": case,
        "patient": case.patient,
        "surveillance": surveillance,
        "can_record": editable,
        "problem": problem,
    }
    if surveillance is None:
        plan, _version = actions.engine_plan(case)
        context["plan"] = plan
        context["problem"] = problem or actions.why_no_surveillance(case, plan)
        return render(request, PAGE, context, status=status)
    expected = list(surveillance.expected_exams.select_related("fulfilled_by"))
    exams = list(surveillance.exams.all())
    pending = [row for row in expected if row.fulfilled_by_id is None]
    today = timezone.localdate()
    last_done = max((exam.performed_on for exam in exams), default=None)
    for row in expected:
        row.missed = (
            row.fulfilled_by_id is None and last_done is not None and row.due_date < last_done
        )
        row.late = row.fulfilled_by_id is None and not row.missed and row.due_date < today
        row.on_time = row.fulfilled_by_id is not None and done_on_time(
            row.due_date, row.fulfilled_by.performed_on
        )
    latest = exams[0] if exams else None
    quote, rule_id = suspicion_quote()
    asked = surveillance.plan.get("on_suspected_recurrence") or []
    current_plan, _version = actions.engine_plan(case)
    context.update(
        {
            "plan": surveillance.plan,
            "expected": expected,
            "exams": exams,
            "latest": latest,
            "suspicion": latest is not None and latest.result == ExamResult.SUSPICION,
            "suspicion_asked": asked,
            "suspicion_quote": quote,
            "suspicion_rule": rule_id,
            "suspicion_kinds": [ExamKind.SSTR_IMAGING, ExamKind.DEDICATED_IMAGING],
            "plan_changed": current_plan is not None
            and (
                current_plan != surveillance.plan or case.surgery_date != surveillance.surgery_date
            ),
            "tolerance_label": ON_TIME_TOLERANCE_LABEL,
            "exam_form": exam_form
            or ExamForm(
                pending=pending,
                initial={
                    "performed_on": today,
                    "kind": request.GET.get("kind", ""),
                    "expected": _default_expected(pending, today, request.GET.get("kind")),
                },
            ),
            "status_form": status_form
            or StatusForm(
                initial={
                    "status": surveillance.status,
                    "status_date": surveillance.status_date,
                    "status_reason": surveillance.status_reason,
                }
            ),
            "choice_form": choice_form
            or ChoiceForm(
                initial={
                    "chosen_exam": surveillance.chosen_exam,
                    "chosen_interval_months": surveillance.chosen_interval_months,
                }
            ),
        }
    )
    return render(request, PAGE, context, status=status)


def _default_expected(pending, today, kind):
    """The exam most likely answered: the latest pending one due before 60 days from now
    (none when the clinician came from the suspicion prompt: that exam is off-calendar)."""
    if kind:
        return None
    horizon = today + timedelta(days=DEFAULT_DAYS)
    candidates = [row for row in pending if row.due_date <= horizon]
    return max(candidates, key=lambda row: row.due_date).pk if candidates else None


@never_cache
@require_GET
def case_surveillance(request, pk):
    case = get_case_for_user(request.user, pk)
    surveillance = Surveillance.objects.filter(case=case).first()
    return _page(request, case, surveillance)


def _recording_case(request, pk):
    case = get_case_for_user(request.user, pk)
    if not can_record(request.user, case):
        raise PermissionDenied
    return case


@require_POST
def start(request, pk):
    case = _recording_case(request, pk)
    try:
        actions.start_surveillance(case=case, by=request.user)
    except ValidationError as error:
        return _page(request, case, None, status=400, problem=" ".join(error.messages))
    record_access(request, AccessLog.Action.EDIT_SURVEILLANCE, case=case)
    messages.success(request, _("Surveillance ouverte à partir du plan du référentiel."))
    return redirect("surveillance:case", pk=case.pk)


@require_POST
def refresh(request, pk):
    case = _recording_case(request, pk)
    surveillance = get_surveillance_for_user(request.user, pk)
    try:
        actions.refresh_calendar(surveillance=surveillance, by=request.user)
    except ValidationError as error:
        return _page(request, case, surveillance, status=400, problem=" ".join(error.messages))
    record_access(request, AccessLog.Action.EDIT_SURVEILLANCE, case=case)
    messages.success(request, _("Calendrier recalculé à partir du plan actuel."))
    return redirect("surveillance:case", pk=case.pk)


@require_POST
def choose(request, pk):
    case = _recording_case(request, pk)
    surveillance = get_surveillance_for_user(request.user, pk)
    form = ChoiceForm(request.POST)
    if form.is_valid():
        try:
            actions.choose_surveillance(
                surveillance=surveillance,
                exam=form.cleaned_data["chosen_exam"],
                interval_months=form.cleaned_data["chosen_interval_months"],
                by=request.user,
            )
        except ValidationError as error:
            attach_errors(error, form)
    if form.errors:
        surveillance.refresh_from_db()
        return _page(request, case, surveillance, status=400, choice_form=form)
    record_access(request, AccessLog.Action.EDIT_SURVEILLANCE, case=case)
    messages.success(request, _("Choix de surveillance enregistré."))
    return redirect("surveillance:case", pk=case.pk)


@require_POST
def exam_add(request, pk):
    case = _recording_case(request, pk)
    surveillance = get_surveillance_for_user(request.user, pk)
    pending = list(surveillance.expected_exams.filter(fulfilled_by__isnull=True))
    form = ExamForm(request.POST, request.FILES, pending=pending)
    exam = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            exam = actions.record_exam(
                surveillance=surveillance,
                by=request.user,
                performed_on=data["performed_on"],
                kind=data["kind"],
                result=data["result"],
                comment=data["comment"],
                report=data["report"],
                expected=data["expected"],
            )
        except ValidationError as error:
            attach_errors(error, form)
    if exam is None:
        return _page(request, case, surveillance, status=400, exam_form=form)
    record_access(request, AccessLog.Action.EDIT_SURVEILLANCE, case=case)
    messages.success(request, _("Examen enregistré."))
    return redirect(reverse("surveillance:case", kwargs={"pk": case.pk}) + "#resultat")


@require_POST
def status(request, pk):
    case = _recording_case(request, pk)
    surveillance = get_surveillance_for_user(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.set_follow_up_status(
                surveillance=surveillance,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["status_date"],
                reason=form.cleaned_data["status_reason"],
                by=request.user,
            )
        except ValidationError as error:
            attach_errors(error, form)
    if form.errors:
        surveillance.refresh_from_db()
        return _page(request, case, surveillance, status=400, status_form=form)
    record_access(request, AccessLog.Action.EDIT_SURVEILLANCE, case=case)
    messages.success(request, _("Statut du suivi enregistré."))
    return redirect("surveillance:case", pk=case.pk)


@require_POST
def recurrence_case(request, pk, exam_pk):
    case = _recording_case(request, pk)
    exam = get_exam_for_user(request.user, pk, exam_pk)
    try:
        new_case = actions.open_recurrence_case(exam=exam, by=request.user)
    except ValidationError as error:
        return _page(request, case, exam.surveillance, status=400, problem=" ".join(error.messages))
    record_access(request, AccessLog.Action.EDIT_CASE, case=new_case)
    messages.success(
        request, _("Nouveau dossier de récidive ouvert, pré-rempli à partir du dossier initial.")
    )
    return redirect("cases:edit", pk=new_case.pk)


@never_cache
@require_GET
def report(request, pk, exam_pk):
    exam = get_exam_for_user(request.user, pk, exam_pk)
    if not exam.report:
        raise Http404("Pas de compte rendu.")
    record_access(request, AccessLog.Action.DOWNLOAD, case=exam.surveillance.case)
    response = FileResponse(
        exam.report.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"compte-rendu-{exam.performed_on:%Y%m%d}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def calendar_ics(request, pk):
    surveillance = get_surveillance_for_user(request.user, pk)
    expected = surveillance.expected_exams.filter(fulfilled_by__isnull=True)
    record_access(request, AccessLog.Action.EXPORT_ICS, case=surveillance.case)
    response = HttpResponse(
        expected_exams_ics(surveillance, expected), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="surveillance-dossier-{surveillance.case_id}.ics"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
