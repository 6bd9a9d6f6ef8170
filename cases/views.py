"""Case pages. Thin views: access helpers fetch the case for this user (404 otherwise), the
actions write, the templates render; htmx requests get a partial of the same template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_perm
from audit.log import record_access
from audit.models import AccessLog
from boards.services import suggested_board_for
from cases import actions
from cases.access import can_create_case, can_edit_case, cases_for_user, get_case_for_user
from cases.evaluation import evaluate_case, readiness_items
from cases.extensions import page_sections
from cases.forms import (
    CASE_FIELDS,
    PATIENT_FIELDS,
    CaseFilterForm,
    CaseForm,
    MetastaticSiteForm,
    PatientForm,
    TreatmentLineForm,
)
from cases.history import case_history
from cases.models import Case, TreatmentLine
from cases.summary import case_summary, display_value
from cases.timeline import timeline_svg
from renaten.forms import attach_errors

FORM_TEMPLATE = "cases/form.html"
DETAIL_TEMPLATE = "cases/detail.html"
PAGE_SIZE = 25


def _editable_case(request, pk, *, joined: bool = True) -> Case:
    # 404 first: never reveal another centre's case.
    case = get_case_for_user(request.user, pk, joined=joined)
    if not can_edit_case(request.user, case):
        raise PermissionDenied
    return case


def _preview(case_form: CaseForm) -> Case:
    """The unsaved case the form describes; fields in error count as unknown."""
    case_form.is_valid()
    preview = case_form.instance
    for name in case_form.errors:
        if name in CASE_FIELDS:
            setattr(preview, name, Case._meta.get_field(name).get_default())
    return preview


# --- list -------------------------------------------------------------------------------------


def _line_count() -> Coalesce:
    # A correlated subquery, not Count() with GROUP BY: the database counts the lines of the
    # page's 25 rows only, instead of aggregating every case of the centre before the LIMIT.
    lines = (
        TreatmentLine.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lines), 0)


@require_GET
@require_perm("cases.view_case")
def case_list(request):
    filters = CaseFilterForm(request.GET or None)
    cases = cases_for_user(request.user).annotate(line_count=_line_count())
    if filters.is_valid():
        query = filters.cleaned_data
        if query["q"]:
            words = query["q"].split()
            for word in words:
                cases = cases.filter(
                    Q(patient__family_name__icontains=word)
                    | Q(patient__given_names__icontains=word)
                    | Q(patient__ipp__iexact=word)
                )
        if query["status"]:
            cases = cases.filter(status=query["status"])
        if query["histology"]:
            cases = cases.filter(histology=query["histology"])
        if query["extent"]:
            cases = cases.filter(disease_extent=query["extent"])
    page = Paginator(cases.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "querystring": querystring.urlencode(),
        "can_create": can_create_case(request.user),
    }
    template = "cases/list.html#case-table" if request.htmx else "cases/list.html"
    # The list shows patients' names: each showing is logged (no single case; the path has
    # the filters and the page).
    record_access(request, AccessLog.Action.VIEW_CASE_LIST)
    return render(request, template, context)


# --- create / edit ----------------------------------------------------------------------------


def _form_page(request, *, case, patient_form, case_form, status=200, **extra):
    # Rows read once, for both the lists and the evaluation.
    sites = list(case.metastatic_sites.all()) if case is not None else []
    lines = list(case.treatment_lines.all()) if case is not None else []
    preview = _preview(case_form) if case_form.is_bound else case_form.instance
    context = {
        "case": case,
        "patient_form": patient_form,
        "form": case_form,
        "evaluation": evaluate_case(preview, sites=sites, lines=lines),
        "form_error_count": _error_count(patient_form, case_form),
        "invalid_fields": _invalid_fields(case_form),
        "on_form": True,
        "sites": sites,
        "lines": lines,
        "line_form": extra.pop("line_form", None) or (TreatmentLineForm() if case else None),
        "site_form": extra.pop("site_form", None) or (MetastaticSiteForm() if case else None),
        "version_value": case_form["version"].value(),
        **extra,
    }
    return render(request, FORM_TEMPLATE, context, status=status)


def _error_count(*forms) -> int:
    return sum(len(f.errors) for f in forms if f.is_bound)


def _invalid_fields(case_form: CaseForm) -> list[dict]:
    """Case fields holding a value the form refuses (the panel counts them as unknown).

    Empty required fields are not listed: the panel evaluates whatever valid facts the form
    holds, and the identity fields (PatientForm) are irrelevant to it.
    """
    if not case_form.is_bound:
        return []
    invalid = []
    for name, errors in case_form.errors.items():
        if name not in CASE_FIELDS:
            continue
        bound = case_form[name]
        if bound.data in (None, "", [], ()):
            continue
        invalid.append({"id": bound.id_for_label, "label": bound.label, "errors": errors})
    return invalid


@require_http_methods(["GET", "POST"])
def case_create(request):
    if not can_create_case(request.user):
        raise PermissionDenied
    if request.method == "GET":
        board = suggested_board_for(request.user.centre)
        patient_form = PatientForm(prefix="patient")
        case_form = CaseForm(initial={"board": board.pk if board else None})
        return _form_page(request, case=None, patient_form=patient_form, case_form=case_form)

    patient_form = PatientForm(request.POST, prefix="patient")
    case_form = CaseForm(request.POST)
    if patient_form.is_valid() and case_form.is_valid():
        try:
            case = actions.create_case(
                centre=request.user.centre,
                patient_fields={name: patient_form.cleaned_data[name] for name in PATIENT_FIELDS},
                case_fields=case_form.model_values(),
                by=request.user,
            )
        except ValidationError as error:
            attach_errors(error, patient_form, case_form)
        else:
            messages.success(
                request,
                _(
                    "Brouillon enregistré. Ajoutez les sites métastatiques et les lignes de "
                    "traitement, puis marquez le dossier prêt."
                ),
            )
            return redirect("cases:edit", pk=case.pk)
    return _form_page(
        request, case=None, patient_form=patient_form, case_form=case_form, status=400
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = _editable_case(request, pk)
    if request.method == "GET":
        # Opening the form shows the case; only a save changes it (logged below when it does).
        record_access(request, AccessLog.Action.VIEW_CASE, case=case)
        return _form_page(
            request,
            case=case,
            patient_form=PatientForm(instance=case.patient, prefix="patient"),
            case_form=CaseForm(instance=case),
        )

    patient_form = PatientForm(request.POST, instance=case.patient, prefix="patient")
    case_form = CaseForm(request.POST, instance=case)
    if patient_form.is_valid() and case_form.is_valid():
        try:
            result = actions.update_case(
                case=case,
                patient_fields={name: patient_form.cleaned_data[name] for name in PATIENT_FIELDS},
                case_fields=case_form.model_values(),
                expected_version=case_form.cleaned_data["version"],
                by=request.user,
            )
        except actions.CaseConflict as conflict:
            return _conflict_page(request, case, patient_form, case_form, conflict)
        except actions.CaseNotReady as error:
            messages.error(
                request,
                _("Ce dossier est inscrit en séance : il doit rester complet. Manque : %s")
                % " ; ".join(error.problems),
            )
        except ValidationError as error:
            attach_errors(error, patient_form, case_form)
        else:
            if result.demoted:
                messages.warning(
                    request,
                    _("Des informations nécessaires manquent : le dossier repasse en brouillon."),
                )
            record_access(request, AccessLog.Action.EDIT_CASE, case=case)
            messages.success(request, _("Dossier enregistré."))
            return redirect("cases:detail", pk=case.pk)
    # Refused: the form is shown again with the record's data, a view, not a change.
    record_access(request, AccessLog.Action.VIEW_CASE, case=case)
    return _form_page(
        request, case=case, patient_form=patient_form, case_form=case_form, status=400
    )


def _conflict_page(request, case, patient_form, case_form, conflict):
    """Re-render the user's input with what changed meanwhile; saving again is deliberate."""
    record_access(request, AccessLog.Action.VIEW_CASE, case=case)
    current = conflict.current
    fields = (Case._meta.get_field(name) for name in CASE_FIELDS)
    differing = {
        field.name: display_value(current, field.name)
        for field in fields
        # Model values, not truthiness: "Non" (False) and unknown (None) differ.
        if getattr(case_form.instance, field.attname) != getattr(current, field.attname)
    }
    return _form_page(
        request,
        case=case,
        patient_form=patient_form,
        case_form=case_form,
        status=409,
        conflict=conflict,
        conflict_fields=differing,
        version_value=current.version,
    )


