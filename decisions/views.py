"""Decision pages. Thin: access helpers fetch for this user (404), policies say who may act
(403), actions write; every view of patient data, validation and PDF goes to the access log.
Patient pages are never cached."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_perm
from audit.log import record_access
from audit.models import AccessLog
from decisions import actions, policies, rules
from decisions.access import (
    get_care_plan_for_user,
    get_case_for_decisions,
    get_decision_for_user,
    get_item_for_user,
    get_readable_decision,
    get_session_for_user,
    items_for_user,
    sessions_for_decisions,
)
from decisions.forms import (
    CarePlanForm,
    CorrectionForm,
    DecisionForm,
    TreatmentStartForm,
    calendar_to_text,
)
from decisions.labels import labelled
from decisions.models import CarePlan, Decision, DecisionLocked, SessionValidation
from guidelines.engine import follow_up_dates
from renaten.forms import attach_errors

Action = AccessLog.Action


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- sessions -------------------------------------------------------------------------------------


@never_cache
@require_GET
@require_perm("cases.view_case")
def index(request):
    sessions = sessions_for_decisions(request.user).order_by("-starts_at", "-pk")[:50]
    return render(request, "decisions/index.html", {"sessions": sessions})


def _session_rows(user, session):
    visible = {item.pk for item in items_for_user(user).filter(session=session)}
    rows = []
    for item in session.agenda():
        if item.pk not in visible:
            continue
        rows.append(
            {
                "item": item,
                "decision": actions.current_decision(item),
                "identity": policies.can_view_decision(user, item),
                "can_record": policies.can_record_decision(user, item),
            }
        )
    return rows


@never_cache
@require_GET
@require_perm("cases.view_case")
def session_decisions(request, pk):
    session = get_session_for_user(request.user, pk)
    record_access(request, Action.VIEW_DECISION, session=session)
    return render(
        request,
        "decisions/session.html",
        {
            "session": session,
            "rows": _session_rows(request.user, session),
            "started": policies.session_has_started(session),
            "can_validate": policies.can_validate_session(request.user, session),
            "validation": SessionValidation.objects.filter(session=session).first(),
            "problems": actions.session_problems(session),
        },
    )


@require_POST
@require_perm("cases.view_case")
def validate_session(request, pk):
    session = get_session_for_user(request.user, pk)
    policies.check(policies.can_validate_session(request.user, session))
    try:
        actions.validate_session(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, Action.VALIDATE_DECISION, session=session)
        messages.success(request, _("Décisions de la séance validées ; notifications envoyées."))
    return redirect("decisions:session", pk=session.pk)


@never_cache
@require_GET
@require_perm("cases.view_case")
def session_report(request, pk):
    from decisions.render import render_session_report

    session = get_session_for_user(request.user, pk)
    data = render_session_report(
        session, readable=lambda item: policies.can_view_decision(request.user, item)
    )
    record_access(request, Action.EXPORT_REPORT, session=session)
    return _pdf(data, f"compte-rendu-seance-{session.pk}.pdf")


# --- one item's decision --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@require_perm("cases.view_case")
def record(request, item_pk):
    item = get_item_for_user(request.user, item_pk)
    policies.check(policies.can_record_decision(request.user, item))
    decision = actions.current_decision(item)
    identity = policies.can_view_decision(request.user, item)
    if decision is not None and decision.is_validated:
        messages.info(request, _("Cette fiche est validée : elle ne se modifie plus."))
        return redirect("decisions:detail", pk=decision.pk)
    evaluation = decision.evaluation if decision else actions.freeze_evaluation(item.case)
    participants = list(item.session.participants.all())
    form = DecisionForm(
        request.POST or None,
        evaluation_options=actions.options_of(evaluation),
        participants=participants,
        initial=DecisionForm.initial_from(decision, participants),
    )
    form.set_condition_initial(decision)
    if request.method == "POST" and request.htmx and request.GET.get("apercu"):
        return _concordance_preview(request, item, actions.options_of(evaluation))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = actions.save_decision(item=item, data=form.to_input(), by=request.user)
            except DecisionLocked as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                attach_errors(error, form)
                status = 400
            else:
                record_access(request, Action.RECORD_DECISION, case=item.case, session=item.session)
                messages.success(
                    request, _("Décision enregistrée (à valider par le coordonnateur).")
                )
                return redirect("decisions:detail", pk=saved.pk)
        else:
            status = 400
    record_access(request, Action.VIEW_DECISION, case=item.case, session=item.session)
    return render(
        request,
        "decisions/record.html",
        {
            "item": item,
            "form": form,
            "decision": decision,
            "identity": identity,
            "evaluation": evaluation,
            "options": labelled(actions.options_of(evaluation)),
            "national_notice": item.session.board.level == "regional"
            and rules.needs_national_board(actions.options_of(evaluation)),
            "started": policies.session_has_started(item.session),
        },
        status=status,
    )


def _concordance_preview(request, item, options):
    """htmx: what the ticked options make of the decision, before anything is saved."""
    codes = set(request.POST.getlist("options"))
    chosen = [o for o in options if o["code"] in codes]
    proposal = request.POST.get("outcome") == Decision.Outcome.PROPOSAL
    concordance = rules.concordance(proposal, chosen)
    preview = {
        "concordance": concordance,
        "concordance_label": Decision.Concordance(concordance).label,
        "conditions": rules.checklist(chosen) if proposal else [],
        "national": proposal
        and item.session.board.level == "regional"
        and rules.needs_national_board(chosen),
    }
    return render(request, "decisions/record.html#concordance", {"preview": preview})


@never_cache
@require_GET
@require_perm("cases.view_case")
def detail(request, pk):
    decision = get_decision_for_user(request.user, pk)
    item = decision.item
    identity = policies.can_view_decision(request.user, item)
    record_access(request, Action.VIEW_DECISION, case=decision.case, session=item.session)
    versions = list(
        item.decisions.select_related("recorded_by", "validated_by").order_by("version")
    )
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "chosen": labelled(decision.chosen_options),
            "item": item,
            "identity": identity,
            "versions": versions,
            "can_record": policies.can_record_decision(request.user, item) and decision.is_draft,
            "can_validate": policies.can_validate_fiche(request.user, decision),
            "can_correct": policies.can_correct_decision(request.user, decision)
            and not any(v.is_draft for v in versions),
            "can_pps": identity
            and decision.is_validated
            and policies.can_edit_care_plan(request.user, decision.case),
            "notifications": list(decision.notifications.all()) if identity else [],
            "correction_form": CorrectionForm(),
        },
    )


@require_POST
@require_perm("cases.view_case")
def validate(request, pk):
    decision = get_decision_for_user(request.user, pk)
    if decision.status != Decision.Status.DRAFT:
        return HttpResponse(_("Cette fiche est déjà validée."), status=409)
    policies.check(policies.can_validate_fiche(request.user, decision))
    actions.validate_decision(decision=decision, by=request.user)
    record_access(
        request, Action.VALIDATE_DECISION, case=decision.case, session=decision.item.session
    )
    messages.success(request, _("Fiche RCP validée ; le médecin référent est notifié."))
    return redirect("decisions:detail", pk=decision.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@require_perm("cases.view_case")
def correct(request, pk):
    decision = get_decision_for_user(request.user, pk)
    policies.check(policies.can_correct_decision(request.user, decision))
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new = actions.correct_decision(
                    decision=decision, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as error:
                attach_errors(error, form)
                status = 409
            else:
                record_access(
                    request,
                    Action.RECORD_DECISION,
                    case=decision.case,
                    session=decision.item.session,
                )
                messages.success(
                    request,
                    _("Version %s créée : modifiez-la puis faites-la valider.") % new.version,
                )
                return redirect("decisions:record", item_pk=decision.item_id)
        else:
            status = 400
    return render(
        request, "decisions/correct.html", {"decision": decision, "form": form}, status=status
    )


@never_cache
@require_GET
@require_perm("cases.view_case")
def fiche_pdf(request, pk):
    from decisions.render import render_fiche_pdf

    decision = get_readable_decision(request.user, pk)
    data = render_fiche_pdf(decision)
    record_access(request, Action.EXPORT_FICHE, case=decision.case, session=decision.item.session)
    return _pdf(data, f"fiche-rcp-dossier-{decision.case_id}-v{decision.version}.pdf")


# --- the case: history, loop closure, PPS ---------------------------------------------------------


def case_history_context(case, *, with_care_plans: bool = True) -> dict:
    """The case's decisions across sessions, the treatments started and the PPS versions."""
    decisions = list(
        case.decisions.select_related("item__session__board", "validated_by").order_by(
            "-item__session__starts_at", "-version"
        )
    )
    # A treatment start always follows a decision: no decision, nothing more to read.
    starts = list(case.treatment_starts.all()) if decisions else []
    latest = next(
        (
            d
            for d in decisions
            if d.status == Decision.Status.VALIDATED and d.outcome == Decision.Outcome.PROPOSAL
        ),
        None,
    )
    return {
        "case": case,
        "decisions": decisions,
        "starts": starts,
        "latest": latest,
        "care_plans": list(case.care_plans.order_by("-version"))
        if with_care_plans and decisions
        else [],
    }


