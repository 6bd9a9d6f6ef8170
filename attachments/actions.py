"""Every write on attachments and TENpath reviews: keyword-only, atomic, history kept.

The file is checked (validation.check) before anything is written; it is written before the
row is committed and removed again if the transaction rolls back, so neither a row without its
file nor an orphan file survives a failure.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from attachments import storage, validation
from attachments.models import Attachment, PathologyReview
from cases.models import Case
from cases.policies import check_editable

# Read at most this much more than the cap: enough to know the file is too big.
_READ_MARGIN = 1


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, reading no more than the cap allows (+1 to detect excess)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise validation.Refused(
            _("Le fichier dépasse la taille maximale autorisée (%s Mo).") % (limit // 2**20)
        )
    upload.seek(0)
    return upload.read(limit + _READ_MARGIN)


def _locked_case(case: Case) -> Case:
    fresh = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    check_editable(fresh)
    return fresh


def _touch(case: Case) -> None:
    from django.utils import timezone

    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


@transaction.atomic
def add_attachment(
    *, case: Case, kind: str, document_date, title: str, data: bytes, client_name: str, by
) -> Attachment:
    """Check `data` by content and attach it to the case; ValidationError {"file": …} if refused."""
    fresh = _locked_case(case)
    try:
        checked = validation.check(
            data,
            max_bytes=settings.ATTACHMENT_MAX_BYTES,
            max_pixels=settings.ATTACHMENT_MAX_PIXELS,
            max_pages=settings.ATTACHMENT_MAX_PDF_PAGES,
        )
    except validation.Refused as refused:
        raise ValidationError({"file": str(refused)}) from None
    attachment = Attachment(
        case=fresh,
        kind=kind,
        document_date=document_date,
        title=title,
        original_name=validation.display_name(client_name, checked.extension),
        content_type=checked.content_type,
        size=len(data),
        pages=checked.pages,
        sha256=hashlib.sha256(data).hexdigest(),
        file=storage.relative_path_for(
            centre_id=fresh.centre_id, case_id=fresh.pk, extension=checked.extension
        ),
        added_by=by,
    )
    attachment.full_clean()
    path = storage.write_private(attachment.file, data)
    try:
        attachment._history_user = by
        attachment.save()
        _touch(fresh)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by) -> None:
    """Delete the document and its file; the history keeps who removed what, and when."""
    _locked_case(attachment.case)
    if PathologyReview.objects.filter(report=attachment).exists():
        # The review's report: unlinked, the review keeps its conclusion.
        for review in PathologyReview.objects.filter(report=attachment):
            review.report = None
            review._history_user = by
            review.save(update_fields=["report"])
    attachment._history_user = by
    attachment.delete()  # the file goes once the deletion is committed (models._delete_file)
    _touch(attachment.case)


# --- TENpath ----------------------------------------------------------------------------------


def _apply_reviewed_histology(case: Case, review: PathologyReview, by) -> None:
    """A concluded review's histology becomes the one the engine reads."""
    wanted = review.reviewed_histology if review.concluded else case.reviewed_histology
    if review.status == PathologyReview.Status.RECEIVED and review.reviewed_histology:
        wanted = review.reviewed_histology
    if wanted != case.reviewed_histology:
        case.reviewed_histology = wanted
        case.version += 1  # an open form must not overwrite this change silently
        case._history_user = by
        case._change_reason = "Relecture TENpath"
        case.save(update_fields=["reviewed_histology", "version", "updated_at"])


@transaction.atomic
def request_review(*, case: Case, requested_on, reviewer_centre: str, by) -> PathologyReview:
    fresh = _locked_case(case)
    review = PathologyReview(
        case=fresh,
        requested_on=requested_on,
        reviewer_centre=reviewer_centre,
        initial_histology=fresh.histology,
        requested_by=by,
    )
    review.full_clean()
    review._history_user = by
    review.save()
    _touch(fresh)
    return review


@transaction.atomic
def record_review_result(
    *,
    review: PathologyReview,
    status: str,
    received_on,
    reviewed_histology: str = "",
    new_diagnosis: str = "",
    report: Attachment | None = None,
    by,
) -> PathologyReview:
    """The review came back: its status, histology, new diagnosis and report (an attachment of
    the same case). The reviewed histology becomes the engine's."""
    fresh_case = _locked_case(review.case)
    review = PathologyReview.objects.select_for_update().get(pk=review.pk)
    if report is not None and report.case_id != fresh_case.pk:
        raise ValidationError({"report": _("Ce document n'appartient pas à ce dossier.")})
    review.status = status
    review.received_on = received_on
    review.reviewed_histology = reviewed_histology
    review.new_diagnosis = new_diagnosis
    review.report = report
    review.full_clean()
    review._history_user = by
    review.save()
    _apply_reviewed_histology(fresh_case, review, by)
    return review