# --- guideline panel --------------------------------------------------------------------------


def _panel(request, *, case, case_form):
    if not request.htmx:
        # Without JavaScript the "update" button posts the whole form here: re-render it, unsaved.
        if case is not None:
            record_access(request, AccessLog.Action.VIEW_CASE, case=case)
        patient_form = PatientForm(
            request.POST, instance=case.patient if case else None, prefix="patient"
        )
        return _form_page(
            request, case=case, patient_form=patient_form, case_form=case_form, previewed=True
        )
    context = {
        "evaluation": evaluate_case(_preview(case_form)),
        "invalid_fields": _invalid_fields(case_form),
        "on_form": True,
    }
    return render(request, f"{FORM_TEMPLATE}#guideline-panel", context)


@require_POST
def case_panel(request, pk):
    """The evaluation of the unsaved form (the saved record's is on the case page).

    Not access-logged: htmx re-evaluates on every change of the form, whose page view is.
    """
    # The evaluation reads the case and its patient: centre and board are not joined (the page
    # without JavaScript reads them as it needs them).
    case = _editable_case(request, pk, joined=False)
    return _panel(request, case=case, case_form=CaseForm(request.POST, instance=case))


@require_POST
def create_panel(request):
    if not can_create_case(request.user):
        raise PermissionDenied
    return _panel(request, case=None, case_form=CaseForm(request.POST))


