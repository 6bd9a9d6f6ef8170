"""The case page's documents section: the cases app shows it without importing this app."""

from __future__ import annotations

from django import template

from attachments.access import can_add_documents, can_remove, last_discussed_at
from attachments.completeness import checklist_for
from attachments.models import Attachment

register = template.Library()


def tombstones(case) -> list[dict]:
    """Deleted attachments of the case, from the history: what, who and when."""
    records = (
        Attachment.history.filter(case_id=case.pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
    )
    return [
        {
            "title": record.title,
            "kind": Attachment.Kind(record.kind).label
            if record.kind in Attachment.Kind.values
            else record.kind,
            "who": (
                (record.history_user.get_full_name() or record.history_user.username)
                if record.history_user
                else "système"
            ),
            "when": record.history_date,
        }
        for record in records
    ]


@register.inclusion_tag("attachments/_case_section.html", takes_context=True)
def case_documents(context, case, evaluation=None):
    user = context["request"].user
    attachments = list(case.attachments.select_related("added_by"))
    can_edit = can_add_documents(user, case)
    discussed_at = last_discussed_at(case) if can_edit and attachments else None
    removable = {
        attachment.pk
        for attachment in attachments
        if can_edit and can_remove(user, attachment, discussed_at=discussed_at)
    }
    return {
        "case": case,
        "attachments": attachments,
        "tombstones": tombstones(case),
        "reviews": list(case.pathology_reviews.select_related("report")),
        "checklist": checklist_for(case, evaluation=evaluation, attachments=attachments),
        "can_edit": can_edit,
        "removable": removable,
        "discussed": case.status == case.Status.DISCUSSED,
        "csrf_token": context.get("csrf_token"),
    }
