"""Display filters for case pages and the guideline panel: thin wrappers over the vocabulary."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.panel import item_text
from guidelines import vocabulary

register = template.Library()

register.filter("regulatory_badge", vocabulary.regulatory_badge)
register.filter("regulatory_label", vocabulary.regulatory_label)
register.filter("regulatory_basis_label", vocabulary.regulatory_basis_label)
register.filter("level_label", vocabulary.level_label)
register.filter("eligibility_label", vocabulary.eligibility_label)
register.filter("severity_label", vocabulary.severity_label)
register.filter("setting_label", vocabulary.setting_label)
register.filter("fact_name_label", vocabulary.fact_label)
register.filter("finding_texts", vocabulary.finding_texts)
register.filter("pending_labels", vocabulary.pending_labels)
register.filter("item_text", item_text)  # one finding, as the panel layout reads it


@register.filter
def ki67(value) -> str:
    if value is None:
        return vocabulary.NOT_PROVIDED
    return f"{number_format(value)} %"


@register.filter
def get_item(mapping, key):
    """mapping[key] in templates (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)


_REQUIRED_MARK = mark_safe(' <span class="required-mark" aria-hidden="true">*</span>')


@register.simple_tag(takes_context=True)
def case_field(context, field, wide: bool = False):
    """One field of a case form: its label (and required mark), widget, help, errors, and the
    value someone else saved meanwhile (``conflict_fields``). Written in Python rather than
    included: the form has some seventy fields, and an include each was a tenth of the page."""
    classes = "field" + (" field-error" if field.errors else "") + (" field-wide" if wide else "")
    mark = _REQUIRED_MARK if field.field.required else ""
    if getattr(field.field.widget, "allow_multiple_selected", False):
        head = format_html(
            '<span class="label" id="{0}_label">{1}{2}</span>\n'
            '<div role="group" aria-labelledby="{0}_label" class="checkbox-list">{3}</div>',
            field.auto_id,
            field.label,
            mark,
            field,
        )
    else:
        head = format_html(
            '<label for="{}">{}{}</label>\n{}', field.id_for_label, field.label, mark, field
        )
    help_text = (
        format_html('\n<small class="muted help">{}</small>', field.help_text)
        if field.help_text
        else ""
    )
    theirs = (context.get("conflict_fields") or {}).get(field.name)
    conflict = (
        format_html(
            '\n<p class="conflict-value">{} <strong>{}</strong></p>',
            _("Version enregistrée entre-temps :"),
            theirs,
        )
        if theirs
        else ""
    )
    return format_html(
        '<div class="{}">\n{}{}\n{}{}\n</div>', classes, head, help_text, field.errors, conflict
    )