# --- case page --------------------------------------------------------------------------------


def _detail_page(request, case, *, status=200, ready_problems=None):
    """`case` as get_case_for_user gave it; its rows are read here, once for the whole page."""
    prefetch_related_objects([case], "metastatic_sites", "treatment_lines")
    # Every showing of the case page is logged, including the one after a refused "ready".
    record_access(request, AccessLog.Action.VIEW_CASE, case=case)
    evaluation = evaluate_case(case)
    # What the refusal listed is what readiness_items says of this record: list it with links.
    problems = []
    if ready_problems is not None or case.status == Case.Status.DRAFT:
        problems = readiness_items(case, evaluation)
    context = {
        "case": case,
        "patient": case.patient,
        "evaluation": evaluation,
        "ready_problems": problems,
        "refused": ready_problems is not None,
        "timeline": timeline_svg(case),
        "history": case_history(case, limit=10),
        "can_edit": can_edit_case(request.user, case),
        "sites": list(case.metastatic_sites.all()),
        "lines": list(case.treatment_lines.all()),
        "summary": case_summary(case),
        **_presentations(case),
        # Sections added by the apps built on cases (the decision history…).
        "extra_sections": [section(request, case) for section in page_sections()],
    }
    return render(request, DETAIL_TEMPLATE, context, status=status)


def _presentations(case: Case) -> dict:
    """The session the case is registered in, and its earlier presentations (board, date)."""
    items = case.agenda_items.select_related("session__board").order_by("-session__starts_at")
    now = timezone.now()
    upcoming, earlier = [], []
    for item in items:
        past = item.session.starts_at < now or item.session.status == "locked"
        (earlier if past else upcoming).append(item.session)
    return {"next_session": upcoming[-1] if upcoming else None, "earlier_sessions": earlier}


@require_GET
def case_detail(request, pk):
    return _detail_page(request, get_case_for_user(request.user, pk))


@require_POST
def mark_ready(request, pk):
    case = _editable_case(request, pk)
    try:
        actions.mark_case_ready(case=case, by=request.user)
    except actions.CaseNotReady as error:
        return _detail_page(request, case, status=400, ready_problems=error.problems)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, AccessLog.Action.EDIT_CASE, case=case)
        messages.success(request, _("Dossier prêt : le secrétariat peut l'inscrire en séance."))
    return redirect("cases:detail", pk=case.pk)


@require_POST
def mark_draft(request, pk):
    case = _editable_case(request, pk)
    try:
        actions.mark_case_draft(case=case, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, AccessLog.Action.EDIT_CASE, case=case)
        messages.success(request, _("Le dossier est repassé en brouillon."))
    return redirect("cases:detail", pk=case.pk)


