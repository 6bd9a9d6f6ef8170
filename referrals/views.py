"""Referral pages: refer a case (its centre's secretariat), the national inbox, the referral
page (case summary, reason, regional opinion, attachments) and registration in a national
session. Thin: access helpers fetch, actions write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_perm
from attachments.serve import serve_attachment
from audit.log import record_access
from audit.models import AccessLog
from cases.access import get_case_for_user
from cases.summary import case_summary
from referrals import actions, sources
from referrals.access import (
    can_register,
    get_referral_for_user,
    is_national_secretary_for,
    referrals_for_user,
)
from referrals.forms import ReferralForm, RegisterReferralForm
from renaten.forms import attach_errors


@require_perm("referrals.add_referral")
@require_http_methods(["GET", "POST"])
def create(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    # From the decision page: the regional board's validated fiche is the referral's source.
    decision = sources.validated_decision(case, request.GET.get("decision"))
    initial = {}
    if decision is not None:
        initial = {
            "reason": _("Proposition de la RCP régionale (fiche n° %s).") % decision.pk,
            "regional_opinion": sources.opinion_text(decision),
        }
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        origin = {}
        if decision is not None:
            origin = {"from_board": decision.item.session.board, "decision_id": decision.pk}
        try:
            referral = actions.refer_case(case=case, by=request.user, **form.cleaned_data, **origin)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Dossier adressé à la RCP nationale RENATEN."))
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request, AccessLog.Action.VIEW_CASE, case=case)
    return render(
        request,
        "referrals/form.html",
        {"case": case, "form": form, "decision": decision},
        status=400 if form.is_bound else 200,
    )


@require_perm("referrals.view_referral")
@require_GET
def referral_list(request):
    referrals = referrals_for_user(request.user)
    return render(request, "referrals/list.html", {"referrals": referrals})


def _detail(request, referral, *, form=None, status=200):
    case = referral.case
    record_access(request, AccessLog.Action.VIEW_REFERRAL, case=case)
    national = is_national_secretary_for(request.user, referral)
    context = {
        "referral": referral,
        "case": case,
        "patient": case.patient,
        "summary": case_summary(case),
        "attachments": list(case.attachments.select_related("added_by")),
        "can_register": can_register(request.user, referral),
        "register_form": form or RegisterReferralForm(board_id=referral.to_board_id),
        "national": national,
    }
    return render(request, "referrals/detail.html", context, status=status)


@require_perm("referrals.view_referral")
@require_GET
def detail(request, pk):
    return _detail(request, get_referral_for_user(request.user, pk))


@require_perm("referrals.change_referral")
@require_POST
def register(request, pk):
    referral = get_referral_for_user(request.user, pk)
    if not can_register(request.user, referral):
        raise PermissionDenied
    form = RegisterReferralForm(request.POST, board_id=referral.to_board_id)
    if form.is_valid():
        try:
            actions.register_referral(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Dossier inscrit à la séance nationale."))
            return redirect("referrals:detail", pk=referral.pk)
    return _detail(request, referral, form=form, status=400)


@require_perm("referrals.change_referral")
@require_POST
def withdraw(request, pk):
    referral = get_referral_for_user(request.user, pk)
    try:
        actions.withdraw_referral(referral=referral, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recours retiré."))
    return redirect("referrals:list")


@require_GET
def attachment(request, pk, attachment_pk):
    """An attachment of the referred case, for whoever may read the referral."""
    referral = get_referral_for_user(request.user, pk)
    try:
        document = referral.case.attachments.get(pk=attachment_pk)
    except referral.case.attachments.model.DoesNotExist:
        raise Http404("Pièce jointe introuvable.") from None
    return serve_attachment(request, document)