@never_cache
@require_GET
@require_perm("cases.view_case")
def case_decisions(request, case_pk):
    case = get_case_for_decisions(request.user, case_pk)
    record_access(request, Action.VIEW_DECISION, case=case)
    context = case_history_context(case)
    context["can_record_treatment"] = (
        policies.can_record_treatment(request.user, case) and context["latest"] is not None
    )
    context["treatment_form"] = TreatmentStartForm()
    return render(request, "decisions/case.html", context)


@require_POST
@require_perm("cases.view_case")
def treatment_start(request, case_pk):
    case = get_case_for_decisions(request.user, case_pk)
    policies.check(policies.can_record_treatment(request.user, case))
    form = TreatmentStartForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            start = actions.record_treatment_start(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            record_access(request, Action.RECORD_TREATMENT, case=case)
            if start.concordant:
                messages.success(request, _("Traitement enregistré : conforme à l'avis de la RCP."))
            else:
                messages.warning(
                    request,
                    _("Traitement enregistré : différent de l'avis de la RCP (motif noté)."),
                )
            return redirect("decisions:case", case_pk=case.pk)
    record_access(request, Action.VIEW_DECISION, case=case)
    context = case_history_context(case)
    context["can_record_treatment"] = True
    context["treatment_form"] = form
    return render(request, "decisions/case.html", context, status=status)


def _draft_plan_initial(decision: Decision) -> dict:
    case = decision.case
    codes = decision.option_codes
    follow_up = (decision.evaluation or {}).get("follow_up")
    dates = follow_up_dates(follow_up, case.surgery_date) if follow_up and case.surgery_date else []
    start = timezone.localdate() + dt.timedelta(days=14)
    calendar = [
        {"date": e.date.isoformat() if e.date else "", "label": e.label}
        for e in rules.draft_calendar(codes, start, follow_up_dates=dates)
    ]
    proposal = [o.get("label", o["code"]) for o in decision.chosen_options]
    if decision.free_proposal:
        proposal.append(decision.free_proposal)
    board = decision.item.session.board
    secretariat = " — ".join(v for v in (board.name, board.secretariat_phone, board.email) if v)
    return {
        "treatment_plan": "\n".join(proposal),
        "calendar_text": calendar_to_text(calendar),
        "referent_physician": decision.follow_up_physician or case.referring_physician,
        "secretariat_contact": secretariat[:300],
        "patient_text": _(
            "Les médecins de la réunion de concertation pluridisciplinaire ont discuté de votre "
            "situation et proposent : %s. Votre médecin référent vous explique ce traitement, "
            "son calendrier et ses effets possibles ; n'hésitez pas à lui poser vos questions."
        )
        % " ; ".join(proposal),
    }


@never_cache
@require_http_methods(["GET", "POST"])
@require_perm("cases.view_case")
def care_plan_edit(request, pk):
    decision = get_readable_decision(request.user, pk)
    policies.check(policies.can_edit_care_plan(request.user, decision.case))
    draft = decision.case.care_plans.filter(status=CarePlan.Status.DRAFT).first()
    issued = decision.case.care_plans.filter(status=CarePlan.Status.ISSUED).first()
    if draft is not None:
        initial = {"calendar_text": calendar_to_text(draft.calendar)}
    elif issued is not None and issued.decision_id == decision.pk:
        # A new version starts from the issued one it will replace.
        initial = {name: getattr(issued, name) for name in CarePlanForm.Meta.fields}
        initial["calendar_text"] = calendar_to_text(issued.calendar)
    else:
        initial = _draft_plan_initial(decision)
    form = CarePlanForm(request.POST or None, instance=draft, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in CarePlanForm.Meta.fields}
            fields["calendar"] = form.cleaned_data["calendar_text"]
            try:
                plan = actions.save_care_plan(decision=decision, by=request.user, **fields)
            except ValidationError as error:
                attach_errors(error, form)
                status = 400
            else:
                record_access(request, Action.EDIT_PPS, case=decision.case)
                messages.success(request, _("PPS enregistré (brouillon)."))
                return redirect("decisions:case", case_pk=plan.case_id)
        else:
            status = 400
    record_access(request, Action.VIEW_DECISION, case=decision.case)
    return render(
        request,
        "decisions/care_plan.html",
        {"decision": decision, "form": form, "draft": draft},
        status=status,
    )


@require_POST
@require_perm("cases.view_case")
def care_plan_issue(request, pk):
    plan = get_care_plan_for_user(request.user, pk)
    policies.check(policies.can_edit_care_plan(request.user, plan.case))
    try:
        actions.issue_care_plan(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, Action.EDIT_PPS, case=plan.case)
        messages.success(request, _("PPS émis."))
    return redirect("decisions:case", case_pk=plan.case_id)


@never_cache
@require_GET
@require_perm("cases.view_case")
def care_plan_pdf(request, pk):
    from decisions.render import render_pps_pdf

    plan = get_care_plan_for_user(request.user, pk)
    data = render_pps_pdf(plan)
    record_access(request, Action.EXPORT_PPS, case=plan.case)
    return _pdf(data, f"pps-dossier-{plan.case_id}-v{plan.version}.pdf")