@require_GET
def case_history_page(request, pk):
    case = get_case_for_user(request.user, pk)
    record_access(request, AccessLog.Action.VIEW_HISTORY, case=case)
    return render(request, "cases/history.html", {"case": case, "history": case_history(case)})


@require_GET
def case_evaluation_json(request, pk):
    """The current record's facts and evaluation as JSON (CONTRACT.md output)."""
    case = get_case_for_user(request.user, pk)
    record_access(request, AccessLog.Action.EXPORT_JSON, case=case)
    evaluation = evaluate_case(case)
    return JsonResponse(
        {
            "case": case.pk,
            "version": case.version,
            "facts": evaluation.facts,
            "missing": evaluation.missing_fields,
            "errors": evaluation.errors,
            "evaluation": evaluation.result,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def case_timeline_svg(request, pk):
    case = get_case_for_user(request.user, pk)
    record_access(request, AccessLog.Action.VIEW_CASE, case=case)
    response = HttpResponse(timeline_svg(case), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="chronologie-{case.pk}.svg"'
    return response


# --- inline treatment lines and metastatic sites ----------------------------------------------


def _rows_context(case, partial, line_form, site_form) -> dict:
    """Only what the asked partial shows: its rows and its add form."""
    if partial == "treatment-lines":
        return {
            "lines": list(case.treatment_lines.all()),
            "line_form": line_form or TreatmentLineForm(),
        }
    return {
        "sites": list(case.metastatic_sites.all()),
        "site_form": site_form or MetastaticSiteForm(),
    }


def _rows_response(
    request, case, partial, *, line_form=None, site_form=None, errors=(), status=200
):
    """htmx: the updated list partial (and the panel re-evaluates); else back to the form."""
    if request.htmx:
        context = {"case": case, "row_errors": errors}
        context |= _rows_context(case, partial, line_form, site_form)
        # Always 200: htmx does not swap error responses, and the errors must be seen.
        response = render(request, f"{FORM_TEMPLATE}#{partial}", context)
        if status == 200:
            response["HX-Trigger"] = "case-rows-changed"
        return response
    for error in errors:
        messages.error(request, error)
    if status == 200 or errors:
        return redirect("cases:edit", pk=case.pk)
    return _form_page(
        request,
        case=case,
        patient_form=PatientForm(instance=case.patient, prefix="patient"),
        case_form=CaseForm(instance=case),
        line_form=line_form,
        site_form=site_form,
        status=status,
    )


@require_POST
def line_add(request, pk):
    case = _editable_case(request, pk)
    form = TreatmentLineForm(request.POST)
    if form.is_valid():
        try:
            actions.add_treatment_line(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            record_access(request, AccessLog.Action.EDIT_CASE, case=case)
            return _rows_response(request, case, "treatment-lines")
    return _rows_response(request, case, "treatment-lines", line_form=form, status=400)


@require_POST
def line_remove(request, pk, line_pk):
    case = _editable_case(request, pk)
    line = get_object_or_404(case.treatment_lines.all(), pk=line_pk)
    try:
        actions.remove_treatment_line(line=line, by=request.user)
    except ValidationError as error:
        return _rows_response(request, case, "treatment-lines", errors=error.messages, status=400)
    record_access(request, AccessLog.Action.EDIT_CASE, case=case)
    return _rows_response(request, case, "treatment-lines")


@require_POST
def site_add(request, pk):
    case = _editable_case(request, pk)
    form = MetastaticSiteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_metastatic_site(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            record_access(request, AccessLog.Action.EDIT_CASE, case=case)
            return _rows_response(request, case, "metastatic-sites")
    return _rows_response(request, case, "metastatic-sites", site_form=form, status=400)


@require_POST
def site_remove(request, pk, site_pk):
    case = _editable_case(request, pk)
    site = get_object_or_404(case.metastatic_sites.all(), pk=site_pk)
    try:
        actions.remove_metastatic_site(site=site, by=request.user)
    except ValidationError as error:
        return _rows_response(request, case, "metastatic-sites", errors=error.messages, status=400)
    record_access(request, AccessLog.Action.EDIT_CASE, case=case)
    return _rows_response(request, case, "metastatic-sites")
