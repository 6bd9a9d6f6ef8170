"""Attachment and TENpath pages. Thin: access helpers fetch, actions write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attachments import actions, validation
from attachments.access import (
    can_add_documents,
    get_attachment_for_user,
    get_editable_case,
    get_review_for_user,
)
from attachments.forms import AttachmentForm, ReviewRequestForm, ReviewResultForm
from attachments.serve import serve_attachment
from attachments.uploads import upload_too_large
from audit.log import record_access
from audit.models import AccessLog
from renaten.forms import attach_errors


@require_http_methods(["GET", "POST"])
def upload(request, case_pk):
    case = get_editable_case(request.user, case_pk)
    if request.method == "POST" and upload_too_large(request):
        # The capped upload handler stopped reading it: nothing of the file was stored.
        context = {
            "case": case,
            "form": AttachmentForm(),
            "upload_error": _("Le fichier dépasse la taille maximale autorisée (%s Mo).")
            % (settings.ATTACHMENT_MAX_BYTES // 2**20),
        }
        return render(request, "attachments/upload.html", context, status=400)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            data = actions.read_upload(upload_file)
            actions.add_attachment(
                case=case,
                kind=form.cleaned_data["kind"],
                document_date=form.cleaned_data["document_date"],
                title=form.cleaned_data["title"],
                data=data,
                client_name=upload_file.name,
                by=request.user,
            )
        except validation.Refused as refused:
            form.add_error("file", str(refused))
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Document joint au dossier."))
            return redirect("cases:detail", pk=case.pk)
    status = 400 if form.is_bound else 200
    record_access(request, AccessLog.Action.EDIT_CASE, case=case)
    return render(request, "attachments/upload.html", {"case": case, "form": form}, status=status)


@require_GET
def download(request, pk):
    return serve_attachment(request, get_attachment_for_user(request.user, pk))


@require_POST
def remove(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    if not can_add_documents(request.user, attachment.case):
        raise PermissionDenied
    # A document the board discussed the case with is refused by the action, with its reason.
    try:
        actions.remove_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document supprimé (la suppression reste dans l'historique)."))
    return redirect("cases:detail", pk=attachment.case_id)


@require_http_methods(["GET", "POST"])
def review_request(request, case_pk):
    case = get_editable_case(request.user, case_pk)
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_review(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Relecture TENpath enregistrée comme demandée."))
            return redirect("cases:detail", pk=case.pk)
    record_access(request, AccessLog.Action.EDIT_CASE, case=case)
    return render(
        request,
        "attachments/review_form.html",
        {"case": case, "form": form, "review": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def review_result(request, case_pk, pk):
    case = get_editable_case(request.user, case_pk)
    review = get_review_for_user(request.user, case, pk)
    form = ReviewResultForm(request.POST or None, instance=review, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review_result(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Résultat de la relecture TENpath enregistré."))
            return redirect("cases:detail", pk=case.pk)
    record_access(request, AccessLog.Action.EDIT_CASE, case=case)
    return render(
        request,
        "attachments/review_form.html",
        {"case": case, "form": form, "review": review},
        status=400 if form.is_bound else 200,
    )
